// Per-agency performance: the league table of a subtree for a year, and one agency's years (trend, aliases,
// population). Every number links to where it comes from: the report's cell, the population's source, the cases.
import type { FC } from 'hono/jsx';
import type { CrossFinding } from '../../supervision/cross-checks.ts';
import type { AgencyYear } from '../../supervision/performance.ts';
import { BOARD_LABELS } from '../reports/board.ts';
import { Csrf, DataTable, Empty, type Frame, Pill, TextField } from './components.tsx';
import { Layout } from './layout.tsx';
import { ChartFigure } from './public-reports.tsx';
import { cellId } from './report-tables.tsx';
import { Downloads, YearPicker } from './supervise.tsx';

const cell = (a: AgencyYear, key: string) => `/reports/${a.reportId}#${cellId(key)}`;
const pctText = (v: number | null) => (v === null ? '—' : `${v}%`);

/** The figures of one agency-year, as table cells, each with its source. */
const Figures: FC<{ a: AgencyYear }> = ({ a }) => {
  if (a.reportId === null)
    return (
      <>
        <td colSpan={7} class="muted">
          未收集到报告
        </td>
        <td>
          <Pill tone={a.status === 'missing' ? 'bad' : 'muted'}>{BOARD_LABELS[a.status]}</Pill>
        </td>
        <td class="n">—</td>
      </>
    );
  const granted = a.outcomes.find((o) => o.key === 'granted');
  return (
    <>
      <td class="n">
        <a href={cell(a, 't3.received.total')}>{a.received ?? '未读出'}</a>
      </td>
      <td class="n">
        {a.perTenThousand !== null && a.population ? (
          <span
            title={`人口 ${a.population.value} 人（${a.population.year}年，来源：${a.population.source}）`}
          >
            {a.perTenThousand}
          </span>
        ) : (
          <span class="hint">人口未登记</span>
        )}
      </td>
      <td class="n">
        <a href={cell(a, 't3.granted.total')}>{pctText(granted?.share ?? null)}</a>
      </td>
      <td class="n">
        {a.lateCases ? (
          <span
            title={`本系统办理记录：${a.year}年办结 ${a.lateCases.closed} 件，其中超过答复期限 ${a.lateCases.late} 件`}
          >
            {a.lateCases.share}%（{a.lateCases.late}/{a.lateCases.closed}）
          </span>
        ) : (
          <span class="hint">未在本系统办理</span>
        )}
      </td>
      <td class="n">
        <a href={cell(a, 't4.review.corrected')}>
          {a.reviewCorrection.concluded
            ? `${a.reviewCorrection.rate}%（${a.reviewCorrection.corrected}/${a.reviewCorrection.concluded}）`
            : '无审结'}
        </a>
      </td>
      <td class="n">
        <a href={cell(a, 't4.litigation.direct.corrected')}>
          {a.litigationCorrection.concluded
            ? `${a.litigationCorrection.rate}%（${a.litigationCorrection.corrected}/${a.litigationCorrection.concluded}）`
            : '无审结'}
        </a>
      </td>
      <td>
        <a href={`/reports/${a.reportId}`}>第 {a.reportId} 号</a>
      </td>
      <td>
        <Pill tone={a.status === 'onTime' ? 'ok' : a.status === 'late' ? 'warn' : 'info'}>
          {BOARD_LABELS[a.status]}
        </Pill>
        {a.daysLate > 0 ? <span class="hint">逾期 {a.daysLate} 天</span> : null}
      </td>
      <td class="n">
        <a href={`/reports/${a.reportId}#findings`}>{a.errors ?? 0}</a>
      </td>
    </>
  );
};

const HEAD = [
  '新收申请',
  '每万人申请',
  '予以公开占比',
  '本系统逾期答复',
  '复议纠错率',
  '诉讼纠错率',
  '来源报告',
  '报告发布',
  '错误',
];

export const LeaguePage: FC<
  Frame & {
    root: { id: number; name: string };
    year: number;
    years: readonly number[];
    rows: readonly AgencyYear[];
    base: string;
  }
> = ({ user, csrf, root, year, years, rows, base }) => (
  <Layout
    title={`${root.name}${year}年各机关办理情况`}
    user={user}
    csrf={csrf}
    section="supervise"
    crumbs={[['监督工作台', `${base}?year=${year}`]]}
  >
    <YearPicker action={`${base}/performance`} year={year} years={years} />
    <p class="hint">
      数字取自各机关现行有效的年度报告（点击数字查看报告中的单元格）；每万人申请数用登记的常住人口（悬停可见来源）；逾期答复只统计在本系统办理的申请；纠错率
      = 结果纠正 ÷（维持 + 纠正 + 其他）。按新收申请数从多到少排列。
    </p>
    <Downloads
      base={base}
      year={year}
      items={[
        ['办理情况表（XLSX）', 'league.xlsx'],
        ['办理情况表（CSV）', 'league.csv'],
      ]}
    />
    <DataTable
      id="league"
      rows={rows}
      caption={`${root.name}${year}年各机关政府信息公开办理情况`}
      empty="没有机关。"
      columns={['机关', ...HEAD]}
      row={(a) => (
        <tr>
          <th scope="row">
            <a href={`/supervise/agencies/${a.agencyId}/profile`}>{a.name}</a>
          </th>
          <Figures a={a} />
        </tr>
      )}
    />
  </Layout>
);

