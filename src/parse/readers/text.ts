// The text reader: plain text as it circulates — the seeds' flattened form (a Word table saved as text: one cell per
// line led by a tab, rows separated by an empty line, labels broken over lines), tab-separated rows, markdown pipe
// tables, and pdftotext -layout output (cells separated by runs of spaces).
import type { SourceBlock, SourceCell, SourceDocument } from '../source.ts';
import { isCrawledText, readCrawled } from './crawled.ts';
import { decodeText } from './decode.ts';

const BOOKMARK = /\[bookmark:[^\]]*\]/g;
const HEADING_LIKE = /^\s*(?:[一二三四五六七八九十]+|\d+)\s*[、.．]\s*\S/;

export function readText(bytes: Uint8Array, _file: string): SourceDocument {
  const { text, notes } = decodeText(bytes);
  // A crawled page (header block, the tables' cells glued on one line) has its own front end.
  if (isCrawledText(text)) return readCrawled(text.replace(BOOKMARK, ''), notes);
  const lines = text.replace(/\r\n?/g, '\n').replace(BOOKMARK, '').split('\n');
  const flattened = isFlattened(lines);
  const blocks = flattened ? readFlattened(lines) : readLines(lines);
  return { form: 'text', blocks, notes: flattened ? [...notes] : [...notes] };
}

/** A tab-led single cell: the seeds' flattened table form. */
const isCellLine = (l: string) => l.startsWith('\t') && !l.slice(1).includes('\t');

function isFlattened(lines: readonly string[]): boolean {
  let cellLines = 0;
  for (const l of lines) if (isCellLine(l)) cellLines++;
  return cellLines >= 20;
}

function readFlattened(lines: readonly string[]): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  let row: { text: string; line: number }[] | null = null;
  let lastWasCell = false;
  const flush = () => {
    if (row?.length) {
      const cells: SourceCell[] = row.map((c, i) => ({
        text: c.text.trim(),
        prov: { line: c.line, col: i, text: c.text.trim() },
      }));
      blocks.push({ kind: 'row', cells, prov: { line: row[0]!.line } });
    }
    row = null;
  };
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw === '') {
      flush();
      lastWasCell = false;
      return;
    }
    if (isCellLine(raw)) {
      row ??= [];
      row.push({ text: raw.slice(1), line: lineNo });
      lastWasCell = true;
      return;
    }
    // A short line straight after a cell line, with no empty line between, is the rest of that cell's label
    // ("商业" / "企业"): Word wrapped the cell and the export kept the break.
    const t = raw.trim();
    if (lastWasCell && row?.length && t.length <= 12 && !HEADING_LIKE.test(raw)) {
      const last = row[row.length - 1]!;
      // The cell's line is where its content starts.
      if (!last.text.trim()) last.line = lineNo;
      last.text = `${last.text}${t}`;
      return;
    }
    flush();
    lastWasCell = false;
    if (t) blocks.push(...lineBlocks(raw, lineNo));
  });
  flush();
  return blocks;
}

function readLines(lines: readonly string[]): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  lines.forEach((raw, i) => {
    if (raw.trim()) blocks.push(...lineBlocks(raw, i + 1));
  });
  return blocks;
}

const MD_SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** One line of text: a table row when it has several cells, otherwise a paragraph. */
function lineBlocks(raw: string, line: number): SourceBlock[] {
  const t = raw.trim();
  if (MD_SEPARATOR.test(t)) return [];
  let parts: string[] | null = null;
  if (t.startsWith('|') && t.endsWith('|') && t.length > 2) {
    parts = t
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((p) =>
        p
          .trim()
          .replace(/\\\|/g, '|')
          .replace(/<br\s*\/?>/gi, ''),
      );
  } else if (raw.includes('\t')) {
    parts = raw.replace(/^\t+/, (m) => '\t'.repeat(m.length)).split('\t');
    // Leading tabs are empty (merged) cells; keep them so positions stay right, but drop the trailing ones.
    while (parts.length && parts[parts.length - 1]!.trim() === '') parts.pop();
    parts = parts.map((p) => p.trim());
  } else if (/\S {2,}\S/.test(t) && looksTabular(t)) {
    parts = t.split(/ {2,}/).map((p) => p.trim());
  }
  if (parts && parts.length >= 2) {
    const cells: SourceCell[] = parts.map((p, col) => ({ text: p, prov: { line, col, text: p } }));
    return [{ kind: 'row', cells, prov: { line } }];
  }
  if (parts && parts.length === 1 && parts[0] !== undefined)
    return [{ kind: 'para', text: parts[0], prov: { line } }];
  // Markdown headings and emphasis carry no content of their own.
  const text = t.replace(/^#{1,6}\s+/, '').replace(/^\*\*(.+)\*\*$/, '$1');
  return [{ kind: 'para', text, prov: { line } }];
}

/** pdftotext -layout pads narrative too; only split on spaces when the line carries numbers in columns. */
function looksTabular(t: string): boolean {
  const cells = t.split(/ {2,}/);
  const numeric = cells.filter((c) =>
    /^[-－]?[\d０-９][\d０-９.,，．]*\s*[件条项个元%]?$|^[—/／-]$/.test(c.trim()),
  );
  if (numeric.length >= 1 && cells.every((c) => c.length <= 60)) return true;
  // A header row: several short label cells and no sentence.
  const avg = cells.reduce((a, c) => a + c.length, 0) / cells.length;
  return cells.length >= 2 && !/[。；]/.test(t) && avg <= 25;
}
