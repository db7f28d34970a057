// The tables 二/三/四 of a report, drawn from the renderers' shared grid (src/render/grid.ts) so the merges are the
// official ones, with each number cell addressable (#cell-<field key>) and marked when a finding names it. Findings
// link to their cells; a cell's title says what is wrong with it.
import type { FC } from 'hono/jsx';
import { fieldDef } from '../../domain/report/layout.ts';
import type { Report } from '../../domain/report/model.ts';
import { type Finding, RULES } from '../../domain/rules/index.ts';
import type { GridCell, TableGrid } from '../../render/grid.ts';
import { cellText, reportGrids, reportSections } from '../../render/view.ts';

export interface CellFlags {
  readonly severity: Map<string, 'error' | 'warning'>;
  readonly notes: Map<string, string[]>;
}

export function flagsOf(findings: readonly Finding[]): CellFlags {
  const severity = new Map<string, 'error' | 'warning'>();
  const notes = new Map<string, string[]>();
  for (const f of findings)
    for (const k of f.cells) {
      if (severity.get(k) !== 'error') severity.set(k, f.severity);
      notes.set(k, [...(notes.get(k) ?? []), f.message]);
    }
  return { severity, notes };
}

export const cellId = (key: string) => `cell-${key}`;

/** The date (Beijing) of an ISO date-time. */
const beijingDate = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** Where a number cell links to (the cases behind a compiled cell), or null. */
export type CellHref = (key: string) => string | null;

/** The crop of the scan behind a number read by OCR (issue 17): its address and page, or null. */
export type CellCrop = (key: string) => { readonly href: string; readonly page: number } | null;

/**
 * Beside an OCR-read number, what the scan printed there: a thumbnail, loaded only when scrolled to, for the cells
 * that most need a look (uncertain, or named by a finding); a small "原件" link for the others, so a table of a
 * hundred numbers stays readable and costs no rendering until a reader asks.
 */
const CropOf: FC<{ crop: { href: string; page: number }; label: string; thumb: boolean }> = ({
  crop,
  label,
  thumb,
}) => {
  const alt = `第${crop.page}页原件截图：${label}`;
  return thumb ? (
    <a class="ocr-crop" href={crop.href} title={alt}>
      <img src={crop.href} loading="lazy" decoding="async" alt={alt} height={36} />
    </a>
  ) : (
    <a class="ocr-src" href={crop.href} title={alt} aria-label={alt}>
      原件
    </a>
  );
};

const Cell: FC<{
  report: Report;
  cell: GridCell;
  flags: CellFlags;
  uncertain: ReadonlySet<string>;
  href?: CellHref;
  crop?: CellCrop;
}> = ({ report, cell, flags, uncertain, href, crop }) => {
  const span = {
    rowspan: cell.rowSpan > 1 ? cell.rowSpan : undefined,
    colspan: cell.colSpan > 1 ? cell.colSpan : undefined,
  };
  if (cell.key !== undefined) {
    const sev = flags.severity.get(cell.key);
    const notes = flags.notes.get(cell.key);
    // A cell a person settled against the source (src/supervision/cell-confirm.ts): marked, with the date; never the
    // reviewer's name here (this table is the public page's too).
    const confirmation =
      report.provenance[cell.key]?.kind === 'confirmed'
        ? report.provenance[cell.key]!.confirmation
        : undefined;
    const cls = [
      'num',
      sev ? `flag-${sev}` : '',
      uncertain.has(cell.key) ? 'uncertain' : '',
      confirmation ? 'confirmed' : '',
    ].filter(Boolean);
    const confirmedOn = confirmation ? `经人工核对（${beijingDate(confirmation.at)}）` : null;
    return (
      <td
        id={cellId(cell.key)}
        class={cls.join(' ')}
        data-key={cell.key}
        title={[
          ...(notes ?? [fieldDef(cell.key)?.label ?? cell.key]),
          ...(confirmedOn ? [confirmedOn] : []),
        ].join('\n')}
        {...span}
      >
        {(() => {
          // A number the reader could not read is not a blank cell: say so, or a citizen sees an empty red box
          // and cannot tell "nothing printed" from "not read" (never a silently wrong number).
          if (report.cells[cell.key]?.state === 'unknown') {
            const to = href?.(cell.key);
            const mark = <span class="unread">未读出</span>;
            return to ? <a href={to}>{mark}</a> : mark;
          }
          const text = cellText(report, cell.key);
          const to = href?.(cell.key);
          return to && text ? <a href={to}>{text}</a> : text;
        })()}
        {uncertain.has(cell.key) ? <span class="sr-only">（读取时没有把握，请对照原件）</span> : null}
        {(() => {
          const at = crop?.(cell.key);
          if (!at || report.cells[cell.key]?.state === 'unknown') return null;
          return (
            <CropOf
              crop={at}
              label={fieldDef(cell.key)?.label ?? cell.key}
              thumb={uncertain.has(cell.key) || sev !== undefined}
            />
          );
        })()}
        {confirmedOn ? (
          <span class="confirmed-mark" title={confirmedOn}>
            经人工核对
            <span class="sr-only">（{beijingDate(confirmation!.at)}）</span>
          </span>
        ) : null}
        {sev ? <span class="sr-only">（{sev === 'error' ? '有错误' : '有提示'}）</span> : null}
      </td>
    );
  }
  if (!cell.scope)
    return (
      <td class="note" {...span}>
        {cell.text}
      </td>
    );
  return (
    <th scope={cell.scope} {...span}>
      {cell.text}
    </th>
  );
};

