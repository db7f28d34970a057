// The report builder page of an agency-year, over src/report-builder: 表三/表四 compiled from the cases (each number
// links to the cases behind it), 表二 from the registers and statistics, the six sections rendered from their
// templates; the live findings linked to their cells and the builder's notices; the templates to edit, check,
// save; and, for the approver, publication.
import type { FC } from 'hono/jsx';
import { SECTIONS } from '../../domain/report/layout.ts';
import type { BuildResult } from '../../report-builder/build.ts';
import type { CaseLine } from '../cases/queries.ts';
import type { CurrentUser } from '../env.ts';
import { Csrf, Facts } from './components.tsx';
import { Layout } from './layout.tsx';
import { type CellHref, FindingsList, ReportTables } from './report-tables.tsx';
import { CaseTable } from './staff.tsx';

interface Frame {
  readonly user: CurrentUser | null;
  readonly csrf: string;
}

const PREV_LABELS = {
  linked: '指定的上年报告',
  system: '系统中的上年报告',
  given: '提供的上年报告',
} as const;

export const BuilderPage: FC<
  Frame & {
    build: BuildResult;
    /** The templates as shown in the editor (the posted ones while previewing). */
    templates: Readonly<Record<string, string>>;
    /** 表二's statistics (not from a register): key, label, current value. */
    statistics: readonly { key: string; label: string; value: string }[];
    canSave: boolean;
    canPublish: boolean;
    cellHref: CellHref;
    /** Today (the deployment's clock): a year not yet over is compiled as of today. */
    today: string;
    problem?: string;
    notice?: string;
  }
