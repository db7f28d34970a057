// The report builder: compiled 表三/表四 with their cells linked to the cases behind them, 表二 and the six sections
// to fill in, the live findings linked to their cells, and (for the approver) publication.
import type { FC } from 'hono/jsx';
import { fieldDef, SECTIONS, type SectionKey } from '../../domain/report/layout.ts';
import type { Finding } from '../../domain/rules/index.ts';
import type { CaseLine } from '../cases/queries.ts';
import type { CurrentUser } from '../env.ts';
import type { Built } from '../reports/builder.ts';
import { Csrf, Facts } from './components.tsx';
import { Layout } from './layout.tsx';
import { type CellHref, FindingsList, ReportTables } from './report-tables.tsx';
import { CaseTable } from './staff.tsx';

interface Frame {
  readonly user: CurrentUser | null;
  readonly csrf: string;
}

export const BuilderPage: FC<
  Frame & {
    agencyId: number;
    agencyName: string;
    year: number;
    built: Built;
    t2: readonly { key: string; label: string; value: string }[];
    sections: Partial<Record<SectionKey, string>>;
    canPublish: boolean;
    published: { id: number; on: string | null } | null;
    locked: boolean;
    cellHref: CellHref;
  }
> = ({
  user,
  csrf,
  agencyId,
  agencyName,
  year,
  built,
  t2,
  sections,
  canPublish,
  published,
  locked,
  cellHref,
}) => {
  const base = `/staff/agencies/${agencyId}/report/${year}`;
  const errors = built.findings.filter((f: Finding) => f.severity === 'error').length;
  return (
    <Layout
      title={`${agencyName}${year}年度报告编制`}
      user={user}
      csrf={csrf}
      section="staff"
      crumbs={[['办理工作台', '/staff']]}
    >
      <Facts
        items={[
          ['表三、表四', '由依申请公开案件库自动汇总，点击数字可查看对应案件'],
          [
            '信息处理费',
            `收费通知 ${built.compiled.fees.notices} 件，应收 ${built.compiled.fees.billed} 元；实收 ${built.compiled.fees.collected} 元`,
          ],
          [
            '上年报告',
            built.prevSource === 'published'
              ? '已发布的上年报告（用于核对结转）'
              : built.prevSource === 'compiled'
                ? '由案件汇总的上年数据'
                : '无',
          ],
          [
            '状态',
            published
              ? `已发布（${published.on ?? '日期未记录'}），年度已锁定`
              : locked
                ? '年度已锁定'
                : '草稿',
          ],
        ]}
      />
      {published ? (
        <p>
          <a href={`/reports/${published.id}`}>查看已发布的报告</a>
        </p>
      ) : null}
      <h2>检查结果</h2>
      <FindingsList findings={built.findings} />
      <h2>表格</h2>
      <ReportTables report={built.report} findings={built.findings} href={cellHref} only={['t3', 't4']} />
      <h2>填写表二和正文</h2>
      <form method="post" action={`${base}/check`} class="stack">
        <Csrf token={csrf} />
        <fieldset class="group">
          <legend>表二 主动公开政府信息情况（不由案件汇总）</legend>
          {t2.map((f) => (
            <div class="field">
              <label for={`t2-${f.key}`}>{fieldDef(f.key)?.label ?? f.label}</label>
              <input id={`t2-${f.key}`} name={f.key} type="number" step="any" value={f.value} />
            </div>
          ))}
        </fieldset>
        <fieldset class="group">
          <legend>正文（六个部分）</legend>
          {SECTIONS.map((s) => (
            <div class="field">
              <label for={`sec-${s.key}`}>
                {s.ordinal}、{s.title}
              </label>
              <textarea id={`sec-${s.key}`} name={`section.${s.key}`} rows={4}>
                {sections[s.key] ?? ''}
              </textarea>
            </div>
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary">
            重新检查
          </button>
          {canPublish && !published ? (
            <button type="submit" formaction={`${base}/publish`}>
              发布年度报告（发布后锁定 {year} 年度）
            </button>
          ) : null}
        </div>
        {canPublish && !published && errors ? (
          <p class="hint">报告还有 {errors} 项错误；发布前请先修正。</p>
        ) : null}
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
