// The supervisor's console: the status board of a subtree for a year, the combined tables, the charts, the bulk
// upload and its results.
import type { FC } from 'hono/jsx';
import { AGENCY_KIND_LABELS, type AgencyKind } from '../../db/schema/vocabulary.ts';
import { localBasisLines, type ReportStatus } from '../../domain/deadlines/report-deadline.ts';
import { fieldDef } from '../../domain/report/layout.ts';
import type { Finding } from '../../domain/rules/index.ts';
import { BOARD_LABELS, type ChartSet, type Combined, type StatusRow } from '../reports/board.ts';
import {
  AgencySelect,
  Csrf,
  DataTable,
  Empty,
  type Frame,
  Pill,
  Problem,
  TextField,
  YearSelect,
} from './components.tsx';
import { Layout } from './layout.tsx';
import { ChartFigure, CheckPills } from './public-reports.tsx';
import { cellId, ReportTables, ruleAttrs } from './report-tables.tsx';

type BoardStatus = ReportStatus;

/** Download links of a console view: every file is scoped to the subtree and year on screen. */
export const Downloads: FC<{
  base: string;
  year: number;
  items: readonly (readonly [label: string, file: string])[];
}> = ({ base, year, items }) => (
  <p class="actions downloads">
    <span>下载：</span>
    {items.map(([label, file]) => (
      <a class="button" href={`${base}/export/${file}?year=${year}`} download>
        {label}
      </a>
    ))}
  </p>
);
/** The local rule the board applied to 乡镇、街道 (stored by an administrator, /admin/report-deadlines). */
const localBasis = (lines: readonly StatusRow[]): string =>
  localBasisLines(lines).join('；') || '地方规定（见“报告截止日期”设置）';

const TONE: Readonly<Record<BoardStatus, 'ok' | 'warn' | 'bad' | 'info' | 'muted'>> = {
  onTime: 'ok',
  late: 'warn',
  missing: 'bad',
  notYetDue: 'muted',
  undated: 'info',
};

/** The report year of a console view, chosen by a GET form. */
export const YearPicker: FC<{ action: string; year: number; years: readonly number[] }> = ({
  action,
  year,
  years,
}) => (
  <form method="get" action={action} class="filters">
    <YearSelect name="year" label="报告年度" years={years} value={year} />
    <button type="submit">查看</button>
  </form>
);

export const BoardPage: FC<
  Frame & {
    root: { id: number; name: string };
    year: number;
    years: readonly number[];
    lines: readonly StatusRow[];
    charts: ChartSet;
    base: string;
    notice?: string;
  }
