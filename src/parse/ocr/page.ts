// One scanned page: clean the image, straighten it, find the ruled tables, recognise each cell on its own and the
// running text around the tables. Cells are cut from the grid the ruling lines make, never from OCR's text lines:
// line OCR drops single digits in wide cells ("规章 0 0 0" → "规章 0 o").
import { findGrids, type Grid } from '../readers/pdf/lattice.ts';
import {
  type Box,
  binarize,
  blank,
  blit,
  cleaned,
  flatten,
  type Gray,
  inkBox,
  inkIn,
  otsu,
  redChannel,
  rotate,
  sealMask,
  skewAngle,
  upscale,
  whiten,
} from './image.ts';
import { findRulings } from './rulings.ts';
import { recognise, type Word } from './tesseract.ts';

/** Pixels a page is normalised to across (A4 at 200 dpi): scans come at 150–300 dpi. */
export const PAGE_WIDTH_PX = 1654;
/** Grid units (PDF points at 200 dpi) per pixel, so the PDF reader's grid finder and its tolerances apply. */
const PT = 72 / 200;

export interface OcrCell {
  /** What was recognised, normalised ("" = no ink: a blank cell). */
  text: string;
  /** 0–100; 100 for a blank or a dash seen from the ink alone. */
  conf: number;
  /** Pixel box of the cell on the straightened page. */
  readonly box: Box;
  /** Other readings, when the engines disagreed. */
  candidates?: string[];
  uncertain?: string;
  /** The seal's ring or star crosses the cell's ink: its readings must all agree. */
  underSeal?: boolean;
}

export interface OcrGrid {
  readonly grid: Grid;
  /** Per region index of `grid`. */
  readonly cells: OcrCell[];
}

export interface OcrLine {
  readonly text: string;
  readonly box: Box;
  readonly conf: number;
}

export interface OcrPage {
  readonly page: number;
  readonly w: number;
  readonly h: number;
  /** Degrees the page was turned to straighten it. */
  readonly angle: number;
  readonly grids: OcrGrid[];
  readonly lines: OcrLine[];
}

export interface PageInput {
  readonly page: number;
  readonly pixels: ArrayLike<number>;
  readonly w: number;
  readonly h: number;
  /** Components per pixel (3 RGB, 4 RGBA, 1 grey). */
  readonly n: number;
  readonly stride: number;
}

export interface PageOptions {
  /** Milliseconds one tesseract call may take. */
  readonly timeoutMs: number;
}

const CJK = /[\u3400-\u9fff]/;
const CJK_ALL = /[\u3400-\u9fff]/g;

/** Characters the Chinese model confuses with digits in a cell that holds a number. */
const DIGIT_LOOKALIKE: Record<string, string> = {
  O: '0',
  o: '0',
  〇: '0',
  D: '0',
  Q: '0',
  l: '1',
  I: '1',
  '|': '1',
  丨: '1',
  i: '1',
  Z: '2',
  z: '2',
  S: '5',
  s: '5',
  B: '8',
  g: '9',
  q: '9',
};

