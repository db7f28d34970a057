// The PDF reader: text runs and ruling lines from MuPDF (pdf/mupdf.ts, ADR 0003) → SourceDocument. Ruled tables are read as
// grids (merged cells from missing lines, wrapped labels kept in their cell); tables without rules are rebuilt from
// the x positions of their numbers (stream.ts). A table that runs over a page break continues as the same table,
// page numbers and running heads dropped; a merged label cell cut by the page break is joined again.

import type * as Mupdf from 'mupdf';
import type { Provenance } from '../../domain/report/model.ts';
import { UnreadableError } from '../index.ts';
import { checkSize, currentLimits, type ReadLimits } from '../limits.ts';
import type { SourceBlock, SourceCell, SourceDocument } from '../source.ts';
import { type Piece, splitAtGaps } from './pdf/geometry.ts';
import { findGrids, type Grid, placeText, type Region } from './pdf/lattice.ts';
import { dropFurniture, groupLines, type Line, paragraphs, type TextFrame, textFrame } from './pdf/lines.ts';
import { loadMupdf, piecesOf, recordPage, rulingsOfPage, takeMupdfMessages } from './pdf/mupdf.ts';
import type { Rulings } from './pdf/paths.ts';

type MupdfModule = typeof Mupdf;

import { type StreamTable, streamTables } from './pdf/stream.ts';
import { joinWrapped } from './shared/text.ts';

interface PageModel {
  readonly page: number;
  readonly height: number;
  readonly grids: Grid[];
  streams: StreamTable[];
  lines: Line[];
  /** Tops of every text line on the page, for 1-based line numbers in provenance. */
  readonly lineTops: number[];
}

export async function read(
  bytes: Uint8Array,
  file: string,
  limits: ReadLimits = currentLimits(),
): Promise<SourceDocument> {
  checkSize(bytes.byteLength, file, limits);
  const m = await loadMupdf();
  takeMupdfMessages(); // what an earlier file left
  const doc = open(m, bytes, file);
  const notes: string[] = [];
  const repaired = doc.asPDF()?.wasRepaired() ?? false;
  if (repaired) notes.push('PDF 的交叉引用表有误（文件完整），已按文件内容修复后读取');
  try {
    const pages: PageModel[] = [];
    const count = doc.countPages();
    const n = Math.min(count, limits.pdfMaxPages);
    if (count > n) notes.push(`PDF 共 ${count} 页，只读取了前 ${n} 页`);
    let chars = 0;
    /** Pages with no text but an image: scanned pages of a mixed PDF, read by OCR below. */
    const scanned: number[] = [];
    for (let i = 1; i <= n; i++) {
      let model: PageModel;
      try {
        model = readPage(m, doc, i);
      } catch (e) {
        // One damaged page does not cost the others.
        notes.push(`PDF 第 ${i} 页无法解析，已跳过（${(e as Error)?.message ?? String(e)}）`);
        continue;
      }
      const own =
        model.lines.reduce((a, l) => a + l.text.length, 0) + model.grids.length + model.streams.length;
      if (own === 0 && hasImage(doc, i)) scanned.push(i);
      chars += own;
      pages.push(model);
    }
    if (repaired) assertOnlyRepaired(takeMupdfMessages(), file);
    // No text layer: a scanned report (盖章版). Read it by OCR (src/parse/ocr), which says itself when it cannot.
    if (chars === 0)
      return await (await import('../ocr/index.ts')).readScanned(bytes, file, 'application/pdf');
    const kept = dropFurniture(
      pages.map((p) => p.lines),
      pages.map((p) => p.height),
    );
    // Page furniture goes before tables without rules are looked for: a page number under a table is not a row.
    pages.forEach((p, i) => {
      const { tables, rest } = streamTables(kept[i]!);
      p.streams = tables;
      p.lines = rest;
    });
    const text: SourceDocument = {
      form: 'pdf',
      blocks: assemble(pages, textFrame(pages.flatMap((p) => p.lines))),
      notes,
    };
    // Some pages printed from the file, some scanned (the sealed table page scanned back in): OCR only the scans.
    if (scanned.length) return await (await import('../ocr/index.ts')).readMixed(bytes, file, text, scanned);
    return text;
  } catch (e) {
    if (e instanceof UnreadableError) throw e;
    throw new UnreadableError(`${file}：PDF 内容无法解析（${(e as Error)?.message ?? String(e)}）`, file);
  } finally {
    doc.destroy();
  }
}

