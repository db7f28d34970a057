// The three published PDFs of ../shared/corpus, scanned by the recipe of test/support/scan.ts, read by OCR to their
// known values or with each wrong cell flagged uncertain; and a photo of a page (tilted 3°, lit unevenly) read or
// refused with a clear message.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReportFile } from '../src/parse/index.ts';
import { runCli } from './support/cli.ts';
import {
  CORPUS_SCANS,
  OCR_READY,
  OCR_TEST_TIMEOUT,
  readShare,
  scanWorkspace,
  silentlyWrong,
} from './support/ocr-scans.ts';
import { photoOfPage } from './support/scan.ts';
import { SEEDS } from './support/seeds.ts';

delete process.env.GONGKAI_OCR;

const ws = scanWorkspace();

describe.skipIf(!OCR_READY)('scanned corpus PDFs read by OCR', () => {
  for (const name of CORPUS_SCANS)
    it(`corpus ${name}: no silently wrong number`, { timeout: OCR_TEST_TIMEOUT }, async () => {
      const expected = JSON.parse(
        readFileSync(new URL(`./fixtures/corpus-expected/${name}.json`, import.meta.url), 'utf8'),
      ) as { agency: string; year: number; fields: Record<string, number> };
      const { report } = await readReportFile(await ws.corpusScan(name));
      expect(report.year).toBe(expected.year);
      expect(silentlyWrong(report, expected.fields)).toEqual([]);
      expect(readShare(report, expected.fields)).toBeGreaterThan(0.5);
    });

  it('a photo of a page, tilted 3° and lit unevenly, is read or refused with a clear message', {
    timeout: OCR_TEST_TIMEOUT,
  }, async () => {
    const s = SEEDS[0]!;
    const jpg = join(await ws.dir(), 'photo.jpg');
    await photoOfPage(await ws.seedPdf(0), 4, jpg, 3);
    const { code, stdout, stderr } = await runCli(['parse', jpg, '--json']);
    if (code !== 0) {
      expect(stderr).toMatch(/photo\.jpg：.*[\u4e00-\u9fff]/);
      expect(stderr).not.toMatch(/at .*\.ts:\d+/);
      return;
    }
    const json = JSON.parse(stdout) as { fields: Record<string, number>; uncertain: string[] };
    const flagged = new Set(json.uncertain);
    const wrong = Object.entries(json.fields).filter(
      ([k, v]) => k in s.expected.fields && !flagged.has(k) && s.expected.fields[k] !== v,
    );
    expect(wrong).toEqual([]);
    // The page holds 表三: most of it is read.
    expect(Object.keys(json.fields).filter((k) => k.startsWith('t3.')).length).toBeGreaterThan(40);
  });
});
