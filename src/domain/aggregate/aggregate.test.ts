import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LAYOUTS } from '../report/layout.ts';
import { num, valueOf } from '../report/model.ts';
import { prng, synthesizeReport } from '../report/synthesize.ts';
import { checkReport } from '../rules/index.ts';
import { aggregateReports, reconcile } from './aggregate.ts';

describe('aggregateReports', () => {
  it('equals the sum of the units field by field, and the sum still passes every identity', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 12 }), (seed, n) => {
        const rand = prng(seed);
        const units = Array.from({ length: n }, () => synthesizeReport(rand, { format: '2021', year: 2023 }));
        const agg = aggregateReports(units);
        expect(agg.reports).toBe(n);
        for (const f of LAYOUTS['2021'].fields) {
          const want = units.reduce((a, u) => a + (valueOf(u, f.key) ?? 0), 0);
          expect(agg.fields[f.key]).toBeCloseTo(want, 6);
        }
        const combined = synthesizeReport(prng(1), { format: '2021', year: 2023 });
        for (const [k, v] of Object.entries(agg.fields)) combined.cells[k] = num(v);
        const idErrors = checkReport(combined).filter(
          (x) => x.rule.startsWith('t3.') || x.rule.startsWith('t4.'),
        );
        expect(idErrors).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('folds 2021 （六）1/2/3 into the 2019 （六）其他处理 when summing into the 2019 layout', () => {
    const a = synthesizeReport(prng(1), { format: '2021', year: 2021 });
    const b = synthesizeReport(prng(2), { format: '2019', year: 2020 });
    const agg = aggregateReports([a, b], { as: '2019' });
    const want =
      (valueOf(a, 't3.other.noCorrection.total') ?? 0) +
      (valueOf(a, 't3.other.feeUnpaid.total') ?? 0) +
      (valueOf(a, 't3.other.other.total') ?? 0) +
      (valueOf(b, 't3.other.total') ?? 0);
    expect(agg.fields['t3.other.total']).toBe(want);
    expect(agg.fields['t3.other.noCorrection.total']).toBeUndefined();
  });

  it('counts unknown cells as incomplete instead of as zeros', () => {
    const a = synthesizeReport(prng(3), { format: '2021' });
    a.cells['t4.review.total'] = { state: 'unknown' };
    expect(aggregateReports([a]).incomplete).toEqual({ 't4.review.total': 1 });
  });
});

describe('reconcile', () => {
  it('names every cell where a combined report differs from the sum of its units', () => {
    const units = [1, 2, 3].map((s) => synthesizeReport(prng(s), { format: '2021', year: 2023 }));
    const agg = aggregateReports(units);
    const combined = synthesizeReport(prng(9), { format: '2021', year: 2023 });
    for (const [k, v] of Object.entries(agg.fields)) combined.cells[k] = num(v);
    expect(reconcile(combined, agg)).toEqual([]);
    combined.cells['t3.granted.research'] = num(agg.fields['t3.granted.research']! + 2);
    const m = reconcile(combined, agg);
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ key: 't3.granted.research', sum: agg.fields['t3.granted.research'] });
    expect(m[0]!.label).toContain('予以公开');
  });
});