/** Whether page n (1-based) shows an image (a scanned page, when it has no text). */
function hasImage(doc: Mupdf.Document, n: number): boolean {
  const page = doc.loadPage(n - 1);
  try {
    let images = 0;
    page.toStructuredText('preserve-images').walk({
      onImageBlock() {
        images++;
      },
    });
    return images > 0;
  } catch {
    return false;
  } finally {
    page.destroy();
  }
}

function open(m: MupdfModule, bytes: Uint8Array, file: string): Mupdf.Document {
  let doc: Mupdf.Document;
  try {
    doc = m.Document.openDocument(bytes, 'application/pdf');
  } catch {
    throw new UnreadableError(`${file}：PDF 文件已损坏或不完整（可能下载不完整），无法读取`, file);
  }
  // An owner password only restricts permissions; a user password hides the content (《条例》 asks for content
  // that can be read, so the publisher is asked for an open copy).
  if (doc.needsPassword() && !doc.authenticatePassword('')) {
    doc.destroy();
    throw new UnreadableError(`${file}：PDF 已加密，需要密码才能打开，无法读取（请提供未加密的文件）`, file);
  }
  // MuPDF rebuilds a file whose cross-reference table is broken and reads what is there. Two cases: a download cut
  // short (a report missing its last pages would read with its numbers missing: refused as damaged), and a whole
  // file whose table is merely wrong (Debian's pdfunite 22.12 writes a trailer with the wrong entry count; other
  // tools worse) — refusing that would refuse a complete report. A complete file ends with `%%EOF` (PDF 32000-1
  // §7.5.5); a cut one does not, unless cut exactly after an incremental update, which is then a whole earlier
  // revision of the file.
  if (doc.asPDF()?.wasRepaired() && !endsWithEof(bytes)) {
    doc.destroy();
    throw new UnreadableError(`${file}：PDF 文件已损坏或不完整（可能下载不完整），无法读取`, file);
  }
  return doc;
}

/**
 * After a repaired file is read: anything MuPDF complained of beyond the repair itself (a stream that does not
 * inflate, an object that is not where the page tree says) means content is missing or cut — a file with a hole in
 * its middle also ends with %%EOF — and text read from it could hold a number cut short: refused as damaged.
 */
// Exactly the lines MuPDF prints while rebuilding a table that was merely wrong (measured on pdfunite's output and on
// a `startxref` pointing a few bytes off); an object missing from the rebuilt table ("cannot find object in xref",
// "object out of range") is content lost, not the repair.
const REPAIR_ONLY =
  /incorrect number of xref entries in trailer|cannot recognize xref format|trying to repair broken xref|repairing PDF document|broken xref subsection/i;
function assertOnlyRepaired(messages: readonly string[], file: string): void {
  const other = messages.filter((m) => /error/i.test(m) && !REPAIR_ONLY.test(m));
  if (other.length)
    throw new UnreadableError(`${file}：PDF 文件已损坏或不完整（部分内容无法解开），无法读取`, file);
}

/** Whether `%%EOF` is among the last 1 KiB of the file (writers may append a newline or a few bytes after it). */
export function endsWithEof(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(-1024);
  return tail.includes('%%EOF', 0, 'latin1');
}