export async function ocrPage(input: PageInput, o: PageOptions): Promise<OcrPage> {
  const grey =
    input.n >= 3 ? redChannel(input.pixels, input.w, input.h, input.n, input.stride) : toGray(input);
  const flat = flatten(grey);
  const t = Math.min(210, Math.max(90, otsu(flat)));
  const angle = skewAngle(binarize(flat, t), flat.w, flat.h);
  const page = rotate(flat, angle);
  // Where the seal's red lies on the straightened page: a digit crossed by its ring may have lost a stroke ("16"
  // read as "10" by two readings alike), so such cells are not taken on two agreeing readings.
  const seal =
    input.n >= 3 ? rotate(sealMask(input.pixels, input.w, input.h, input.n, input.stride), angle) : null;
  const ink = binarize(page, t);
  const clean = cleaned(page, t);

  // Ruling lines are often one faint pixel wide in a 150 dpi scan: look for them with a lenient threshold (runs must
  // be long anyway, so noise does not make lines).
  const lineInk = binarize(page, Math.min(242, t + 45));
  const rulings = findRulings(lineInk, page.w, page.h, { minH: 60, minV: 36, gap: 3 }, PT);
  const grids = findGrids(rulings).filter((g) => g.ys.length >= 3);

  const ocrGrids: OcrGrid[] = [];
  const todo: { cell: OcrCell; crop: Box }[] = [];
  for (const grid of grids) {
    const cells = grid.regions.map((r) => {
      const box: Box = {
        x: Math.round(r.left / PT),
        y: Math.round(r.top / PT),
        w: Math.round((r.right - r.left) / PT),
        h: Math.round((r.bottom - r.top) / PT),
      };
      // Inside the lines: half a thick line plus a margin.
      const inner: Box = { x: box.x + 6, y: box.y + 6, w: box.w - 12, h: box.h - 12 };
      const cell: OcrCell = { text: '', conf: 100, box };
      const found = inner.w > 4 && inner.h > 4 ? inkBox(ink, page.w, inner) : null;
      if (found && seal && inkIn(seal, found, 4) > 4) cell.underSeal = true;
      if (found) {
        if (found.h <= 8 && found.w >= 12 && found.w >= 2 * found.h) cell.text = '—';
        else todo.push({ cell, crop: found });
      }
      return cell;
    });
    ocrGrids.push({ grid, cells });
  }

  // Every cell on its own line of one mosaic image: one tesseract run per page instead of one per cell.
  if (todo.length) {
    const words = await mosaic(clean, todo, { lang: 'chi_sim', psm: 6, timeoutMs: o.timeoutMs });
    todo.forEach((t, i) => {
      const ws = words[i] ?? [];
      t.cell.text = ws.map((w) => w.text).join('');
      t.cell.conf = ws.length ? Math.min(...ws.map((w) => w.conf)) : 0;
    });
    // Numbers again with a digits-only model: two readings that agree are trusted, two that differ are not.
    // A digit with one stray Chinese character beside it ("0一": a seal's arc read as 一) is a number's cell too, not a
    // label: taken as text it would leave its row a number short.
    const numeric = todo.filter(
      (t) => !CJK.test(t.cell.text) || (/\d/.test(t.cell.text) && t.cell.text.match(CJK_ALL)!.length === 1),
    );
    if (numeric.length) {
      const digits = await mosaic(clean, numeric, {
        lang: 'eng',
        psm: 6,
        timeoutMs: o.timeoutMs,
        config: { tessedit_char_whitelist: '0123456789-/.,' },
      });
      const readings = numeric.map((t, i) => {
        const first = { a: asDigits(t.cell.text), b: (digits[i] ?? []).map((w) => w.text).join('') };
        settleNumber(t.cell, digits[i] ?? []);
        return first;
      });
      // A third reading of the cells still in doubt, digits only at twice the size (a 150 dpi scan's digits are
      // small for the recogniser). Where two of the three readings agree and the third is no number at all, and
      // the number's width fits the ink, the cell is read; where readings name different numbers, all of them
      // stay candidates for the identities (verify.ts) to choose among.
      const doubt = numeric
        .map((t, i) => ({ ...t, ...readings[i]! }))
        .filter(
          // Not the cells whose reading looks like several cells run together: a third reading cannot settle that.
          (t) => t.cell.uncertain && !/连在一起/.test(t.cell.uncertain),
        );
      if (doubt.length) {
        const again = await mosaic(clean, doubt, {
          lang: 'eng',
          psm: 6,
          timeoutMs: o.timeoutMs,
          scale: 2,
          config: { tessedit_char_whitelist: '0123456789-/.,' },
        });
        // A cell under the seal: settled only when all three readings agree.
        for (const [i, t] of doubt.entries())
          settleByVotes(t.cell, t.crop, [t.a, t.b, (again[i] ?? []).map((w) => w.text).join('')]);
      }
    }
  }

  // The official tables always carry labels: a "grid" without any legible Chinese is a drawing, a form border or a
  // seal's remains, not a table. Its text is read as running text instead.
  for (let i = ocrGrids.length - 1; i >= 0; i--)
    if (!ocrGrids[i]!.cells.some((c) => /[\u3400-\u9fff]{2}/.test(c.text) && c.conf >= 75)) {
      ocrGrids.splice(i, 1);
      grids.splice(i, 1);
    }

  // Running text: the page with its tables taken out.
  const rest: Gray = { w: clean.w, h: clean.h, data: new Uint8Array(clean.data) };
  for (const g of grids)
    whiten(rest, {
      x: Math.round(g.x0 / PT) - 8,
      y: Math.round(g.y0 / PT) - 8,
      w: Math.round((g.x1 - g.x0) / PT) + 16,
      h: Math.round((g.y1 - g.y0) / PT) + 16,
    });
  const words = await recognise(rest, { lang: 'chi_sim', psm: 3, timeoutMs: o.timeoutMs });
  const lines = toLines(words);

  return { page: input.page, w: page.w, h: page.h, angle, grids: ocrGrids, lines };
}

