// Ruled tables: the rulings of a page → grids → cells. Lines that touch form a table; the distinct line positions
// make the grid; a missing line between two grid cells merges them (colspan / rowspan). Text goes to the cell its
// centre falls in; a run that crosses a column line is split by character first.
import { charsOf, cx, cy, type Piece } from './geometry.ts';
import type { HSeg, Rulings, VSeg } from './paths.ts';

/** Distances under this are the same line (double borders, rounding, cell backgrounds 0.2 pt apart). */
const SNAP = 2;
/** A table line must cover this share of a grid cell's side to count as a border there. */
const COVER = 0.6;

export interface Region {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
  /** Grid rows and columns covered, inclusive. */
  readonly r0: number;
  readonly r1: number;
  readonly c0: number;
  readonly c1: number;
  text: string;
  /** The pieces placed in this cell, for line numbers. */
  pieces: Piece[];
}

export interface Grid {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  /** Region id of each grid cell, row-major. */
  readonly cellRegion: readonly number[];
  readonly regions: Region[];
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** Grid lines closer than this are one line: a column or row this thin holds nothing. */
const MIN_GAP = 3.5;

/** Cluster values closer than SNAP (then clusters closer than MIN_GAP); returns the cluster means, sorted. */
function clusters(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let group: number[] = [];
  for (const v of sorted) {
    if (group.length && v - group[group.length - 1]! > SNAP && v - group[0]! > MIN_GAP) {
      out.push(group.reduce((a, b) => a + b, 0) / group.length);
      group = [];
    }
    group.push(v);
  }
  if (group.length) out.push(group.reduce((a, b) => a + b, 0) / group.length);
  return out;
}

const indexOfNear = (xs: readonly number[], v: number) => {
  let best = -1;
  let d = Number.POSITIVE_INFINITY;
  xs.forEach((x, i) => {
    const e = Math.abs(x - v);
    if (e < d) {
      d = e;
      best = i;
    }
  });
  return d <= MIN_GAP ? best : -1;
};

export class UnionFind {
  private readonly p: number[];
  constructor(n: number) {
    this.p = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let r = i;
    while (this.p[r] !== r) r = this.p[r]!;
    while (this.p[i] !== r) {
      const next = this.p[i]!;
      this.p[i] = r;
      i = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.p[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

const touches = (h: HSeg, v: VSeg) =>
  v.x >= h.x0 - SNAP && v.x <= h.x1 + SNAP && h.y >= v.y0 - SNAP && h.y <= v.y1 + SNAP;

/** Sum of the lengths of `segs` (intervals [a,b]) inside [lo,hi]. */
function covered(segs: readonly [number, number][], lo: number, hi: number): number {
  // Only segments reaching into [lo,hi] can count (a superset of those the filter below keeps, in their order):
  // a grid line holds one segment per cell it borders, and mapping and sorting all of them for every cell made
  // this quadratic in the table's rows.
  const near: [number, number][] = [];
  for (const seg of segs) if (seg[1] > lo && seg[0] < hi) near.push(seg);
  if (!near.length) return 0;
  if (near.length === 1) {
    // One segment (a border drawn cell by cell): the loop below with one part, without its arrays.
    const a = Math.max(near[0]![0], lo);
    const b = Math.min(near[0]![1], hi);
    return b > a ? b - a : 0;
  }
  // The parts inside [lo,hi], in order of their start; an insertion sort, stable as Array#sort is, so the sum below
  // adds the same lengths in the same order (issue 18: map/filter/sort made three arrays per grid cell side).
  const starts: number[] = [];
  const ends: number[] = [];
  for (const seg of near) {
    const a = Math.max(seg[0], lo);
    const b = Math.min(seg[1], hi);
    if (!(b > a)) continue;
    let k = starts.length;
    while (k > 0 && starts[k - 1]! - a > 0) {
      starts[k] = starts[k - 1]!;
      ends[k] = ends[k - 1]!;
      k--;
    }
    starts[k] = a;
    ends[k] = b;
  }
  let total = 0;
  let end = lo;
  for (let k = 0; k < starts.length; k++) {
    const a = starts[k]!;
    const b = ends[k]!;
    const s = Math.max(a, end);
    if (b > s) {
      total += b - s;
      end = b;
    }
  }
  return total;
}

/** The ruled tables of a page, largest structure first in page order (top to bottom). */
/** More line segments than this on one page is a drawing (a map, a chart, hatching), not a table. */
const MAX_SEGMENTS = 20_000;

export function findGrids(rulings: Rulings): Grid[] {
  const { h, v } = rulings;
  if (!h.length || !v.length || h.length + v.length > MAX_SEGMENTS) return [];
  // Connected components of touching lines.
  const uf = new UnionFind(h.length + v.length);
  const finite = (n: number) => Number.isFinite(n);
  if (
    v.every((s) => finite(s.x) && finite(s.y0) && finite(s.y1)) &&
    h.every((s) => finite(s.y) && finite(s.x0) && finite(s.x1))
  )
    joinByColumns(h, v, uf);
  else joinByScan(h, v, uf);
  const groups = new Map<number, { h: HSeg[]; v: VSeg[] }>();
  h.forEach((s, i) => {
    const r = uf.find(i);
    const g = groups.get(r) ?? { h: [], v: [] };
    g.h.push(s);
    groups.set(r, g);
  });
  v.forEach((s, j) => {
    const r = uf.find(h.length + j);
    const g = groups.get(r) ?? { h: [], v: [] };
    g.v.push(s);
    groups.set(r, g);
  });
  const grids: Grid[] = [];
  for (const g of groups.values()) {
    const grid = gridOf(g.h, g.v);
    if (grid) grids.push(grid);
  }
  return grids.sort((a, b) => a.y0 - b.y0);
}

/**
 * Unions every touching pair (horizontal i, vertical j) — the pairs `touches` accepts, nothing else — finding them
 * by column: the vertical lines sorted by x, and those of one x by top. A ruled report page draws a column line as
 * one segment per row, so pairing each horizontal line with every vertical one in its x-span was quadratic in the
 * rows (issue 18); here each column in the span is entered by bisection on the top and left as soon as no line above
 * reaches down to the horizontal line. The components, and so the grids, are those of `joinByScan`: a component's
 * root is its smallest index whatever the order of the unions. Finite coordinates only (a total order).
 */
export function joinByColumns(h: readonly HSeg[], v: readonly VSeg[], uf: UnionFind): void {
  const order = v.map((_, i) => i).sort((a, b) => v[a]!.x - v[b]!.x || v[a]!.y0 - v[b]!.y0);
  // Within each run of one x, the lowest bottom reached so far (a prefix maximum).
  const reach: number[] = new Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const s = v[order[k]!]!;
    reach[k] = k > 0 && v[order[k - 1]!]!.x === s.x ? Math.max(reach[k - 1]!, s.y1) : s.y1;
  }
  for (let i = 0; i < h.length; i++) {
    const hs = h[i]!;
    const from = hs.x0 - SNAP;
    // The first vertical line at x ≥ from.
    let k = 0;
    let hi = order.length;
    while (k < hi) {
      const mid = (k + hi) >>> 1;
      if (v[order[mid]!]!.x < from) k = mid + 1;
      else hi = mid;
    }
    while (k < order.length) {
      const x = v[order[k]!]!.x;
      if (x > hs.x1 + SNAP) break;
      // This run: [k, end). The last line whose top is not below the horizontal line (as `touches` tests it).
      let end = k + 1;
      while (end < order.length && v[order[end]!]!.x === x) end++;
      let lo = k;
      let top = end;
      while (lo < top) {
        const mid = (lo + top) >>> 1;
        if (hs.y >= v[order[mid]!]!.y0 - SNAP) lo = mid + 1;
        else top = mid;
      }
      // Back up the run while some line above still reaches down to it.
      for (let m = lo - 1; m >= k && hs.y <= reach[m]! + SNAP; m--) {
        const j = order[m]!;
        if (touches(hs, v[j]!)) uf.union(i, h.length + j);
      }
      k = end;
    }
  }
}

/** Any coordinates: each horizontal line against every vertical one in its x-span. */
export function joinByScan(h: readonly HSeg[], v: readonly VSeg[], uf: UnionFind): void {
  const vOrder = v.map((_, i) => i).sort((a, b) => v[a]!.x - v[b]!.x);
  h.forEach((hs, i) => {
    const from = hs.x0 - SNAP;
    for (let k = 0; k < vOrder.length; k++) {
      const j = vOrder[k]!;
      const vs = v[j]!;
      if (vs.x < from) continue;
      if (vs.x > hs.x1 + SNAP) break;
      if (touches(hs, vs)) uf.union(i, h.length + j);
    }
  });
}

function gridOf(hs: HSeg[], vs: VSeg[]): Grid | null {
  if (hs.length < 2 || vs.length < 2) return null;
  let ys = clusters(hs.map((s) => s.y));
  let xs = clusters(vs.map((s) => s.x));
  // A table cut by a page break often has no closing line: its column lines run on past the last row line.
  // Close the grid where they end (likewise at the top, and left and right).
  if (ys.length && xs.length) {
    const vTop = Math.min(...vs.map((s) => s.y0));
    const vBottom = Math.max(...vs.map((s) => s.y1));
    const hLeft = Math.min(...hs.map((s) => s.x0));
    const hRight = Math.max(...hs.map((s) => s.x1));
    if (vBottom > ys[ys.length - 1]! + MIN_GAP * 2) ys.push(vBottom);
    if (vTop < ys[0]! - MIN_GAP * 2) ys.unshift(vTop);
    if (hRight > xs[xs.length - 1]! + MIN_GAP * 2) xs.push(hRight);
    if (hLeft < xs[0]! - MIN_GAP * 2) xs.unshift(hLeft);
  }
  // A table has at least two columns; a stack of boxes one column wide is framed or shaded text.
  if (ys.length < 2 || xs.length < 3) return null;
  // Lines at each position, as intervals.
  const hAt = ys.map(() => [] as [number, number][]);
  const vAt = xs.map(() => [] as [number, number][]);
  for (const s of hs) {
    const i = indexOfNear(ys, s.y);
    if (i >= 0) hAt[i]!.push([s.x0, s.x1]);
  }
  for (const s of vs) {
    const i = indexOfNear(xs, s.x);
    if (i >= 0) vAt[i]!.push([s.y0, s.y1]);
  }
  // Outer lines that span less than the table (a short stub) still bound it: use the extreme positions.
  const R = ys.length - 1;
  const C = xs.length - 1;
  if (R * C > 20000) return null; // not a table: a hatched drawing or a chart
  const uf = new UnionFind(R * C);
  for (let r = 0; r < R; r++)
    for (let c = 0; c < C; c++) {
      const id = r * C + c;
      if (c + 1 < C) {
        const lo = ys[r]!;
        const hi = ys[r + 1]!;
        if (covered(vAt[c + 1]!, lo - SNAP, hi + SNAP) < COVER * (hi - lo)) uf.union(id, id + 1);
      }
      if (r + 1 < R) {
        const lo = xs[c]!;
        const hi = xs[c + 1]!;
        if (covered(hAt[r + 1]!, lo - SNAP, hi + SNAP) < COVER * (hi - lo)) uf.union(id, id + C);
      }
    }
  const ids = new Map<number, number>();
  const regions: Region[] = [];
  const cellRegion: number[] = [];
  for (let r = 0; r < R; r++)
    for (let c = 0; c < C; c++) {
      const root = uf.find(r * C + c);
      let k = ids.get(root);
      if (k === undefined) {
        k = regions.length;
        ids.set(root, k);
        regions.push({
          top: ys[r]!,
          bottom: ys[r + 1]!,
          left: xs[c]!,
          right: xs[c + 1]!,
          r0: r,
          r1: r,
          c0: c,
          c1: c,
          text: '',
          pieces: [],
        });
      } else {
        const g = regions[k]!;
        regions[k] = {
          ...g,
          top: Math.min(g.top, ys[r]!),
          bottom: Math.max(g.bottom, ys[r + 1]!),
          left: Math.min(g.left, xs[c]!),
          right: Math.max(g.right, xs[c + 1]!),
          r0: Math.min(g.r0, r),
          r1: Math.max(g.r1, r),
          c0: Math.min(g.c0, c),
          c1: Math.max(g.c1, c),
        };
      }
      cellRegion.push(k);
    }
  // A table of one cell is a box around text, not a table.
  if (regions.length < 2) return null;
  ys = [...ys];
  xs = [...xs];
  return { xs, ys, cellRegion, regions, x0: xs[0]!, x1: xs[C]!, y0: ys[0]!, y1: ys[R]! };
}

const inside = (g: Grid, x: number, y: number) => x >= g.x0 && x <= g.x1 && y >= g.y0 && y <= g.y1;

function slot(values: readonly number[], v: number): number {
  for (let i = 0; i < values.length - 1; i++) if (v < values[i + 1]!) return i;
  return values.length - 2;
}

/**
 * Place pieces into the grids' cells. Returns the pieces that fall in no table. A piece that crosses a column line
 * is split into characters first, so text set as one run across cells lands in each cell.
 */
export function placeText(grids: readonly Grid[], pieces: readonly Piece[]): Piece[] {
  const outside: Piece[] = [];
  for (const p of pieces) {
    const g = grids.find((gr) => inside(gr, cx(p), cy(p)));
    if (!g) {
      outside.push(p);
      continue;
    }
    const crosses = !p.vertical && g.xs.some((x) => x > p.x0 + SNAP && x < p.x1 - SNAP);
    for (const q of crosses ? charsOf(p) : [p]) {
      if (!q.text.trim()) continue;
      const c = slot(g.xs, cx(q));
      const r = slot(g.ys, cy(q));
      const C = g.xs.length - 1;
      g.regions[g.cellRegion[r * C + c]!]!.pieces.push(q);
    }
  }
  return outside;
}
