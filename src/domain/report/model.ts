// The annual report as data. A cell is what the source printed: a number, a printed blank, or nothing we could
// read. Every cell carries where it came from (provenance), and a reader that was not sure says so (uncertain).
import { type FormatVersion, LAYOUTS, type SectionKey } from './layout.ts';

/** Where a value stood in its source. All members optional: each reader fills what it knows. */
export interface Provenance {
  /** 1-based line in the source text (text readers) or in the page's text (PDF). */
  line?: number;
  page?: number;
  /** Table and cell position as the reader saw them (0-based row/column in the source table). */
  table?: number;
  row?: number;
  col?: number;
  /** The source text of the cell, as printed. */
  text?: string;
  /** How the value was obtained when it was not simply read: e.g. "由行合计推算". */
  inferred?: string;
  /** Compiled reports: the case ids behind the number. */
  cases?: readonly string[];
  /**
   * How the value was obtained: printed as is (the default), inferred (a glued run cut by the table's identities,
   * or a missing cell from a total), converted (a unit printed in the wrong column: "251000元 → 25.1 万元"), ocr (recognised from a scanned
   * image rather than read from a text layer), confirmed (the reader was not sure or read nothing, and a person who
   * looked at the source settled the value: `confirmation` says when and why; the other members keep what the reader
   * saw there).
   */
  kind?: ProvenanceKind;
  /** Confirmed cells: when (ISO date-time) and with what note a person settled the value; who (an actor as the audit
   *  log names them) only where staff read it; the reader's reason and candidates, kept. */
  confirmation?: Confirmation;
  /** What the conversion did, in Chinese: "251000元 → 25.1 万元". */
  converted?: string;
  /** OCR: the cell's box on the page [x, y, width, height] in PDF points from the top-left (deskewed page). */
  box?: readonly [number, number, number, number];
  /** OCR: recognition confidence, 0–100. */
  confidence?: number;
  /** OCR: the other readings of the cell when recognition was not sure. */
  candidates?: readonly string[];
}

export type ProvenanceKind = 'printed' | 'inferred' | 'converted' | 'ocr' | 'confirmed';

/** A person's settling of a cell the reader could not read certainly (src/supervision/cell-confirm.ts). */
export interface Confirmation {
  readonly at: string;
  readonly note: string;
  readonly by?: string;
  /** What the reader said about the cell before: its reason and the values a glued run could be cut into. */
  readonly reason?: string;
  readonly candidates?: readonly number[];
}

export type Cell =
  | { readonly state: 'number'; readonly value: number; readonly raw?: string }
  | { readonly state: 'blank'; readonly raw: string }
  | { readonly state: 'unknown' };

export const UNKNOWN: Cell = Object.freeze({ state: 'unknown' });
export const num = (value: number, raw?: string): Cell =>
  raw === undefined ? { state: 'number', value } : { state: 'number', value, raw };
export const blank = (raw = ''): Cell => ({ state: 'blank', raw });

export interface Report {
  agency: string | null;
  year: number | null;
  /** The layout of the report as a whole (the layout of its table 三, which decides the rows counted). */
  format: FormatVersion | null;
  /** Layout detected per table, to report the 2019/2021 hybrids seen in practice. */
  tableFormats: { t2: FormatVersion | null; t3: FormatVersion | null };
  title: string | null;
  cells: Record<string, Cell>;
  provenance: Record<string, Provenance>;
  /** Keys the reader could not place with certainty, with the reason in Chinese. */
  uncertain: Record<string, string>;
  sections: Partial<Record<SectionKey, string>>;
  /** Full text of the document, for the narrative checks (may be omitted for compiled reports). */
  text?: string;
  /** Reader notes that are not about one cell (e.g. "表四未找到"). */
  notes: string[];
  /** Uncertain cells whose possible values are known (a glued run with several consistent cuts). */
  candidates?: Record<string, number[]>;
  /** Printed labels that differ from the official format ("科研企业" for 科研机构), for the label check. */
  labelIssues?: { printed: string; official: string; keys?: string[] }[];
  /** Publication date (YYYY-MM-DD) when the form states it (a crawled page's 发布时间). */
  published?: string | null;
}

export function emptyReport(format: FormatVersion | null = null): Report {
  const cells: Record<string, Cell> = {};
  if (format) for (const f of LAYOUTS[format].fields) cells[f.key] = UNKNOWN;
  return {
    agency: null,
    year: null,
    format,
    tableFormats: { t2: format, t3: format },
    title: null,
    cells,
    provenance: {},
    uncertain: {},
    sections: {},
    notes: [],
  };
}

/** The numeric value the checks use: a printed number, or 0 for a printed blank; undefined when unknown. */
export function valueOf(report: Report, key: string): number | undefined {
  const c = report.cells[key];
  if (!c) return undefined;
  if (c.state === 'number') return c.value;
  if (c.state === 'blank') return 0;
  return undefined;
}

