// Which copy stands for an agency-year: the history of copies shown on a report's page, and the supervisor's
// comparison of two copies, cell by cell, before confirming that one supersedes the other.
import type { FC } from 'hono/jsx';
import type { CellDiff } from '../../domain/report/diff.ts';
import type { Copy } from '../../supervision/report-choice.ts';
import type { CurrentUser } from '../env.ts';
import { Csrf, Pill } from './components.tsx';
import { Layout } from './layout.tsx';
import { CheckPills, ORIGIN_LABELS } from './public-reports.tsx';

const when = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The copies of one agency-year on file: which stands, which were superseded and when. */
export const CopiesHistory: FC<{ copies: readonly Copy[]; current: number; compareBase?: string }> = ({
  copies,
  current,
  compareBase,
}) =>
  copies.length > 1 ? (
    <section aria-labelledby="copies">
      <h2 id="copies">本年度报告的各份副本</h2>
      <p class="hint">
        同一机关同一年度收集到多份报告时，以监督机关确认的一份为准；被取代的副本仍可查看，不计入统计。
      </p>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">副本</th>
            <th scope="col">来源</th>
            <th scope="col">收集时间</th>
            <th scope="col">发布日期</th>
            <th scope="col">检查结果</th>
            <th scope="col">状态</th>
            {compareBase ? <th scope="col">操作</th> : null}
          </tr>
        </thead>
        <tbody>
          {copies.map((c) => (
            <tr>
              <th scope="row">
                {c.id === current ? `第 ${c.id} 号（本页）` : <a href={`/reports/${c.id}`}>第 {c.id} 号</a>}
              </th>
              <td>
                {c.sourceName}（{ORIGIN_LABELS[c.origin] ?? c.origin}）
              </td>
              <td>{when(c.collectedAt)}</td>
              <td>{c.publishedOn ?? '未记录'}</td>
              <td>
                <CheckPills errors={c.errors} warnings={c.warnings} />
              </td>
              <td>
                {c.stands ? (
                  <Pill tone="ok">现行有效</Pill>
                ) : c.supersededBy !== null ? (
                  <>
                    <Pill tone="muted">已被取代</Pill>
                    <span class="hint">
                      由第 {c.supersededBy} 号取代{c.supersededAt ? `（${when(c.supersededAt)}）` : ''}
                    </span>
                  </>
                ) : (
                  <Pill tone="info">待确认</Pill>
                )}
              </td>
              {compareBase ? (
                <td>{c.stands ? '—' : <a href={`${compareBase}/${c.id}/compare`}>比较并确认</a>}</td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  ) : null;

export const ComparePage: FC<{
  user: CurrentUser | null;
  csrf: string;
  candidate: Copy;
  standing: Copy;
  title: string;
  cells: readonly CellDiff[];
  same: number;
  copies: readonly Copy[];
}> = ({ user, csrf, candidate, standing, title, cells, same, copies }) => (
  <Layout
    title={`比较副本：${title}`}
    user={user}
    csrf={csrf}
    section="supervise"
    crumbs={[['监督工作台', `/supervise?year=${candidate.year}`]]}
  >
    <p>
      现行有效的是 <a href={`/reports/${standing.id}`}>第 {standing.id} 号</a>（{standing.sourceName}，错误{' '}
      {standing.errors} 项）；待确认的是 <a href={`/reports/${candidate.id}`}>第 {candidate.id} 号</a>（
      {candidate.sourceName}，错误 {candidate.errors} 项）。两份共有 {cells.length} 个单元格不同，{same}{' '}
      个相同。
    </p>
    {cells.length ? (
      <div class="table-scroll">
        <table class="data" id="diff">
          <caption>逐格比较（只列出不同的单元格）</caption>
          <thead>
            <tr>
              <th scope="col">单元格</th>
              <th scope="col">字段键</th>
              <th scope="col" class="n">
                现行（第 {standing.id} 号）
              </th>
              <th scope="col" class="n">
                待确认（第 {candidate.id} 号）
              </th>
            </tr>
          </thead>
          <tbody>
            {cells.map((d) => (
              <tr>
                <th scope="row">{d.label}</th>
                <td>
                  <code>{d.key}</code>
                </td>
                <td class="n">{d.a}</td>
                <td class="n">{d.b}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : (
      <p class="ok-line">两份报告的表格数字完全相同。</p>
    )}
    <form method="post" action={`/supervise/reports/${candidate.id}/supersede`} class="stack">
      <Csrf token={csrf} />
      <p>
        确认后，第 {candidate.id}{' '}
        号取代本年度其他副本：监督工作台、合计表、检查、导出和公开页面都以它为准。此操作记入审计日志，可再次比较后改回。
      </p>
      <button type="submit" class="primary">
        确认以第 {candidate.id} 号为准
      </button>
    </form>
    <CopiesHistory copies={copies} current={candidate.id} />
  </Layout>
);
