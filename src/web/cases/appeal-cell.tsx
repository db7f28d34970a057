// The 表四 drill-down of the report builder: every appeal behind a cell with its filing and result dates and the
// column it counts in, so the officer sees why it counts in this year's report (filed in the year) and column (its
// result as of 31 December; 尚未审结 otherwise) — src/cases/compile.ts states the rule and its basis.
import type { FC } from 'hono/jsx';
import { APPEAL_DEFENDANT_LABELS, APPEAL_KIND_LABELS, APPEAL_RESULT_LABELS } from '../../cases/appeals.ts';
import type { AppealLine } from '../../cases/compile.ts';
import type { Frame } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';

const COLUMN_LABELS: Record<string, string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
};

export const AppealCellPage: FC<
  Frame & { title: string; back: string; year: number; lines: readonly AppealLine[] }
> = ({ user, csrf, title, back, year, lines }) => (
  <Layout title={title} user={user} csrf={csrf} section="staff" crumbs={[['年度报告编制', back]]}>
    <p>
      共 {lines.length} 件。表四统计 {year} 年内申请复议或起诉的案件，结果按 {year} 年 12 月 31
      日的状态计入；当时尚未审结的计入“尚未审结”，以后年度不再重复统计。
    </p>
    {lines.length ? (
      <table>
        <thead>
          <tr>
            <th scope="col">申请编号</th>
            <th scope="col">类型</th>
            <th scope="col">申请复议或起诉之日</th>
            <th scope="col">审结之日</th>
            <th scope="col">结果</th>
            <th scope="col">被告</th>
            <th scope="col">计入本年</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr>
              <td class="nowrap">
                <a href={`/staff/cases/${encodeURIComponent(l.case)}`}>{l.case}</a>
              </td>
              <td>{APPEAL_KIND_LABELS[l.kind as keyof typeof APPEAL_KIND_LABELS] ?? l.kind}</td>
              <td class="nowrap">{l.filedOn}</td>
              <td class="nowrap">{l.closedOn ?? '—'}</td>
              <td>
                {l.result ? APPEAL_RESULT_LABELS[l.result as keyof typeof APPEAL_RESULT_LABELS] : '尚未审结'}
              </td>
              <td>
                {l.defendant
                  ? APPEAL_DEFENDANT_LABELS[l.defendant as keyof typeof APPEAL_DEFENDANT_LABELS]
                  : '—'}
              </td>
              <td>
                {COLUMN_LABELS[l.column] ?? l.column}
                {l.closedOn && l.closedOn > `${year}-12-31` ? `（${l.closedOn} 审结，晚于年末）` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : null}
  </Layout>
);