function readPage(m: MupdfModule, doc: Mupdf.Document, n: number): PageModel {
  const page = doc.loadPage(n - 1);
  // The content stream interpreted once, for the text and, on a tabular page, the rulings (recordPage).
  let list: Mupdf.DisplayList | null = null;
  try {
    const [bx0, by0, bx1, by1] = page.getBounds();
    const origin = [bx0, by0] as const;
    const size = [bx1 - bx0, by1 - by0] as const;
    list = recordPage(page);
    const source = list ?? page;
    const pieces: Piece[] = [];
    for (const p of piecesOf(source, origin)) if (p.text.trim()) pieces.push(...splitAtGaps(p));
    let grids: Grid[] = [];
    const allLines = groupLines(pieces, n);
    // Drawing the page costs as much as the text again: only for pages that look tabular.
    if (pieces.length && looksTabular(allLines)) {
      let rulings: Rulings | null = null;
      try {
        rulings = rulingsOfPage(m, source, origin, size);
      } catch {
        rulings = null; // no lines: the page is still read as text
      }
      if (rulings) grids = findGrids(rulings);
    }
    const outside = placeText(grids, pieces);
    for (const g of grids)
      for (const r of g.regions) r.text = joinWrapped(groupLines(r.pieces, n).map((l) => l.text));
    const lineTops = allLines.map((l) => l.top);
    if (process.env.DBG_PAGE === String(n))
      for (const p of pieces)
        if (p.vertical || /[年度办理结果三、本]/.test(p.text))
          console.log(
            'P',
            p.x0.toFixed(1),
            p.x1.toFixed(1),
            p.top.toFixed(1),
            p.bottom.toFixed(1),
            p.size.toFixed(1),
            p.base.toFixed(1),
            p.text,
          );
    if (process.env.DBG_PAGE === String(n))
      for (const l of allLines)
        console.log(
          l.top.toFixed(1),
          l.bottom.toFixed(1),
          l.size.toFixed(1),
          JSON.stringify(l.text.slice(0, 40)),
        );
    return { page: n, height: size[1], grids, streams: [], lines: groupLines(outside, n), lineTops };
  } finally {
    list?.destroy();
    page.destroy();
  }
}

/** A line with a wide gap between two pieces (cells), as narrative text never has. */
function looksTabular(lines: readonly Line[]): boolean {
  return lines.some((l) =>
    l.pieces.some(
      (p, i) => i > 0 && p.x0 - l.pieces[i - 1]!.x1 > 1.2 * Math.min(p.size, l.pieces[i - 1]!.size),
    ),
  );
}

function lineNo(tops: readonly number[], y: number): number {
  let lo = 0;
  let hi = tops.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tops[mid]! <= y + 0.5) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(1, lo);
}

const NUMERIC = /^[-+−－]?[\d０-９][\d０-９,，.．]*\s*(万元|元|件|条|项|个|%)?$/;
const ENUMERATOR = /^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[、.．])/;
const isLabel = (t: string) => t.trim() !== '' && !NUMERIC.test(t.trim());

type Element =
  | { kind: 'lines'; top: number; lines: Line[] }
  | { kind: 'grid'; top: number; grid: Grid }
  | { kind: 'stream'; top: number; table: StreamTable };

/** The table still open after the last element, for a continuation at the head of the next page. */
interface OpenTable {
  index: number;
  grid: Grid;
  rows: number;
  page: number;
  last: { region: Region; x0: number; x1: number }[];
  /** The texts of the table's first rows, to recognise them repeated at the head of the next page. */
  head: string[][];
}

/** Each grid row as the texts of its cells ("^" for a cell continued from above). */
function rowTexts(g: Grid): string[][] {
  const C = g.xs.length - 1;
  const out: string[][] = [];
  for (let r = 0; r < g.ys.length - 1; r++) {
    const row: string[] = [];
    for (let c = 0; c < C; c++) {
      const k = g.cellRegion[r * C + c]!;
      if (c > 0 && g.cellRegion[r * C + c - 1] === k) continue;
      const region = g.regions[k]!;
      row.push(region.r0 === r ? region.text : '^');
    }
    out.push(row);
  }
  return out;
}

/** How many of the grid's first rows repeat the table's first rows (a repeated header). */
function repeatedHead(head: readonly string[][], g: Grid): number {
  const rows = rowTexts(g);
  let k = 0;
  while (
    k < head.length &&
    k < rows.length - 1 &&
    head[k]!.some((t) => t && t !== '^') &&
    head[k]!.join('\u0001') === rows[k]!.join('\u0001')
  )
    k++;
  return k;
}

interface OpenStream {
  index: number;
  rows: number;
  page: number;
}

/** An emitted cell that holds a region's text, so a continuation on the next page can be appended to it. */
interface Placed {
  block: number;
  cell: number;
}

