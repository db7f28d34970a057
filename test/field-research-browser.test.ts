// The researcher's journey in Chromium (session 9 field walk), anonymous: the public report list, the open-data page
// it links to, a year's CSV downloaded and read as Excel reads it (UTF-8 with a BOM), and a row followed back to
// its report page, whose table shows the same numbers. Screenshots go to docs/screenshots/ with GONGKAI_SCREENSHOTS=1.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reportPages } from '../src/web/reports/page-cache.ts';
import { collectFile } from '../src/web/reports/upload.ts';
import { axeViolations, browserTest, haveChromium, newPage, shot } from './support/browser.ts';
import { seed } from './support/seeds.ts';

const HAVE_CHROMIUM = haveChromium();

const web = browserTest({
  setup: async (t) => {
    for (const [prefix, agencyId, on] of [
      ['000', t.agency.A, '2024-01-19'],
      ['001', t.agency.B, '2024-02-06'],
    ] as const)
      await collectFile(
        t.handle.db,
        { name: `${prefix}.txt`, bytes: Buffer.from(seed(prefix).text) },
        { maxFileBytes: 1 << 22, actor: 'test', agencyId, publishedOn: on },
      );
    reportPages.invalidate();
  },
});

describe.skipIf(!HAVE_CHROMIUM)('the researcher in a browser', () => {
  it('finds the open data from /reports, downloads a year, and traces a row to its report page', async () => {
    const page = await newPage(web.browser, { acceptDownloads: true, bypassCSP: true });
    await page.goto(`${web.base}/reports`);
    await Promise.all([page.waitForLoadState('load'), page.click('a[href="/open-data"]')]);
    expect(await page.textContent('h1')).toBe('开放数据');
    await shot(page, 'open-data');
    // What each column is, on the page itself.
    const dictionary = await page.locator('#columns tr', { hasText: 'reportId' }).textContent();
    expect(dictionary).toContain('报告编号');
    expect(await axeViolations(page)).toEqual([]);

    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[href="/api/v1/datasets/2023.csv"]'),
    ]);
    expect(dl.suggestedFilename()).toBe('gongkai-2023.csv');
    const bytes = readFileSync((await dl.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [head, ...rows] = bytes
      .subarray(3)
      .toString('utf8')
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(rows).toHaveLength(2);
    const row = rows.find((r) => r[head!.indexOf('file')] === '000.txt')!;
    const value = (k: string) => row[head!.indexOf(k)]!;

    // The row's report page, as a researcher follows it, shows the same 表三 numbers.
    await page.goto(`${web.base}/reports/${value('reportId')}`);
    expect(await page.textContent('h1')).toContain('庞各庄镇');
    for (const key of ['t3.received.total', 't3.granted.total', 't3.partiallyGranted.total']) {
      const cell = (await page.locator(`[id="cell-${key}"]`).first().textContent())!.trim();
      expect(cell, key).toBe(value(key));
    }
  });
});
