// The supervisor settles what the reader could not (src/supervision/cell-confirm.ts): the list of a collected
// report's cells left to confirm ("待核对 N 格") and the cells confirmed so far, and one cell's form — what the source
// printed there, the reader's reason, its candidates as choices, a number field, the note.
import type { FC } from 'hono/jsx';
import type { StoredConfirmation, StoredReading } from '../../db/schema/annual-reports.ts';
import type { FieldDef } from '../../domain/report/layout.ts';
import type { Report } from '../../domain/report/model.ts';
import type { Finding } from '../../domain/rules/index.ts';
import {
  confirmedCells,
  cutText,
  type GluedRun,
  NOTE_MAX,
  type PendingCell,
  pendingCells,
} from '../../supervision/cell-readings.ts';
import { Csrf, ErrorSummary, type FieldErrors, type Frame, Pill, Radios, TextField } from './components.tsx';
import { Layout } from './layout.tsx';
import { cellId, FindingsList, ReportTables } from './report-tables.tsx';

/** Beijing time, minutes: when a confirmation was made. */
export const whenBeijing = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

const readText = (r: StoredReading): string =>
  r.read.state === 'number' ? String(r.read.value) : r.read.state === 'blank' ? '空白' : '未读出';

const confirmedText = (c: StoredConfirmation): string =>
  c.state === 'number' ? String(c.value) : '空白（原文未填）';

const Excerpt: FC<{ text: string }> = ({ text }) => (
  <blockquote class="source-excerpt">
    <span class="hint">原文此行：</span>
    {text}
  </blockquote>
);

/** Where the reader saw the cell: the printed text and its line/page, and the row's printed line when kept. */
const SourceOf: FC<{ r: StoredReading }> = ({ r }) =>
  r.text !== undefined || r.line !== undefined || r.page !== undefined ? (
    <>
      {r.text !== undefined ? <code class="source-text">“{r.text}”</code> : null}
      {r.page !== undefined ? <span class="hint"> 第 {r.page} 页</span> : null}
      {r.line !== undefined ? <span class="hint"> 第 {r.line} 行</span> : null}
      {r.excerpt ? <Excerpt text={r.excerpt} /> : null}
    </>
  ) : r.excerpt ? (
    <Excerpt text={r.excerpt} />
  ) : (
    <span class="hint">原文中没有对应文字</span>
  );

export const CellsPage: FC<
  Frame & {
    id: number;
    year: number;
    title: string;
    report: Report;
    findings: readonly Finding[];
    pending: readonly PendingCell[];
    confirmed: readonly (PendingCell & { confirmed: StoredConfirmation })[];
    names: ReadonlyMap<string, string>;
    /** The glued runs with a cell still pending: each gets "整行一起核对". */
    runs?: readonly GluedRun[];
    notice?: string;
  }
