// The ruling lines of a scanned page: long straight runs of ink, horizontal and vertical. The official tables are
// ruled, so these give the grid; text strokes are too short to count. Small gaps (noise, JPEG, a faded line under a
// seal) are bridged.
import type { HSeg, Rulings, VSeg } from '../readers/pdf/paths.ts';

export interface RulingOptions {
  /** Shortest horizontal run that is a line, in pixels. */
  readonly minH: number;
  /** Shortest vertical run that is a line, in pixels. */
  readonly minV: number;
  /** Gaps bridged inside one run, in pixels. */
  readonly gap: number;
}

interface Run {
  pos: number;
  a: number;
  b: number;
}

/** Runs along one axis: `get(i, j)` is pixel j of line i. */
function runs(
  lines: number,
  len: number,
  get: (i: number, j: number) => number,
  min: number,
  gap: number,
): Run[] {
  const out: Run[] = [];
  for (let i = 0; i < lines; i++) {
    let start = -1;
    let last = -1;
    for (let j = 0; j <= len; j++) {
      const on = j < len && get(i, j) === 1;
      if (on) {
        if (start < 0) start = j;
        else if (j - last - 1 > gap) {
          if (last - start + 1 >= min) out.push({ pos: i, a: start, b: last });
          start = j;
        }
        last = j;
      }
    }
    if (start >= 0 && last - start + 1 >= min) out.push({ pos: i, a: start, b: last });
  }
  return out;
}

/** Runs on neighbouring lines that overlap are one thick line; its position is their mean. */
function merge(rs: Run[]): { pos: number; a: number; b: number; thick: number }[] {
  const groups: { runs: Run[]; last: number; a: number; b: number }[] = [];
  for (const r of rs) {
    const g = groups.find(
      (g) =>
        // Most of both: a short text stroke beside a line must not take the line into its group.
        r.pos - g.last <= 2 && Math.min(g.b, r.b) - Math.max(g.a, r.a) > 0.5 * Math.max(g.b - g.a, r.b - r.a),
    );
    if (g) {
      g.runs.push(r);
      g.last = r.pos;
      g.a = Math.min(g.a, r.a);
      g.b = Math.max(g.b, r.b);
    } else groups.push({ runs: [r], last: r.pos, a: r.a, b: r.b });
  }
  // A line is a few pixels thick; a solid block (a filled cell, a blot) is not a line.
  return groups
    .map((g) => ({
      pos: g.runs.reduce((s, r) => s + r.pos, 0) / g.runs.length,
      a: g.a,
      b: g.b,
      thick: g.last - g.runs[0]!.pos + 1,
    }))
    .filter((g) => g.thick <= 12);
}

/**
 * Pieces of one line broken by a seal's ring, a speck of paper or a faded stretch: collinear pieces (each already
 * long enough to be a line, so text strokes never chain this way) with a short gap between them are one line.
 */
function joinCollinear(ls: { pos: number; a: number; b: number; thick: number }[], gap: number) {
  const sorted = [...ls].sort((p, q) => p.a - q.a);
  const out: typeof ls = [];
  for (const l of sorted) {
    const prev = out.find((o) => Math.abs(o.pos - l.pos) <= 3 && l.a - o.b <= gap);
    if (prev) {
      // Keep the position of the longer piece: a short stub beside a line does not move it.
      if (l.b - l.a > prev.b - prev.a) prev.pos = l.pos;
      prev.b = Math.max(prev.b, l.b);
      continue;
    }
    out.push({ ...l });
  }
  return out;
}

/** Rulings in the units of `scale` (pixels × scale), as the PDF reader's grid finder takes them. */
export function findRulings(ink: Uint8Array, w: number, h: number, o: RulingOptions, scale: number): Rulings {
  const hr = joinCollinear(merge(runs(h, w, (y, x) => ink[y * w + x]!, o.minH, o.gap)), 24);
  const vr = joinCollinear(merge(runs(w, h, (x, y) => ink[y * w + x]!, o.minV, o.gap)), 24);
  const hs: HSeg[] = hr.map((r) => ({ y: r.pos * scale, x0: r.a * scale, x1: r.b * scale }));
  const vs: VSeg[] = vr.map((r) => ({ x: r.pos * scale, y0: r.a * scale, y1: r.b * scale }));
  return { h: hs, v: vs };
}
