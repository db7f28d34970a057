// The one way a parsed report becomes an annual_reports row (upload, compile-and-publish, bulk collect, demo): the
// `parse --json` fields with the findings at collection time and their counts; and the one way a row becomes a
// Report again (rowToReport: the web, the CLI, the report builder and the supervisors' confirmations all read it so).

import type { FormatVersion } from '../domain/report/layout.ts';
import { fromParsedJson, type ParsedJson, type Provenance, type Report } from '../domain/report/model.ts';
import type { Finding } from '../domain/rules/index.ts';
import type { CellSource } from '../supervision/cell-excerpts.ts';
import { applyReadings } from '../supervision/cell-readings.ts';
import { cleanDeep } from './clean-text.ts';
import type {
  AnnualReportOrigin,
  annualReports,
  StoredFinding,
  StoredOcrBox,
  StoredReading,
} from './schema/annual-reports.ts';

export interface ReportRowInput {
  readonly parsed: ParsedJson;
  readonly findings: readonly Finding[];
  readonly agencyId: number | null;
  readonly sourceName: string;
  readonly sourceForm: string;
  readonly sha256: string;
  readonly origin: AnnualReportOrigin;
  readonly publishedOn?: string | null;
  /** The OCR boxes when `parsed` was made without provenance (bulk reads keep only these); else from parsed. */
  readonly ocrBoxes?: Record<string, StoredOcrBox>;
  /** Where each flagged cell stood and its row's printed line, from the reading (src/supervision/cell-excerpts.ts). */
  readonly sources?: Readonly<Record<string, CellSource>>;
}

/** The forms OCR reads (src/parse/index.ts sniffForm): a PDF (scanned, or with scanned pages) and a photo. */
export const SCAN_FORMS: ReadonlySet<string> = new Set(['pdf', 'image']);

/**
 * The page and box of every number read by OCR (provenance kind `ocr`), for the crop of the scan beside it
 * (issue 17). A number inferred from an identity is not what the scan printed there, so it has no crop.
 */
export function ocrBoxesOf(
  provenance: Readonly<Record<string, Provenance>> | undefined,
): Record<string, StoredOcrBox> {
  const out: Record<string, StoredOcrBox> = {};
  for (const [k, p] of Object.entries(provenance ?? {})) {
    if (p.kind !== 'ocr' || p.inferred || !p.box || !Number.isInteger(p.page) || p.page! < 1) continue;
    const [x, y, w, h] = p.box;
    if (![x, y, w, h].every(Number.isFinite) || w <= 0 || h <= 0) continue;
    out[k] = { page: p.page!, box: [x, y, w, h] };
  }
  return out;
}

/**
 * What the reader saw at each cell it was not sure of or could not read (its reason, candidates, source text and
 * place), kept with the row so a supervisor can settle the cell later without the source (src/supervision/
 * cell-confirm.ts). Bulk reads carry no provenance: `sources` (made by the reading process) gives them the place and
 * the row's printed line all the same.
 */
export function readingsOf(
  j: ParsedJson,
  sources: Readonly<Record<string, CellSource>> = {},
): Record<string, StoredReading> {
  const out: Record<string, StoredReading> = {};
  const blank = new Set(j.blank);
  for (const k of new Set([...j.uncertain, ...(j.unknown ?? [])])) {
    const p = { ...sources[k], ...j.provenance?.[k] };
    const excerpt = sources[k]?.excerpt;
    const v = j.fields[k];
    out[k] = {
      read: blank.has(k)
        ? { state: 'blank' }
        : v !== undefined && !(j.unknown ?? []).includes(k)
          ? { state: 'number', value: v }
          : { state: 'unknown' },
      ...(j.uncertain.includes(k) ? { reason: j.uncertainReasons?.[k] ?? '解析不确定' } : {}),
      ...(j.candidates?.[k]?.length ? { candidates: [...j.candidates[k]] } : {}),
      ...(p?.text ? { text: p.text } : {}),
      ...(p?.line !== undefined ? { line: p.line } : {}),
      ...(p?.page !== undefined ? { page: p.page } : {}),
      ...(excerpt ? { excerpt } : {}),
    };
  }
  return out;
}

export const storedFindings = (findings: readonly Finding[]): StoredFinding[] =>
  findings.map((f) => ({ rule: f.rule, severity: f.severity, cells: [...f.cells], message: f.message }));

/** The finding added to a row whose text had to be cleaned before PostgreSQL would store it. */
export const CLEANED_RULE = 'input.cleaned';

export function annualReportValues(input: ReportRowInput): typeof annualReports.$inferInsert {
  // NUL and lone surrogates (a damaged file's text) are removed on the way in, with a note, so the insert succeeds.
  const cleaned = cleanDeep({
    parsed: input.parsed,
    findings: storedFindings(input.findings),
    name: input.sourceName,
  });
  const r = { ...input, sourceName: cleaned.value.name };
  const j = cleaned.value.parsed;
  if (j.year === null) throw new Error('annualReportValues: a report without a year cannot be stored');
  const findings = cleaned.value.findings;
  if (cleaned.count > 0)
    findings.push({
      rule: CLEANED_RULE,
      severity: 'warning',
      cells: [],
      message: `原文中有 ${cleaned.count} 个数据库无法保存的字符（空字符 NUL 或残缺的 UTF-16 代理项），已删除或替换后收入`,
    });
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    agencyId: r.agencyId,
    agencyName: j.agency ?? r.sourceName,
    year: j.year,
    format: j.format,
    fields: j.fields,
    blank: j.blank,
    uncertain: j.uncertain,
    sections: j.sections as Record<string, string>,
    findings,
    errors,
    warnings: findings.length - errors,
    sourceName: r.sourceName,
    sourceForm: r.sourceForm,
    inferred: Object.entries(j.provenance ?? {})
      .filter(([, p]) => p.inferred)
      .map(([k]) => k),
    // Only a scan has crops: a JSON file may carry `parse --json` provenance of kind ocr, but no image to crop.
    ocrBoxes: SCAN_FORMS.has(r.sourceForm) ? (input.ocrBoxes ?? ocrBoxesOf(j.provenance)) : {},
    readings: readingsOf(j, input.sources),
    sha256: r.sha256,
    // A crawled page states its 发布时间: the status board's on-time check uses it unless the caller knows better.
    publishedOn: r.publishedOn ?? j.published ?? null,
    origin: r.origin,
  };
}

export type AnnualReportRow = typeof annualReports.$inferSelect;

/**
 * The Report model of a stored row (cells, blanks, uncertain keys with the reader's reasons and candidates,
 * sections), a confirmed cell with provenance kind `confirmed` (src/supervision/cell-readings.ts): who confirmed it
 * only with `withActor` (staff pages; the public ones and the open data name no reviewer).
 */
export function rowToReport(
  r: Pick<
    AnnualReportRow,
    'agencyName' | 'year' | 'format' | 'fields' | 'blank' | 'uncertain' | 'sections'
  > & {
    readings?: AnnualReportRow['readings'];
  },
  opts: { withActor?: boolean } = {},
): Report {
  return applyReadings(
    fromParsedJson({
      agency: r.agencyName,
      year: r.year,
      format: (r.format as FormatVersion | null) ?? null,
      fields: r.fields,
      blank: r.blank,
      uncertain: r.uncertain,
      sections: r.sections,
    }),
    r.readings ?? {},
    opts,
  );
}
