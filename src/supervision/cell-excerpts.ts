// The printed context of the cells a reader could not read with certainty: for each unknown or uncertain cell, the
// row's printed line(s) around it, bounded, so the person who confirms the cell later sees what the page printed
// there without the source file (a bulk `collect` keeps no document). Computed where the source is still at hand —
// the reading child process, beside the Report — and kept in the row's readings (annual_reports.readings). Pure.
import { fieldDef } from '../domain/report/layout.ts';
import type { Report } from '../domain/report/model.ts';
import type { SourceDocument } from '../parse/source.ts';

/** At most this many characters of context per cell: a row's line, not the document (a crawled page is one line). */
export const EXCERPT_MAX = 400;
/**
 * Characters kept before the row's label and after the cell's text when the line is longer than EXCERPT_MAX: the
 * table's column heads and the next row, not the rest of the page.
 */
const AROUND = 80;

/** Where a flagged cell stood and what was printed around it. */
export interface CellSource {
  readonly excerpt?: string;
  readonly text?: string;
  readonly line?: number;
  readonly page?: number;
}

/** Whether the report has cells a person may have to confirm (unknown, or uncertain). */
export function hasFlagged(report: Report): boolean {
  // Keys and a lookup, not Object.entries: a pair array for each of ~200 cells of every report read (issue 18).
  const { cells, uncertain } = report;
  for (const k of Object.keys(cells))
    if (cells[k]!.state === 'unknown' || uncertain[k] !== undefined) return true;
  return false;
}

/**
 * The flagged cells of `report` (unknown, or uncertain) with their place and excerpt: from the source's text lines
 * when the form is text (`text`: a crawled page's table is in no block, only in its one long line), else from the
 * reader's blocks at the cell's line.
 */
export function cellSources(
  report: Report,
  source: SourceDocument | null | undefined,
  text?: string,
): Record<string, CellSource> {
  const out: Record<string, CellSource> = {};
  const lines = text?.split(/\r\n?|\n/);
  for (const [key, cell] of Object.entries(report.cells)) {
    if (cell.state !== 'unknown' && report.uncertain[key] === undefined) continue;
    const p = report.provenance[key] ?? {};
    const printed =
      p.line === undefined
        ? undefined
        : lines
          ? lines[p.line - 1]
          : source?.blocks
              .filter((b) => b.prov.line === p.line && (p.page === undefined || b.prov.page === p.page))
              .map((b) => (b.kind === 'para' ? b.text : b.cells.map((c) => c.text).join(' ')))
              .join(' ');
    const excerpt = printed ? excerptOf(printed, key, p.text) : undefined;
    const entry: CellSource = {
      ...(excerpt ? { excerpt } : {}),
      ...(p.text ? { text: p.text } : {}),
      ...(p.line !== undefined ? { line: p.line } : {}),
      ...(p.page !== undefined ? { page: p.page } : {}),
    };
    if (Object.keys(entry).length) out[key] = entry;
  }
  return out;
}

/** The printed line around the cell's row label and its text, at most EXCERPT_MAX characters. */
function excerptOf(printed: string, key: string, cellText: string | undefined): string | undefined {
  const s = printed.replace(/\s+/g, ' ').trim();
  if (!s) return undefined;
  if ([...s].length <= EXCERPT_MAX) return s;
  const label = fieldDef(key)?.rowLabel ?? '';
  const text = cellText?.trim() ?? '';
  const at = text ? s.indexOf(text) : -1;
  // The row's label just before the cell's text ("行政规范性文件7030"), else the text, else the label alone.
  const labelAt = label ? (at >= 0 ? s.lastIndexOf(label, at) : s.indexOf(label)) : -1;
  const anchor = labelAt >= 0 && (at < 0 || at - labelAt <= 200) ? labelAt : at;
  if (anchor < 0) return undefined;
  const start = Math.max(0, anchor - AROUND);
  const end = Math.min(s.length, (at >= 0 ? at + text.length : anchor + label.length) + AROUND);
  const chars = [...s.slice(start, end)];
  const head = start > 0 ? '…' : '';
  const tail = end < s.length ? '…' : '';
  const room = EXCERPT_MAX - head.length - tail.length;
  return `${head}${chars.slice(0, room).join('')}${tail}`;
}
