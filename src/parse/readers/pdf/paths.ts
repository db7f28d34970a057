// The ruling lines of a page: stroked horizontal and vertical lines, thin filled rectangles (how Word and WPS draw
// borders), and the edges of filled cell backgrounds. Diagonal lines (a split header cell) and curves are left out.
// Coordinates are device space (see geometry.ts). The engine (mupdf.ts) feeds the painted paths in.

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

/** A filled rectangle thinner than this is a line. */
const RULE_THICKNESS = 3;
/** Lines shorter than this are glyph parts, bullets or noise. */
const MIN_LENGTH = 2;
/** Axis alignment tolerance. */
const SKEW = 0.6;

export interface SubPath {
  points: [number, number][];
  closed: boolean;
  curved: boolean;
}

/** Collects the rulings of one page from its painted sub-paths. `page` is [width, height]. */
export class RulingCollector {
  readonly h: HSeg[] = [];
  readonly v: VSeg[] = [];
  private readonly pageArea: number;
  constructor(page: readonly [number, number]) {
    this.pageArea = page[0] * page[1];
  }

  /** A painted path: filled (unless white: WPS paints a white box behind every line of text) and/or stroked. */
  paint(subPaths: readonly SubPath[], fill: boolean, stroke: boolean, white: boolean): void {
    for (const sp of subPaths) {
      const r = fill && !white ? asRect(sp) : null;
      if (r) {
        this.addRect(r);
        continue;
      }
      if (stroke && !sp.curved) {
        const pts = sp.points;
        for (let k = 1; k < pts.length; k++) this.addLine(pts[k - 1]!, pts[k]!);
        if (sp.closed && pts.length > 2) this.addLine(pts[pts.length - 1]!, pts[0]!);
      }
    }
  }

  rulings(): Rulings {
    return { h: this.h, v: this.v };
  }

  private addLine(a: [number, number], b: [number, number]): void {
    if (Math.abs(a[1] - b[1]) <= SKEW && Math.abs(a[0] - b[0]) >= MIN_LENGTH)
      this.h.push({ y: (a[1] + b[1]) / 2, x0: Math.min(a[0], b[0]), x1: Math.max(a[0], b[0]) });
    else if (Math.abs(a[0] - b[0]) <= SKEW && Math.abs(a[1] - b[1]) >= MIN_LENGTH)
      this.v.push({ x: (a[0] + b[0]) / 2, y0: Math.min(a[1], b[1]), y1: Math.max(a[1], b[1]) });
  }

  private addRect(r: { x0: number; y0: number; x1: number; y1: number }): void {
    const w = r.x1 - r.x0;
    const ht = r.y1 - r.y0;
    if (ht < RULE_THICKNESS && w >= MIN_LENGTH) this.h.push({ y: (r.y0 + r.y1) / 2, x0: r.x0, x1: r.x1 });
    else if (w < RULE_THICKNESS && ht >= MIN_LENGTH)
      this.v.push({ x: (r.x0 + r.x1) / 2, y0: r.y0, y1: r.y1 });
    else if (w >= MIN_LENGTH && ht >= MIN_LENGTH && w * ht < this.pageArea * 0.5) {
      // A filled cell background: its edges are the cell's borders.
      this.h.push({ y: r.y0, x0: r.x0, x1: r.x1 }, { y: r.y1, x0: r.x0, x1: r.x1 });
      this.v.push({ x: r.x0, y0: r.y0, y1: r.y1 }, { x: r.x1, y0: r.y0, y1: r.y1 });
    }
  }
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
