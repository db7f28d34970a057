// In a real browser (Debian's chromium through playwright-core): a citizen applies and tracks the case; an officer
// takes it to a reply and downloads the letter; a supervisor uploads the seed reports and sees the findings and the
// combined table. Screenshots of these pages go to docs/screenshots/, and axe-core finds no serious or critical
// accessibility violation on the public pages. Skipped, saying why, when /usr/bin/chromium is missing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNotNull } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { annualReports } from '../src/db/schema/annual-reports.ts';
import { setPublishedOn } from '../src/web/reports/store.ts';
import {
  addRegion,
  axeViolations,
  browserTest,
  haveChromium,
  SHOTS,
  shot,
  login as signIn,
} from './support/browser.ts';
import { SEEDS, seed } from './support/seeds.ts';
import { addUser } from './support/web.ts';

const HAVE_CHROMIUM = haveChromium();

const web = browserTest({
  setup: async (t) => {
    // A 区 whose units are the seeds' agencies, so that uploaded reports match them by name.
    const units = await addRegion(t, '演示区人民政府', [
      ['pgz', '北京市大兴区庞各庄镇人民政府', 'township'],
      ['by', '北京市通州区人民政府北苑街道办事处', 'township'],
      ['gd', '郭店镇', 'township'],
      ['tst', '北京市密云区太师屯镇', 'township'],
      ['zfb', '北京市大兴区人民政府政府办公室', 'department'],
      ['hx', '演示区和兴街道办事处', 'township'],
    ]);
    for (const [username, displayName, agencyId, roles] of [
      ['zhang', '张承办', units.pgz!, ['officer']],
      ['zhao', '赵监督', units.region!, ['supervisor']],
    ] as const)
      await addUser(t.handle.db, { username, displayName, agencyId, roles });
  },
});

async function newPage(): Promise<Page> {
  // bypassCSP only so that the test can inject axe-core; the pages themselves run no script at all.
  const ctx = await web.browser.newContext({
    viewport: { width: 1200, height: 860 },
    locale: 'zh-CN',
    bypassCSP: true,
    acceptDownloads: true,
  });
  return ctx.newPage();
}

const login = (page: Page, username: string) => signIn(page, web.base, username);

let code = '';

