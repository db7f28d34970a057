// The administrator's calendar journey in Chromium, on 2026-12-05 (2027's notice not yet entered): the overview
// warns that 2027 is missing, the administrator uploads 2027's JSON, sees the year as twelve months, adds a local
// holiday block (2027-01-04/05, two working days) and recomputes: the case received 2026-12-04 (due 2027-01-04:
// 20 working days, 《条例》第三十三条) moves to 2027-01-06. An officer then sees the grid read-only.
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/web/app.tsx';
import {
  haveChromium,
  newPage as openPage,
  SHOTS,
  serveInChromium,
  login as signIn,
} from './support/browser.ts';
import { intakeTestCase, openWebTest, type WebTest } from './support/web.ts';

const HAVE_CHROMIUM = haveChromium();
const T = 300_000;
const TODAY = '2026-12-05';

let t: WebTest;
let browser: Browser;
let stop: (() => Promise<void>) | undefined;
let base = '';
let code = '';

/** A 2027 schedule for the test (not the real notice, which is not out on 2026-12-05). */
const YEAR_2027 = {
  year: 2027,
  holidays: Object.fromEntries([
    ...['01-01', '01-02', '01-03'].map((d) => [`2027-${d}`, '元旦']),
    ...['02-05', '02-06', '02-07', '02-08', '02-09', '02-10', '02-11'].map((d) => [`2027-${d}`, '春节']),
    ...['04-03', '04-04', '04-05'].map((d) => [`2027-${d}`, '清明节']),
    ...['05-01', '05-02', '05-03', '05-04', '05-05'].map((d) => [`2027-${d}`, '劳动节']),
    ...['06-09', '06-10', '06-11'].map((d) => [`2027-${d}`, '端午节']),
    ...['09-15', '09-16', '09-17'].map((d) => [`2027-${d}`, '中秋节']),
    ...['10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'].map((d) => [`2027-${d}`, '国庆节']),
  ]),
  workdays: { '2027-02-20': '春节', '2027-05-08': '劳动节', '2027-09-26': '国庆节', '2027-10-09': '国庆节' },
  notices: [
    {
      title: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
      docNumber: '国办发明电〔2026〕99号',
      url: 'https://www.gov.cn/zhengce/test-2027.htm',
      published: '2026-11-05',
    },
  ],
};

beforeAll(async () => {
  if (!HAVE_CHROMIUM) return;
  t = await openWebTest();
  await t.handle.db.execute(sql`update users set display_name = '赵管理' where username = 'administrator'`);
  await t.handle.db.execute(sql`update users set display_name = '李承办' where username = 'officer'`);
  code = (await intakeTestCase(t, { receivedOn: '2026-12-04', description: '某文件', today: TODAY })).code;
  const served = await serveInChromium(createApp({ ...t.deps, today: () => TODAY }).fetch);
  base = served.base;
  browser = served.browser;
  stop = served.close;
}, T);