export const GridTable: FC<{
  report: Report;
  grid: TableGrid;
  flags: CellFlags;
  href?: CellHref;
  crop?: CellCrop;
}> = ({ report, grid, flags, href, crop }) => {
  const uncertain = new Set(Object.keys(report.uncertain));
  const head = grid.rows.slice(0, grid.headerRows);
  const body = grid.rows.slice(grid.headerRows);
  // On a phone 表三 and 表四 scroll sideways in this box: a keyboard user reaches it by Tab to scroll it with the arrow
  // keys, and a screen reader names it by its table.
  return (
    <section class="table-scroll" tabindex={0} aria-label={`${grid.name}　${grid.caption}`}>
      <table class={`report ${grid.id}`}>
        <caption>
          {grid.name}　{grid.caption}
        </caption>
        <thead>
          {head.map((cells) => (
            <tr>
              {cells.map((c) => (
                <Cell report={report} cell={c} flags={flags} uncertain={uncertain} href={href} crop={crop} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {body.map((cells) => (
            <tr>
              {cells.map((c) => (
                <Cell report={report} cell={c} flags={flags} uncertain={uncertain} href={href} crop={crop} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <TableLegend report={report} grid={grid} flags={flags} uncertain={uncertain} />
    </section>
  );
};

/**
 * What the marks in a table mean, under the table, only for the marks it has: a reader of a collected report (a
 * citizen, a journalist) meets a red frame or a dotted number with no one to ask.
 */
const TableLegend: FC<{
  report: Report;
  grid: TableGrid;
  flags: CellFlags;
  uncertain: ReadonlySet<string>;
}> = ({ report, grid, flags, uncertain }) => {
  let unread = false;
  let doubtful = false;
  let flagged = false;
  for (const row of grid.rows)
    for (const c of row) {
      if (c.key === undefined) continue;
      if (report.cells[c.key]?.state === 'unknown') unread = true;
      if (uncertain.has(c.key)) doubtful = true;
      if (flags.severity.has(c.key)) flagged = true;
    }
  if (!unread && !doubtful && !flagged) return null;
  return (
    <p class="table-legend hint">
      {flagged ? <span>红底红框：检查发现错误的数字；黄底：有提示的数字（见“检查结果”）。</span> : null}
      {doubtful ? <span>虚线下划线：读取时没有把握的数字，请对照原件。</span> : null}
      {unread ? <span>“未读出”：未能从原件读出该数字，以原件为准。</span> : null}
    </p>
  );
};

/** The three tables only (combined tables, compiled drafts). */
export const ReportTables: FC<{
  report: Report;
  findings?: readonly Finding[];
  only?: readonly string[];
  href?: CellHref;
}> = ({ report, findings = [], only, href }) => {
  const flags = flagsOf(findings);
  return (
    <>
      {reportGrids(report)
        .filter((g) => !only || only.includes(g.id))
        .map((g) => (
          <GridTable report={report} grid={g} flags={flags} href={href} />
        ))}
    </>
  );
};

/** The whole report as published: the six sections with their text and tables. */
export const ReportBody: FC<{ report: Report; findings: readonly Finding[]; crop?: CellCrop }> = ({
  report,
  findings,
  crop,
}) => {
  const flags = flagsOf(findings);
  return (
    <div class="report-body">
      {reportSections(report).map((s) => (
        <section aria-labelledby={`s-${s.key}`}>
          <h3 id={`s-${s.key}`}>{s.heading}</h3>
          {s.paragraphs.map((p) => (
            <p class="para">{p}</p>
          ))}
          {s.table ? <GridTable report={report} grid={s.table} flags={flags} crop={crop} /> : null}
        </section>
      ))}
    </div>
  );
};

/**
 * What a support person needs to find a finding's rule (`gongkai check --rules`), kept out of the text: officers
 * and readers see the Chinese message and the cells by their labels; the rule's id is an attribute only.
 */
export const ruleAttrs = (rule: string): { 'data-rule': string; title: string } => {
  const title = RULE_TITLES.get(rule);
  return { 'data-rule': rule, title: title ? `检查规则：${title}（${rule}）` : `检查规则：${rule}` };
};

const RULE_TITLES: ReadonlyMap<string, string> = new Map(RULES.map((r) => [r.id, r.title]));

export const FindingsList: FC<{
  findings: readonly Finding[];
  linkPrefix?: string;
  /** The rule's id as data-rule/title, for support; never on the public's pages, where it means nothing. */
  ruleIds?: boolean;
}> = ({ findings, linkPrefix = '', ruleIds = true }) => {
  if (!findings.length) return <p class="ok-line">未发现问题：所有勾稽关系和检查规则均通过。</p>;
  const errors = findings.filter((f) => f.severity === 'error').length;
  return (
    <>
      <p>
        错误 <strong>{errors}</strong> 项，提示 <strong>{findings.length - errors}</strong>{' '}
        项。点击单元格名称可跳到表中对应位置。
      </p>
      <ol class="findings">
        {findings.map((f) => (
          <li class={`finding ${f.severity}`} {...(ruleIds ? ruleAttrs(f.rule) : {})}>
            <span class={`pill ${f.severity === 'error' ? 'bad' : 'warn'}`}>
              {f.severity === 'error' ? '错误' : '提示'}
            </span>{' '}
            {f.message}
            {f.cells.length ? (
              <ul class="cells">
                {f.cells.slice(0, 12).map((k) => (
                  <li>
                    <a href={`${linkPrefix}#${cellId(k)}`}>{fieldDef(k)?.label ?? k}</a>
                  </li>
                ))}
                {f.cells.length > 12 ? <li>等 {f.cells.length} 个单元格</li> : null}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </>
  );
};
