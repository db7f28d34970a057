// Recognised pages → SourceDocument, the form every reader produces, so extract.ts and the rules work unchanged.
// Tables and the runs of text between them in reading order; a table that runs over a page break (same width,
// first thing on the next page) continues as the same table, its repeated header rows dropped.

import { LAYOUTS } from '../../domain/report/layout.ts';
import type { Provenance } from '../../domain/report/model.ts';
import { normalizeLabel } from '../cell-text.ts';
import { isPageNumber } from '../readers/pdf/lines.ts';
import { joinWrapped } from '../readers/shared/text.ts';
import type { SourceBlock, SourceCell, SourceDocument } from '../source.ts';
import type { Box } from './image.ts';
import { snapLabel } from './labels.ts';
import type { OcrGrid, OcrLine, OcrPage } from './page.ts';

export interface PageScale {
  /** PDF points per pixel of the recognised image. */
  readonly ptPerPx: number;
}

const CJK = /[\u3400-\u9fff]/;
const NUMERIC_CELL = /^[\d.,—/-]+$/;
/** 表三's applicant column heads (both layouts). */
const APPLICANT_HEADS = new Set(
  ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计', '法人或其他组织'].map(
    normalizeLabel,
  ),
);

function ptBox(b: Box, s: PageScale): readonly [number, number, number, number] {
  const r = (v: number) => Math.round(v * s.ptPerPx * 10) / 10;
  return [r(b.x), r(b.y), r(b.w), r(b.h)];
}

type Element = { kind: 'lines'; top: number; lines: OcrLine[] } | { kind: 'grid'; top: number; g: OcrGrid };

export function assemble(
  pages: readonly { page: OcrPage; scale: PageScale }[],
  notes: string[],
): SourceDocument {
  const blocks: SourceBlock[] = [];
  let tables = 0;
  let open: { index: number; rows: number; page: number; x0: number; x1: number; head: string[] } | null =
    null;

  for (const { page, scale } of pages) {
    const lines = page.lines.filter(
      (l) => !(isPageNumber(l.text) && (l.box.y < page.h * 0.12 || l.box.y > page.h * 0.85)),
    );
    const els: Element[] = page.grids.map((g) => ({ kind: 'grid' as const, top: g.grid.y0, g }));
    // Grid coordinates are in points at 200 dpi: back to pixels to compare with the lines.
    for (const e of els) if (e.kind === 'grid') e.top = Math.round(e.g.cells[0]?.box.y ?? 0);
    let bucket: OcrLine[] = [];
    const seq: Element[] = [];
    const grids = els.sort((a, b) => a.top - b.top);
    let gi = 0;
    for (const l of lines) {
      while (gi < grids.length && grids[gi]!.top < l.box.y) {
        if (bucket.length) seq.push({ kind: 'lines', top: bucket[0]!.box.y, lines: bucket });
        bucket = [];
        seq.push(grids[gi++]!);
      }
      bucket.push(l);
    }
    if (bucket.length) seq.push({ kind: 'lines', top: bucket[0]!.box.y, lines: bucket });
    while (gi < grids.length) seq.push(grids[gi++]!);

    seq.forEach((el, i) => {
      if (el.kind === 'lines') {
        for (const para of paragraphs(el.lines))
          blocks.push({
            kind: 'para',
            text: joinWrapped(para.map((l) => l.text)),
            prov: { page: page.page, kind: 'ocr', box: ptBox(para[0]!.box, scale) },
          });
        open = null;
        return;
      }
      const g = el.g;
      const x0 = g.grid.x0;
      const x1 = g.grid.x1;
      const prev = open as typeof open;
      const continues =
        prev !== null &&
        i === 0 &&
        prev.page === page.page - 1 &&
        Math.abs(prev.x0 - x0) < 8 &&
        Math.abs(prev.x1 - x1) < 8;
      const index = continues && prev ? prev.index : tables++;
      const { rows, head } = emitGrid(
        blocks,
        g,
        index,
        continues && prev ? prev.rows : 0,
        page,
        scale,
        prev && continues ? prev.head : null,
      );
      open = { index, rows, page: page.page, x0, x1, head: continues && prev ? prev.head : head };
    });
  }
  return { form: 'ocr', blocks: fixTitle(labelsByOrder(blocks)), notes };
}