afterAll(async () => {
  await stop?.();
  await t?.close();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

describe.skipIf(!HAVE_CHROMIUM)('the working-day calendar in a browser', () => {
  it(
    'the administrator imports 2027, sees the grid, adds a local holiday and recomputes',
    async () => {
      const page = await openPage(browser, { viewport: { width: 1200, height: 900 } });
      await signIn(page, base, 'administrator');
      await page.goto(`${base}/admin`);
      await Promise.all([page.waitForURL(/\/admin\/calendar$/), page.click('a:has-text("工作日历")')]);
      expect(await page.textContent('body')).toContain('尚未录入 2027 年的放假安排');
      await shot(page, 'calendar-overview-missing-2027');

      await Promise.all([page.waitForURL(/\/import$/), page.click('a:has-text("录入一年的放假安排")')]);
      await page.setInputFiles('#file', {
        name: '2027.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(YEAR_2027, null, 2)),
      });
      await shot(page, 'calendar-import');
      await Promise.all([
        page.waitForURL(/\/admin\/calendar\/2027\?notice=added/),
        page.click('section[aria-labelledby="h-json"] button[type=submit]'),
      ]);
      const grid = (await page.textContent('body')) ?? '';
      expect(grid).toContain('2027 年的放假安排已录入');
      expect(await page.locator('table.cal-month').count()).toBe(12);
      expect(await page.locator('td.cal-holiday').count()).toBe(Object.keys(YEAR_2027.holidays).length);
      expect(await page.locator('td.cal-makeupWorkday').count()).toBe(4);
      await shot(page, 'calendar-2027');
      await page.emulateMedia({ media: 'print' });
      await shot(page, 'calendar-2027-print');
      await page.emulateMedia({ media: 'screen' });

      await page.goto(`${base}/admin/calendar`);
      expect(await page.textContent('body')).not.toContain('尚未录入 2027 年');
      for (const date of ['2027-01-04', '2027-01-05']) {
        await page.fill('#date', date);
        await page.check('input[name=kind][value=holiday]');
        await page.fill('#reason', '本区元旦假期延长（测试）');
        await page.fill('#authority', '测试区人民政府办公室');
        await page.selectOption('#agency', 'r');
        await Promise.all([
          page.waitForURL(/notice=adjusted/),
          page.click('button:has-text("添加本地调整")'),
        ]);
      }
      expect(await page.textContent('#recompute ~ *')).toBeTruthy();
      await shot(page, 'calendar-overview-stale');

      // The preview first: what will move, nothing written yet.
      await Promise.all([
        page.waitForURL(/\/admin\/calendar\/recompute\/preview$/),
        page.click('a:has-text("预览重算")'),
      ]);
      const preview = (await page.textContent('main')) ?? '';
      expect(preview).toContain('这是预览：尚未改变任何期限');
      expect(await page.locator('#preview tbody tr').count()).toBe(1);
      const cells = await page.locator('#preview tbody tr td').allTextContents();
      expect(cells).toEqual([code, '测*', '测试区甲镇人民政府', '答复期限', '2027-01-04', '2027-01-06']);
      await shot(page, 'calendar-recompute-preview');
      await Promise.all([
        page.waitForURL(/\/admin\/calendar\/recompute\/\d+$/),
        page.click('button:has-text("按现行日历重算")'),
      ]);
      const result = (await page.textContent('main')) ?? '';
      expect(result).toContain(code);
      expect(result).toContain('测试区甲镇人民政府');
      expect(result).toContain('2027-01-04');
      expect(result).toContain('2027-01-06');
      expect(result).toContain('赵管理');
      await shot(page, 'calendar-recompute-result');

      await page.goto(`${base}/admin/calendar/2027`);
      expect(await page.locator('td.cal-localHoliday').count()).toBe(2);
      await shot(page, 'calendar-2027-local');
      await page.context().close();
    },
    T,
  );

  it(
    'an officer sees the calendar read-only, with whom to ask',
    async () => {
      const page = await openPage(browser, { viewport: { width: 1200, height: 900 } });
      await signIn(page, base, 'officer');
      await page.goto(`${base}/staff`);
      await Promise.all([page.waitForURL(/\/admin\/calendar$/), page.click('a:has-text("工作日历")')]);
      const body = (await page.textContent('body')) ?? '';
      expect(body).toContain('赵管理');
      expect(await page.locator('form[action="/admin/calendar/adjustments"]').count()).toBe(0);
      await shot(page, 'calendar-officer');
      // 2027 as it applies to the officer's own agency (under region R, whose block applies) …
      await page.goto(`${base}/admin/calendar/2027`);
      expect(await page.textContent('#calendar-agency')).toContain('测试区甲镇人民政府（本机关）');
      expect(await page.locator('td.cal-localHoliday').count()).toBe(2);
      await shot(page, 'calendar-2027-own-agency');
      // … and as it applies to an agency of another region: R's block does not.
      await page.selectOption('#agency', String(t.agency.C));
      await Promise.all([page.waitForURL(/agency=/), page.click('form[aria-label="选择机关"] button')]);
      expect(await page.textContent('#calendar-agency')).toContain('另一区丙镇人民政府');
      expect(await page.locator('td.cal-localHoliday').count()).toBe(0);
      await shot(page, 'calendar-2027-other-agency');
      await page.context().close();
    },
    T,
  );

  it(
    'the administrator sets the township report deadline: an invalid date is refused, 01-20 is saved',
    async () => {
      const page = await openPage(browser, { viewport: { width: 1200, height: 900 } });
      await signIn(page, base, 'administrator');
      await page.goto(`${base}/admin`);
      await Promise.all([
        page.waitForURL(/\/admin\/report-deadlines$/),
        page.click('a:has-text("年度报告截止日期")'),
      ]);
      const body = (await page.textContent('main')) ?? '';
      expect(body).toContain('《条例》第四十九条第一款');
      expect(body).toContain('未修改过（默认值）');
      await shot(page, 'report-deadlines');
      await page.fill('#township', '02-30');
      await page.fill('#source', '某省政务公开办公室通知（某政公开〔2024〕1号）');
      await page.click('button:has-text("保存")');
      await page.waitForSelector('.error');
      expect(await page.textContent('main')).toContain('“02-30”不是有效日期：2月只有28天');
      expect(await page.inputValue('#township')).toBe('02-30');
      await shot(page, 'report-deadlines-invalid');
      await page.fill('#township', '1月20日');
      await Promise.all([page.waitForURL(/notice=saved/), page.click('button:has-text("保存")')]);
      const saved = (await page.textContent('main')) ?? '';
      expect(saved).toContain('每年1月20日前');
      expect(saved).toContain('赵管理');
      // 街道 had no value of its own: it follows the 乡镇 date until one is given.
      expect(saved).toContain('每年1月20日前（同乡镇）');
      expect(await page.inputValue('#subdistrict')).toBe('');
      await shot(page, 'report-deadlines-saved');
      await page.fill('#subdistrict', '1月15日');
      await Promise.all([page.waitForURL(/notice=saved/), page.click('button:has-text("保存")')]);
      const own = (await page.textContent('main')) ?? '';
      expect(own).toContain('每年1月15日前');
      expect(own).not.toContain('（同乡镇）');
      expect(await page.inputValue('#subdistrict')).toBe('01-15');
      await shot(page, 'report-deadlines-subdistrict');
      await page.context().close();
    },
    T,
  );
});
