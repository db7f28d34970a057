// Scanned reports read by OCR: every seed (rendered to PDF through the DOCX renderer and LibreOffice) and the three
// published PDFs of ../shared/corpus, scanned by the recipe of test/support/scan.ts (150 dpi, tilt within ±1°,
// noise, blur, JPEG q70, a red seal), read to their known values — or with each wrong cell flagged uncertain.
// The rule under test is the project's: never a silently wrong number.
// OCR does not touch the database, so under scripts/with-postgres.sh (DATABASE_URL set) these run only once.
// The property test over random reports takes minutes: two by default, GONGKAI_OCR_PROPERTY=1 runs two dozen.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/domain/report/model.ts';
import { prng, synthesizeReport } from '../src/domain/report/synthesize.ts';
import { runIngest } from '../src/ingest/run.ts';
import { progressLine } from '../src/ingest/summary.ts';
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
// OCR is on by default where tesseract is installed (src/parse/ocr/index.ts ocrEnabled, ADR 0005): these tests read
// with the default, the CLI runs too (they inherit the environment).
delete process.env.GONGKAI_OCR;

// Scans that still give a silently wrong number or a wrong layout: none known. Fixed in src/parse/ocr and extract.ts:
// 洪泽 2023's 结转 0 read as 1, seed 003 taken for the 2021 layout, seed 000's cell without a box, random report 0's
// two rows run together (行政执法案卷 + 行政查询事项) giving one row's numbers to the other.
const KNOWN_FAILING = new Set<string>();

const READY = hasTesseract && scanToolsPresent() && hasSoffice && !process.env.DATABASE_URL;
// The property run: two random reports (one per layout) by default, so CI's budget holds; GONGKAI_OCR_PROPERTY=1
// runs two dozen.
const PROPERTY_RUNS = process.env.GONGKAI_OCR_PROPERTY === '1' ? 24 : 2;

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
  // Once more on failure: LibreOffice fails a conversion now and then on a loaded machine ("failed to launch
  // javaldx"), which is not what these tests are about.
  const next = rendering.then(() => renderPdf(report).catch(() => renderPdf(report)));
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
  it('reads it in a worker under the OCR time limit and shows its pages', {
    timeout: 600_000,
  }, async () => {
    const s = SEEDS[3]!;
    const src = join(dir, 'ingest-src.pdf');
    await writeFile(src, await pdfOf((await readReportFile(s.file)).report));
    const scan = join(dir, 'ingest-scan.pdf');
    await scanPdf(src, scan, { seed: 4 });
    const inDir = join(dir, 'ingest-in');
    execFileSync('mkdir', ['-p', inDir]);
    // The scanned page with 表三 alone: one page keeps the test short.
    execFileSync('pdfseparate', ['-f', '4', '-l', '4', scan, join(inDir, 'page-%d.pdf')]);
    const out = join(dir, 'ingest.jsonl');
    const pages: string[] = [];
    const lines: string[] = [];
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
      {
        onProgress: (p) => {
          if (!p.ocr) return;
          pages.push(`${p.ocr.page}/${p.ocr.pages}`);
          lines.push(progressLine(p));
        },
      },
    );
    expect(pages).toEqual(['0/1', '1/1']);
    // The CLI's progress line names the file and its page.
    expect(lines.at(-1)).toMatch(/文字识别 .*page-4\.pdf 第 1\/1 页/);
    const line = JSON.parse(readFileSync(out, 'utf8').trim()) as {
      error?: string;
      fields?: Record<string, number>;
    };
    expect(line.error).toBeUndefined();
    expect(summary.read).toBe(1);
    expect(Object.keys(line.fields ?? {}).filter((k) => k.startsWith('t3.')).length).toBeGreaterThan(40);
  });
});

describe.skipIf(!READY)('a PDF with text pages and a scanned page', () => {
  it('OCRs only the scanned page and reads the rest from the text layer', { timeout: 600_000 }, async () => {
    const i = 3;
    const s = SEEDS[i]!;
    const src = join(dir, 'mixed-src.pdf');
    await writeFile(src, await pdfOf((await readReportFile(s.file)).report));
    const scan = join(dir, 'mixed-scan.pdf');
    await scanPdf(src, scan, { seed: i + 1 });
    // Pages 1–3 and 5– printed from the file, page 4 (表三) scanned back in. Put together by MuPDF (pdfunite's
    // output is repaired on opening, which the PDF reader refuses as a damaged file).
    const m = await import('mupdf');
    const text = m.Document.openDocument(readFileSync(src), 'application/pdf').asPDF()!;
    const scannedDoc = m.Document.openDocument(readFileSync(scan), 'application/pdf').asPDF()!;
    const out = new m.PDFDocument();
    for (let k = 0; k < text.countPages(); k++) out.graftPage(-1, k === 3 ? scannedDoc : text, k);
    const mixed = join(dir, 'mixed.pdf');
    await writeFile(mixed, out.saveToBuffer('').asUint8Array());
    const { report, form } = await readReportFile(mixed);
    expect(form).toBe('pdf');
    expect(report.year).toBe(s.expected.year);
    expect(report.format).toBe(s.expected.format);
    expect(silentlyWrong(report, s.expected.fields)).toEqual([]);
    expect(readShare(report, s.expected.fields)).toBeGreaterThan(0.8);
    // 表三 from the scan (page 4, with its box), 表二 from the text layer (page 3).
    const t3 = report.provenance['t3.received.naturalPerson'];
    expect(t3?.kind).toBe('ocr');
    expect(t3?.page).toBe(4);
    expect(t3?.box?.length).toBe(4);
    const t2 = Object.entries(report.provenance).filter(([k]) => k.startsWith('t2.'));
    expect(t2.filter(([, p]) => p.page === 3 && p.kind !== 'ocr').length).toBeGreaterThan(5);
    expect(report.notes.join('\n')).toMatch(/第 4 页/);
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

  it('GONGKAI_OCR=0 turns OCR off: a scan is refused, saying so', { timeout: 120_000 }, async () => {
    const png = join(dir, 'off.png');
    execFileSync('/usr/bin/convert', ['-size', '800x1100', 'xc:white', png]);
    process.env.GONGKAI_OCR = '0';
    try {
      await expect(readReportBytes(readFileSync(png), 'off.png')).rejects.toThrow(
        /off\.png：.*文字识别已关闭（GONGKAI_OCR=0）/,
      );
    } finally {
      delete process.env.GONGKAI_OCR;
    }
  });

  it('a blank image is refused with a clear message', { timeout: 120_000 }, async () => {
    const png = join(dir, 'white.png');
    execFileSync('/usr/bin/convert', ['-size', '800x1100', 'xc:white', png]);
    await expect(readReportBytes(readFileSync(png), 'white.png')).rejects.toThrow(
      /white\.png：图片中识别不出文字/,
    );
  });
});

describe.skipIf(!READY).concurrent('property: random reports of both layouts, scanned', () => {
  for (let i = 0; i < PROPERTY_RUNS; i++)
    it.skipIf(KNOWN_FAILING.has(`random-${i}`))(`random report ${i}`, { timeout: 900_000 }, async () => {
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