/** 表三's leaf labels in printed order, per layout. */
const T3_SEQUENCES: readonly (readonly string[])[] = (['2019', '2021'] as const).map((f) =>
  LAYOUTS[f].t3Rows.map((r) => normalizeLabel(r.label)),
);

/**
 * 表三's rows come in a fixed order. A leaf label OCR could not read ("1.合访举根投诉类上请"), or two labels run
 * together, between rows whose labels were read, is the official label at that place — when the gap between the
 * two read neighbours holds exactly as many rows as the official sequence has there.
 */
function labelsByOrder(blocks: SourceBlock[]): SourceBlock[] {
  const out = [...blocks];
  const byTable = new Map<number, number[]>();
  out.forEach((b, i) => {
    if (b.kind === 'row' && b.table !== undefined) byTable.set(b.table, [...(byTable.get(b.table) ?? []), i]);
  });
  for (const rows of byTable.values()) {
    // The leaf label cell of each row: the last cell before the first number.
    const leaf = rows.map((i) => {
      const b = out[i] as Extract<SourceBlock, { kind: 'row' }>;
      const firstNumber = b.cells.findIndex((c) => /^[\d—/-]+$/.test(c.text.trim()));
      if (firstNumber <= 0) return null;
      return { block: i, cell: firstNumber - 1, text: normalizeLabel(b.cells[firstNumber - 1]!.text) };
    });
    // Only the layout whose labels the table shows more of: a 2019 table must not get a 2021 label (it would
    // change the layout the extractor decides on).
    const hits = T3_SEQUENCES.map((seq) => leaf.filter((l) => l && seq.includes(l.text)).length);
    const best = hits[0]! > hits[1]! ? 0 : hits[1]! > hits[0]! ? 1 : -1;
    // The 2021 layout has every 2019 label but one; a tie is decided by the rows only 2021 has.
    const only2021 = leaf.some(
      (l) => l && !T3_SEQUENCES[0]!.includes(l.text) && T3_SEQUENCES[1]!.includes(l.text),
    );
    const chosen = best >= 0 ? best : only2021 ? 1 : 0;
    for (const seq of [T3_SEQUENCES[chosen]!]) {
      const pos = leaf.map((l) => (l ? seq.indexOf(l.text) : -1));
      let prev = -1;
      for (let r = 0; r < leaf.length; r++) {
        if (pos[r]! < 0) continue;
        if (prev >= 0 && r - prev > 1 && pos[r]! - pos[prev]! === r - prev) {
          for (let q = prev + 1; q < r; q++) {
            const l = leaf[q];
            if (!l) continue;
            const label =
              LAYOUTS[seq === T3_SEQUENCES[0] ? '2019' : '2021'].t3Rows[pos[prev]! + (q - prev)]!.label;
            const b = out[l.block] as Extract<SourceBlock, { kind: 'row' }>;
            const cells = [...b.cells];
            const c = cells[l.cell]!;
            cells[l.cell] = {
              ...c,
              text: label,
              prov: { ...c.prov, text: c.text, inferred: '标签按表三行序确定' },
            };
            out[l.block] = { ...b, cells };
          }
        }
        prev = r;
      }
    }
  }
  return out;
}

const TITLE_WORDS = '政府信息公开工作年度报告';

/**
 * The title, set large and bold, is where OCR slips most ("2023年政府 / 童县公开工作年度报告"), and the extractor
 * finds agency and year by it. Its wording is fixed by the format: the first paragraphs, joined, that read as
 * "<agency><year>年…报告" with most of the fixed words present, are that title.
 */