/** Build a report from plain numbers (tests, JSON input, compiled tables). */
export function reportFromFields(
  format: FormatVersion,
  fields: Record<string, number>,
  meta: {
    agency?: string | null;
    year?: number | null;
    sections?: Report['sections'];
    blank?: string[];
  } = {},
): Report {
  const r = emptyReport(format);
  r.agency = meta.agency ?? null;
  r.year = meta.year ?? null;
  r.sections = { ...(meta.sections ?? {}) };
  for (const [k, v] of Object.entries(fields)) r.cells[k] = num(v);
  for (const k of meta.blank ?? []) r.cells[k] = blank('');
  return r;
}

/** The `parse --json` shape shared by the CLI, the ingest output and the API. */
export interface ParsedJson {
  file?: string;
  agency: string | null;
  year: number | null;
  format: FormatVersion | null;
  fields: Record<string, number>;
  blank: string[];
  uncertain: string[];
  sections: Partial<Record<SectionKey, string>>;
  unknown?: string[];
  uncertainReasons?: Record<string, string>;
  tableFormats?: Report['tableFormats'];
  provenance?: Record<string, Provenance>;
  notes?: string[];
  /** Per cell that was not simply printed: how it was obtained (inferred, converted). */
  kinds?: Record<string, ProvenanceKind>;
  /** Per uncertain cell whose possible values are known: the candidates. */
  candidates?: Record<string, number[]>;
  published?: string;
}

export function toParsedJson(report: Report, opts: { file?: string; provenance?: boolean } = {}): ParsedJson {
  const fields: Record<string, number> = {};
  const blanks: string[] = [];
  const unknown: string[] = [];
  // Object.keys and a lookup rather than Object.entries: cells and provenance have a couple of hundred keys each
  // (dictionary-mode objects in V8), where entries cost three times as much; every read report comes through here.
  const cells = report.cells;
  for (const k of Object.keys(cells)) {
    const c = cells[k]!;
    if (c.state === 'number') fields[k] = c.value;
    else if (c.state === 'blank') {
      fields[k] = 0;
      blanks.push(k);
    } else unknown.push(k);
  }
  const out: ParsedJson = {
    ...(opts.file !== undefined ? { file: opts.file } : {}),
    agency: report.agency,
    year: report.year,
    format: report.format,
    fields,
    blank: blanks,
    uncertain: Object.keys(report.uncertain),
    sections: report.sections,
  };
  if (unknown.length) out.unknown = unknown;
  if (Object.keys(report.uncertain).length) out.uncertainReasons = report.uncertain;
  if (report.tableFormats.t2 !== report.tableFormats.t3) out.tableFormats = report.tableFormats;
  if (opts.provenance !== false && Object.keys(report.provenance).length) out.provenance = report.provenance;
  if (report.notes.length) out.notes = report.notes;
  const kinds: Record<string, ProvenanceKind> = {};
  const provenance = report.provenance;
  for (const k of Object.keys(provenance)) {
    const kind = provenance[k]!.kind;
    if (kind && kind !== 'printed') kinds[k] = kind;
  }
  if (Object.keys(kinds).length) out.kinds = kinds;
  if (report.candidates && Object.keys(report.candidates).length) out.candidates = report.candidates;
  if (report.published) out.published = report.published;
  return out;
}

/** Inverse of toParsedJson: the JSON the CLI writes is itself an input format. */
export function fromParsedJson(j: ParsedJson): Report {
  const format = j.format ?? null;
  const r = emptyReport(format);
  r.agency = j.agency ?? null;
  r.year = j.year ?? null;
  r.sections = { ...(j.sections ?? {}) };
  if (j.tableFormats) {
    r.tableFormats = { ...j.tableFormats };
    // The hybrid of src/parse/extract.ts (表二 in the other layout): its 表二 cells are keyed by 表二's own layout.
    // Without this the other layout's 表二 cells came back as unread, and a report checked again from its stored
    // JSON (assigned from the review list, rechecked) gained a "行未读出" error for every 表二 row.
    const t2 = r.tableFormats.t2;
    if (format && t2 && t2 !== format) {
      for (const f of LAYOUTS[format].fields) if (f.table === 't2') delete r.cells[f.key];
      for (const f of LAYOUTS[t2].fields) if (f.table === 't2') r.cells[f.key] = UNKNOWN;
    }
  }
  const blanks = new Set(j.blank ?? []);
  for (const [k, v] of Object.entries(j.fields ?? {})) r.cells[k] = blanks.has(k) ? blank('') : num(v);
  for (const k of j.uncertain ?? []) r.uncertain[k] = j.uncertainReasons?.[k] ?? '解析不确定';
  if (j.provenance) r.provenance = { ...j.provenance };
  if (j.notes) r.notes = [...j.notes];
  for (const [k, kind] of Object.entries(j.kinds ?? {}))
    r.provenance[k] = { ...(r.provenance[k] ?? {}), kind };
  if (j.candidates) r.candidates = { ...j.candidates };
  if (j.published) r.published = j.published;
  return r;
}
