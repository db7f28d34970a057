// OCR in the pipeline: ingest reads a scan in its worker under the OCR time limit and shows pages; a PDF mixing
// text pages and a scanned page is OCR'd only where it has no text; without tesseract, or with OCR turned off, a
// scan is refused with a clear Chinese message. The scan of seed 003 is made once for the file.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIngest } from '../src/ingest/run.ts';
import { progressLine } from '../src/ingest/summary.ts';
import { readReportBytes, readReportFile } from '../src/parse/index.ts';
import { DEFAULT_LIMITS } from '../src/parse/limits.ts';
import { runCli } from './support/cli.ts';
import { OCR_READY, OCR_TEST_TIMEOUT, readShare, scanWorkspace, silentlyWrong } from './support/ocr-scans.ts';
import { SEEDS } from './support/seeds.ts';

delete process.env.GONGKAI_OCR;

const ws = scanWorkspace();
/** Seed 003 (2021 layout, 表三 on page 4), as both tests below use it. */
const SEED = 3;

describe.skipIf(!OCR_READY)('ingest of a scan', () => {
  it('reads it in a worker under the OCR time limit and shows its pages', {
    timeout: OCR_TEST_TIMEOUT,
  }, async () => {
    const scan = await ws.seedScan(SEED);
    const inDir = join(await ws.dir(), 'ingest-in');
    await mkdir(inDir, { recursive: true });
    // The scanned page with 表三 alone: one page keeps the test short.
    execFileSync('pdfseparate', ['-f', '4', '-l', '4', scan, join(inDir, 'page-%d.pdf')]);
    const out = join(await ws.dir(), 'ingest.jsonl');
    const pages: string[] = [];
    const lines: string[] = [];
    const summary = await runIngest(
      {
        inputs: [inDir],
        out,
        jobs: 1,
        // The file limit is short; OCR runs under its own.
        limits: { ...DEFAULT_LIMITS, timeMs: 30_000, ocrTimeMs: 1_000_000 },
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

describe.skipIf(!OCR_READY)('a PDF with text pages and a scanned page', () => {
  it('OCRs only the scanned page and reads the rest from the text layer', {
    timeout: OCR_TEST_TIMEOUT,
  }, async () => {
    const s = SEEDS[SEED]!;
    const src = await ws.seedPdf(SEED);
    const scan = await ws.seedScan(SEED);
    // Pages 1–3 and 5– printed from the file, page 4 (表三) scanned back in. Put together by MuPDF (pdfunite's
    // output is repaired on opening, which the PDF reader refuses as a damaged file).
    const m = await import('mupdf');
    const text = m.Document.openDocument(readFileSync(src), 'application/pdf').asPDF()!;
    const scannedDoc = m.Document.openDocument(readFileSync(scan), 'application/pdf').asPDF()!;
    const out = new m.PDFDocument();
    for (let k = 0; k < text.countPages(); k++) out.graftPage(-1, k === 3 ? scannedDoc : text, k);
    const mixed = join(await ws.dir(), 'mixed.pdf');
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

describe.skipIf(!OCR_READY)('scanned input without OCR', () => {
  it('names the missing package when tesseract is not installed', { timeout: 300_000 }, async () => {
    const dir = await ws.dir();
    const pdf = await ws.seedPdf(1);
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
    const png = join(await ws.dir(), 'off.png');
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
    const png = join(await ws.dir(), 'white.png');
    execFileSync('/usr/bin/convert', ['-size', '800x1100', 'xc:white', png]);
    await expect(readReportBytes(readFileSync(png), 'white.png')).rejects.toThrow(
      /white\.png：图片中识别不出文字/,
    );
  });
});