describe.skipIf(!HAVE_CHROMIUM)('in a browser', () => {
  it('a citizen applies and tracks the case', async () => {
    const page = await newPage();
    await page.goto(`${web.base}/apply`);
    await page.selectOption('#agencyId', { label: '北京市大兴区庞各庄镇人民政府' });
    await page.check('#applicantType-0');
    await page.fill('#name', '李明');
    await page.fill('#idNumber', '11010519491231002X');
    await page.fill('#phone', '13912345678');
    await page.fill('#address', '北京市大兴区庞各庄镇某村1号');
    await page.fill('#description', '庞各庄镇2023年西瓜产业园区建设项目的资金使用情况');
    await page.check('#formWanted-1');
    await page.check('#deliveryWanted-0');
    await shot(page, 'apply');
    await Promise.all([page.waitForURL(/\/apply\/receipt\//), page.click('button[type=submit].primary')]);
    code = (await page.getAttribute('[data-tracking-code]', 'data-tracking-code'))!;
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    await shot(page, 'receipt');
    await page.goto(`${web.base}/track`);
    await page.fill('#code', code);
    await Promise.all([page.waitForURL(/\/track\?code=/), page.click('button[type=submit].primary')]);
    expect(await page.textContent('main')).toContain('办理中');
    expect(await page.textContent('main')).not.toContain('李明');
    await shot(page, 'track');
    await page.context().close();
  });

  it('an officer takes it to a reply and the letter downloads', async () => {
    const page = await newPage();
    await login(page, 'zhang');
    expect(page.url()).toBe(`${web.base}/staff`);
    await shot(page, 'staff-dashboard');
    // The officer finds the case by the applicant's name (the 查询码 is the applicant's, not a staff handle).
    await page.goto(`${web.base}/staff/cases?applicant=${encodeURIComponent('李明')}`);
    await Promise.all([page.waitForLoadState('load'), page.click('table.data tbody tr:first-child a')]);
    await page.click('#action-reply > summary');
    const form = page.locator('#action-reply form');
    await form.locator('select[name=outcome]').selectOption('granted');
    await Promise.all([page.waitForURL(/\/preview\/reply\?/), form.locator('button[type=submit]').click()]);
    expect(await page.textContent('main')).toContain('已办结');
    await shot(page, 'case-preview');
    await Promise.all([page.waitForURL(/notice=letter/), page.click('button:has-text("确认保存")')]);
    await shot(page, 'case');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[data-letter="reply:granted"]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    await page.context().close();
  });

  it('a supervisor uploads the seed reports and sees the findings and the combined table', async () => {
    const page = await newPage();
    await login(page, 'zhao');
    await page.goto(`${web.base}/supervise/upload`);
    const e = seed('002').expected;
    const faulty = JSON.stringify({
      agency: '演示区和兴街道办事处',
      year: 2023,
      format: '2021',
      fields: { ...e.fields, 't3.received.naturalPerson': e.fields['t3.received.naturalPerson']! + 3 },
      blank: [],
      uncertain: [],
      sections: {},
    });
    await page.setInputFiles('#files', [
      ...SEEDS.map((s) => ({ name: `${s.name}.txt`, mimeType: 'text/plain', buffer: readFileSync(s.file) })),
      { name: '和兴街道2023年报.json', mimeType: 'application/json', buffer: Buffer.from(faulty) },
    ]);
    await Promise.all([
      page.waitForURL(/\/supervise\/uploads\/\d+$/),
      page.click('button[type=submit].primary'),
    ]);
    // The files are read in the background; the progress page reloads itself until each has its outcome.
    await page.waitForSelector('#upload-status[data-done="yes"]', { timeout: 240_000 });
    expect(await page.textContent('main')).toContain('共 6 个文件：新收集 6 份');
    await shot(page, 'upload-results');
    await page.goto(`${web.base}/supervise?year=2023`);
    expect(await page.textContent('main')).toContain('错误 2');
    await shot(page, 'supervise-board');
    await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
    await page.locator('figure.chart img').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'supervise-charts.png') });
    await page.click('a:has-text("2023年合计表与问题清单")');
    const main = (await page.textContent('main'))!;
    expect(main).toContain('自然人列不平衡');
    expect(main).toContain('表三　收到和处理政府信息公开申请情况');
    await shot(page, 'supervise-combined');
    // Each finding links to its cell in the report, which is marked.
    await page.click('a[href*="#cell-t3.received.naturalPerson"]');
    expect(await page.getAttribute('td[id="cell-t3.received.naturalPerson"]', 'class')).toContain(
      'flag-error',
    );
    await page.screenshot({ path: join(SHOTS, 'report-finding.png') });
    await page.context().close();
  });

  it('the public pages have no serious or critical accessibility violation', async () => {
    const page = await newPage();
    // Only a matched and dated report is public (issue 12): the supervisor registers when each was published.
    for (const r of await web.t.handle.db
      .select({ id: annualReports.id })
      .from(annualReports)
      .where(isNotNull(annualReports.agencyId)))
      await setPublishedOn(web.t.handle.db, r.id, '2024-01-20', 'user:test');
    const [first] = /\/reports\/(\d+)/.exec((await (await fetch(`${web.base}/reports`)).text()) ?? '') ?? [];
    for (const path of [
      '/',
      '/apply',
      '/track',
      `/track?code=${encodeURIComponent(code)}`,
      '/reports',
      first!,
      '/catalogue',
      '/login',
    ]) {
      await page.goto(`${web.base}${path}`);
      expect(await axeViolations(page), path).toEqual([]);
    }
    // The form with its error messages shown.
    await page.goto(`${web.base}/apply`);
    await page.click('button[type=submit].primary');
    expect(await page.textContent('main')).toContain('需要修改');
    expect(await axeViolations(page), '/apply (errors)').toEqual([]);
    await shot(page, 'apply-errors');
    await page.goto(`${web.base}/`);
    await shot(page, 'home');
    await page.context().close();
  }, 300_000);
});
