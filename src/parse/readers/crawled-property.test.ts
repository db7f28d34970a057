// Property: a random report of either layout, rendered to HTML and saved the way a crawler saves a page (DOM text,
// one line, cells glued, optional header block and breadcrumbs), reads back exactly — or every cell the reader could
// not pin down is uncertain with the true value among its candidates. Zero silent errors.
// GONGKAI_PROPERTY_RUNS raises the number of reports (default 200, e.g. 5000 before a release).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LAYOUTS } from '../../domain/report/layout.ts';
import { prng, synthesizeReport } from '../../domain/report/synthesize.ts';
import { degradedPage } from '../degrade.ts';
import { extractReport } from '../extract.ts';
import { readText } from './text.ts';

const RUNS = Number(process.env.GONGKAI_PROPERTY_RUNS ?? 200);

describe('crawled pages of random reports', () => {
  it('read back exactly, or flag every doubtful cell with the true value among the candidates', () => {
    let exact = 0;
    let total = 0;
    fc.assert(
      fc.property(
        fc.integer(),
        fc.constantFrom('2019' as const, '2021' as const),
        fc.constantFrom(0, 0, 0.15, 0.5, 1),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(8, 30, 300),
        (seed, format, spacing, header, breadcrumbs, scale) => {
          const truth = synthesizeReport(prng(seed), { format, scale });
          const page = degradedPage(truth, prng(seed ^ 0x5bd1e995), { spacing, header, breadcrumbs });
          const got = extractReport(readText(new TextEncoder().encode(page), 'page.txt'));
          expect(got.format).toBe(format);
          expect(got.agency).toBe(truth.agency);
          expect(got.year).toBe(truth.year);
          let doubtful = 0;
          for (const f of LAYOUTS[format].fields) {
            const want = (truth.cells[f.key] as { value: number }).value;
            const cell = got.cells[f.key];
            const why = got.uncertain[f.key];
            if (why === undefined) {
              // Not flagged: it must be the printed number.
              expect({ key: f.key, cell }).toEqual({
                key: f.key,
                cell: expect.objectContaining({ value: want }),
              });
            } else {
              doubtful++;
              expect({ key: f.key, candidates: got.candidates?.[f.key] ?? [] }).toEqual({
                key: f.key,
                candidates: expect.arrayContaining([want]),
              });
            }
          }
          total++;
          if (!doubtful) exact++;
        },
      ),
      { numRuns: RUNS },
    );
    // Not asserted (random): how often a page reads back whole.
    console.info(`crawled pages read back whole: ${exact}/${total}`);
  }, 600_000);
});
