// The crop of the scan beside each OCR-read number, end to end (issue 17: "Provenance says `ocr` with page and box,
// so the web page can show the crop of the scan next to the number"). A report is rendered to PDF, its table pages
// scanned by the recipe of test/support/scan.ts (tilt, noise, blur, JPEG, a red seal) and put back between its text
// pages; a supervisor uploads it; then GET /reports/:id/crop/:field answers the PNG of that number's place on the
// scan — to whom the report page itself answers — and the report page shows it beside the number, in Chromium too.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open.ts';
import { agencies } from '../src/db/schema/agencies.ts';
import { annualReports } from '../src/db/schema/annual-reports.ts';
import { uploadFiles } from '../src/db/schema/uploads.ts';
import { fieldDef } from '../src/domain/report/layout.ts';
import { readReportFile } from '../src/parse/index.ts';
import { renderPdf } from '../src/render/pdf.ts';
import { reportPages } from '../src/web/reports/page-cache.ts';
import { setPublishedOn } from '../src/web/reports/store.ts';
import { StoredFiles, storedFilesFor } from '../src/web/reports/stored-files.ts';
import { collectFile } from '../src/web/reports/upload.ts';
import { CHROMIUM, serveInChromium } from './support/browser.ts';
import { runCli } from './support/cli.ts';
import { scanPdf, scanToolsPresent } from './support/scan.ts';
import { seed } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';

