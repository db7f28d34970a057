// The ruling lines of a page, from pdf.js's operator list: stroked horizontal and vertical lines, thin filled
// rectangles (how Word and WPS draw borders), and the edges of filled cell backgrounds. Diagonal lines (a split
// header cell) and curves are left out. Coordinates are device space (see geometry.ts).
import { apply, IDENTITY, type Matrix, multiply } from './geometry.ts';

export interface HSeg {
  readonly y: number;
  readonly x0: number;
  readonly x1: number;
}
export interface VSeg {
  readonly x: number;
  readonly y0: number;
  readonly y1: number;
}
export interface Rulings {
  readonly h: HSeg[];
  readonly v: VSeg[];
}

/** The pdf.js OPS codes used here (pdf.js 5: paths arrive as one constructPath with the painting operator). */
const OP = {
  save: 10,
  restore: 11,
  transform: 12,
  stroke: 20,
  closeStroke: 21,
  fill: 22,
  eoFill: 23,
  fillStroke: 24,
  eoFillStroke: 25,
  closeFillStroke: 26,
  closeEOFillStroke: 27,
  endPath: 28,
  setFillGray: 57,
  setFillRGBColor: 59,
  setFillCMYKColor: 61,
  paintFormXObjectBegin: 74,
  paintFormXObjectEnd: 75,
  constructPath: 91,
} as const;
/** Path drawing codes inside constructPath's data (pdf.js DrawOPS). */
const DRAW = { moveTo: 0, lineTo: 1, curveTo: 2, quadraticCurveTo: 3, closePath: 4 } as const;

const STROKES = new Set<number>([
  OP.stroke,
  OP.closeStroke,
  OP.fillStroke,
  OP.eoFillStroke,
  OP.closeFillStroke,
  OP.closeEOFillStroke,
]);
const FILLS = new Set<number>([
  OP.fill,
  OP.eoFill,
  OP.fillStroke,
  OP.eoFillStroke,
  OP.closeFillStroke,
  OP.closeEOFillStroke,
]);

/** A filled rectangle thinner than this is a line. */
const RULE_THICKNESS = 3;
/** Lines shorter than this are glyph parts, bullets or noise. */
const MIN_LENGTH = 2;
/** Axis alignment tolerance. */
const SKEW = 0.6;

interface SubPath {
  points: [number, number][];
  closed: boolean;
  curved: boolean;
}

function subPaths(data: ArrayLike<number>, m: Matrix): SubPath[] {
  const out: SubPath[] = [];
  let cur: SubPath | null = null;
  for (let i = 0; i < data.length; ) {
    const op = data[i++];
    if (op === DRAW.moveTo) {
      cur = { points: [apply(m, data[i]!, data[i + 1]!)], closed: false, curved: false };
      out.push(cur);
      i += 2;
    } else if (op === DRAW.lineTo) {
      const p = apply(m, data[i]!, data[i + 1]!);
      if (cur) cur.points.push(p);
      else {
        cur = { points: [p], closed: false, curved: false };
        out.push(cur);
      }
      i += 2;
    } else if (op === DRAW.curveTo) {
      if (cur) {
        cur.curved = true;
        cur.points.push(apply(m, data[i + 4]!, data[i + 5]!));
      }
      i += 6;
    } else if (op === DRAW.quadraticCurveTo) {
      if (cur) {
        cur.curved = true;
        cur.points.push(apply(m, data[i + 2]!, data[i + 3]!));
      }
      i += 4;
    } else if (op === DRAW.closePath) {
      if (cur) cur.closed = true;
      cur = cur ? { points: [cur.points[0]!], closed: false, curved: false } : null;
      if (cur) out.push(cur);
    } else break; // unknown code: stop rather than misread the rest
  }
  return out;
}

