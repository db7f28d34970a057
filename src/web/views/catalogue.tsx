// The 主动公开 catalogue (政务公开标准目录) of the agencies, searchable: what each agency publishes, on what basis,
// within what time, through which channels — and how many items it has published under each matter.
import type { FC } from 'hono/jsx';
import type { AttachmentMeta } from '../../publishing/attachments.ts';
import type { MatterView, PublishedItemLine } from '../../publishing/catalogue.ts';
import type { ItemRow } from '../../publishing/items.ts';
import type { CurrentUser } from '../env.ts';
import { AgencySelect, DataTable, Empty, Facts, Problem, TextField } from './components.tsx';
import { Layout } from './layout.tsx';

/** Where a list stands: the page shown (from 1), how many rows in all, rows per page. */
export interface PageInfo {
  readonly page: number;
  readonly total: number;
  readonly perPage: number;
}

/** 上一页 / 第 x 页，共 y 页 / 下一页, the links keeping the other query parameters (q, agency). */
const Pager: FC<{ info: PageInfo; href: (page: number) => string; label: string }> = ({
  info,
  href,
  label,
}) => {
  const pages = Math.max(1, Math.ceil(info.total / info.perPage));
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={label}>
      {info.page > 1 ? (
        <>
          <a href={href(1)}>首页</a>{' '}
          <a class="button" rel="prev" href={href(info.page - 1)}>
            上一页
          </a>{' '}
        </>
      ) : null}
      <span>
        第 {info.page} 页，共 {pages} 页
      </span>
      {info.page < pages ? (
        <>
          {' '}
          <a class="button" rel="next" href={href(info.page + 1)}>
            下一页
          </a>{' '}
          <a href={href(pages)}>末页</a>
        </>
      ) : null}
    </nav>
  );
};

/** A catalogue URL with the search kept and one page parameter set (page 1 is the bare URL). */
const catalogueHref = (q: string, agencyId: number | null, key: 'page' | 'ipage', page: number): string => {
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  if (agencyId !== null) p.set('agency', String(agencyId));
  if (page > 1) p.set(key, String(page));
  const s = p.toString();
  return `/catalogue${s ? `?${s}` : ''}`;
};

/** The range shown, e.g. "第 101—200 项". */
const range = (info: PageInfo, shown: number, unit: string): string =>
  shown && info.total > info.perPage
    ? `，本页第 ${(info.page - 1) * info.perPage + 1}—${(info.page - 1) * info.perPage + shown} ${unit}`
    : '';

export const CataloguePage: FC<{
  user: CurrentUser | null;
  csrf: string;
  q: string;
  agencyId: number | null;
  agencies: readonly { id: number; name: string }[];
  matters: readonly MatterView[];
  matterPage: PageInfo;
  items: readonly PublishedItemLine[];
  itemPage: PageInfo;
  error?: string;
}> = ({ user, csrf, q, agencyId, agencies, matters, matterPage, items, itemPage, error }) => (
  <Layout title="主动公开目录" user={user} csrf={csrf} section="public">
    <p>
      各机关依照《条例》第十九条至第二十六条主动公开的事项：公开内容、依据、时限、主体和渠道。属于主动公开范围的政府信息，应当自形成或者变更之日起
      20 个工作日内公开（《条例》第二十六条）。
    </p>
    <form method="get" action="/catalogue" class="filters">
      <TextField
        name="q"
        label="检索"
        type="search"
        value={q}
        maxlength={100}
        hint="可输入多个词，用空格分隔"
      />
      <AgencySelect name="agency" label="机关" placeholder="全部机关" agencies={agencies} value={agencyId} />
      <button type="submit" class="primary">
        检索
      </button>
    </form>
    <Problem problem={error} />
    <DataTable
      rows={matters}
      caption={`共 ${matterPage.total} 项${range(matterPage, matters.length, '项')}`}
      empty={q ? '没有找到符合条件的事项。' : '暂无主动公开目录。'}
      columns={['事项', '公开内容', '公开依据', '时限', '公开主体', '渠道', ['已公开', 'n']]}
      row={(m) => (
        <tr>
          <th scope="row">
            {m.domain ? <span class="hint">{m.domain}</span> : null}
            <a href={`/catalogue/matters/${m.id}`}>{m.name}</a>
            <span class="hint">{m.agencyName}</span>
          </th>
          <td>{m.content}</td>
          <td>{m.basis}</td>
          <td>{m.timeLimit}</td>
          <td>{m.subject}</td>
          <td>{m.channels.join('、')}</td>
          <td class="n">
            {m.items ? <a href={`/catalogue/matters/${m.id}`}>{m.items} 条</a> : '0'}
            {m.lastPublishedOn ? <span class="hint">最近 {m.lastPublishedOn}</span> : null}
          </td>
        </tr>
      )}
    />
    <Pager info={matterPage} label="目录事项分页" href={(n) => catalogueHref(q, agencyId, 'page', n)} />
    <section aria-labelledby="items-h">
      <h2 id="items-h">{q ? `标题或正文含“${q}”的信息（${itemPage.total}）` : '最新公开的信息'}</h2>
      <ItemList items={items} empty={q ? '没有找到符合条件的信息。' : '暂无公开的信息。'} />
      {q ? (
        <Pager
          info={itemPage}
          label="检索结果分页"
          href={(n) => `${catalogueHref(q, agencyId, 'ipage', n)}#items-h`}
        />
      ) : null}
    </section>
  </Layout>
);

