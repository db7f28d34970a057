// Public pages of the annual reports: the list by agency and year, and one report with its tables, findings and
// charts.
import type { Child, FC } from 'hono/jsx';
import type { Report } from '../../domain/report/model.ts';
import type { Finding } from '../../domain/rules/index.ts';
import { reportTitle } from '../../render/view.ts';
import { DATA_LICENSE } from '../api/licence.ts';
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
        <td class="nowrap">{r.publishedOn ?? '未记录'}</td>
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
    <p>
      研究和新闻工作者可下载全部报告的数据：<a href="/open-data">开放数据（数据集下载、各列说明、接口）</a>。
    </p>
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
    /** A collected report's original file, when kept: its kind (PDF, DOCX, 网页…). */
    original?: string | undefined;
    /** Seen by a supervisor or an administrator: the findings carry their rule ids as attributes. */
    staff?: boolean;
  }
> = ({
  user,
  csrf,
  row,
  report,
  findings,
  base,
  crumbs,
  mix,
  history,
  section = 'public',
  extra,
  crop,
  original,
  staff,
}) => (
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
      {original ? (
        // A collected report: the file the agency published is the source of every number here (provenance).
        <a class="button primary" href={`${base}/original`} download>
          下载原件（{original}，机关发布的文件）
        </a>
      ) : null}
      <a class={original ? 'button' : 'button primary'} href={`${base}/pdf`} download>
        下载 PDF（官方格式{row.origin === 'compiled' ? '' : '，按本平台读取的数字排版'}）
      </a>
      <a class="button" href={`${base}/docx`} download>
        下载 DOCX（官方格式）
      </a>
      <a class="button" href={`${base}/json`}>
        数据（JSON）
      </a>
    </p>
    {extra}
    <h2 id="findings">检查结果</h2>
    <FindingsList findings={findings} ruleIds={section === 'supervise' || staff === true} />
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

/**
 * The open-data page: what the datasets hold and where each number comes from, the downloads of every year the
 * public pages show, the API, and one line per column (the researcher's data dictionary).
 */
export const OpenDataPage: FC<
  Frame & {
    years: readonly number[];
    columns: readonly { key: string; label: string; note: string }[];
  }
> = ({ user, csrf, years, columns }) => (
  <Layout title="开放数据" user={user} csrf={csrf} section="public" crumbs={[['年度报告', '/reports']]}>
    <p>
      本站公开的年度报告（已对应到机关、已登记发布日期的，每个机关每个年度取现行有效的一份）也以数据提供：每份报告一行、
      每个单元格一列。数字与<a href="/reports">年度报告</a>页面相同；每行的 reportId 列给出它的报告页面。
    </p>
    <h2>按年度下载</h2>
    {years.length ? (
      <ul>
        {years.map((y) => (
          <li>
            {y}年：<a href={`/api/v1/datasets/${y}.csv`}>CSV</a>（UTF-8 带 BOM，Excel 可直接打开）·{' '}
            <a href={`/api/v1/datasets/${y}.jsonl`}>JSON Lines</a>（每行一份报告，含检查结果）·{' '}
            <a href={`/api/v1/datasets/${y}.zip`}>ZIP</a>（CSV、JSON Lines 和说明文件
            README.txt：许可、署名、各列说明）
          </li>
        ))}
      </ul>
    ) : (
      <p>暂无已公开的年度报告。</p>
    )}
    <h2>接口</h2>
    <p>
      <a href="/api/v1/reports">/api/v1/reports</a> 列出报告（可按 year、agency、region 筛选，分页），
      /api/v1/reports/编号
      给出一份报告的全部数字、每个数字的来源类别（读出、识别、留空、推算、不确定、未读出、
      由案件汇编、经人工核对）和检查结果。完整说明见 <a href="/api/v1/openapi.json">OpenAPI 文档</a>。
      接口只读、按网络地址限流；正文中的手机号、身份证号已遮蔽。
    </p>
    <h2>数字的来源与局限</h2>
    <p>
      数字由本平台从各机关发布的报告原文读出，并按官方格式的勾稽关系检查；读取没有把握或未能读出的单元格在
      uncertain、 unknown 列中列出，不作为事实给出。引用时请注明机关和报告（reportId），并以报告原文为准。
    </p>
    <h2 id="license">许可</h2>
    <p data-license={DATA_LICENSE.id}>
      数据集和接口的数据以
      <a href={DATA_LICENSE.url} rel="license">
        {DATA_LICENSE.name}
      </a>
      发布：可以自由复制、分发、改编和商业使用，但须署名。{DATA_LICENSE.attribution}
    </p>
    <p>
      年度报告是各机关依照《条例》第五十条主动公开的政府信息，原文的权利归发布机关；本平台发布的是对这些报告的读取与汇编（每个数字的来源类别、检查结果）。接口的每个答复都带有
      <code>Link: &lt;…&gt;; rel="license"</code> 头，JSON 答复另有 <code>license</code> 字段。本平台软件以
      MIT 许可发布，与数据的许可无关。
    </p>
    <DataTable
      id="columns"
      rows={columns}
      caption="数据集各列（CSV 表头依次为下列字段键；XLSX 第二行为中文名称）"
      columns={['列（字段键）', '名称', '说明']}
      row={(c) => (
        <tr>
          <td>
            <code>{c.key}</code>
          </td>
          <td>{c.label}</td>
          <td>{c.note}</td>
        </tr>
      )}
    />
  </Layout>
);
