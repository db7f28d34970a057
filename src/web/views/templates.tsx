// The letter-template editor: the list of letters, and one template with its preview on sample data.
import type { FC } from 'hono/jsx';
import type { LetterKind, RenderedLetter } from '../../letters/index.ts';
import type { CurrentUser } from '../env.ts';
import { Csrf, Facts } from './components.tsx';
import { Layout } from './layout.tsx';

interface Frame {
  readonly user: CurrentUser | null;
  readonly csrf: string;
}

const CRUMBS = [['系统管理', '/admin']] as const;

export const TemplateListPage: FC<
  Frame & { kinds: readonly { kind: LetterKind; label: string; version: number }[]; notice?: string }
> = ({ user, csrf, kinds, notice }) => (
  <Layout title="文书模板" user={user} csrf={csrf} section="admin" crumbs={CRUMBS} notice={notice}>
    <p>
      登记回执、告知书和各类答复书的文字。修改后先在示例数据上预览，通过检查才能保存；已发出的文书保留其所用的版本。
    </p>
    <div class="table-scroll">
      <table class="data">
        <thead>
          <tr>
            <th scope="col">文书</th>
            <th scope="col">版本</th>
          </tr>
        </thead>
        <tbody>
          {kinds.map((k) => (
            <tr>
              <th scope="row">
                <a href={`/admin/templates/${encodeURIComponent(k.kind)}`}>{k.label}</a>
              </th>
              <td>{k.version ? `第 ${k.version} 版（已修改）` : '默认'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  </Layout>
);

/** The rendered letter as the DOCX lays it out (every text escaped by JSX). */
const LetterPreview: FC<{ l: RenderedLetter }> = ({ l }) => (
  <article class="letter">
    <h1>
      {l.agency}
      <br />
      {l.title}
    </h1>
    {l.docNumber ? <p class="doc-number">{l.docNumber}</p> : null}
    <p class="addressee">{l.addressee}</p>
    <div class="body">
      {l.paragraphs.map((p) => (
        <p>{p}</p>
      ))}
    </div>
    <div class="signature">
      <p class="seal">（印章）</p>
      <p>{l.agency}</p>
      <p>{l.date}</p>
    </div>
    {l.contact.length ? (
      <div class="contact">
        {l.contact.map((x) => (
          <p>{x}</p>
        ))}
      </div>
    ) : null}
  </article>
);

export const TemplateEditPage: FC<
  Frame & {
    kind: LetterKind;
    label: string;
    version: number;
    basis: string;
    title: string;
    paragraphs: readonly string[];
    letter: RenderedLetter | null;
    errors: readonly string[];
    /** The form shows posted text not yet saved. */
    edited: boolean;
  }
> = ({ user, csrf, kind, label, version, basis, title, paragraphs, letter, errors, edited }) => {
  const base = `/admin/templates/${encodeURIComponent(kind)}`;
  return (
    <Layout
      title={`编辑文书模板：${label}`}
      user={user}
      csrf={csrf}
      section="admin"
      crumbs={[...CRUMBS, ['文书模板', '/admin/templates']]}
    >
      <Facts
        items={[
          ['当前版本', version ? `第 ${version} 版` : '默认模板'],
          ['依据', basis],
        ]}
      />
      {errors.length ? (
        <div class="error-summary" role="alert" aria-labelledby="tpl-errors">
          <h2 id="tpl-errors">模板有 {errors.length} 处问题，不能保存</h2>
          <ul>
            {errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={`${base}/preview`} class="stack">
        <Csrf token={csrf} />
        <div class="field">
          <label for="title">标题</label>
          <input id="title" name="title" value={title} maxlength={100} required />
        </div>
        <div class="field">
          <label for="paragraphs">正文（每行一段）</label>
          <textarea id="paragraphs" name="paragraphs" rows={14} aria-describedby="paragraphs-hint">
            {paragraphs.join('\n')}
          </textarea>
          <span class="hint" id="paragraphs-hint">
            可使用 {'{{'}占位符{'}}'}（如 {'{{'}applicant.name{'}}'}、{'{{'}dates.received{'}}'}）和 {'{{'}#if
            占位符{'}}'}…{'{{'}else{'}}'}…{'{{'}/if{'}}'}
          </span>
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            在示例数据上预览
          </button>
          <button type="submit" formaction={base}>
            保存为新版本
          </button>
        </div>
      </form>
      <h2>预览（示例数据{edited ? '，尚未保存' : ''}）</h2>
      {letter ? <LetterPreview l={letter} /> : <p class="empty">模板有问题，无法预览。</p>}
    </Layout>
  );
};
