// A supervisor settles a glued run in a real browser: uploads the real crawled page pt-lyy-2024 (表二 规范性文件
// printed "7030"), follows the board's "待核对 3 格" to the report's cells, opens "整行一起核对", sees the row's printed
// line, types 70|0|30 — refused: it does not spell "7030" — then chooses the reader's cut 7|0|30 and saves; the
// board's link is gone. Screenshots go to docs/screenshots/ when GONGKAI_SCREENSHOTS=1.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addRegion, browserTest, haveChromium, login, newPage, shot } from './support/browser.ts';
import { SHARED } from './support/seeds.ts';
import { addUser } from './support/web.ts';

const HAVE_CHROMIUM = haveChromium();
const AGENCY = '平潭综合实验区旅游与文化体育局';

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

describe.skipIf(!HAVE_CHROMIUM)('settling a glued run at once in a browser', () => {
  it('board → 待核对 3 格 → 整行一起核对: a wrong split is refused, the reader’s cut is saved', async () => {
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

    await page.goto(`${web.base}/supervise?year=2024`);
    const row = page.locator('#board tr', { hasText: AGENCY });
    expect(await row.locator('a', { hasText: '待核对 3 格' }).count()).toBe(1);
    await shot(page, 'cells-board-count', '#board');
    await Promise.all([page.waitForLoadState('load'), row.locator('a', { hasText: '待核对 3 格' }).click()]);
    expect(new URL(page.url()).pathname).toMatch(/^\/supervise\/reports\/\d+\/cells$/);
    expect(await page.textContent('#runs')).toContain('7|0|30、70|3|0');
    await Promise.all([page.waitForLoadState('load'), page.click('a:has-text("整行一起核对")')]);
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('原文此行：');
    expect(main).toContain('行政规范性文件7030');

    // Typed values that do not spell the printed run: refused, the reason names the cells and the text.
    await page.fill('#v0', '70');
    await page.fill('#v1', '0');
    await page.fill('#v2', '30');
    await page.fill('#note', '核对原网页第10行');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit].primary')]);
    const refused = (await page.textContent('main')) ?? '';
    expect(refused).toContain('连起来不是原文的“7030”');
    expect(await page.locator('#override').count()).toBe(1);
    await shot(page, 'cells-run-refused');

    // The reader's cut instead: the typed numbers cleared, 7|0|30 chosen.
    for (const f of ['#v0', '#v1', '#v2']) await page.fill(f, '');
    await page.check('input[name=split][value="7|0|30"]');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit].primary')]);
    const list = (await page.textContent('main')) ?? '';
    expect(list).toContain('已保存核对结果');
    expect(list).toContain('待核对 0 格');
    expect(list).toContain('已人工核对 3 格');

    await page.goto(`${web.base}/supervise?year=2024`);
    expect(
      await page.locator('#board tr', { hasText: AGENCY }).locator('a', { hasText: '待核对' }).count(),
    ).toBe(0);
  }, 240_000);
});
