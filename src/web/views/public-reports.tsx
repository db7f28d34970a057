// Public pages of the annual reports: the list by agency and year, and one report with its tables, findings and
// charts.
import type { Child, FC } from 'hono/jsx';
import type { Report } from '../../domain/report/model.ts';
import type { Finding } from '../../domain/rules/index.ts';
import { reportTitle } from '../../render/view.ts';
import type { AnnualReportRow, ReportListItem } from '../reports/store.ts';
import { AgencySelect, DataTable, Facts, type Frame, Pill, YearSelect } from './components.tsx';
import { Layout } from './layout.tsx';
import { type CellCrop, FindingsList, ReportBody } from './report-tables.tsx';

export const ORIGIN_LABELS: Readonly<Record<string, string>> = {
  upload: '监督上传',
  compiled: '由案件汇总编制',
  ingest: '批量收集',
  demo: '演示数据',
};

export const CheckPills: FC<{ errors: number; warnings: number }> = ({ errors, warnings }) => (
  <>
    {errors ? <Pill tone="bad">错误 {errors}</Pill> : <Pill tone="ok">无错误</Pill>}{' '}
    {warnings ? <Pill tone="warn">提示 {warnings}</Pill> : null}
  </>
);

export const ReportsTable: FC<{
  items: readonly ReportListItem[];
  href: (id: number) => string;
  caption?: string;
}> = ({ items, href, caption }) => (
  <DataTable
    rows={items}
    caption={caption || undefined}
    empty="暂无年度报告。"
    columns={['机关', ['年度', 'n'], '格式', ['新收申请', 'n'], '检查结果', '发布日期']}
    row={(r) => (
      <tr>
        <td>
          <a href={href(r.id)}>{r.agencyName}</a>
        </td>
        <td class="n">{r.year}</td>
        <td>{r.format ? `${r.format}版` : '未识别'}</td>
        <td class="n">{r.received ?? '—'}</td>
        <td>
          <CheckPills errors={r.errors} warnings={r.warnings} />
        </td>
        <td>{r.publishedOn ?? '未记录'}</td>
      </tr>
    )}
  />
);

export const ReportsPage: FC<
  Frame & {
    items: readonly ReportListItem[];
    years: readonly number[];
    agencies: readonly { id: number; name: string }[];
    year: number | null;
    agencyId: number | null;
  }
> = ({ user, csrf, items, years, agencies, year, agencyId }) => (
  <Layout title="政府信息公开工作年度报告" user={user} csrf={csrf} section="public">
    <p>
      各机关依照《条例》第四十九条、第五十条发布的年度报告。每份报告都按官方格式的勾稽关系作了检查，发现的问题标注在对应单元格上。
    </p>
    <form method="get" action="/reports" class="filters">
      <YearSelect name="year" label="年度" placeholder="全部年度" years={years} value={year} />
      <AgencySelect name="agency" label="机关" placeholder="全部机关" agencies={agencies} value={agencyId} />
      <button type="submit">筛选</button>
    </form>
    <ReportsTable items={items} href={(id) => `/reports/${id}`} />
  </Layout>
);

/**
 * A chart at its natural size (labels drawn at 13 px stay 13 px), its figures in a table beside it (read by screen
 * readers, printed, copied), and its downloads: the SVG itself, and a PNG drawn from it in the browser
 * (/static/charts.js; without script the SVG link still works).
 */
export const ChartFigure: FC<{
  src: string;
  alt: string;
  caption: string;
  rows: readonly (readonly [string, string | number])[];
  height?: number;
  head?: readonly [string, string];
}> = ({ src, alt, caption, rows, height = 320, head = ['项目', '数值'] }) => {
  const file =
    (src.split('?')[0] ?? '')
      .split('/')
      .pop()
      ?.replace(/\.svg$/, '') ?? 'chart';
  return (
    <figure class="chart">
      <figcaption>{caption}</figcaption>
      <div class="chart-row">
        <img src={src} alt={alt} width={640} height={height} />
        <table class="data chart-data">
          <caption class="sr-only">{caption}（数据）</caption>
          <thead>
            <tr>
              <th scope="col">{head[0]}</th>
              <th scope="col" class="n">
                {head[1]}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([k, v]) => (
              <tr>
                <th scope="row">{k}</th>
                <td class="n">{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="chart-downloads">
        <a href={src} download={`${file}.svg`}>
          下载 SVG
        </a>{' '}
        ·{' '}
        <a href={src} data-png={`${file}.png`} download={`${file}.svg`}>
          下载 PNG
        </a>
      </p>
    </figure>
  );
};

export const ReportPage: FC<
  Frame & {
    row: AnnualReportRow;
    report: Report;
    findings: readonly Finding[];
    base: string;
    crumbs: readonly (readonly [string, string])[];
    mix: readonly { name: string; value: number }[];
    history: readonly { year: number; received: number | null }[];
    section?: 'public' | 'supervise';
    extra?: Child;
    /** The crop of the scan beside each OCR-read number, when the reader may see it (issue 17). */
    crop?: CellCrop;
  }
> = ({ user, csrf, row, report, findings, base, crumbs, mix, history, section = 'public', extra, crop }) => (
  <Layout title={reportTitle(report)} user={user} csrf={csrf} section={section} crumbs={crumbs}>
    <Facts
      items={[
        ['机关', row.agencyName],
        ['年度', `${row.year}年`],
        ['格式', row.format ? `${row.format}版` : '未识别'],
        ['发布日期', row.publishedOn ?? '未记录'],
        // The stored file name is an upload's or a crawl's (often a hash or a local path): staff see it, readers
        // see where the report came from.
        [
          '来源',
          section === 'supervise'
            ? `${row.sourceName}（${ORIGIN_LABELS[row.origin] ?? row.origin}）`
            : (ORIGIN_LABELS[row.origin] ?? '收集'),
        ],
        ['检查结果', <CheckPills errors={row.errors} warnings={row.warnings} />],
      ]}
    />
    <p class="actions">
      <a class="button primary" href={`${base}/docx`} download>
        下载 DOCX（官方格式）
      </a>
      <a class="button" href={`${base}/json`}>
        数据（JSON）
      </a>
    </p>
    {extra}
    <h2 id="findings">检查结果</h2>
    <FindingsList findings={findings} ruleIds={section === 'supervise'} />
    <h2>图表</h2>
    <div class="charts">
      <ChartFigure
        src={`${base}/charts/outcomes.svg`}
        alt="本年度办理结果构成"
        caption="本年度办理结果构成（表三“总计”列）"
        rows={mix.map((m) => [m.name, m.value])}
      />
      {history.length > 1 ? (
        <ChartFigure
          src={`${base}/charts/received.svg`}
          alt="历年新收申请数量"
          caption="历年新收政府信息公开申请数量"
          rows={history.map((h) => [`${h.year}年`, h.received ?? '无报告'])}
        />
      ) : null}
    </div>
    <h2>报告正文与表格</h2>
    {crop && Object.keys(row.ocrBoxes).length ? (
      <p class="hint">
        本报告是扫描件，数字经文字识别（OCR）读出：每个数字旁的“原件”链接显示扫描件上该处的截图；不确定或有问题的数字旁直接显示截图，请与原件核对。
      </p>
    ) : null}
    <ReportBody report={report} findings={findings} {...(crop ? { crop } : {})} />
  </Layout>
);
