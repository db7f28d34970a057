// Scanned seeds read by OCR: every seed of ../shared/seeds rendered to PDF through the DOCX renderer and
// LibreOffice, scanned by the recipe of test/support/scan.ts (150 dpi, tilt within ±1°, noise, blur, JPEG q70, a red
// seal), read to its known values — or with each wrong cell flagged uncertain. The rule under test is the
// project's: never a silently wrong number. The other OCR files: ocr-scans-corpus (the published PDFs and a photo),
// ocr-scans-pipeline (ingest, mixed PDFs, OCR missing or off), ocr-property (random reports).
import { describe, expect, it } from 'vitest';
import { readReportFile } from '../src/parse/index.ts';
import { OCR_READY, OCR_TEST_TIMEOUT, readShare, scanWorkspace, silentlyWrong } from './support/ocr-scans.ts';
import { SEEDS } from './support/seeds.ts';

// OCR is on by default where tesseract is installed (src/parse/ocr/index.ts ocrEnabled, ADR 0005): these tests read
// with the default.
delete process.env.GONGKAI_OCR;

const ws = scanWorkspace();

describe.skipIf(!OCR_READY)('scanned seeds read by OCR', () => {
  for (const [i, s] of SEEDS.entries())
    it(`seed ${s.name}: no silently wrong number`, { timeout: OCR_TEST_TIMEOUT }, async () => {
      const { report, form } = await readReportFile(await ws.seedScan(i));
      expect(form).toBe('pdf');
      expect(report.agency).toBe(s.expected.agency);
      expect(report.year).toBe(s.expected.year);
      expect(report.format).toBe(s.expected.format);
      expect(silentlyWrong(report, s.expected.fields)).toEqual([]);
      // Most cells are read outright; the rest are flagged, not guessed.
      expect(readShare(report, s.expected.fields)).toBeGreaterThan(0.6);
      for (const [k, p] of Object.entries(report.provenance)) {
        if (p.inferred) continue;
        expect(p.kind, k).toBe('ocr');
        expect(p.page, k).toBeGreaterThan(0);
        expect(p.box?.length, k).toBe(4);
      }
    });
});
