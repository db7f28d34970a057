// The officer's 复议/诉讼 journey in Chromium, from the case page: record the 复议 with the day its copy arrived,
// download the 行政复议答复书 draft, record the decision (纠正, a new reply ordered, no period set), see the case
// running again with the product's default deadline, reply again through the usual reply form, record the suits the
// applicant then brings: one after the review (the defendant follows from the review's result: the 复议机关 alone,
// so no 答辩状 and not in this agency's 表四) and one directly over the new reply (its 答辩状 draft downloaded, the
// new reply in it), and read 表四 in the report builder with the drill-down's dates. Skipped, saying why,
// when /usr/bin/chromium is missing. The two drafts are left in $GONGKAI_APPEAL_PAPERS (when set) for a reading.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
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
        receivedOn: '2024-01-05',
        description: '某村2023年集体土地征收补偿台账',
      }),
    });
    code = caseCodeOf(r);
    const reply = await t.request(`/staff/cases/${code}/do/reply`, {
      as: 'officer',
      form: { on: '2024-01-20', outcome: 'unavailable.notHeld', legalBasis: '', note: '本机关不掌握该台账' },
    });
    if (reply.status !== 303) throw new Error(`答复未保存：${reply.status}`);
  },
});

/** Open an action's form, fill it, preview, confirm: the way an officer saves a step. */
async function act(page: Page, key: string, fill: (form: ReturnType<Page['locator']>) => Promise<void>) {
  await page.click(`#action-${key} > summary`);
  const form = page.locator(`#action-${key} form`);
  await fill(form);
  await Promise.all([
    page.waitForURL(new RegExp(`/preview/${key}\\?`)),
    form.locator('button[type=submit]').click(),
  ]);
  await Promise.all([page.waitForURL(/notice=(saved|letter)/), page.click('button:has-text("确认保存")')]);
}

async function download(page: Page, link: string, name: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(link)]);
  const path = (await d.path())!;
  const keep = process.env.GONGKAI_APPEAL_PAPERS;
  if (keep) {
    mkdirSync(keep, { recursive: true });
    copyFileSync(path, join(keep, name));
  }
  const zip = await JSZip.loadAsync(readFileSync(path));
  return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
}

describe.skipIf(!HAVE_CHROMIUM)('复议 → 答复书 → 纠正 → 重新答复 → 诉讼 → 表四, in a browser', () => {
  it('walks the officer’s journey from the case page to the report builder', async () => {
    const page = await newPage(web.browser, { acceptDownloads: true });
    await login(page, web.base, 'officer');
    await page.goto(`${web.base}/staff/cases/${code}`);

    await act(page, 'appeal', async (form) => {
      await form.locator('[name=on]').fill('2024-02-01');
      await form.locator('[name=kind]').selectOption('review');
      await form.locator('[name=body]').fill('测试区人民政府');
      await form.locator('[name=copyReceivedOn]').fill('2024-02-03');
    });
    let main = (await page.textContent('main'))!;
    expect(main).toContain('行政复议答复书及证据、依据提交期限：2024-02-13');
    const answer = await download(page, 'a:has-text("下载行政复议答复书草稿")', 'review-answer.docx');
    expect(answer).toContain('申请人：王小明');
    expect(answer).toContain('2024年1月20日，本机关作出答复：（四）无法提供');

    await act(page, 'appealDecide', async (form) => {
      await form.locator('[name=on]').fill('2024-03-01');
      await form.locator('[name=result]').selectOption('corrected');
      await form.locator('[name=redo]').selectOption('yes');
      await form.locator('[name=decisionReceivedOn]').fill('2024-03-04');
    });
    main = (await page.textContent('main'))!;
    expect(main).toContain('行政复议决定纠正，待重新答复，期限 2024-04-01（系统默认期限）');
    await shot(page, 'field-appeal-redo-case');

    await act(page, 'reReply', async (form) => {
      await form.locator('[name=on]').fill('2024-03-06');
      await form.locator('[name=outcome]').selectOption('granted');
      await form.locator('[name=note]').fill('经重新检索，予以公开');
    });
    main = (await page.textContent('main'))!;
    expect(main).toContain('已于 2024-03-06 重新答复（期限 2024-04-01）');
    expect(main).toContain('答复书 · （一）予以公开（2024-03-06）');

    // The applicant sues after the review changed the reply: by law the 复议机关 alone is the defendant.
    await act(page, 'appeal', async (form) => {
      await form.locator('[name=on]').fill('2024-03-08');
      await form.locator('[name=kind]').selectOption('litigation.afterReview');
      await form.locator('[name=body]').fill('测试区人民法院');
      await form.locator('[name=copyReceivedOn]').fill('2024-03-11');
    });
    main = (await page.textContent('main'))!;
    expect(main).toContain('被告：复议机关单独为被告（复议改变）');
    expect(main).toContain('复议机关单独为被告：本机关不是被告，不提交答辩状');
    await shot(page, 'field-appeal-suit-case', 'h2:has-text("行政复议和行政诉讼")');

    // The applicant also sues this agency directly over the new reply: its 答辩状, the new reply in the facts.
    await act(page, 'appeal', async (form) => {
      await form.locator('[name=on]').fill('2024-03-12');
      await form.locator('[name=kind]').selectOption('litigation.direct');
      await form.locator('[name=body]').fill('测试区人民法院');
      await form.locator('[name=copyReceivedOn]').fill('2024-03-13');
    });
    main = (await page.textContent('main'))!;
    expect(main).toContain('答辩状及证据、规范性文件提交期限：2024-03-28');
    const defence = await download(page, 'a:has-text("下载答辩状草稿")', 'defence.docx');
    expect(defence).toContain('答辩人（被告）：');
    expect(defence).toContain('原告：王小明');
    expect(defence).toContain('2024年3月6日，本机关依照复议决定或判决重新作出答复：（一）予以公开');
    expect(defence).toMatch(/答复书 （一）予以公开（2024年3月6日）/);

    await page.goto(`${web.base}/staff/agencies/${web.t.agency.A}/report/2024`);
    expect(await page.locator('[id="cell-t4.review.corrected"]').textContent()).toBe('1');
    // The suit is against the 复议机关 alone, which is not an agency here: in neither agency's 表四.
    expect(await page.locator('[id="cell-t4.litigation.afterReview.total"]').textContent()).toBe('0');
    expect(await page.locator('[id="cell-t4.litigation.direct.pending"]').textContent()).toBe('1');
    // 表三: one application, one 办理结果 (its first reply).
    expect(await page.locator('[id="cell-t3.total.total"]').textContent()).toBe('1');
    await shot(page, 'field-appeal-builder-table4', 'table:has-text("行政复议")');
    await Promise.all([
      page.waitForURL(/\/cells\/t4\.review\.corrected$/),
      page.click('[id="cell-t4.review.corrected"] a'),
    ]);
    const row = (await page.locator('tbody tr').first().innerText()).replace(/\s+/g, ' ');
    expect(row).toBe(`${code} 行政复议 2024-02-01 2024-03-01 纠正 — 结果纠正`);
    await shot(page, 'field-appeal-cell-dates');
    await page.context().close();
  }, 180_000);
});
