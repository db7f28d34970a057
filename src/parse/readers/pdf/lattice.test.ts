// Which ruling lines form one table: the column-wise search must join exactly the lines the plain scan joins, or a
// table splits in two (or two tables merge) and cells are read in the wrong grid.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinByColumns, joinByScan, UnionFind } from './lattice.ts';
import type { HSeg, VSeg } from './paths.ts';

describe('joining ruling lines into tables', () => {
  it('finds the same tables as pairing every horizontal line with every vertical one', () => {
    // Coordinates on a coarse grid, with a fraction now and then: many lines meet end to end, at SNAP (2 pt) apart
    // or just beyond, as the borders of cells drawn one by one do.
    const at = fc.oneof(
      fc.integer({ min: 0, max: 40 }).map((n) => n * 5),
      fc.double({ min: 0, max: 200, noNaN: true }),
      fc.integer({ min: 0, max: 40 }).map((n) => n * 5 + 2),
    );
    const hSeg = fc
      .tuple(at, at, at)
      .map(([y, a, b]): HSeg => ({ y, x0: Math.min(a, b), x1: Math.max(a, b) }));
    const vSeg = fc
      .tuple(at, at, at)
      .map(([x, a, b]): VSeg => ({ x, y0: Math.min(a, b), y1: Math.max(a, b) }));
    fc.assert(
      fc.property(fc.array(hSeg, { maxLength: 60 }), fc.array(vSeg, { maxLength: 60 }), (h, v) => {
        const n = h.length + v.length;
        const a = new UnionFind(n);
        const b = new UnionFind(n);
        joinByColumns(h, v, a);
        joinByScan(h, v, b);
        const roots = (u: UnionFind) => Array.from({ length: n }, (_, i) => u.find(i));
        expect(roots(a)).toEqual(roots(b));
      }),
      { numRuns: 500 },
    );
  });
});