function fixTitle(blocks: SourceBlock[]): SourceBlock[] {
  const paras = blocks
    .map((b, i) => ({ b, i }))
    .filter((x) => x.b.kind === 'para')
    .slice(0, 6);
  for (let i = 0; i < paras.length; i++)
    for (let n = 1; n <= 3 && i + n <= paras.length; n++) {
      const part = paras.slice(i, i + n);
      // Only lines that follow each other in the document make one title.
      if (part.some((p, j) => j > 0 && p.i !== part[j - 1]!.i + 1)) break;
      const text = part.map((p) => (p.b.kind === 'para' ? p.b.text : '')).join('');
      // 年 itself may be misread ("2024秆政府…"): any one character after the year stands for it.
      const m = /^(.{2,40}?)((?:19|20)\d{2})\s*(?:年度?|[\u3400-\u9fff])(.{2,16}?报告)$/.exec(
        text.replace(/\s+/g, ''),
      );
      if (!m) continue;
      const rest = m[3]!;
      let common = 0;
      for (const c of new Set(rest)) if (TITLE_WORDS.includes(c)) common++;
      if (common < 6) continue;
      const agency = cleanAgency(m[1]!, blocks);
      const title = `${agency}${m[2]}年${TITLE_WORDS}`;
      const head = part[0]!;
      const fixed: SourceBlock = { kind: 'para', text: title, prov: head.b.prov };
      const drop = new Set(part.slice(1).map((p) => p.i));
      return blocks.map((b, k) => (k === head.i ? fixed : b)).filter((_, k) => !drop.has(k));
    }
  return blocks;
}

/**
 * The agency as read in the title; when OCR left stray marks in it ("i“市人民政府"), the body usually names it in
 * full ("本报告由淮安市人民政府办公室根据…"): take the name that ends the same way.
 */
function cleanAgency(read: string, blocks: readonly SourceBlock[]): string {
  if (/^[\u3400-\u9fff（）()]+$/.test(read)) return read;
  const tail = /[\u3400-\u9fff]{3,}$/.exec(read)?.[0];
  if (!tail) return read;
  for (const b of blocks.slice(0, 30)) {
    if (b.kind !== 'para') continue;
    const at = b.text.indexOf(tail);
    if (at < 0) continue;
    const before = /[\u3400-\u9fff]{0,8}$/.exec(b.text.slice(0, at))?.[0] ?? '';
    const name = before.replace(/^.*(?:本报告由|由|是|为|据|根据)/, '');
    if (name.length >= 1) return `${name}${tail}`;
  }
  return read;
}

/** Paragraphs: a new one where a line is indented or the line before it stopped short. */
function paragraphs(lines: readonly OcrLine[]): OcrLine[][] {
  if (!lines.length) return [];
  const left = Math.min(...lines.map((l) => l.box.x));
  const right = Math.max(...lines.map((l) => l.box.x + l.box.w));
  const out: OcrLine[][] = [];
  let cur: OcrLine[] = [];
  for (const l of lines) {
    const prev = cur[cur.length - 1];
    const em = l.box.h || 30;
    const indented = l.box.x - left > em * 1.2;
    const prevShort = prev ? right - (prev.box.x + prev.box.w) > em * 1.5 : false;
    if (prev && (indented || prevShort)) {
      out.push(cur);
      cur = [];
    }
    cur.push(l);
  }
  if (cur.length) out.push(cur);
  return out;
}

