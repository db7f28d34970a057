// The dataset of many reports: one row per report, one column per field key of ../shared/domain/fields.md, as
// CSV, XLSX or JSON Lines, and the findings as a table. One code path for the CLI's `gongkai export`, the
// supervisor's console downloads and the public bulk download (src/web/routes/api.tsx), so the three agree.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import type { StoredFinding, StoredReading } from '../db/schema/annual-reports.ts';
import { fieldDef, LAYOUTS } from '../domain/report/layout.ts';
import { fromParsedJson, type ParsedJson, type Report, toParsedJson } from '../domain/report/model.ts';
import { checkReport, type Finding } from '../domain/rules/index.ts';
import { csvField } from '../render/csv.ts';
import { applyReadings } from './cell-readings.ts';
import { PUBLIC_STANDING_REPORT, standingReports } from './report-choice.ts';

export const FIELD_ORDER = [
  ...new Set([...LAYOUTS['2021'].fields, ...LAYOUTS['2019'].fields].map((f) => f.key)),
];
export const META = [
  'file',
  'agency',
  'year',
  'format',
  'errors',
  'warnings',
  'blank',
  'uncertain',
  'unknown',
  'confirmed',
];
/**
 * Where a row comes from in the database (appended after the field keys: tools read the columns by position): the
 * report's number — its page /reports/<reportId> and /api/v1/reports/<reportId> — and its publication date. Empty
 * in `gongkai export` of files, which have neither.
 */
export const SOURCE_COLUMNS = ['reportId', 'publishedOn'];
export const DATASET_COLUMNS = [...META, ...FIELD_ORDER, ...SOURCE_COLUMNS];

export const META_LABELS: Readonly<Record<string, string>> = {
  file: '文件',
  agency: '机关',
  year: '年度',
  format: '格式版本',
  errors: '错误数',
  warnings: '提示数',
  blank: '留空单元格',
  uncertain: '不确定单元格',
  unknown: '未读出单元格',
  confirmed: '经人工核对单元格',
  reportId: '报告编号',
  publishedOn: '发布日期',
};

export type DatasetRow = Record<string, string | number>;

export interface DatasetEntry {
  readonly row: DatasetRow;
  /** The `parse --json` shape (without provenance) with the findings: one JSON Lines line. */
  readonly json: ParsedJson & {
    findings: readonly Finding[];
    reportId?: number;
    publishedOn?: string | null;
  };
  readonly findings: readonly Finding[];
}

/** One report as a dataset row; the findings are checkReport's unless stored ones are given. */
export function datasetEntry(file: string, r: Report, stored?: readonly Finding[]): DatasetEntry {
  const findings = stored ?? checkReport(r);
  const j = toParsedJson(r, { file, provenance: false });
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    row: {
      file,
      agency: r.agency ?? '',
      year: r.year ?? '',
      format: r.format ?? '',
      errors,
      warnings: findings.length - errors,
      blank: j.blank.join(' '),
      uncertain: j.uncertain.join(' '),
      unknown: (j.unknown ?? []).join(' '),
      // Cells the reader was not sure of that a supervisor settled against the source (src/supervision/cell-confirm.ts).
      confirmed: Object.entries(j.kinds ?? {})
        .filter(([, k]) => k === 'confirmed')
        .map(([key]) => key)
        .join(' '),
      ...j.fields,
    },
    json: { ...j, findings },
    findings,
  };
}

/**
 * One CSV line. Text that a spreadsheet would run as a formula (= + - @, tab, CR at the start) is prefixed with a
 * single quote, as OWASP advises against CSV injection: agency names and messages come from published documents.
 * Numbers stay numbers (a negative 本年增/减 is a number, not text).
 */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells
    .map((c) =>
      c === null || c === undefined ? '' : csvField(typeof c === 'number' ? String(c) : defuse(c)),
    )
    .join(',');
}

export const defuse = (s: string): string =>
  /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;

/** A CSV document: UTF-8 with a BOM (Excel opens the Chinese correctly), CRLF line ends (RFC 4180). */
export const csvDocument = (lines: readonly (readonly (string | number | null | undefined)[])[]): string =>
  `\uFEFF${lines.map(csvLine).join('\r\n')}\r\n`;