> = ({ user, csrf, build, templates, statistics, canSave, canPublish, cellHref, today, problem, notice }) => {
  const base = `/staff/agencies/${build.agency.id}/report/${build.year}`;
  const published = build.published;
  return (
    <Layout
      title={`${build.agency.name}${build.year}年度报告编制`}
      user={user}
      csrf={csrf}
      section="staff"
      crumbs={[['办理工作台', '/staff']]}
      notice={notice}
    >
      <Facts
        items={[
          ['表三、表四', '由依申请公开案件库汇总，点击数字可查看对应的案件'],
          ['表二', '由规范性文件登记和统计数据生成'],
          [
            '信息处理费',
            `收费通知 ${build.fees.notices} 件，应收 ${build.fees.billed} 元；实收 ${build.fees.paid} 件、${build.fees.collected} 元`,
          ],
          [
            '上年报告',
            build.prev ? `${PREV_LABELS[build.prev.kind]}：${build.prev.name}` : '无（不作跨年核对）',
          ],
          [
            '状态',
            published
              ? `已于 ${published.publishedOn ?? '（日期未记录）'} 发布，年度已锁定`
              : today <= `${build.year}-12-31`
                ? // 《条例》第五十条: the report covers the whole year; before 31 December the open cases (四、结转下年度继续办理)
                  // and the 复议/诉讼 not yet decided (尚未审结) are only as of today.
                  `草稿（${build.year}年尚未结束：表中数字截至 ${today}，年底前办结的申请和审结的复议、诉讼还会改变“结转下年度继续办理”和“尚未审结”等数字；年度结束后方可发布）`
                : '草稿',
          ],
        ]}
      />
      {published ? (
        <p>
          <a href={`/reports/${published.annualReportId}`}>查看已发布的报告</a>
        </p>
      ) : null}
      {published ? null : (
        <p>
          发布前请下载核对报告文件（与发布后公开的文件版式相同）：
          <a href={`${base}/draft/docx`}>下载 DOCX（草稿）</a>
          {' · '}
          <a href={`${base}/draft/pdf`}>下载 PDF（草稿）</a>
        </p>
      )}
      {problem ? (
        <p class="error-box" role="alert">
          {problem}
        </p>
      ) : null}
      <h2>检查结果</h2>
      <FindingsList findings={build.findings} />
      {build.notices.length ? (
        <>
          <h3>编制提示</h3>
          <ul>
            {build.notices.map((n) => (
              <li>{n.message}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>表格</h2>
      <ReportTables report={build.report} findings={build.findings} href={cellHref} />
      {published ? null : (
        <>
          <h2>表二统计数据</h2>
          <p class="hint">规章、规范性文件的件数来自规范性文件登记；下列处理决定数量和收费金额在此录入。</p>
          <form method="post" action={`${base}/statistics`} class="stack">
            <Csrf token={csrf} />
            {statistics.map((f) => (
              <div class="field">
                <label for={`stat-${f.key}`}>{f.label}</label>
                <input id={`stat-${f.key}`} name={f.key} type="number" min="0" step="any" value={f.value} />
              </div>
            ))}
            {canSave ? <button type="submit">保存统计数据</button> : null}
          </form>
        </>
      )}
      <h2>正文</h2>
      <form method="post" action={`${base}/check`} class="stack">
        <Csrf token={csrf} />
        {SECTIONS.map((s) => (
          <fieldset class="group">
            <legend>
              {s.ordinal}、{s.title}
            </legend>
            <Paragraphs text={build.report.sections[s.key] ?? ''} />
            {published ? null : (
              <div class="field">
                <label for={`sec-${s.key}`}>
                  模板（可使用 {'{{'}占位符{'}}'}，如 {'{{'}t3.received.total{'}}'}）
                </label>
                <textarea id={`sec-${s.key}`} name={`template.${s.key}`} rows={5}>
                  {templates[s.key] ?? ''}
                </textarea>
              </div>
            )}
          </fieldset>
        ))}
        {published ? null : (
          <div class="actions">
            <button type="submit" class="primary">
              按修改后的模板重新检查
            </button>
            {canSave ? (
              <button type="submit" formaction={`${base}/save`}>
                保存模板
              </button>
            ) : null}
            {canPublish ? (
              <button type="submit" formaction={`${base}/publish/confirm`}>
                保存并发布…
              </button>
            ) : null}
          </div>
        )}
        {canPublish && !published && build.errors ? (
          <p class="hint">报告还有 {build.errors} 项错误，发布前须修正。</p>
        ) : null}
      </form>
    </Layout>
  );
};

/** A section's text as its paragraphs: each line of the rendered template is one paragraph (sub-headings too). */
export const Paragraphs: FC<{ text: string }> = ({ text }) => (
  <div class="paras">
    {text
      .split(/\n+/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => (
        <p class="para">{p}</p>
      ))}
  </div>
);

/**
 * The confirmation step before an annual report is published: publication locks the year (cases, registers and
 * templates of the year can then change only by a recorded amendment), so the approver sees what will happen first.
 */
export const PublishConfirmPage: FC<Frame & { build: BuildResult }> = ({ user, csrf, build }) => {
  const base = `/staff/agencies/${build.agency.id}/report/${build.year}`;
  return (
    <Layout
      title={`发布${build.year}年度报告`}
      user={user}
      csrf={csrf}
      section="staff"
      crumbs={[['年度报告编制', base]]}
    >
      <Facts
        items={[
          ['机关', build.agency.name],
          ['年度', `${build.year}年`],
          ['检查结果', `错误 ${build.errors} 项，提示 ${build.warnings} 项`],
          ['本年主动公开', `${build.facts.publishing.total} 条`],
          [
            '本年新收申请',
            `${build.report.cells['t3.received.total']?.state === 'number' ? build.report.cells['t3.received.total'].value : '—'} 件`,
          ],
        ]}
      />
      <p class="error-box" role="alert">
        发布后，{build.year}
        年度锁定：该年度的申请办理记录、主动公开登记、规范性文件登记和报告正文都不能再直接修改，如需更正须登记更正理由。此操作不能撤销。
      </p>
      {build.errors ? <p>报告还有 {build.errors} 项错误，发布将被拒绝。请返回修正。</p> : null}
      <form method="post" action={`${base}/publish`} class="stack">
        <Csrf token={csrf} />
        <input type="hidden" name="confirm" value="1" />
        <div class="field">
          <input id="understood" name="understood" type="checkbox" value="1" required />{' '}
          <label for="understood">我已核对报告内容，确认发布并锁定 {build.year} 年度</label>
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            确认发布
          </button>
          <a class="button" href={base}>
            返回修改
          </a>
        </div>
      </form>
    </Layout>
  );
};

export const CellCasesPage: FC<
  Frame & { title: string; back: string; lines: readonly CaseLine[]; today: string }
> = ({ user, csrf, title, back, lines, today }) => (
  <Layout title={title} user={user} csrf={csrf} section="staff" crumbs={[['年度报告编制', back]]}>
    <p>共 {lines.length} 件。</p>
    <CaseTable lines={lines} today={today} />
  </Layout>
);