export const ProfilePage: FC<
  Frame & {
    agency: { id: number; name: string };
    years: readonly AgencyYear[];
    aliases: readonly { id: number; alias: string }[];
    populations: readonly { year: number; population: number; source: string }[];
    errors?: Record<string, string>;
    values?: Record<string, string>;
  }
> = ({ user, csrf, agency, years, aliases, populations, errors, values }) => {
  const base = `/supervise/agencies/${agency.id}/profile`;
  return (
    <Layout
      title={`${agency.name}：历年情况`}
      user={user}
      csrf={csrf}
      section="supervise"
      crumbs={[['监督工作台', '/supervise']]}
    >
      <h2>历年办理情况</h2>
      {years.length ? (
        <>
          <DataTable
            id="trend"
            rows={years}
            columns={['年度', ...HEAD]}
            row={(a) => (
              <tr>
                <th scope="row">{a.year}年</th>
                <Figures a={a} />
              </tr>
            )}
          />
          <div class="charts">
            <ChartFigure
              src={`${base}/received.svg`}
              alt={`${agency.name}历年新收申请数量`}
              caption="历年新收申请数量（未收集报告的年度留空）"
              rows={years.map((a) => [`${a.year}年`, a.received ?? '无报告'])}
              head={['年度', '新收申请（件）']}
            />
          </div>
        </>
      ) : (
        <Empty>尚无报告。</Empty>
      )}
      <h2>机关别名</h2>
      <p class="hint">
        报告中印的机关名称与本系统不一致时（全称、简称、带或不带市名），在此登记别名，上传时即可自动匹配。系统已自动识别“某市某区”与“某区”两种写法。
      </p>
      {aliases.length ? (
        <ul>
          {aliases.map((a) => (
            <li>
              {a.alias}{' '}
              <form method="post" action={`${base}/aliases/${a.id}/delete`} class="inline">
                <Csrf token={csrf} />
                <button type="submit">删除</button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p>尚未登记别名。</p>
      )}
      <form method="post" action={`${base}/aliases`} class="stack">
        <Csrf token={csrf} />
        <TextField name="alias" label="新增别名" value={values?.alias} errors={errors} maxlength={100} />
        <button type="submit">添加别名</button>
      </form>
      <h2>常住人口</h2>
      {populations.length ? (
        <table class="data">
          <thead>
            <tr>
              <th scope="col">年度</th>
              <th scope="col" class="n">
                常住人口（人）
              </th>
              <th scope="col">来源</th>
            </tr>
          </thead>
          <tbody>
            {populations.map((p) => (
              <tr>
                <th scope="row">{p.year}年</th>
                <td class="n">{p.population}</td>
                <td>{p.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>尚未登记人口，无法计算每万人申请数。</p>
      )}
      <form method="post" action={`${base}/population`} class="stack">
        <Csrf token={csrf} />
        <TextField name="year" label="年度" type="number" value={values?.year} errors={errors} />
        <TextField
          name="population"
          label="常住人口（人）"
          type="number"
          value={values?.population}
          errors={errors}
        />
        <TextField
          name="source"
          label="来源"
          value={values?.source}
          errors={errors}
          hint="如：某区2023年国民经济和社会发展统计公报"
          maxlength={200}
        />
        <button type="submit">登记人口</button>
      </form>
    </Layout>
  );
};

/** What kind of cross-report check a finding comes from, for the supervisor's reading. */
export function crossKind(rule: string): string {
  if (rule === 'copy.sameYear') return '正文雷同';
  if (rule.startsWith('outlier.')) return '偏离同级';
  return '与上年报告核对';
}

/**
 * The checks across the reports of a year (src/supervision/cross-checks.ts, as `gongkai crosscheck`): text copied
 * between agencies of the same year, each agency against its own previous year, ratios far from the peer group.
 */
export const CrossCheckPage: FC<
  Frame & {
    root: { id: number; name: string };
    year: number;
    years: readonly number[];
    rows: readonly CrossFinding[];
    base: string;
  }
> = ({ user, csrf, root, year, years, rows, base }) => (
  <Layout
    title={`${root.name}${year}年跨报告核查`}
    user={user}
    csrf={csrf}
    section="supervise"
    crumbs={[['监督工作台', `${base}?year=${year}`]]}
  >
    <YearPicker action={`${base}/crosscheck`} year={year} years={years} />
    <p class="hint">
      每个机关取{year}
      年现行有效的一份报告：与同年度其他机关的报告比对正文（相似度达60%以上列为雷同，并举出重复段落）；与本机关上年报告核对结转、存量和重复文字；
      予以公开率等比例与同级机关中位数相差过大的列为偏离。以上均为提示，请对照报告原文判断。
    </p>
    <DataTable
      id="crosscheck"
      rows={rows}
      empty={`${year}年未发现雷同、与上年不符或明显偏离的报告。`}
      columns={['机关', '核查', '级别', '说明']}
      row={(f) => (
        <tr>
          <td>
            <a href={`/reports/${f.reportId}`}>{f.agencyName}</a>
          </td>
          <td>{crossKind(f.rule)}</td>
          <td>{f.severity === 'error' ? <Pill tone="bad">错误</Pill> : <Pill tone="warn">提示</Pill>}</td>
          <td>{f.message}</td>
        </tr>
      )}
    />
  </Layout>
);