function assemble(pages: readonly PageModel[], frame: TextFrame): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  let tables = 0;
  /** The table still open at the end of the last page element, for a continuation on the next page. */
  let open: OpenTable | null = null;
  let openStream: OpenStream | null = null;
  const placed = new Map<Region, Placed>();

  // The document as one sequence: per page, tables and the runs of text lines between them, in reading order.
  // Consecutive runs of lines merge across a page break, so a paragraph cut by the break is read as one.
  const seq: { el: Element; pm: PageModel; firstOnPage: boolean }[] = [];
  for (const pm of pages) {
    const tablesOnPage: Element[] = [
      ...pm.grids.map((grid) => ({ kind: 'grid' as const, top: grid.y0, grid })),
      ...pm.streams.map((table) => ({ kind: 'stream' as const, top: table.top, table })),
    ].sort((a, b) => a.top - b.top);
    const onPage: Element[] = [];
    let bucket: Line[] = [];
    let t = 0;
    for (const l of pm.lines) {
      while (t < tablesOnPage.length && tablesOnPage[t]!.top < l.top) {
        if (bucket.length) onPage.push({ kind: 'lines', top: bucket[0]!.top, lines: bucket });
        bucket = [];
        onPage.push(tablesOnPage[t++]!);
      }
      bucket.push(l);
    }
    if (bucket.length) onPage.push({ kind: 'lines', top: bucket[0]!.top, lines: bucket });
    while (t < tablesOnPage.length) onPage.push(tablesOnPage[t++]!);
    onPage.forEach((el, i) => {
      const prev = seq[seq.length - 1];
      if (el.kind === 'lines' && prev?.el.kind === 'lines') prev.el.lines.push(...el.lines);
      else seq.push({ el, pm, firstOnPage: i === 0 });
    });
  }

  for (const { el, pm, firstOnPage } of seq) {
    if (el.kind === 'lines') {
      emitLines(blocks, el.lines, pages, frame);
      open = null;
      openStream = null;
      continue;
    }
    if (el.kind === 'stream') {
      // A table without rules continues over a page break when it ends one page and starts the next.
      const prev: OpenStream | null = openStream;
      const index: number = prev && firstOnPage && prev.page === pm.page - 1 ? prev.index : tables++;
      const rows = emitStream(blocks, el.table, index, index === prev?.index ? prev.rows : 0, pm);
      openStream = { index, rows, page: pm.page };
      open = null;
      continue;
    }
    openStream = null;
    const g = el.grid;
    const prev: OpenTable | null = open;
    const continues: boolean =
      prev !== null &&
      firstOnPage &&
      prev.page === pm.page - 1 &&
      Math.abs(prev.grid.x0 - g.x0) < 6 &&
      Math.abs(prev.grid.x1 - g.x1) < 6;
    const index: number = continues && prev ? prev.index : tables++;
    // Word and LibreOffice repeat a table's header rows on each page: the same texts again are not new rows.
    const skip = continues && prev ? repeatedHead(prev.head, g) : 0;
    const continued = new Set<Region>();
    if (continues && prev) joinAcrossBreak(blocks, placed, prev.last, g, skip, continued);
    const { rows, last } = emitGrid(
      blocks,
      g,
      index,
      continues && prev ? prev.rows : 0,
      skip,
      pm,
      placed,
      continued,
    );
    const head: string[][] = continues && prev ? prev.head : rowTexts(g).slice(0, 6);
    open = { index, grid: g, rows, page: pm.page, last, head };
  }
  return blocks;
}

function emitLines(
  blocks: SourceBlock[],
  lines: Line[],
  pages: readonly PageModel[],
  frame: TextFrame,
): void {
  for (const para of paragraphs(lines, frame)) {
    const first = para[0]!;
    const tops = pages.find((p) => p.page === first.page)?.lineTops ?? [];
    blocks.push({
      kind: 'para',
      text: joinWrapped(para.map((l) => l.text)),
      prov: { page: first.page, line: lineNo(tops, first.top) },
    });
  }
}

function emitStream(
  blocks: SourceBlock[],
  table: StreamTable,
  index: number,
  firstRow: number,
  pm: PageModel,
): number {
  table.rows.forEach((r, i) => {
    const row = firstRow + i;
    const line = lineNo(pm.lineTops, r.top);
    const cells: SourceCell[] = r.cells.map((text, col) => ({
      text,
      prov: { page: pm.page, line, table: index, row, col, text },
    }));
    blocks.push({ kind: 'row', cells, prov: { page: pm.page, line, table: index, row }, table: index });
  });
  return firstRow + table.rows.length;
}

