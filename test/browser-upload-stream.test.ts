// The bulk upload from a real browser, streamed to disk by the server (src/web/reports/upload-receive.ts): Chromium's
// own multipart body (the token first, names as raw UTF-8) with the corpus PDFs under Chinese names, a malformed PDF
// and an empty file — each gets its outcome — and a choice of too many files comes back as the form with a Chinese
// message naming the file, nothing kept. Screenshots go to docs/screenshots/ when GONGKAI_SCREENSHOTS=1.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { uploadBatches } from '../src/db/schema/uploads.ts';
import { browserTest, haveChromium, login, newPage, SHOTS } from './support/browser.ts';
import { SHARED } from './support/seeds.ts';

const HAVE_CHROMIUM = haveChromium();

const dir = mkdtempSync(join(tmpdir(), 'gongkai-upload-files-'));

const web = browserTest({
  web: {
    upload: { maxFiles: 5, maxFileBytes: 20 * 1024 * 1024, maxTotalBytes: 60 * 1024 * 1024 },
  },
});

/** The corpus PDFs under the names a supervisor's desktop gives them, a PDF with its middle cut out, an empty file. */
function files(): string[] {
  const names: [string, string][] = [
    ['huaian-hongze-2023.pdf', '洪泽区2023年政府信息公开工作年度报告.pdf'],
    ['huaian-hongze-2024.pdf', '洪泽区2024年政府信息公开工作年度报告.pdf'],
    ['huaian-city-2024.pdf', '淮安市2024年度报告（全文）.pdf'],
  ];
  const out = names.map(([from, to]) => {
    copyFileSync(join(SHARED, 'corpus', from), join(dir, to));
    return join(dir, to);
  });
  const pdf = readFileSync(join(SHARED, 'corpus', 'huaian-hongze-2023.pdf'));
  const third = Math.floor(pdf.length / 3);
  writeFileSync(
    join(dir, '损坏的年报.pdf'),
    Buffer.concat([pdf.subarray(0, third), pdf.subarray(2 * third)]),
  );
  writeFileSync(join(dir, '空文件.pdf'), '');
  return [...out, join(dir, '损坏的年报.pdf'), join(dir, '空文件.pdf')];
}

async function signIn(): Promise<Page> {
  const page = await newPage(web.browser);
  await login(page, web.base, 'supervisor');
  return page;
}

describe.skipIf(!HAVE_CHROMIUM)('the bulk upload in a browser', () => {
  it('real PDFs, a malformed PDF and an empty file: each gets its outcome', {
    timeout: 600_000,
  }, async () => {
    const page = await signIn();
    await page.goto(`${web.base}/supervise/upload`);
    await page.setInputFiles('#files', files());
    await Promise.all([
      page.waitForURL(/\/supervise\/uploads\/\d+/),
      page.click('button[type=submit].primary'),
    ]);
    // The page refreshes itself until every file has its outcome; a reload of our own would race that navigation.
    await page.waitForSelector('#upload-status[data-done="yes"]', { timeout: 300_000 });
    const text = (await page.textContent('main')) ?? '';
    await page.screenshot({ path: join(SHOTS, 'upload-stream-batch.png'), fullPage: true });
    expect(text).toMatch(/共 5 个文件：/);
    // The names as the web.browser sent them (raw UTF-8), each with its outcome.
    for (const n of [
      '洪泽区2023年政府信息公开工作年度报告.pdf',
      '淮安市2024年度报告（全文）.pdf',
      '损坏的年报.pdf',
      '空文件.pdf',
    ])
      expect(text).toContain(n);
    expect(text).toContain('空文件');
    expect(text).toContain('无法读取');
  });

  it('too many files: the form again, with the file named, nothing kept', { timeout: 300_000 }, async () => {
    const [before] = await web.t.handle.db.select({ n: count() }).from(uploadBatches);
    const page = await signIn();
    await page.goto(`${web.base}/supervise/upload`);
    const six = [...files(), join(dir, '第六个文件.txt')];
    writeFileSync(six[5]!, '多出来的一个文件');
    await page.setInputFiles('#files', six);
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit].primary')]);
    await page.screenshot({ path: join(SHOTS, 'upload-stream-too-many.png'), fullPage: true });
    const alert = (await page.textContent('[role=alert]')) ?? '';
    expect(alert).toContain('一次最多上传 5 个文件');
    expect(alert).toContain('“第六个文件.txt”');
    expect(await page.locator('#files').count()).toBe(1);
    const [after] = await web.t.handle.db.select({ n: count() }).from(uploadBatches);
    expect(after!.n).toBe(before!.n);
  });
});
