// A supervisor settles what the reader could not, in a real browser: uploads a real crawled page (pt-lyy-2024, whose
// 表二 规范性文件 row prints "7030": 7|0|30 or 70|3|0), opens the report's "待核对 3 格", confirms the three cells
// against the source (two candidates and a typed number), and sees the page read fully — the cells marked
// 经人工核对 on the public page. Screenshots go to docs/screenshots/ when GONGKAI_SCREENSHOTS=1.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addRegion, browserTest, haveChromium, login, newPage, shot } from './support/browser.ts';
import { SHARED } from './support/seeds.ts';
import { addUser } from './support/web.ts';

const HAVE_CHROMIUM = haveChromium();
const AGENCY = '平潭综合实验区旅游与文化体育局';
const ROW = 't2.normativeDocuments';

const web = browserTest({
  setup: async (t) => {
    const ids = await addRegion(t, '平潭综合实验区管理委员会', [['lyy', AGENCY, 'other']]);
    await addUser(t.handle.db, {
      username: 'lin',
      displayName: '林核对',
      agencyId: ids.region!,
      roles: ['supervisor'],
    });
  },
});

describe.skipIf(!HAVE_CHROMIUM)('settling a crawled page’s glued run in a browser', () => {
  it('uploads pt-lyy-2024, confirms its three 规范性文件 cells, and the page reads fully', async () => {
    const page = await newPage(web.browser);
    await login(page, web.base, 'lin');
    await page.goto(`${web.base}/supervise/upload`);
    await page.setInputFiles('#files', [
      {
        name: 'pt-lyy-2024.txt',
        mimeType: 'text/plain',
        buffer: readFileSync(`${SHARED}/corpus/crawled/pt-lyy-2024.txt`),
      },
    ]);
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit].primary')]);
    await page.waitForSelector('#upload-status[data-done="yes"]', { timeout: 120_000 });
    expect(await page.textContent('main')).toContain('新收集 1 份');

    // The board of 2024: the report, and where to settle its cells.
    await page.goto(`${web.base}/supervise?year=2024`);
    await Promise.all([
      page.waitForLoadState('load'),
      page.locator('#board tr', { hasText: AGENCY }).locator('a', { hasText: '查看' }).click(),
    ]);
    expect(await page.textContent('main')).toContain('待核对 3 格');
    await shot(page, 'cells-report-before', '#cell-t2\\.normativeDocuments\\.issued');
    await Promise.all([page.waitForLoadState('load'), page.click('a:has-text("待核对 3 格")')]);
    expect(new URL(page.url()).pathname).toMatch(/^\/supervise\/reports\/\d+\/cells$/);
    await shot(page, 'cells-list');

    const settle = async (key: string, how: { radio?: string; typed?: string }) => {
      await Promise.all([
        page.waitForLoadState('load'),
        page
          .locator('#pending-cells tr', { has: page.locator(`a[href$="#cell-${key}"]`) })
          .locator('a', { hasText: '核对' })
          .click(),
      ]);
      expect(await page.textContent('main')).toContain('“7030”');
      if (how.radio) await page.check(`input[name=choice][value="${how.radio}"]`);
      if (how.typed) await page.fill('#value', how.typed);
      await page.fill('#note', '核对原网页：规范性文件 本年制发7、废止0、现行有效30');
      if (key.endsWith('.issued')) await shot(page, 'cells-confirm-form');
      await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit].primary')]);
      expect(await page.textContent('main')).toContain('已保存核对结果');
    };
    await settle(`${ROW}.issued`, { radio: '7' });
    await settle(`${ROW}.repealed`, { typed: '0' });
    await settle(`${ROW}.inForce`, { radio: '30' });
    const list = (await page.textContent('main')) ?? '';
    expect(list).toContain('待核对 0 格');
    expect(list).toContain('已人工核对 3 格');
    expect(list).toContain('林核对');
    await shot(page, 'cells-confirmed', '#confirmed');

    // The report's page: the row read, marked, no cell left unread; the findings no longer name the row.
    const id = /\/supervise\/reports\/(\d+)\/cells/.exec(page.url())![1];
    await page.goto(`${web.base}/reports/${id}`);
    for (const [k, v] of [
      ['issued', '7'],
      ['repealed', '0'],
      ['inForce', '30'],
    ] as const) {
      const cell = page.locator(`#cell-t2\\.normativeDocuments\\.${k}`);
      expect((await cell.textContent())?.trim().startsWith(v)).toBe(true);
      expect(await cell.getAttribute('class')).toContain('confirmed');
      expect(await cell.textContent()).toContain('经人工核对');
    }
    expect(await page.locator('td.num.uncertain').count()).toBe(0);
    expect(await page.textContent('main')).not.toContain('规范性文件”行未读出');
    await shot(page, 'cells-report-after', '#cell-t2\\.normativeDocuments\\.issued');

    // Anonymous: the same mark, no reviewer's name.
    const anon = await newPage(web.browser);
    await anon.goto(`${web.base}/reports/${id}`);
    const main = (await anon.textContent('main')) ?? '';
    expect(main).toContain('经人工核对');
    expect(main).not.toContain('林核对');
    expect(main).not.toContain('待核对');
  }, 240_000);
});
