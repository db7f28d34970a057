// The officer's 复议 and annual-report journey in Chromium: on a replied case the officer records a 行政复议 from
// the case page (previewed, then saved), opens the year's report builder, sees the 复议 under 表四 尚未审结,
// follows the number to the case behind it, and downloads the draft the way it will be published (the DOCX opened:
// the same figure in its text). Skipped, saying why, when /usr/bin/chromium is missing.
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { browserTest, haveChromium, login, newPage, shot } from './support/browser.ts';
import { caseCodeOf, intakeForm } from './support/web.ts';

const HAVE_CHROMIUM = haveChromium();
let code = '';

const web = browserTest({
  setup: async (t) => {
    const r = await t.request('/staff/intake', {
      as: 'officer',
      form: intakeForm(t, {
        channel: 'inPerson',
        receivedOn: '2023-05-04',
        description: '甲镇2022年土地征收补偿方案',
      }),
    });
    code = caseCodeOf(r);
    const reply = await t.request(`/staff/cases/${code}/do/reply`, {
      as: 'officer',
      form: { on: '2023-05-25', outcome: 'withheld.deliberative', legalBasis: '', note: '内部讨论记录' },
    });
    if (reply.status !== 303) throw new Error(`答复未保存：${reply.status}`);
  },
});

describe.skipIf(!HAVE_CHROMIUM)('复议 on a replied case, then the year’s report, in a browser', () => {
  it('records the 复议, finds it in 表四 and in the draft DOCX', async () => {
    const page = await newPage(web.browser, { acceptDownloads: true });
    await login(page, web.base, 'officer');
    await page.goto(`${web.base}/staff/cases/${code}`);
    await page.click('#action-appeal > summary');
    const form = page.locator('#action-appeal form');
    await form.locator('[name=on]').fill('2023-06-10');
    await form.locator('[name=kind]').selectOption('review');
    await form.locator('[name=body]').fill('测试区人民政府');
    await Promise.all([page.waitForURL(/\/preview\/appeal\?/), form.locator('button[type=submit]').click()]);
    expect(await page.textContent('main')).toContain('测试区人民政府');
    await Promise.all([page.waitForURL(/notice=saved/), page.click('button:has-text("确认保存")')]);
    const main = (await page.textContent('main'))!;
    expect(main).toContain('2023-06-10 行政复议（测试区人民政府）：尚未审结');
    await shot(page, 'field-appeal-case', 'h2:has-text("行政复议和行政诉讼")');

    await page.goto(`${web.base}/staff/agencies/${web.t.agency.A}/report/2023`);
    const pending = page.locator('[id="cell-t4.review.pending"] a');
    expect(await pending.textContent()).toBe('1');
    expect(await page.locator('[id="cell-t4.review.total"]').textContent()).toBe('1');
    expect(await page.locator('[id="cell-t4.review.upheld"]').textContent()).toBe('0');
    await shot(page, 'field-builder-table4', 'table:has-text("行政复议")');
    await Promise.all([page.waitForURL(/\/cells\/t4\.review\.pending$/), pending.click()]);
    expect(await page.textContent('main')).toContain(code);
    await page.goBack();

    const [d] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a:has-text("下载 DOCX（草稿）")'),
    ]);
    expect(d.suggestedFilename()).toBe('测试区甲镇人民政府2023年政府信息公开工作年度报告（草稿）.docx');
    const zip = await JSZip.loadAsync(readFileSync((await d.path())!));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml.replace(/<[^>]+>/g, '')).toContain('本年度本机关发生政府信息公开行政复议1件，行政诉讼0件。');
    await page.context().close();
  }, 120_000);
});