> = ({ user, csrf, id, year, title, report, findings, pending, confirmed, names, runs, notice }) => (
  <Layout
    title={`核对单元格：${title}`}
    user={user}
    csrf={csrf}
    section="supervise"
    crumbs={[['监督工作台', `/supervise?year=${year}`]]}
    notice={notice}
  >
    <p>
      <a href={`/reports/${id}`}>{title}</a>（第 {id} 号）
    </p>
    <p class="hint">
      解析器对下列单元格没有把握（数字连写有多种拆分、原文未列出该行等），不作为确定值计入合计和排名。请对照原文逐一核对：
      选择候选值或填写原文的数字，并写明核对依据。核对结果计入合计，记入审计日志，可改正或恢复解析结果。
    </p>
    <h2 id="pending">待核对 {pending.length} 格</h2>
    {pending.length ? (
      <table class="data" id="pending-cells">
        <thead>
          <tr>
            <th scope="col">单元格</th>
            <th scope="col">原文</th>
            <th scope="col">解析器的说明</th>
            <th scope="col">候选值</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {pending.map((p) => (
            <tr>
              <th scope="row">
                <a href={`/reports/${id}#${cellId(p.key)}`}>{p.def.label}</a>
              </th>
              <td>
                <SourceOf r={p.reading} />
              </td>
              <td>{p.reading.reason ?? '未读出'}</td>
              <td>{p.reading.candidates?.join('、') ?? '—'}</td>
              <td>
                <a href={`/supervise/reports/${id}/cells/${encodeURIComponent(p.key)}`}>核对</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : (
      <p class="ok-line">本报告所有单元格均已确定读出或经人工核对。</p>
    )}
    {runs?.length ? (
      <ul class="runs" id="runs">
        {runs.map((r) => (
          <li>
            原文连写“{r.text}”（
            {r.keys.map((k) => pending.find((p) => p.key === k)?.def.label ?? k).join('、')}
            ）：
            <a href={`/supervise/reports/${id}/runs/${encodeURIComponent(r.keys[0]!)}`}>整行一起核对</a>
            <span class="hint">（可能的拆分：{r.splits.map(cutText).join('、')}）</span>
          </li>
        ))}
      </ul>
    ) : null}
    {confirmed.length ? (
      <>
        <h2 id="confirmed">已人工核对 {confirmed.length} 格</h2>
        <table class="data" id="confirmed-cells">
          <thead>
            <tr>
              <th scope="col">单元格</th>
              <th scope="col">核对结果</th>
              <th scope="col">解析结果</th>
              <th scope="col">核对人</th>
              <th scope="col">时间</th>
              <th scope="col">核对说明</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {confirmed.map((p) => (
              <tr>
                <th scope="row">
                  <a href={`/reports/${id}#${cellId(p.key)}`}>{p.def.label}</a>
                </th>
                <td class="n">
                  {confirmedText(p.confirmed)}
                  {p.confirmed.departs ? (
                    <span class="hint">（与原文连写“{p.confirmed.departs}”不符，按原文有误保存）</span>
                  ) : null}
                </td>
                <td>
                  {readText(p.reading)}
                  {p.reading.candidates ? (
                    <span class="hint">（候选值 {p.reading.candidates.join('、')}）</span>
                  ) : null}
                </td>
                <td>{names.get(p.confirmed.by) ?? p.confirmed.by}</td>
                <td>{whenBeijing(p.confirmed.at)}</td>
                <td>{p.confirmed.note}</td>
                <td>
                  <a href={`/supervise/reports/${id}/cells/${encodeURIComponent(p.key)}`}>改正</a>
                  <form
                    method="post"
                    action={`/supervise/reports/${id}/cells/${encodeURIComponent(p.key)}/restore`}
                    class="inline"
                  >
                    <Csrf token={csrf} />
                    <button type="submit">恢复解析结果</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    ) : null}
    <h2>检查结果</h2>
    <FindingsList findings={findings} linkPrefix={`/reports/${id}`} />
    <h2>表格</h2>
    <ReportTables report={report} findings={findings} />
  </Layout>
);

export const CONFIRM_LABELS: Readonly<Record<string, string>> = {
  choice: '候选值',
  value: '原文的数字',
  note: '核对说明',
  override: '与原文连写的数字不符',
  split: '拆分',
};

/**
 * The explicit override of the glued-run check: shown once the values were refused for not spelling the printed
 * run (a real report may misprint it); ticking it saves the values with the note as the reason.
 */
const OverrideBox: FC<{ errors?: FieldErrors; checked: boolean }> = ({ errors, checked }) =>
  errors?.override || checked ? (
    <div class={`field${errors?.override ? ' invalid' : ''}`}>
      <p class="error" id="override-error">
        {errors?.override}
      </p>
      <label>
        <input type="checkbox" id="override" name="override" value="1" checked={checked} />{' '}
        原文有误，仍按核对的值保存（请在核对说明中写明依据）
      </label>
    </div>
  ) : null;

export const ConfirmCellPage: FC<
  Frame & {
    id: number;
    year: number;
    title: string;
    def: FieldDef;
    reading: StoredReading;
    crop: string | null;
    typed: { choice: string; value: string; note: string; override?: boolean };
    errors?: FieldErrors;
    /** The 勾稽 rules the value would break: shown before saving, with "仍然保存" for that value (`ack`). */
    broken?: readonly Finding[];
    ack?: string;
    /** The glued run the cell is part of: its cells can be confirmed together. */
    run?: GluedRun;
  }
> = ({ user, csrf, id, year, title, def, reading, crop, typed, errors, broken, ack, run }) => {
  const options: [string, string, string?][] = [
    ...(reading.candidates ?? []).map(
      (v) => [String(v), String(v), '（解析器给出的候选值）'] as [string, string, string],
    ),
    ['blank', '空白', '（原文此格未填写）'],
  ];
  return (
    <Layout
      title={`核对：${def.label}`}
      user={user}
      csrf={csrf}
      section="supervise"
      crumbs={[
        ['监督工作台', `/supervise?year=${year}`],
        ['待核对单元格', `/supervise/reports/${id}/cells`],
      ]}
    >
      <p>
        <a href={`/reports/${id}#${cellId(def.key)}`}>{title}</a>
      </p>
      <ErrorSummary errors={errors} labels={CONFIRM_LABELS} />
      <dl class="facts">
        <dt>单元格</dt>
        <dd>
          {def.label} <code>{def.key}</code>（单位：{def.unit}）
        </dd>
        <dt>原文</dt>
        <dd>
          <SourceOf r={reading} />
          {crop ? (
            <div>
              <img class="crop" src={crop} alt={`原件截图：${def.label}`} />
            </div>
          ) : null}
        </dd>
        <dt>解析器的说明</dt>
        <dd>
          {reading.reason ?? '未读出（无说明）'}
          {run ? (
            <>
              {' '}
              <a href={`/supervise/reports/${id}/runs/${encodeURIComponent(def.key)}`}>
                整行一起核对（原文连写“{run.text}”）
              </a>
            </>
          ) : null}
        </dd>
        <dt>解析结果</dt>
        <dd>{readText(reading)}</dd>
        {reading.confirmed ? (
          <>
            <dt>已核对为</dt>
            <dd>
              <Pill tone="info">{confirmedText(reading.confirmed)}</Pill> {whenBeijing(reading.confirmed.at)}
              ：{reading.confirmed.note}（再次核对将取代此结果）
            </dd>
          </>
        ) : null}
      </dl>
      {broken?.length ? (
        <div class="error-summary" role="alert" id="broken">
          <h2>该值使下列勾稽关系不成立</h2>
          <ul>
            {broken.map((f) => (
              <li>{f.message}</li>
            ))}
          </ul>
          <p>
            若原文确实如此（报告本身有误），仍可保存：保存后报告页面会立即显示这一错误。否则请修改后再保存。
          </p>
        </div>
      ) : null}
      <form
        method="post"
        action={`/supervise/reports/${id}/cells/${encodeURIComponent(def.key)}`}
        class="stack"
      >
        <Csrf token={csrf} />
        <Radios
          name="choice"
          label="原文印的是"
          hint="选择一个候选值；不在其中时，在下面填写原文的数字。"
          value={typed.choice}
          options={options}
          errors={errors}
        />
        <TextField
          name="value"
          label="原文的数字"
          hint={`填写后以填写的数字为准（${def.kind === 'money' ? '万元，可有小数' : '整数'}）；也可填“空白”。`}
          value={typed.value}
          inputmode={def.kind === 'money' ? 'decimal' : 'numeric'}
          maxlength={20}
          errors={errors}
        />
        <TextField
          name="note"
          label="核对说明"
          hint="写明核对依据，如“核对原文PDF第3页”。"
          value={typed.note}
          required
          maxlength={NOTE_MAX}
          errors={errors}
        />
        <OverrideBox errors={errors} checked={typed.override === true} />
        {broken?.length && ack ? <input type="hidden" name="ack" value={ack} /> : null}
        <button type="submit" class="primary">
          {broken?.length ? '仍然保存' : '保存核对结果'}
        </button>
      </form>
    </Layout>
  );
};

/** One glued run's cells on one form: the reader's candidate cuts as choices, or a number typed per cell. */
export const ConfirmRunPage: FC<
  Frame & {
    id: number;
    year: number;
    title: string;
    run: GluedRun;
    /** The run's cells, in the row's order, with what the reader saw (certain cells have no form field). */
    cells: readonly (PendingCell & { settle: boolean })[];
    typed: { split: string; values: readonly string[]; note: string; override?: boolean };
    errors?: FieldErrors;
  }
> = ({ user, csrf, id, year, title, run, cells, typed, errors }) => {
  const excerpt = cells.find((c) => c.reading.excerpt)?.reading.excerpt;
  const line = cells.find((c) => c.reading.line !== undefined)?.reading.line;
  return (
    <Layout
      title={`整行核对：原文连写“${run.text}”`}
      user={user}
      csrf={csrf}
      section="supervise"
      crumbs={[
        ['监督工作台', `/supervise?year=${year}`],
        ['待核对单元格', `/supervise/reports/${id}/cells`],
      ]}
    >
      <p>
        <a href={`/reports/${id}`}>{title}</a>
      </p>
      <ErrorSummary errors={errors} labels={CONFIRM_LABELS} />
      <dl class="facts">
        <dt>原文</dt>
        <dd>
          <code class="source-text">“{run.text}”</code>
          {line !== undefined ? <span class="hint"> 第 {line} 行</span> : null}
          {excerpt ? <Excerpt text={excerpt} /> : null}
        </dd>
        <dt>单元格</dt>
        <dd>{cells.map((c) => c.def.label).join('｜')}</dd>
      </dl>
      <p class="hint">
        原文把本行的 {cells.length} 个数字连在一起印出，解析器无法确定从哪里断开。核对的各数按本行顺序连起来，
        须与原文“{run.text}”一致。
      </p>
      <form
        method="post"
        action={`/supervise/reports/${id}/runs/${encodeURIComponent(run.keys[0]!)}`}
        class="stack"
      >
        <Csrf token={csrf} />
        <Radios
          name="split"
          label="原文应拆分为"
          hint="选择一种拆分；都不对时，在下面逐格填写原文的数字。"
          value={typed.split}
          options={run.splits.map(
            (sp) =>
              [
                cutText(sp),
                cutText(sp),
                `（${cells.map((c, i) => `${c.def.label} ${sp[i]}`).join('，')}）`,
              ] as [string, string, string],
          )}
          errors={errors}
        />
        {cells.map((c, i) =>
          c.settle ? (
            <TextField
              name={`v${i}`}
              label={c.def.label}
              hint={`不选拆分时填写（单位：${c.def.unit}）；填写后以填写的数字为准。`}
              value={typed.values[i] ?? ''}
              inputmode={c.def.kind === 'money' ? 'decimal' : 'numeric'}
              maxlength={20}
              errors={errors}
            />
          ) : null,
        )}
        <TextField
          name="note"
          label="核对说明"
          hint="写明核对依据，如“核对原文网页第10行”。"
          value={typed.note}
          required
          maxlength={NOTE_MAX}
          errors={errors}
        />
        <OverrideBox errors={errors} checked={typed.override === true} />
        <button type="submit" class="primary">
          保存整行核对结果
        </button>
      </form>
    </Layout>
  );
};

/** On a report's page, for supervisors and administrators: how many cells are left to confirm, and where. */
export const CellsLink: FC<{
  row: { id: number; readings: Readonly<Record<string, StoredReading>> };
  report: Report;
}> = ({ row, report }) => {
  const pending = pendingCells(report, row.readings).length;
  const confirmed = confirmedCells(row.readings).length;
  if (!pending && !confirmed) return null;
  return (
    <p class="cells-link">
      <a href={`/supervise/reports/${row.id}/cells`}>
        {pending ? `待核对 ${pending} 格` : '全部单元格已核对'}
        {confirmed ? `（已人工核对 ${confirmed} 格）` : ''}
      </a>
    </p>
  );
};
