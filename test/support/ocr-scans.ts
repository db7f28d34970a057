// What the OCR test files share: whether the tools are here, and a per-file workspace where each report is rendered
// to PDF once and each scan made once (memoised by name), however many tests of the file use it. Every file makes
// its own (no test depends on another file's state); within a file, a test that needs a scan another test also
// needs waits for the same promise instead of making it again.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Report } from '../../src/domain/report/model.ts';
import { readReportFile } from '../../src/parse/index.ts';
import { renderPdf } from '../../src/render/pdf.ts';
import { scanPdf, scanToolsPresent } from './scan.ts';
import { SEEDS, SHARED } from './seeds.ts';

export { readShare, silentlyWrong } from './ocr-truth.ts';

export const hasTesseract = (() => {
  try {
    return /chi_sim/.test(execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8', stdio: 'pipe' }));
  } catch {
    return false;
  }
})();
export const hasSoffice =
  existsSync('/usr/bin/soffice') || existsSync('/usr/lib/libreoffice/program/soffice');

/**
 * OCR tests run where tesseract, LibreOffice and the scan tools are; OCR does not touch the database, so under
 * scripts/with-postgres.sh (DATABASE_URL set) they are skipped and run only once.
 */
export const OCR_READY = hasTesseract && scanToolsPresent() && hasSoffice && !process.env.DATABASE_URL;

/**
 * One OCR test's time limit: a 6-page scan costs about half a minute of CPU on a quiet core, a LibreOffice
 * rendering a few seconds more; at a load of 20 on two cores that is ten times as long. Twenty minutes leaves margin.
 */
export const OCR_TEST_TIMEOUT = 1_200_000;

export const CORPUS_SCANS = ['huaian-hongze-2023', 'huaian-hongze-2024', 'huaian-city-2024'] as const;

export interface ScanWorkspace {
  /** The file's scratch directory (made on first use, removed after the file). */
  dir(): Promise<string>;
  /** A report rendered to PDF through the DOCX renderer and LibreOffice, once per name. */
  pdf(name: string, report: () => Promise<Report> | Report): Promise<string>;
  /** A PDF scanned by the recipe (test/support/scan.ts), once per name. */
  scan(name: string, pdf: () => Promise<string>, seed: number): Promise<string>;
  /** Seed `i` (0-based, in ../shared/seeds order) rendered and scanned as every OCR test scans it (seed i + 1). */
  seedScan(i: number): Promise<string>;
  /** Seed `i` rendered to PDF. */
  seedPdf(i: number): Promise<string>;
  /** A corpus PDF scanned (seed 9). */
  corpusScan(name: string): Promise<string>;
}

export function scanWorkspace(): ScanWorkspace {
  let made: Promise<string> | null = null;
  const dir = () => {
    made ??= mkdtemp(join(tmpdir(), 'gongkai-ocr-'));
    return made;
  };
  afterAll(async () => {
    if (made) await rm(await made, { recursive: true, force: true });
  });
  const memo = new Map<string, Promise<string>>();
  const once = (key: string, make: () => Promise<string>) => {
    let p = memo.get(key);
    if (!p) {
      p = make();
      memo.set(key, p);
    }
    return p;
  };
  // LibreOffice runs one conversion at a time per file: the tests take turns to render.
  let rendering: Promise<unknown> = Promise.resolve();
  const pdf: ScanWorkspace['pdf'] = (name, report) =>
    once(`pdf:${name}`, async () => {
      const r = await report();
      // Once more on failure: LibreOffice fails a conversion now and then on a loaded machine ("failed to launch
      // javaldx"), which is not what these tests are about.
      const next = rendering.then(() => renderPdf(r).catch(() => renderPdf(r)));
      rendering = next.catch(() => {});
      const out = join(await dir(), `${name}.pdf`);
      await writeFile(out, await next);
      return out;
    });
  const scan: ScanWorkspace['scan'] = (name, src, seed) =>
    once(`scan:${name}:${seed}`, async () => {
      const out = join(await dir(), `${name}-scan-${seed}.pdf`);
      await scanPdf(await src(), out, { seed });
      return out;
    });
  const seedPdf = (i: number) => {
    const s = SEEDS[i]!;
    return pdf(s.name, async () => (await readReportFile(s.file)).report);
  };
  return {
    dir,
    pdf,
    scan,
    seedPdf,
    seedScan: (i) => scan(SEEDS[i]!.name, () => seedPdf(i), i + 1),
    corpusScan: (name) => scan(name, async () => join(SHARED, 'corpus', `${name}.pdf`), 9),
  };
}