> = ({ user, csrf, root, year, years, lines, charts, base, notice }) => {
  const count = (s: BoardStatus) => lines.filter((l) => l.status === s).length;
  const q = `?year=${year}`;
  return (
    <Layout title={`监督工作台：${root.name}`} user={user} csrf={csrf} section="supervise" notice={notice}>
      <p class="actions">
        <a class="button primary" href="/supervise/upload">
          上传年度报告
        </a>
        <a class="button" href={`${base}/combined${q}`}>
          {year}年合计表与问题清单
        </a>
        <a class="button" href={`${base}/performance${q}`}>
          {year}年各机关办理情况
        </a>
        <a class="button" href={`${base}/crosscheck${q}`}>
          {year}年跨报告核查（雷同、与上年核对）
        </a>
        <a class="button" href="/admin/calendar">
          工作日历
        </a>
      </p>
      <YearPicker action={base} year={year} years={years} />
      <div class="cards">
        {(['onTime', 'late', 'undated', 'missing', 'notYetDue'] as const).map((s) => (
          <div class="card">
            <h2>{BOARD_LABELS[s]}</h2>
            <div class={`stat${s === 'missing' ? ' bad' : s === 'late' ? ' warn' : ''}`}>{count(s)}</div>
          </div>
        ))}
      </div>
      <h2>{year}年度报告发布情况</h2>
      <Downloads
        base={base}
        year={year}
        items={[
          ['发布情况 XLSX', 'board.xlsx'],
          ['发布情况 CSV', 'board.csv'],
          ['数据集 CSV', 'dataset.csv'],
          ['数据集 XLSX', 'dataset.xlsx'],
          ['数据集 JSON Lines', 'dataset.jsonl'],
        ]}
      />
      <DataTable
        id="board"
        rows={lines}
        caption={`${root.name}及所属机关（截止日期依《条例》第四十九条；乡镇、街道及其他机关为${localBasis(lines)}）`}
        columns={['机关', '类别', '截止日期', '状态', '发布日期', '检查结果', '报告']}
        row={(l) => (
          <tr>
            <th scope="row">
              <span>
                {'　'.repeat(l.depth)}
                <a href={`/supervise/agencies/${l.agencyId}${q}`}>{l.name}</a>
              </span>{' '}
              <a class="hint" href={`/supervise/agencies/${l.agencyId}/profile`}>
                历年与别名
              </a>
            </th>
            <td>{AGENCY_KIND_LABELS[l.kind as AgencyKind] ?? l.kind}</td>
            <td title={l.basis}>{l.deadline}</td>
            <td>
              <Pill tone={TONE[l.status]}>{BOARD_LABELS[l.status]}</Pill>
              {l.daysLate > 0 ? <span class="hint">逾期 {l.daysLate} 天</span> : null}
            </td>
            <td>{l.publishedOn ?? '—'}</td>
            <td>
              {l.reportId !== null ? <CheckPills errors={l.errors ?? 0} warnings={l.warnings ?? 0} /> : '—'}
            </td>
            <td>
              {l.reportId !== null ? (
                <>
                  <a href={`/reports/${l.reportId}`}>查看</a> ·{' '}
                  <a href={`/supervise/reports/${l.reportId}/edit`}>登记发布日期</a>
                  {/* Only while cells are left: the count falls as they are confirmed (status-board.ts). */}
                  {(l.pendingCells ?? 0) > 0 ? (
                    <>
                      {' '}
                      · <a href={`/supervise/reports/${l.reportId}/cells`}>待核对 {l.pendingCells} 格</a>
                    </>
                  ) : null}
                  {l.copies > 1 ? (
                    <>
                      {' '}
                      · <a href={`/supervise/reports/${l.reportId}/compare`}>共 {l.copies} 份副本，比较</a>
                    </>
                  ) : null}
                </>
              ) : (
                '—'
              )}
            </td>
          </tr>
        )}
      />
      <h2>图表</h2>
      <div class="charts">
        <ChartFigure
          src={`${base}/charts/received.svg${q}`}
          alt="历年新收申请数量"
          caption="历年新收政府信息公开申请数量（各机关合计）"
          rows={charts.byYear.map((h) => [`${h.year}年`, h.received ?? '无报告'])}
          head={['年度', '新收申请（件）']}
        />
        <ChartFigure
          src={`${base}/charts/outcomes.svg${q}`}
          alt={`${year}年办理结果构成`}
          caption={`${year}年办理结果构成（各机关合计）`}
          rows={charts.mix.map((m) => [m.name, m.value])}
        />
        <ChartFigure
          src={`${base}/charts/corrections.svg${q}`}
          alt="行政复议、行政诉讼纠错率"
          caption="行政复议、行政诉讼纠错率（结果纠正 ÷ 已审结）"
          rows={charts.rates.flatMap((r) => [
            [`${r.year}年 行政复议`, r.review === null ? '无审结' : `${r.review}%`],
            [`${r.year}年 行政诉讼`, r.litigation === null ? '无审结' : `${r.litigation}%`],
          ])}
        />
        <ChartFigure
          src={`${base}/charts/ranking.svg${q}`}
          alt={`${year}年各机关新收申请排名`}
          caption={`${year}年各机关新收申请数量排名`}
          rows={charts.ranking.map((r) => [r.name, r.value])}
          head={['机关', '新收申请（件）']}
          height={Math.max(160, 70 + Math.min(20, charts.ranking.length) * 30)}
        />
      </div>
    </Layout>
  );
};

export const CombinedPage: FC<
  Frame & {
    root: { id: number; name: string };
    year: number;
    combined: Combined;
    findings: readonly Finding[];
    perAgency: readonly { row: StatusRow; findings: readonly Finding[] }[];
    base: string;
  }
