// Properties of the rule set over random valid reports of both layouts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LAYOUTS } from '../report/layout.ts';
import { num } from '../report/model.ts';
import { prng, synthesizeReport } from '../report/synthesize.ts';
import { checkReport } from './index.ts';

const formats = fc.constantFrom('2019' as const, '2021' as const);

describe('random valid reports', () => {
  it('pass every rule', () => {
    fc.assert(
      fc.property(fc.integer(), formats, (seed, format) => {
        const r = synthesizeReport(prng(seed), { format });
        expect(checkReport(r)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('any single changed cell of 表三 or 表四 is named by an error finding', () => {
    const keysOf = (f: '2019' | '2021') =>
      LAYOUTS[f].fields.filter((x) => x.table === 't3' || x.table === 't4').map((x) => x.key);
    fc.assert(
      fc.property(
        fc.integer(),
        formats,
        fc.nat(),
        fc.integer({ min: 1, max: 50 }),
        fc.boolean(),
        (seed, format, pick, delta, down) => {
          const r = synthesizeReport(prng(seed), { format });
          const keys = keysOf(format);
          const key = keys[pick % keys.length]!;
          const old = (r.cells[key] as { value: number }).value;
          const changed = down && old >= delta ? old - delta : old + delta;
          r.cells[key] = num(changed);
          const errors = checkReport(r).filter((f) => f.severity === 'error');
          expect(errors.some((f) => f.cells.includes(key))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