const hasTesseract = (() => {
  try {
    return /chi_sim/.test(execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8', stdio: 'pipe' }));
  } catch {
    return false;
  }
})();
const hasSoffice = existsSync('/usr/bin/soffice') || existsSync('/usr/lib/libreoffice/program/soffice');
const READY = hasTesseract && hasSoffice && scanToolsPresent() && existsSync('/usr/bin/pdfunite');
delete process.env.GONGKAI_OCR;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const SHOTS = process.env.GONGKAI_SCREENSHOTS
  ? join(import.meta.dirname, '..', 'docs', 'screenshots')
  : mkdtempSync(join(tmpdir(), 'gongkai-shots-'));

let t: WebTest;
let dir = '';
let scanned = 0;
let textReport = 0;
let boxes: Record<string, { page: number; box: number[] }> = {};

/** Seed 000 as PDF, its pages 3 on (the tables) replaced by their scans: a mixed PDF, as agencies publish them.
 *  Joined with MuPDF (pdfunite 22.12 writes a cross-reference table MuPDF must repair: refused as damaged). */
async function mixedScan(): Promise<Uint8Array> {
  const { report } = await readReportFile(seed('000').file);
  const text = await renderPdf(report).catch(() => renderPdf(report));
  writeFileSync(join(dir, 'text.pdf'), text);
  await scanPdf(join(dir, 'text.pdf'), join(dir, 'scan.pdf'), { seed: 7 });
  const m = await import('mupdf');
  const a = m.Document.openDocument(text, 'application/pdf').asPDF()!;
  const b = m.Document.openDocument(readFileSync(join(dir, 'scan.pdf')), 'application/pdf').asPDF()!;
  const out = new m.PDFDocument();
  out.graftPage(-1, a, 0);
  out.graftPage(-1, a, 1);
  for (let i = 2; i < b.countPages(); i++) out.graftPage(-1, b, i);
  return out.saveToBuffer('compress').asUint8Array();
}

beforeAll(async () => {
  if (!READY) return;
  dir = mkdtempSync(join(tmpdir(), 'gongkai-crop-web-'));
  t = await openWebTest();
  const db = t.handle.db;
  // The seed's agency, in the supervisor's subtree under the name the report prints.
  await db.insert(agencies).values({
    code: 'pgz',
    name: '北京市大兴区庞各庄镇人民政府',
    parentId: t.agency.R,
    level: 'agency',
    kind: 'township',
  });
  const mixed = await mixedScan();
  writeFileSync(join(dir, 'mixed.pdf'), mixed);
  const s = await t.session('supervisor');
  const form = new FormData();
  form.append('_csrf', s.csrf);
  form.append('files', new File([mixed as Uint8Array<ArrayBuffer>], '庞各庄镇2023年报告（盖章版）.pdf'));
  const posted = await t.app.request('/supervise/upload', {
    method: 'POST',
    headers: { cookie: s.cookie },
    body: form,
  });
  expect(posted.status).toBe(303);
  await t.uploadsDone();
  const [row] = await db.select().from(annualReports);
  const [file] = await db.select().from(uploadFiles);
  expect(row, `the scan was collected: ${file?.outcome} ${file?.message}`).toBeTruthy();
  scanned = row!.id;
  boxes = row!.ocrBoxes;
  // A report read from its text layer: no crop for any of its numbers.
  textReport = (
    await collectFile(
      db,
      { name: '001.txt', bytes: readFileSync(seed('001').file) },
      { maxFileBytes: 1 << 20, actor: 'test', agencyId: t.agency.B, publishedOn: '2024-01-20' },
    )
  ).reportId!;
}, 900_000);
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** An OCR-read number that was read (not blank), of table 三: the crop should show its digits. */
const someOcrKey = (): string => Object.keys(boxes).find((k) => k.startsWith('t3.'))!;

describe.skipIf(!READY)('stored provenance and source', () => {
  it('keeps page and box of every OCR-read number, and the scan by its SHA-256', async () => {
    const [row] = await t.handle.db.select().from(annualReports).where(eq(annualReports.id, scanned));
    // The tables were scanned: their numbers come with their place on pages 3–5; pages 1–2 kept their text.
    const keys = Object.keys(boxes);
    expect(keys.length).toBeGreaterThan(100);
    for (const k of keys) {
      expect(fieldDef(k), k).toBeTruthy();
      expect(boxes[k]!.page).toBeGreaterThanOrEqual(3);
      expect(boxes[k]!.box).toHaveLength(4);
      expect(boxes[k]!.box[2]).toBeGreaterThan(0);
    }
    expect(await t.deps.files.has(row!.sha256)).toBe(true);
  });
});

describe.skipIf(!READY)('GET /reports/:id/crop/:field', () => {
  it('answers the PNG of the number on the scan, with long cache headers and an ETag', async () => {
    await setPublishedOn(t.handle.db, scanned, null, 'test');
    const key = someOcrKey();
    const r = await t.request(`/reports/${scanned}/crop/${key}`, { as: 'supervisor' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(r.headers.get('cache-control')).toMatch(/max-age=31536000/);
    // Not public yet (no publication date): no shared cache may keep it.
    expect(r.headers.get('cache-control')).toMatch(/^private/);
    const etag = r.headers.get('etag');
    expect(etag).toMatch(/^"crop-[0-9a-f]+"$/);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    // A cell at 150 dpi with a margin: wider than its digits, never a whole page (A4 is 1240×1754 px at 150 dpi).
    const png = PNG.sync.read(Buffer.from(bytes));
    const [, , w, h] = boxes[key]!.box;
    expect(png.width).toBeGreaterThan(20);
    expect(png.width).toBeLessThanOrEqual(Math.ceil(((w! + 12) * 150) / 72) + 1);
    expect(png.height).toBeLessThanOrEqual(Math.ceil(((h! + 12) * 150) / 72) + 1);
    expect(png.height).toBeLessThan(400);
    // Ink: the cell's printed number and rulings, not a blank image.
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i + 1]! < 128) dark++;
    expect(dark).toBeGreaterThan(10);
    // The same bytes again: the browser's copy is still good.
    const again = await t.request(`/reports/${scanned}/crop/${key}`, {
      as: 'supervisor',
      headers: { 'if-none-match': etag! },
    });
    expect(again.status).toBe(304);
  });

  it('is seen by whom the report page is seen: not public yet → supervisors of its subtree only', async () => {
    const key = someOcrKey();
    const path = `/reports/${scanned}/crop/${key}`;
    await setPublishedOn(t.handle.db, scanned, null, 'test');
    expect((await t.request(path)).status).toBe(404);
    expect((await t.request(path, { as: 'officer' })).status).toBe(403);
    expect((await t.request(path, { as: 'supervisorS' })).status).toBe(403);
    expect((await t.request(path, { as: 'administrator' })).status).toBe(200);
    await setPublishedOn(t.handle.db, scanned, '2024-01-25', 'test');
    const pub = await t.request(path);
    expect(pub.status).toBe(200);
    expect(pub.headers.get('cache-control')).toMatch(/^public, max-age=31536000, immutable/);
  });

  it('answers 404 with a Chinese message for a number not read by OCR, an unknown field or report', async () => {
    const text = await t.request(`/reports/${textReport}/crop/t3.received.total`);
    expect(text.status).toBe(404);
    const html = await text.text();
    expect(html).toContain('没有原件截图');
    expect(html).toContain(fieldDef('t3.received.total')!.label);
    expect((await t.request(`/reports/${scanned}/crop/t9.nothing`)).status).toBe(404);
    expect((await t.request(`/reports/999999/crop/t3.received.total`)).status).toBe(404);
  });

  it('answers 404 when the scan is gone from the server', async () => {
    const [row] = await t.handle.db.select().from(annualReports).where(eq(annualReports.id, scanned));
    // Another number than the ones above, so no kept crop answers for it.
    const key = Object.keys(boxes).filter((k) => k.startsWith('t4.'))[0]!;
    const bytes = await t.deps.files.readStoredSource(row!.sha256);
    await t.deps.files.remove(row!.sha256);
    try {
      const r = await t.request(`/reports/${scanned}/crop/${key}`, { as: 'supervisor' });
      expect(r.status).toBe(404);
      expect(await r.text()).toContain('原件已不在服务器上');
    } finally {
      await t.deps.files.put(bytes!);
    }
  });

  it('the report page links each OCR-read number to its crop', async () => {
    const html = await (await t.request(`/reports/${scanned}`, { as: 'supervisor' })).text();
    const links = [...html.matchAll(/href="\/reports\/\d+\/crop\/([^"]+)"/g)].map((m) => m[1]!);
    // Every OCR-read number printed in the tables has its crop beside it.
    expect(new Set(links).size).toBeGreaterThan(100);
    for (const k of new Set(links)) expect(boxes[decodeURIComponent(k)], k).toBeTruthy();
    expect(html).toMatch(/alt="第\d页原件截图：[^"]+"|aria-label="第\d页原件截图：[^"]+"/);
    // A text report's page has none.
    const plain = await (await t.request(`/reports/${textReport}`)).text();
    expect(plain).not.toContain('/crop/');
  });
});

describe.skipIf(!READY)('gongkai collect', () => {
  it('keeps the scan of a report it reads by OCR, where the server of that database finds it', async () => {
    const data = join(dir, 'collect-data');
    const env: Record<string, string | undefined> = { ...process.env, GONGKAI_DATA: data };
    delete env.DATABASE_URL;
    const file = join(dir, 'mixed.pdf');
    const r = await runCli(['collect', file], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('新收 1 份');
    const handle = await openDatabase({ env, cwd: process.cwd() });
    try {
      const [row] = await handle.db.select().from(annualReports);
      const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
      expect(row!.sha256).toBe(sha);
      expect(Object.keys(row!.ocrBoxes).length).toBeGreaterThan(100);
      // The folder the server uses for this database (src/web/server.ts), not one of collect's own.
      const files = new StoredFiles(storedFilesFor(handle, env, process.cwd()));
      expect(await files.has(sha)).toBe(true);
    } finally {
      await handle.close();
    }
  });
});

describe.skipIf(!READY || !existsSync(CHROMIUM))('the crops in Chromium', () => {
  it('loads the thumbnails and the crops the report page links to', async () => {
    // This scan reads without a doubt; a number the reader was unsure of (as on a worse scan) is marked so here,
    // so the page shows a thumbnail to load.
    const doubt = 't3.received.naturalPerson';
    expect(boxes[doubt]).toBeTruthy();
    await t.handle.db
      .update(annualReports)
      .set({ uncertain: sql`uncertain || ${JSON.stringify([doubt])}::jsonb` })
      .where(eq(annualReports.id, scanned));
    // Published: the page and its crops are public.
    await setPublishedOn(t.handle.db, scanned, '2024-01-25', 'test');
    reportPages.invalidate();
    const s = await serveInChromium(t.app.fetch);
    try {
      const page = await s.browser.newPage({ viewport: { width: 1280, height: 1000 } });
      await page.goto(`${s.base}/reports/${scanned}`);
      // The table 三 (the most numbers), scrolled into view: its lazy thumbnails load.
      const t3 = page.locator('table.report.t3');
      await t3.scrollIntoViewIfNeeded();
      const thumbs = page.locator('a.ocr-crop img');
      for (const img of await thumbs.all()) {
        await img.scrollIntoViewIfNeeded();
        await expect
          .poll(() => img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth), {
            timeout: 60_000,
          })
          .toBeGreaterThan(0);
      }
      // The "原件" links: each one's crop loads as an image in the page (a sample of them: each costs a rendering).
      const hrefs = await page
        .locator('a.ocr-src')
        .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
      expect(hrefs.length + (await thumbs.count())).toBeGreaterThan(100);
      const widths = await page.evaluate(
        (urls) =>
          Promise.all(
            urls.map(
              (u) =>
                new Promise<number>((resolve) => {
                  const i = new Image();
                  i.onload = () => resolve(i.naturalWidth);
                  i.onerror = () => resolve(0);
                  i.src = u;
                }),
            ),
          ),
        hrefs.filter((_, i) => i % 15 === 0),
      );
      expect(widths.every((w) => w > 0)).toBe(true);
      await t3.screenshot({ path: join(SHOTS, 'report-ocr-crops-t3.png') });
      // The doubtful numbers (uncertain, or named by a finding) show their crop at once.
      const [row] = await t.handle.db.select().from(annualReports).where(eq(annualReports.id, scanned));
      const doubtful = new Set([...row!.uncertain, ...row!.findings.flatMap((f) => f.cells)]);
      const shown = Object.keys(boxes).filter((k) => doubtful.has(k) && k in row!.fields);
      expect(await thumbs.count()).toBe(shown.length);
      expect(shown).toContain(doubt);
      await page
        .locator('tr', { has: page.locator('a.ocr-crop') })
        .first()
        .screenshot({ path: join(SHOTS, 'report-ocr-crops-doubtful.png') });
      // One crop opened on its own, as a reader who clicks "原件" sees it.
      await page.goto(hrefs[0]!);
      await page.screenshot({ path: join(SHOTS, 'report-ocr-crop.png') });
    } finally {
      await s.close();
    }
  });
});
