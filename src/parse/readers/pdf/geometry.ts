// Page geometry for the PDF reader. Everything is in device space: points, origin at the top-left of the page,
// y growing downwards, so "above" means a smaller y.

export type Matrix = readonly [number, number, number, number, number, number];
export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 × m2: apply m2 first, then m1 (the PDF / pdf.js convention). */
export function multiply(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

export function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** A run of text on one page with its box. `size` is the font size in device space. */
export interface Piece {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  readonly top: number;
  readonly bottom: number;
  readonly size: number;
  /** The baseline's y (horizontal text); pieces of one printed line share it. */
  readonly base: number;
  /** True for text set top-to-bottom (vertical writing mode). */
  readonly vertical: boolean;
}

export const cx = (p: Piece) => (p.x0 + p.x1) / 2;
export const cy = (p: Piece) => (p.top + p.bottom) / 2;

const WIDE_CHAR = /[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u2018-\u201F\u2026\u2014]/;

/**
 * Split a piece into its characters with estimated boxes: wide (Chinese) characters count as one em, others as
 * half. Used where one text run crosses a table's column line or holds several cells separated by spaces.
 */
export function charsOf(p: Piece): Piece[] {
  const chars = [...p.text];
  const weights = chars.map((c) => (WIDE_CHAR.test(c) ? 1 : 0.5));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const out: Piece[] = [];
  let acc = 0;
  chars.forEach((ch, i) => {
    const w = weights[i]!;
    if (p.vertical) {
      const h = p.bottom - p.top;
      out.push({ ...p, text: ch, top: p.top + (h * acc) / total, bottom: p.top + (h * (acc + w)) / total });
    } else {
      const wd = p.x1 - p.x0;
      out.push({ ...p, text: ch, x0: p.x0 + (wd * acc) / total, x1: p.x0 + (wd * (acc + w)) / total });
    }
    acc += w;
  });
  return out;
}

/** Split at runs of two or more spaces: "0    0    0" set as one run is three cells. */
export function splitAtGaps(p: Piece): Piece[] {
  if (p.vertical || !/\S\s{2,}\S/.test(p.text)) return [p];
  const chars = charsOf(p);
  const out: Piece[] = [];
  let cur: Piece[] = [];
  const flush = () => {
    const text = cur
      .map((c) => c.text)
      .join('')
      .trim();
    if (text) out.push({ ...p, text, x0: cur[0]!.x0, x1: cur[cur.length - 1]!.x1 });
    cur = [];
  };
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c.text === ' ' && chars[i + 1]?.text === ' ') {
      flush();
      while (chars[i + 1]?.text === ' ') i++;
      continue;
    }
    cur.push(c);
  }
  flush();
  return out;
}
