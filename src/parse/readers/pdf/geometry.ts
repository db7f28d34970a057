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

/** The text item as pdf.js gives it. */
export interface TextItemLike {
  readonly str: string;
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
  readonly dir?: string;
}

// Share of the font size above and below the baseline: ascent and descent of CJK fonts are close to these, and
// the exact values only shift boxes by a fraction of a line.
const ASCENT = 0.85;
const DESCENT = 0.2;

/** A pdf.js text item → a piece in device space (viewport: the page's user → device transform). */
export function pieceOf(item: TextItemLike, viewport: Matrix): Piece | null {
  const t = item.transform as unknown as Matrix;
  const m = multiply(viewport, t);
  const sx = Math.hypot(t[0], t[1]) || 1;
  const sy = Math.hypot(t[2], t[3]) || 1;
  const vertical = item.dir === 'ttb';
  // The run's box in text space (units of the font size), then its corners in device space.
  let u0: number;
  let u1: number;
  let v0: number;
  let v1: number;
  if (vertical) {
    const w = item.width / sx;
    u0 = -w / 2;
    u1 = w / 2;
    v0 = -item.height / sy;
    v1 = 0;
  } else {
    u0 = 0;
    u1 = item.width / sx;
    v0 = -DESCENT;
    v1 = ASCENT;
  }
  const corners = [apply(m, u0, v0), apply(m, u1, v0), apply(m, u0, v1), apply(m, u1, v1)];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const size = Math.hypot(m[2], m[3]);
  if (
    !Number.isFinite(size) ||
    size <= 0 ||
    xs.some((v) => !Number.isFinite(v)) ||
    ys.some((v) => !Number.isFinite(v))
  )
    return null;
  return {
    text: item.str,
    x0: Math.min(...xs),
    x1: Math.max(...xs),
    top: Math.min(...ys),
    bottom: Math.max(...ys),
    size,
    base: apply(m, 0, 0)[1],
    vertical,
  };
}

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