function emitGrid(
  blocks: SourceBlock[],
  g: OcrGrid,
  index: number,
  firstRow: number,
  page: OcrPage,
  scale: PageScale,
  repeatedHead: string[] | null,
): { rows: number; head: string[] } {
  const { grid, cells } = g;
  const R = grid.ys.length - 1;
  const C = grid.xs.length - 1;
  let row = firstRow;
  const head: string[] = [];
  let skipping = repeatedHead !== null;
  for (let r = 0; r < R; r++) {
    const out: SourceCell[] = [];
    let anyStart = false;
    for (let c = 0; c < C; ) {
      const k = grid.cellRegion[r * C + c]!;
      let c2 = c;
      while (c2 + 1 < C && grid.cellRegion[r * C + c2 + 1] === k) c2++;
      const region = grid.regions[k]!;
      const cell = cells[k]!;
      const span = c2 - c + 1;
      const starts = region.r0 === r && region.c0 === c;
      const text = starts ? (CJK.test(cell.text) ? snapLabel(cell.text) : cell.text) : '';
      const prov: Provenance = {
        page: page.page,
        table: index,
        row,
        col: c,
        text,
        kind: 'ocr',
        box: ptBox(cell.box, scale),
        ...(starts && cell.text ? { confidence: Math.round(cell.conf) } : {}),
        ...(starts && cell.candidates ? { candidates: cell.candidates } : {}),
      };
      if (starts) {
        anyStart = true;
        out.push({
          text,
          prov,
          ...(span > 1 ? { span } : {}),
          ...(cell.uncertain ? { uncertain: cell.uncertain } : {}),
        });
      } else out.push({ text: '', prov, ...(span > 1 ? { span } : {}), merged: true });
      c = c2 + 1;
    }
    if (!anyStart) continue;
    const own = out.filter((c) => !c.merged);
    const numeric = own.filter((c) => NUMERIC_CELL.test(c.text.trim()));
    // 表三's header rows (the applicant columns: 自然人, 商业企业, 科研机构, …) print no numbers: a digit read there is
    // a seal's or a ruling's remains. Left in, it makes the header a data row ("其他" is also a row label of the 2021
    // layout, which then decides the layout wrongly). Such cells are emptied, not guessed.
    if (own.filter((c) => APPLICANT_HEADS.has(normalizeLabel(c.text))).length >= 2)
      for (let i = 0; i < out.length; i++)
        if (!out[i]!.merged && NUMERIC_CELL.test(out[i]!.text.trim())) {
          const { uncertain: _u, ...c } = out[i]!;
          const { candidates: _c, confidence: _f, ...prov } = c.prov;
          out[i] = { ...c, text: '', prov: { ...prov, text: '' } };
        }
    // A row with no label at all and only one or two numbers is no row of the official tables (a 表三 row has seven
    // numbers beside its label, a 表二 row its label, 表四's row fifteen numbers): header cells cut by stray lines,
    // holding noise. Taken as data, the numbers would join the label of the row above.
    if (!own.some((c) => CJK.test(c.text)) && numeric.length > 0 && numeric.length <= 2) continue;
    // Two numbered labels in one cell ("7.属于行政执法案卷8.属于行政查询事项"): the ruling between two printed rows
    // was missed, so the row's numbers may be either row's. The extractor takes the row by its label; the numbers
    // are flagged, never given to one row silently.
    const twoRows = own.find(
      (c) => (c.text.match(/(?:^|[^\d])\d\s*[.．、][\u3400-\u9fff]/g) ?? []).length >= 2,
    );
    if (twoRows)
      for (let i = 0; i < out.length; i++)
        if (!out[i]!.merged && NUMERIC_CELL.test(out[i]!.text.trim()) && !out[i]!.uncertain)
          out[i] = {
            ...out[i]!,
            uncertain: `扫描件中两行连在一起（“${twoRows.text}”），数字属于哪一行不确定，请核对原件`,
          };
    const key = out.map((c) => c.text).join('\u0001');
    if (r < 6) head.push(key);
    // Word and LibreOffice repeat a table's header rows on each page: the same texts again are not new rows.
    if (skipping && repeatedHead?.includes(key) && out.some((c) => CJK.test(c.text))) continue;
    skipping = false;
    // The row's box too: a number the extractor could not place in a cell keeps the row's place on the page.
    const boxes = out.map((c) => c.prov.box).filter((b): b is NonNullable<typeof b> => !!b);
    const x0 = Math.min(...boxes.map((b) => b[0]));
    const y0 = Math.min(...boxes.map((b) => b[1]));
    const x1 = Math.max(...boxes.map((b) => b[0] + b[2]));
    const y1 = Math.max(...boxes.map((b) => b[1] + b[3]));
    const r1 = (v: number) => Math.round(v * 10) / 10;
    blocks.push({
      kind: 'row',
      cells: out,
      prov: {
        page: page.page,
        table: index,
        row,
        kind: 'ocr',
        ...(boxes.length ? { box: [r1(x0), r1(y0), r1(x1 - x0), r1(y1 - y0)] as const } : {}),
      },
      table: index,
    });
    row++;
  }
  return { rows: row, head };
}
