// Property: random reports of both layouts (src/domain/report/synthesize.ts), rendered through LibreOffice, scanned
// by the recipe of test/support/scan.ts and read by OCR: never a silently wrong number (a value that differs from
// the truth without being flagged uncertain). OCR is slow: two reports (one per layout) by default, so CI's budget
// holds; GONGKAI_OCR_PROPERTY=1 runs two dozen (docs/benchmarks.md, "OCR accuracy (session 4)", has the outcome).
import { describe, expect, it } from 'vitest';
import { prng, synthesizeReport } from '../src/domain/report/synthesize.ts';
import { readReportFile } from '../src/parse/index.ts';
import { OCR_READY, OCR_TEST_TIMEOUT, scanWorkspace, silentlyWrong } from './support/ocr-scans.ts';

delete process.env.GONGKAI_OCR;

const PROPERTY_RUNS = process.env.GONGKAI_OCR_PROPERTY === '1' ? 24 : 2;

const ws = scanWorkspace();

describe.skipIf(!OCR_READY)('property: random reports of both layouts, scanned', () => {
  for (let i = 0; i < PROPERTY_RUNS; i++)
    it(`random report ${i}`, { timeout: OCR_TEST_TIMEOUT }, async () => {
      const report = synthesizeReport(prng(1000 + i), { format: i % 2 ? '2019' : '2021' });
      const fields: Record<string, number> = {};
      for (const [k, c] of Object.entries(report.cells))
        if (c.state === 'number') fields[k] = c.value;
        else if (c.state === 'blank') fields[k] = 0;
      const name = `random-${i}`;
      const file = await ws.scan(name, () => ws.pdf(name, () => report), 2000 + i);
      const { report: back } = await readReportFile(file);
      expect(silentlyWrong(back, fields)).toEqual([]);
    });
});