> = ({ user, csrf, root, year, combined, findings, perAgency, base }) => (
  <Layout
    title={`${root.name}${year}年合计表`}
    user={user}
    csrf={csrf}
    section="supervise"
    crumbs={[['监督工作台', `${base}?year=${year}`]]}
  >
    <p>
      合计 {combined.count}{' '}
      份报告（每个机关取现行有效的一份：监督机关确认的副本，未确认时取最早发布的、再取最新收集的），逐项相加；某份报告未能读出的单元格不计入合计。
    </p>
    <Downloads
      base={base}
      year={year}
      items={[
        ['合计表 XLSX（官方格式）', 'combined.xlsx'],
        ['合计表 CSV', 'combined.csv'],
        ['检查结果 XLSX', 'findings.xlsx'],
        ['检查结果 CSV', 'findings.csv'],
      ]}
    />
    <h2>各机关的问题</h2>
    {perAgency.length ? (
      perAgency.map(({ row, findings: fs }) => (
        <section aria-labelledby={`a-${row.agencyId}`}>
          <h3 id={`a-${row.agencyId}`}>
            {row.name} <CheckPills errors={row.errors ?? 0} warnings={row.warnings ?? 0} />
          </h3>
          {fs.length ? (
            <ul>
              {fs.map((f) => (
                <li {...ruleAttrs(f.rule)}>
                  <Pill tone={f.severity === 'error' ? 'bad' : 'warn'}>
                    {f.severity === 'error' ? '错误' : '提示'}
                  </Pill>{' '}
                  {f.message}
                  {f.cells.length ? (
                    <>
                      {' '}
                      （
                      {f.cells.slice(0, 4).map((k, i) => (
                        <>
                          {i ? '、' : ''}
                          <a href={`/reports/${row.reportId}#${cellId(k)}`}>{fieldDef(k)?.label ?? k}</a>
                        </>
                      ))}
                      {f.cells.length > 4 ? ` 等 ${f.cells.length} 处` : ''}）
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p class="ok-line">未发现问题。</p>
          )}
        </section>
      ))
    ) : (
      <Empty>本年度尚未收集到报告。</Empty>
    )}
    <h2>合计表</h2>
    {findings.length ? (
      <p class="hint">
        合计表本身的检查：错误 {findings.filter((f) => f.severity === 'error').length}{' '}
        项（各机关表内不平衡会带入合计）。
      </p>
    ) : null}
    <ReportTables report={combined.report} findings={findings} only={['t3', 't4']} />
  </Layout>
);

export const UploadPage: FC<
  Frame & { maxFiles: number; maxFileMb: number; maxTotalMb: number; error?: string }
> = ({ user, csrf, maxFiles, maxFileMb, maxTotalMb, error }) => (
  <Layout
    title="上传年度报告"
    user={user}
    csrf={csrf}
    section="supervise"
    crumbs={[['监督工作台', '/supervise']]}
  >
    <p>
      可一次选择多个文件：纯文本、HTML 网页、DOCX、PDF 或本系统导出的 JSON
      均可，系统按内容识别格式，不看扩展名。每个文件读取后立即检查勾稽关系，并按报告中的机关名称匹配本系统的机关。
    </p>
    <Problem problem={error} />
    <form method="post" action="/supervise/upload" enctype="multipart/form-data" class="stack">
      <Csrf token={csrf} />
      <div class="field">
        <label for="files">报告文件</label>
        <input id="files" name="files" type="file" multiple required aria-describedby="files-hint" />
        <span class="hint" id="files-hint">
          最多 {maxFiles} 个文件，单个文件不超过 {maxFileMb} MB，合计不超过 {maxTotalMb}{' '}
          MB。上传后文件在后台逐个读取，页面显示每个文件的进度和结果；原件读取后即删除。
        </span>
      </div>
      <button type="submit" class="primary">
        上传并检查
      </button>
    </form>
  </Layout>
);

export const EditReportPage: FC<
  Frame & {
    id: number;
    title: string;
    publishedOn: string | null;
    agencyId: number | null;
    agencies: readonly { id: number; name: string }[];
    errors?: Record<string, string>;
  }
> = ({ user, csrf, id, title, publishedOn, agencyId, agencies, errors }) => (
  <Layout
    title="登记报告信息"
    user={user}
    csrf={csrf}
    section="supervise"
    crumbs={[['监督工作台', '/supervise']]}
  >
    <p>
      <a href={`/reports/${id}`}>{title}</a>
    </p>
    <form method="post" action={`/supervise/reports/${id}/edit`} class="stack">
      <Csrf token={csrf} />
      <TextField
        name="publishedOn"
        type="date"
        label="发布日期"
        value={publishedOn}
        hint="报告在政府网站公开的日期，用于判断是否按时发布。留空表示未记录。"
        errors={errors}
      />
      <AgencySelect
        name="agencyId"
        label="所属机关"
        placeholder="（未匹配）"
        agencies={agencies}
        value={agencyId}
      />
      <button type="submit" class="primary">
        保存
      </button>
    </form>
  </Layout>
);