function toGray(input: PageInput): Gray {
  const data = new Uint8Array(input.w * input.h);
  for (let y = 0; y < input.h; y++)
    for (let x = 0; x < input.w; x++) data[y * input.w + x] = input.pixels[y * input.stride + x * input.n]!;
  return { w: input.w, h: input.h, data };
}

/** Recognise many crops in one run: each on its own row of a tall image, words mapped back by their row. */
async function mosaic(
  src: Gray,
  items: readonly { crop: Box }[],
  o: { lang: string; psm: number; timeoutMs: number; config?: Record<string, string>; scale?: number },
): Promise<Word[][]> {
  const PAD = 24;
  const GAP = 28;
  const width = Math.min(PAGE_WIDTH_PX, Math.max(...items.map((i) => i.crop.w)) + 2 * PAD);
  const rows: { y0: number; y1: number }[] = [];
  let y = PAD;
  for (const it of items) {
    rows.push({ y0: y, y1: y + it.crop.h });
    y += it.crop.h + GAP;
  }
  const img = blank(width, y + PAD);
  items.forEach((it, i) => {
    blit(src, { ...it.crop, w: Math.min(it.crop.w, width - 2 * PAD) }, img, PAD, rows[i]!.y0);
  });
  const k = o.scale ?? 1;
  const words = await recognise(k > 1 ? upscale(img, k) : img, o);
  const out: Word[][] = items.map(() => []);
  for (const w of words) {
    const cy = (w.top + w.height / 2) / k;
    const i = rows.findIndex((r) => cy >= r.y0 - GAP / 2 && cy <= r.y1 + GAP / 2);
    if (i >= 0) out[i]!.push(w);
  }
  // Within a cell: by printed line, then left to right.
  for (const ws of out)
    ws.sort((a, b) => (Math.abs(a.top - b.top) > a.height / 2 ? a.top - b.top : a.left - b.left));
  return out;
}

/** Digits as the Chinese model read them, look-alike letters turned into digits. */
export function asDigits(s: string): string {
  // A minus sign before a number (表二's 本年增/减 prints "-7") read as a dash or as 一.
  return [...s.replace(/\s+/g, '')]
    .map((c) => DIGIT_LOOKALIKE[c] ?? c)
    .join('')
    .replace(/^[一－—–](?=\d)/, '-');
}

/** A printed number: a count, an amount with thousands separators or decimals, a change with its sign. */
const NUMBER = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;
const BLANKISH = /^[-—–/\\]+$/;

/** Decide a numeric cell from its two readings. */
function settleNumber(cell: OcrCell, digitWords: readonly Word[]): void {
  const a = asDigits(cell.text);
  const b = digitWords.map((w) => w.text).join('');
  const bConf = digitWords.length ? Math.min(...digitWords.map((w) => w.conf)) : 0;
  if (BLANKISH.test(a) && (a === '/' || a.length <= 2)) {
    cell.text = a.startsWith('/') ? '/' : '—';
    return;
  }
  // "001", "070100": nobody prints a count with leading zeros. Several cells run together (a ruling the grid
  // missed) or specks read as digits: never one number.
  const padded = (s: string) => /^-?0\d/.test(s);
  if (a === b && NUMBER.test(a) && !padded(a)) {
    cell.text = a;
    cell.conf = Math.max(cell.conf, bConf);
    // Under the seal two readings may lose the same stroke: a third must agree (ocrPage's third reading).
    if (cell.underSeal) cell.uncertain = `扫描件中印章压住此单元格（识别为“${a}”），数值待核对`;
    return;
  }
  const options = [...new Set([a, b].filter((s) => NUMBER.test(s)))];
  if (options.length === 1 && padded(options[0]!)) {
    cell.text = options[0]!;
    cell.conf = Math.min(cell.conf, bConf);
    cell.uncertain = `扫描件识别不确定（识别为“${options[0]}”，可能是几格数字连在一起）`;
    return;
  }
  // Never leave letters in a number's cell: the extractor would take them for a label and shift the row. The
  // digits-only reading (or the digits in the Chinese one) stands in, flagged uncertain.
  const digitsOnly = (b || a).replace(/[^\d]/g, '');
  cell.text = options.length
    ? bConf >= cell.conf && NUMBER.test(b)
      ? b
      : (options[0] ?? a)
    : digitsOnly || (BLANKISH.test(b) ? '—' : '0');
  cell.conf = Math.min(cell.conf, bConf);
  if (options.length > 1) cell.candidates = options;
  cell.uncertain = options.length
    ? `扫描件识别不确定（识别为“${options.join('”或“')}”）`
    : `扫描件无法识别此单元格（原样为“${a || b}”），数值待核对`;
}

