// A reply letter's close (“特此答复。”) stays on the page of its signature (（印章）, 署名, 成文日期): GB/T 9704 §7.3.5.1
// forbids a page holding only the 署名 and date, and a close at the foot of page 1 with its 署名 on page 2 reads as a
// letter without its end. The body is made to fill page 1 to the edge by scanning its length line by line, and each
// DOCX is opened with LibreOffice headless (as the letter PDF is made, src/letters/pdf.ts) and read page by page.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxOfLetter } from '../src/letters/docx.ts';
import { pdfOfLetter } from '../src/letters/pdf.ts';
import { type RenderedLetter, renderLetter } from '../src/letters/render.ts';
import { sampleLetterData } from '../src/letters/sample.ts';
import { DEFAULT_TEMPLATES } from '../src/letters/templates.ts';
import { resolveFonts } from '../src/render/fonts.ts';
import { findSoffice, installedFamilies } from '../src/render/pdf.ts';

const soffice = await findSoffice(process.env);
const KIND = 'reply:withheld.thirdPartyRights';
const base = renderLetter(DEFAULT_TEMPLATES[KIND], sampleLetterData(KIND));
const [, , remedies, close] = base.paragraphs;
/** About one line of 三号 text in the 156 mm type area (28 characters). */
const LINE_OF_TEXT = '经审查，所申请信息包含施工企业的商业秘密，经书面征求意见该企业不同意公开。';
/** Lines of body text tried: from a letter well inside one page to one past it, whatever the fonts' metrics. */
const LINES = Array.from({ length: 17 }, (_, i) => i);

const body = (lines: number) =>
  `本机关于2024年3月1日收到您的申请。${LINE_OF_TEXT.repeat(lines)}`.slice(0, Math.max(18, lines * 28));
/**
 * The sample 答复书 with `lines` lines of body (收到申请 and the decision), then 救济 and the close: at 0 lines the
 * whole letter takes about two thirds of page 1, so the scan passes every place the foot of page 1 can fall in the
 * close and signature block.
 */
const reply = (lines: number): RenderedLetter => ({
  ...base,
  paragraphs: [body(lines), remedies!, close!],
});
/** The same with an 附件说明 after the close, as an administrator's edited template may have it. */
const withAnnex = (lines: number): RenderedLetter => ({
  ...base,
  paragraphs: [body(lines), remedies!, close!, '附件：第三方不同意公开的书面意见'],
});

interface Pages {
  readonly lines: number;
  /** Each page's text, whitespace removed. */
  readonly pages: readonly string[];
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gongkai-letter-pages-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const pagesOf = async (pdf: Uint8Array): Promise<string[]> =>
  (await extractText(pdf, { mergePages: false })).text.map((t) => t.replace(/\s+/g, ''));

/** Every letter as DOCX, converted in one LibreOffice run (one profile start for the whole scan). */
async function renderAll(name: string, make: (lines: number) => RenderedLetter): Promise<Pages[]> {
  const fonts = resolveFonts(await installedFamilies());
  const files: string[] = [];
  for (const n of LINES) {
    const f = join(dir, `${name}-${String(n).padStart(2, '0')}.docx`);
    await writeFile(f, await docxOfLetter(make(n), { fonts }));
    files.push(f);
  }
  await promisify(execFile)(
    soffice!,
    [
      '--headless',
      '--norestore',
      `-env:UserInstallation=${pathToFileURL(join(dir, `profile-${name}`)).href}`,
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      ...files,
    ],
    { timeout: 280_000 },
  );
  const out: Pages[] = [];
  for (const [i, f] of files.entries())
    out.push({
      lines: LINES[i]!,
      pages: await pagesOf(new Uint8Array(await readFile(f.replace(/\.docx$/, '.pdf')))),
    });
  return out;
}

const date = base.date.replace(/\s+/g, '');
/** The page (1-based) holding a text, 0 when none does. */
const pageOf = (p: Pages, text: string) => p.pages.findIndex((t) => t.includes(text)) + 1;

function expectCloseWithSignature(all: readonly Pages[]) {
  for (const p of all) {
    const at = pageOf(p, '特此答复。');
    expect(at, `${p.lines} 行正文：特此答复。`).toBeGreaterThan(0);
    // The close, the seal mark, the 署名 and the date on one page, in that order.
    expect([p.lines, pageOf(p, '（印章）'), pageOf(p, date)]).toEqual([p.lines, at, at]);
    const page = p.pages[at - 1]!;
    const tail = page.slice(page.indexOf('特此答复。'));
    expect(tail.indexOf('（印章）'), `${p.lines} 行正文`).toBeGreaterThan(0);
    expect(tail.indexOf(base.agency)).toBeGreaterThan(tail.indexOf('（印章）'));
    expect(tail.indexOf(date)).toBeGreaterThan(tail.indexOf(base.agency));
  }
  // The scan crossed the edge of page 1: some body length still fits one page, and the next one line longer puts
  // the close on page 2 with its signature, page 1 ending with the 救济 text.
  const edge = all.findIndex((p, i) => i > 0 && p.pages.length === 2 && all[i - 1]!.pages.length === 1);
  expect(edge, 'no body length filled page 1 to the edge').toBeGreaterThan(0);
  expect(pageOf(all[edge]!, '特此答复。')).toBe(2);
  expect(all[edge]!.pages[0]).toContain('提起行政诉讼。');
  return all[edge]!.lines;
}

describe.skipIf(!soffice)('the close of a reply letter stays with its signature (LibreOffice)', () => {
  it('the default 答复书, its body filling page 1 line by line; the PDF the system issues agrees', async () => {
    const edge = expectCloseWithSignature(await renderAll('reply', reply));
    // The letter PDF as issued (src/letters/pdf.ts) at the edge: the same pages.
    const pages = await pagesOf(await pdfOfLetter(reply(edge)));
    expect(pages).toHaveLength(2);
    expect(pages[0]).not.toContain('特此答复。');
    expect(pages[1]).toContain('特此答复。');
    expect(pages[1]).toContain('（印章）');
    expect(pages[1]).toContain(date);
  });

  it('an edited template with an 附件说明 after the close keeps the close with the signature too', async () => {
    const all = await renderAll('annex', withAnnex);
    expectCloseWithSignature(all);
    for (const p of all) expect(pageOf(p, '附件：第三方不同意公开的书面意见')).toBe(pageOf(p, '特此答复。'));
  });
});