/** An axis-aligned rectangle's bounds, or null. */
function asRect(sp: SubPath): { x0: number; y0: number; x1: number; y1: number } | null {
  if (sp.curved) return null;
  let pts = sp.points;
  if (pts.length === 5 && near(pts[0]!, pts[4]!)) pts = pts.slice(0, 4);
  if (pts.length !== 4) return null;
  for (let i = 0; i < 4; i++) {
    const a = pts[i]!;
    const b = pts[(i + 1) % 4]!;
    if (Math.abs(a[0] - b[0]) > SKEW && Math.abs(a[1] - b[1]) > SKEW) return null;
  }
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

const near = (a: [number, number], b: [number, number]) =>
  Math.abs(a[0] - b[0]) < 0.5 && Math.abs(a[1] - b[1]) < 0.5;

export interface OperatorListLike {
  readonly fnArray: ArrayLike<number>;
  readonly argsArray: ArrayLike<unknown>;
}

/** Collect the page's rulings. `viewport` maps user space to device space; `page` is [width, height]. */
export function rulingsOf(ops: OperatorListLike, viewport: Matrix, page: readonly [number, number]): Rulings {
  const h: HSeg[] = [];
  const v: VSeg[] = [];
  let ctm: Matrix = IDENTITY;
  // White fills are invisible on the page (WPS paints a white box behind every line of text): not borders.
  let whiteFill = false;
  const stack: { ctm: Matrix; whiteFill: boolean }[] = [];
  const pageArea = page[0] * page[1];
  const addLine = (a: [number, number], b: [number, number]) => {
    if (Math.abs(a[1] - b[1]) <= SKEW && Math.abs(a[0] - b[0]) >= MIN_LENGTH)
      h.push({ y: (a[1] + b[1]) / 2, x0: Math.min(a[0], b[0]), x1: Math.max(a[0], b[0]) });
    else if (Math.abs(a[0] - b[0]) <= SKEW && Math.abs(a[1] - b[1]) >= MIN_LENGTH)
      v.push({ x: (a[0] + b[0]) / 2, y0: Math.min(a[1], b[1]), y1: Math.max(a[1], b[1]) });
  };
  const addRect = (r: { x0: number; y0: number; x1: number; y1: number }) => {
    const w = r.x1 - r.x0;
    const ht = r.y1 - r.y0;
    if (ht < RULE_THICKNESS && w >= MIN_LENGTH) h.push({ y: (r.y0 + r.y1) / 2, x0: r.x0, x1: r.x1 });
    else if (w < RULE_THICKNESS && ht >= MIN_LENGTH) v.push({ x: (r.x0 + r.x1) / 2, y0: r.y0, y1: r.y1 });
    else if (w >= MIN_LENGTH && ht >= MIN_LENGTH && w * ht < pageArea * 0.5) {
      // A filled cell background: its edges are the cell's borders.
      h.push({ y: r.y0, x0: r.x0, x1: r.x1 }, { y: r.y1, x0: r.x0, x1: r.x1 });
      v.push({ x: r.x0, y0: r.y0, y1: r.y1 }, { x: r.x1, y0: r.y0, y1: r.y1 });
    }
  };
  const n = ops.fnArray.length;
  for (let i = 0; i < n; i++) {
    const fn = ops.fnArray[i]!;
    const args = ops.argsArray[i] as unknown[] | null;
    if (fn === OP.save || fn === OP.paintFormXObjectBegin) {
      stack.push({ ctm, whiteFill });
      const m = fn === OP.paintFormXObjectBegin ? (args?.[0] as ArrayLike<number> | null) : null;
      if (m && m.length === 6) ctm = multiply(ctm, Array.from(m) as unknown as Matrix);
    } else if (fn === OP.restore || fn === OP.paintFormXObjectEnd) {
      const s = stack.pop();
      ctm = s?.ctm ?? IDENTITY;
      whiteFill = s?.whiteFill ?? false;
    } else if (fn === OP.transform && args) ctm = multiply(ctm, args as unknown as Matrix);
    else if (fn === OP.setFillRGBColor || fn === OP.setFillGray || fn === OP.setFillCMYKColor)
      whiteFill = isWhite(fn, args);
    else if (fn === OP.constructPath && args) {
      const paint = args[0];
      if (typeof paint !== 'number' || paint === OP.endPath) continue;
      const datas = args[1];
      const data = Array.isArray(datas) ? datas[0] : datas;
      if (!data || typeof (data as ArrayLike<number>).length !== 'number') continue;
      const m = multiply(viewport, ctm);
      const isFill = FILLS.has(paint);
      const isStroke = STROKES.has(paint);
      for (const sp of subPaths(data as ArrayLike<number>, m)) {
        const r = isFill && (!whiteFill || isStroke) ? asRect(sp) : null;
        if (r) {
          addRect(r);
          continue;
        }
        if (isStroke && !sp.curved) {
          const pts = sp.points;
          for (let k = 1; k < pts.length; k++) addLine(pts[k - 1]!, pts[k]!);
          if (
            (sp.closed ||
              paint === OP.closeStroke ||
              paint === OP.closeFillStroke ||
              paint === OP.closeEOFillStroke) &&
            pts.length > 2
          )
            addLine(pts[pts.length - 1]!, pts[0]!);
        }
      }
    }
  }
  return { h, v };
}

function isWhite(fn: number, args: unknown[] | null): boolean {
  const a = args ?? [];
  if (fn === OP.setFillRGBColor) {
    if (typeof a[0] === 'string') return /^#f[ef]f[ef]f[ef]$/i.test(a[0]);
    return (
      a.length >= 3 && a.slice(0, 3).every((v) => typeof v === 'number' && v >= 0.99 * (v > 1 ? 255 : 1))
    );
  }
  if (fn === OP.setFillGray) return typeof a[0] === 'number' && a[0] >= 0.99;
  return a.length >= 4 && a.slice(0, 4).every((v) => v === 0);
}