export const datasetCsv = (rows: readonly DatasetRow[]): string =>
  csvDocument([DATASET_COLUMNS, ...rows.map((r) => DATASET_COLUMNS.map((c) => r[c] ?? ''))]);

export const datasetJsonl = (entries: readonly DatasetEntry[]): string =>
  entries.map((e) => `${JSON.stringify(e.json)}\n`).join('');

/** A workbook of sheets: row 1 the keys, row 2 their Chinese labels (dataset), or one header row (tables). */
export async function xlsxOf(
  sheets: readonly {
    name: string;
    header: readonly string[][];
    rows: readonly (readonly (string | number | null)[])[];
    freeze?: [number, number];
  }[],
): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const h of s.header) ws.addRow(h);
    for (const r of s.rows) ws.addRow(r.map((v) => (typeof v === 'string' ? defuse(v) : (v ?? ''))));
    const [x, y] = s.freeze ?? [0, s.header.length];
    ws.views = [{ state: 'frozen', xSplit: x, ySplit: y }];
  }
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

export const datasetXlsx = (rows: readonly DatasetRow[]): Promise<Uint8Array> =>
  xlsxOf([
    {
      name: '报告',
      header: [DATASET_COLUMNS, DATASET_COLUMNS.map((c) => fieldDef(c)?.label ?? META_LABELS[c] ?? c)],
      rows: rows.map((r) => DATASET_COLUMNS.map((c) => r[c] ?? '')),
      freeze: [2, 2],
    },
  ]);

export const FINDING_COLUMNS = ['file', 'agency', 'year', 'rule', 'severity', 'cells', 'message'];
export const FINDING_LABELS = ['文件', '机关', '年度', '规则', '严重程度', '单元格', '说明'];

export const findingLines = (entries: readonly DatasetEntry[]): (string | number | undefined)[][] =>
  entries.flatMap((e) =>
    e.findings.map((f) => [
      String(e.row.file),
      String(e.row.agency),
      e.row.year,
      f.rule,
      f.severity,
      f.cells.join(' '),
      f.message,
    ]),
  );

/** The subtree of `rootId` (all agencies when null) as a condition on annual_reports. */
export const subtreeCondition = (rootId: number | null) =>
  rootId === null
    ? sql`true`
    : sql`agency_id in (with recursive t(id) as (select ${rootId}::int union all
            select a.id from agencies a join t on a.parent_id = t.id) select id from t)`;

/**
 * The reports that stand for a year (one per agency-year, src/supervision/report-choice.ts) in a subtree, as
 * dataset entries with their stored findings (checked at collection, with the previous year when known).
 * `publishedOnly`: only those the public report pages show (matched to an agency and dated), for the open data.
 */
export async function datasetFromDb(
  db: Executor,
  opts: { year: number; rootAgencyId?: number | null; publishedOnly?: boolean },
): Promise<DatasetEntry[]> {
  const where = sql`year = ${opts.year} and ${subtreeCondition(opts.rootAgencyId ?? null)}`;
  const rows = await queryRows<
    ParsedJson & {
      source_name: string;
      findings: StoredFinding[];
      id: number;
      readings: Record<string, StoredReading>;
      published_on: string | null;
    }
  >(
    db,
    sql`select id, agency_name as agency, year, format, fields, blank, uncertain, sections, source_name, findings,
          readings, published_on::text
        from ${standingReports(where)} s
        ${opts.publishedOnly ? sql`where ${PUBLIC_STANDING_REPORT}` : sql``}
        order by agency_name, id`,
  );
  // The readings give the reader's reasons and, at a confirmed cell, kind `confirmed` (no reviewer's name).
  return rows.map((r) => {
    const e = datasetEntry(r.source_name, applyReadings(fromParsedJson(r), r.readings ?? {}), r.findings);
    const source = { reportId: Number(r.id), publishedOn: r.published_on ?? null };
    return {
      ...e,
      row: { ...e.row, reportId: source.reportId, publishedOn: source.publishedOn ?? '' },
      json: { ...e.json, ...source },
    };
  });
}
