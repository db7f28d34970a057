// The PDF reader: text runs and ruling lines from pdf.js (through unpdf) → SourceDocument. Ruled tables are read as
// grids (merged cells from missing lines, wrapped labels kept in their cell); tables without rules are rebuilt from
// the x positions of their numbers (stream.ts). A table that runs over a page break continues as the same table,
// page numbers and running heads dropped; a merged label cell cut by the page break is joined again.
import type { Provenance } from '../../domain/report/model.ts';
import { UnreadableError } from '../index.ts';
import { checkSize, currentLimits, type ReadLimits } from '../limits.ts';
import type { SourceBlock, SourceCell, SourceDocument } from '../source.ts';
import { CMapLoader } from './pdf/cmaps.ts';
import { type Matrix, type Piece, pieceOf, splitAtGaps, type TextItemLike } from './pdf/geometry.ts';
import { findGrids, type Grid, placeText, type Region } from './pdf/lattice.ts';
import { dropFurniture, groupLines, type Line, paragraphs, type TextFrame, textFrame } from './pdf/lines.ts';
import { rulingsOf } from './pdf/paths.ts';
import { type StreamTable, streamTables } from './pdf/stream.ts';
import { joinWrapped } from './shared/text.ts';

installPolyfills();

/**
 * pdf.js 5 calls ArrayBuffer.prototype.transferToFixedLength (Node ≥ 21) while loading fonts for the operator
 * list. On Node 20 a copying stand-in does the same job; the original buffer is not detached, which pdf.js does
 * not rely on.
 */
function installPolyfills(): void {
  const proto = ArrayBuffer.prototype as ArrayBuffer & {
    transferToFixedLength?: (n?: number) => ArrayBuffer;
  };
  if (typeof proto.transferToFixedLength === 'function') return;
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    configurable: true,
    writable: true,
    value(this: ArrayBuffer, length = this.byteLength): ArrayBuffer {
      const out = new ArrayBuffer(length);
      new Uint8Array(out).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
      return out;
    },
  });
}

interface PageModel {
  readonly page: number;
  readonly height: number;
  readonly grids: Grid[];
  streams: StreamTable[];
  lines: Line[];
  /** Tops of every text line on the page, for 1-based line numbers in provenance. */
  readonly lineTops: number[];
}

interface PdfProxy {
  numPages: number;
  getPage(n: number): Promise<PdfPage>;
  destroy(): Promise<void>;
}
interface PdfPage {
  getViewport(o: { scale: number }): { transform: number[]; width: number; height: number };
  getTextContent(): Promise<{ items: unknown[] }>;
  getOperatorList(): Promise<{ fnArray: ArrayLike<number>; argsArray: ArrayLike<unknown> }>;
  cleanup(): void;
}

export async function read(
  bytes: Uint8Array,
  file: string,
  limits: ReadLimits = currentLimits(),
): Promise<SourceDocument> {
  checkSize(bytes.byteLength, file, limits);
  const cmaps = new CMapLoader();
  const pdf = await open(bytes, file, cmaps);
  const notes: string[] = [];
  try {
    const pages: PageModel[] = [];
    const n = Math.min(pdf.numPages, limits.pdfMaxPages);
    if (pdf.numPages > n) notes.push(`PDF 共 ${pdf.numPages} 页，只读取了前 ${n} 页`);
    let chars = 0;
    for (let i = 1; i <= n; i++) {
      let model: PageModel;
      try {
        model = await readPage(pdf, i);
      } catch (e) {
        // One damaged page does not cost the others.
        notes.push(`PDF 第 ${i} 页无法解析，已跳过（${(e as Error)?.message ?? String(e)}）`);
        continue;
      }
      chars += model.lines.reduce((a, l) => a + l.text.length, 0) + model.grids.length + model.streams.length;
      pages.push(model);
    }
    if (chars === 0 && cmaps.missing.size)
      throw new UnreadableError(
        `${file}：PDF 使用了未嵌入的中文字体编码（${[...cmaps.missing].join('、')}），缺少对应的字符映射表，无法提取文字（请安装 poppler-data）`,
        file,
      );
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
    return { form: 'pdf', blocks: assemble(pages, textFrame(pages.flatMap((p) => p.lines))), notes };
  } catch (e) {
    if (e instanceof UnreadableError) throw e;
    throw new UnreadableError(`${file}：PDF 内容无法解析（${(e as Error)?.message ?? String(e)}）`, file);
  } finally {
    await pdf.destroy().catch(() => {});
  }
}

async function open(bytes: Uint8Array, file: string, cmaps: CMapLoader): Promise<PdfProxy> {
  const { getDocumentProxy } = await import('unpdf');
  try {
    // A copy: pdf.js may take over the buffer it is given. Images are not decoded (maxImageSize), fonts are not
    // installed (disableFontFace): text and lines are all the reader needs.
    return (await getDocumentProxy(new Uint8Array(bytes), {
      verbosity: 0,
      maxImageSize: 1,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      // Predefined CMaps in Adobe's text format, from the system (cmaps.ts).
      cMapUrl: 'system/',
      cMapPacked: false,
      BinaryDataFactory: cmaps.factory(),
    } as Parameters<typeof getDocumentProxy>[1])) as unknown as PdfProxy;
  } catch (e) {
    const name = (e as { name?: string })?.name;
    const msg = (e as Error)?.message ?? String(e);
    if (name === 'PasswordException')
      throw new UnreadableError(
        `${file}：PDF 已加密，需要密码才能打开，无法读取（请提供未加密的文件）`,
        file,
      );
    if (name === 'InvalidPDFException')
      throw new UnreadableError(`${file}：PDF 文件已损坏或不完整（可能下载不完整），无法读取`, file);
    throw new UnreadableError(`${file}：无法打开 PDF（${msg}）`, file);
  }
}

async function readPage(pdf: PdfProxy, n: number): Promise<PageModel> {
  const page = await pdf.getPage(n);
  const vp = page.getViewport({ scale: 1 });
  const viewport = vp.transform as unknown as Matrix;
  const content = await page.getTextContent();
  const pieces: Piece[] = [];
  for (const it of content.items) {
    const item = it as TextItemLike;
    if (typeof item.str !== 'string' || !item.str.trim() || !Array.isArray(item.transform)) continue;
    const p = pieceOf(item, viewport);
    if (p) pieces.push(...splitAtGaps(p));
  }
  let grids: Grid[] = [];
  const allLines = groupLines(pieces, n);
  // The operator list costs as much as the text again: fetch it only for pages that look tabular.
  if (pieces.length && looksTabular(allLines)) {
    let ops: Awaited<ReturnType<PdfPage['getOperatorList']>> | null = null;
    try {
      ops = await page.getOperatorList();
    } catch {
      ops = null; // no lines: the page is still read as text
    }
    if (ops) grids = findGrids(rulingsOf(ops, viewport, [vp.width, vp.height]));
  }
  page.cleanup();
  const outside = placeText(grids, pieces);
  for (const g of grids)
    for (const r of g.regions) r.text = joinWrapped(groupLines(r.pieces, n).map((l) => l.text));
  const lineTops = allLines.map((l) => l.top);
  return { page: n, height: vp.height, grids, streams: [], lines: groupLines(outside, n), lineTops };
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