const ItemList: FC<{ items: readonly PublishedItemLine[]; empty: string; matter?: boolean }> = ({
  items,
  empty,
  matter = true,
}) =>
  items.length ? (
    <ul class="items">
      {items.map((i) => (
        <li>
          <a href={`/catalogue/items/${i.id}`}>{i.title}</a>{' '}
          <span class="hint">
            {i.publishedOn} · {i.agencyName} · {i.category}
            {matter && i.matterName ? ` · 目录事项：${i.matterName}` : ''}
          </span>
        </li>
      ))}
    </ul>
  ) : (
    <Empty>{empty}</Empty>
  );

export const MatterPage: FC<{
  user: CurrentUser | null;
  csrf: string;
  matter: MatterView;
  items: readonly PublishedItemLine[];
  itemPage: PageInfo;
}> = ({ user, csrf, matter, items, itemPage }) => (
  <Layout
    title={matter.name}
    user={user}
    csrf={csrf}
    section="public"
    crumbs={[['主动公开目录', '/catalogue']]}
  >
    <Facts
      items={[
        ['公开主体', matter.agencyName],
        ['领域', matter.domain ?? '—'],
        ['公开内容', matter.content],
        ['公开依据', matter.basis],
        ['公开时限', matter.timeLimit],
        ['公开渠道', matter.channels.join('、') || '—'],
        ['公开对象', matter.audience],
      ]}
    />
    <h2>已公开的信息（{itemPage.total}）</h2>
    <ItemList items={items} empty="该事项下暂无公开的信息。" matter={false} />
    <Pager
      info={itemPage}
      label="已公开信息分页"
      href={(n) => `/catalogue/matters/${matter.id}${n > 1 ? `?page=${n}` : ''}`}
    />
  </Layout>
);

export const PublicItemPage: FC<{
  user: CurrentUser | null;
  csrf: string;
  item: ItemRow;
  agencyName: string;
  matter: { id: number; name: string } | null;
  attachments: readonly AttachmentMeta[];
}> = ({ user, csrf, item, agencyName, matter, attachments }) => (
  <Layout
    title={item.title}
    user={user}
    csrf={csrf}
    section="public"
    crumbs={[
      ['主动公开目录', '/catalogue'],
      ...(matter ? ([[matter.name, `/catalogue/matters/${matter.id}`]] as const) : []),
    ]}
  >
    <Facts
      items={[
        ['发布机关', agencyName],
        ['文号', item.docNo ?? '—'],
        ['栏目', item.category],
        ['形成日期', item.formedOn],
        ['发布日期', item.publishedOn ?? '—'],
      ]}
    />
    {(item.body ?? '')
      .split(/\n+/)
      .filter(Boolean)
      .map((p) => (
        <p>{p}</p>
      ))}
    {attachments.length ? (
      <section aria-labelledby="att-h">
        <h2 id="att-h">附件</h2>
        <ul>
          {attachments.map((a) => (
            <li>
              <a href={`/catalogue/items/${item.id}/attachments/${a.id}`}>{a.name}</a>
            </li>
          ))}
        </ul>
      </section>
    ) : null}
  </Layout>
);