/**
 * Whether a number of this many characters can be the ink seen: a digit's ink is at most about as wide as it is
 * tall, and n digits need at least n − 1 digits' widths. A reading that dropped or doubled a digit ("10" read as
 * "1") fails this, so agreement alone does not make it certain.
 */
export function fitsInk(text: string, ink: Box): boolean {
  const n = [...text].reduce((a, c) => a + (c === ',' || c === '.' ? 0.5 : 1), 0);
  return ink.w <= n * 0.9 * ink.h + 2 && ink.w >= (n - 1) * 0.45 * ink.h;
}

/** Decide a doubtful number from three readings (Chinese model, digits model, digits model at twice the size). */
export function settleByVotes(cell: OcrCell, ink: Box, readings: readonly string[]): void {
  const valid = readings.filter((r) => NUMBER.test(r) && !/^-?0\d/.test(r));
  const options = [...new Set(valid)];
  if (!options.length) return;
  const votes = (x: string) => valid.filter((v) => v === x).length;
  // One number the majority read and the only one whose width fits the ink ("-8" where one reading missed the
  // minus: a lone "8" is not that wide).
  const fitting = options.filter((x) => fitsInk(x, ink));
  const needed = cell.underSeal ? readings.length : 2;
  if (fitting.length === 1 && votes(fitting[0]!) >= needed && 2 * votes(fitting[0]!) > readings.length) {
    cell.text = fitting[0]!;
    cell.conf = Math.max(cell.conf, 75);
    delete cell.uncertain;
    delete cell.candidates;
    return;
  }
  // Still in doubt: every number read is a candidate, the most read one shown.
  options.sort((x, y) => votes(y) - votes(x));
  cell.text = options[0]!;
  if (options.length > 1) cell.candidates = options;
  cell.uncertain = `扫描件识别不确定（识别为“${options.join('”或“')}”）`;
}

/** Words into printed lines: tesseract's line numbers, boxes joined. Spaces between Chinese characters dropped. */
function toLines(words: readonly Word[]): OcrLine[] {
  const byLine = new Map<string, Word[]>();
  for (const w of words) {
    const l = byLine.get(w.line) ?? [];
    l.push(w);
    byLine.set(w.line, l);
  }
  const lines: OcrLine[] = [];
  for (const ws of byLine.values()) {
    ws.sort((a, b) => a.left - b.left);
    let text = '';
    ws.forEach((w, i) => {
      const prev = ws[i - 1];
      const wide = (c: string | undefined) => c !== undefined && /[^\x00-\x7f]/.test(c);
      if (
        prev &&
        !(wide(text.at(-1)) || wide(w.text[0])) &&
        w.left - (prev.left + prev.width) > prev.height * 0.25
      )
        text += ' ';
      text += w.text;
    });
    const x0 = Math.min(...ws.map((w) => w.left));
    const y0 = Math.min(...ws.map((w) => w.top));
    const x1 = Math.max(...ws.map((w) => w.left + w.width));
    const y1 = Math.max(...ws.map((w) => w.top + w.height));
    const conf = ws.reduce((s, w) => s + w.conf, 0) / ws.length;
    // Specks of noise come back as short low-confidence lines.
    if (conf < 35 && text.length <= 3) continue;
    lines.push({ text, box: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, conf });
  }
  return lines.sort((a, b) => a.box.y - b.box.y);
}