/**
 * A merged label cell cut by the page break ("（四）无" at the foot of one page, "法提供" at the head of the next, or
 * an empty continuation): when the cell above the break is a group label (more label text stands to its right)
 * and the cell below sits in the same column and does not start a new numbered item, they are one cell.
 */
function joinAcrossBreak(
  blocks: SourceBlock[],
  placed: Map<Region, Placed>,
  last: readonly { region: Region; x0: number; x1: number }[],
  g: Grid,
  firstBodyRow: number,
  continued: Set<Region>,
): void {
  const groupCells = last.filter(
    (e, i) =>
      isLabel(e.region.text) &&
      last.slice(i + 1).some((f) => f.region !== e.region && isLabel(f.region.text)),
  );
  for (const r of g.regions) {
    if (r.r0 !== firstBodyRow) continue;
    const above = groupCells.find((e) => Math.abs(e.x0 - r.left) < 3 && Math.abs(e.x1 - r.right) < 3);
    if (!above) continue;
    if (r.text && (ENUMERATOR.test(r.text) || !isLabel(r.text))) continue;
    continued.add(r);
    if (!r.text) continue;
    const at = placed.get(above.region);
    if (!at) continue;
    const b = blocks[at.block];
    if (b?.kind !== 'row') continue;
    const cell = b.cells[at.cell]!;
    const text = joinWrapped([cell.text, r.text]);
    above.region.text = text;
    const cells = [...b.cells];
    cells[at.cell] = { ...cell, text, prov: { ...cell.prov, text } };
    blocks[at.block] = { ...b, cells };
  }
}

function emitGrid(
  blocks: SourceBlock[],
  g: Grid,
  index: number,
  firstRow: number,
  skip: number,
  pm: PageModel,
  placed: Map<Region, Placed>,
  continued: ReadonlySet<Region>,
): { rows: number; last: { region: Region; x0: number; x1: number }[] } {
  const R = g.ys.length - 1;
  const C = g.xs.length - 1;
  let row = firstRow;
  let last: { region: Region; x0: number; x1: number }[] = [];
  for (let r = skip; r < R; r++) {
    const cells: SourceCell[] = [];
    const entries: { region: Region; x0: number; x1: number }[] = [];
    let anyStart = false;
    let textTop = Number.POSITIVE_INFINITY;
    for (let c = 0; c < C; ) {
      const k = g.cellRegion[r * C + c]!;
      let c2 = c;
      while (c2 + 1 < C && g.cellRegion[r * C + c2 + 1] === k) c2++;
      const region = g.regions[k]!;
      const span = c2 - c + 1;
      // A region that began in a skipped (repeated header) row starts again here.
      const starts = Math.max(region.r0, skip) === r && region.c0 === c && !continued.has(region);
      const text = starts ? region.text : '';
      const top = region.pieces.length ? Math.min(...region.pieces.map((p) => p.top)) : region.top;
      const prov: Provenance = {
        page: pm.page,
        line: lineNo(pm.lineTops, top),
        table: index,
        row,
        col: c,
        text,
      };
      if (starts) {
        anyStart = true;
        if (text) textTop = Math.min(textTop, top);
        if (text) placed.set(region, { block: blocks.length, cell: cells.length });
        cells.push({ text, prov, ...(span > 1 ? { span } : {}) });
      } else cells.push({ text: '', prov, ...(span > 1 ? { span } : {}), merged: true });
      entries.push({ region, x0: g.xs[c]!, x1: g.xs[c2 + 1]! });
      c = c2 + 1;
    }
    // A row made only of continuations of cells above adds nothing.
    if (!anyStart) continue;
    const rowTop = Number.isFinite(textTop) ? textTop : g.ys[r]!;
    blocks.push({
      kind: 'row',
      cells,
      prov: { page: pm.page, line: lineNo(pm.lineTops, rowTop), table: index, row },
      table: index,
    });
    row++;
    last = entries;
  }
  return { rows: row, last };
}
