import { describe, expect, it } from 'vitest';
import { num } from '../report/model.ts';
import { prng, synthesizeReport } from '../report/synthesize.ts';
import { findOutliers } from './outliers.ts';

describe('outliers against the peer group', () => {
  it('flags the agency that withholds most of what it answers, far above its peers', () => {
    const rand = prng(3);
    const reports = Array.from({ length: 40 }, (_, i) => ({
      id: `r${i}`,
      report: synthesizeReport(rand, { format: '2021', year: 2023, scale: 60 }),
    }));
    const odd = reports[7]!.report;
    const total = (odd.cells['t3.total.total'] as { value: number }).value;
    odd.cells['t3.withheld.deliberative.total'] = num(Math.round(total * 0.9));
    const found = findOutliers(reports).filter((o) => o.ratio === 'withheldShare');
    // The planted one stands far out; natural tails of the peer group may reach the threshold, but no further.
    expect(found[0]!.id).toBe('r7');
    expect(found[0]!.score).toBeGreaterThan(10);
    for (const o of found.slice(1)) expect(o.score).toBeLessThan(5);
    expect(found[0]!.cells).toContain('t3.withheld.deliberative.total');
  });

  it('does not judge small denominators or small peer groups', () => {
    const rand = prng(4);
    const few = Array.from({ length: 5 }, (_, i) => ({
      id: `r${i}`,
      report: synthesizeReport(rand, { format: '2021' }),
    }));
    expect(findOutliers(few)).toEqual([]);
  });
});
