import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { statisticKeys } from '../src/domain/report-builder/table2.ts';
import { addMatter } from '../src/publishing/catalogue.ts';
import { addNormDoc } from '../src/publishing/normative-documents.ts';
import { setStatistics } from '../src/publishing/statistics.ts';
import { setSectionTemplate } from '../src/report-builder/index.ts';
import { axeViolations, browserTest, haveChromium, login, shot } from './support/browser.ts';
import { addUser } from './support/web.ts';

const HAVE_CHROMIUM = haveChromium();

let matterId = 0;
const TITLE = '甲镇国土空间总体规划（2021—2035年）草案公示';

const web = browserTest({
  web: { loginLimit: { max: 1000, windowMs: 60_000 } },
  setup: async (t) => {
    const db = t.handle.db;
    for (const [username, displayName, roles] of [
      ['zhang', '张承办', ['officer']],
      ['liu', '刘审核', ['officer']],
      ['wang', '王审查', ['reviewer']],
      ['li', '李主任', ['approver']],
    ] as const)
      await addUser(db, { username, displayName, agencyId: t.agency.A, roles });
    matterId = (
      await addMatter(
        db,
        {
          agency: t.agency.A,
          domain: '规划建设',
          name: '国土空间规划',
          content: '镇国土空间总体规划、详细规划及其调整的草案公示和批准结果',
          basis: '《中华人民共和国城乡规划法》第八条、第二十六条',
          timeLimit: '信息形成或变更之日起20个工作日内',
          subject: '测试区甲镇人民政府',
          channels: ['门户网站', '政务公开栏'],
          mode: 'proactive',
        },
        { actor: 'test' },
      )
    ).id;
    // 2023: a document in force since 2022 (repealed in the browser), the 表二 statistics, and the text to be
    // written by people — so that the year can be published once the register is right.
    const ctx = { actor: 'test', roles: ['officer' as const], today: '2024-03-15' };
    await addNormDoc(
      db,
      {
        agency: t.agency.A,
        kind: 'normativeDocument',
        docNo: '甲政发〔2022〕3号',
        title: '甲镇农村宅基地管理暂行办法',
        issuedOn: '2022-04-01',
      },
      ctx,
    );
    await setStatistics(
      db,
      {
        agency: t.agency.A,
        year: 2023,
        values: Object.fromEntries(statisticKeys('2021').map((k) => [k, 0])),
      },
      ctx,
    );
    await setSectionTemplate(
      db,
      {
        agency: t.agency.A,
        year: 2023,
        section: 'problems',
        template:
          '（一）存在的主要问题\n本年度超过《条例》第二十六条规定期限发布的主动公开信息{{publishing.late}}条，栏目更新不够及时。\n（二）改进情况\n建立每周栏目巡查制度，由党政办公室负责落实。',
      },
      ctx,
    );
    await setSectionTemplate(
      db,
      {
        agency: t.agency.A,
        year: 2023,
        section: 'other',
        template:
          '（一）收取信息处理费情况\n本年度未发出收费通知，未收取信息处理费。\n（二）其他需要报告的事项\n无。',
      },
      ctx,
    );
  },
});

async function as(username: string | null): Promise<Page> {
  const ctx = await web.browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  if (username) {
    await login(page, web.base, username);
  }
  return page;
}

const main = async (page: Page) => (await page.textContent('main'))!.replace(/\s+/g, ' ');

/** Open the item from the user's queue, then take a step by its button. */
async function step(username: string, button: string, reason?: string, screenshot?: string) {
  const page = await as(username);
  await page.goto(`${web.base}/staff/publishing`);
  await Promise.all([page.waitForLoadState('load'), page.click(`a:has-text("${TITLE}")`)]);
  if (reason) await page.fill('#reason', reason);
  if (screenshot) await shot(page, screenshot, '#step-h');
  await Promise.all([page.waitForURL(/notice=/), page.click(`button:has-text("${button}")`)]);
  const text = await main(page);
  await page.context().close();
  return text;
}

describe.skipIf(!HAVE_CHROMIUM)('主动公开 in a browser', () => {
  it('an item goes from draft through 审核, 保密审查 (returned once) and 审批 to the portal', async () => {
    const zhang = await as('zhang');
    await zhang.click('nav[aria-label="主导航"] a[href="/staff/publishing"]');
    await zhang.click('a:has-text("登记新信息")');
    await zhang.fill('#title', TITLE);
    await zhang.selectOption('#matterId', { label: '规划建设 · 国土空间规划' });
    await zhang.fill('#category', '规划信息');
    await zhang.fill('#formedOn', '2024-03-04');
    await zhang.fill('#channels', '门户网站、政务公开栏');
    await zhang.fill(
      '#body',
      '根据《中华人民共和国城乡规划法》，现将甲镇国土空间总体规划草案予以公示，公示期30日。',
    );
    await Promise.all([zhang.waitForURL(/notice=created/), zhang.click('button:has-text("登记为草稿")')]);
    await zhang.setInputFiles('#file', {
      name: '规划草案公示图.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% 规划草案公示图\n'),
    });
    await Promise.all([zhang.waitForURL(/notice=attached/), zhang.click('button:has-text("上传附件")')]);
    expect(await main(zhang)).toContain('附件（1）');
    await Promise.all([zhang.waitForURL(/notice=submit/), zhang.click('button:has-text("提交审核")')]);
    await zhang.context().close();

    // A second officer passes 审核 (the drafter may not review their own item).
    expect(await step('liu', '工作人员审核通过')).toContain('待保密审查');
    // The reviewer's queue holds it: returned with a reason.
    const queue = await as('wang');
    await queue.goto(`${web.base}/staff/publishing`);
    expect(await main(queue)).toContain('待保密审查（1）');
    expect(await main(queue)).not.toContain('待主管领导审批');
    await shot(queue, 'publishing-queue');
    await queue.context().close();
    const returned = await step(
      'wang',
      '保密审查退回',
      '附件公示图中标注了村民住址，请删除后再提交',
      'publishing-return',
    );
    expect(returned).toContain('草稿');

    // The drafter sees why, and resubmits.
    const back = await as('zhang');
    await back.goto(`${web.base}/staff/publishing`);
    await back.click(`a:has-text("${TITLE}")`);
    expect(await main(back)).toContain('已被退回修改，理由：附件公示图中标注了村民住址，请删除后再提交');
    await shot(back, 'publishing-returned');
    await Promise.all([back.waitForURL(/notice=submit/), back.click('button:has-text("提交审核")')]);
    await back.context().close();

    await step('liu', '工作人员审核通过');
    await step('wang', '保密审查通过');
    expect(await step('li', '主管领导审批通过')).toContain('已审批待发布');
    const published = await step('zhang', '发布');
    expect(published).toContain('已发布');
    expect(published).toContain('发布日期2024-03-15');
    expect(published).toContain('保密审查退回');
    expect(published).toMatch(/王审查（保密审查人员）.*李主任（主管领导）/);

    const item = await as('zhang');
    await item.goto(`${web.base}/staff/publishing`);
    await item.goto(`${web.base}/staff/publishing/items`);
    await item.click(`a:has-text("${TITLE}")`);
    await shot(item, 'publishing-item', '#hist-h');
    await item.context().close();
  }, 300_000);

  it('the public finds it in the catalogue under its matter and by searching 规划', async () => {
    const page = await as(null);
    await page.goto(`${web.base}/catalogue`);
    await page.fill('#q', '规划');
    await Promise.all([page.waitForURL(/q=/), page.click('button:has-text("检索")')]);
    const found = await main(page);
    expect(found).toContain('国土空间规划');
    expect(found).toContain(TITLE);
    await shot(page, 'catalogue-search');
    await page.click(`a[href="/catalogue/matters/${matterId}"] >> nth=0`);
    expect(await main(page)).toContain('已公开的信息（1）');
    await page.click(`a:has-text("${TITLE}")`);
    const pub = await main(page);
    expect(pub).toContain('现将甲镇国土空间总体规划草案予以公示');
    expect(pub).toContain('规划草案公示图.pdf');
    await shot(page, 'catalogue-item');
    await page.context().close();
    // The new public pages pass the same accessibility bar as the rest of the portal.
    const a11y = await web.browser.newContext({ locale: 'zh-CN', bypassCSP: true });
    const p = await a11y.newPage();
    for (const path of [`/catalogue?q=${encodeURIComponent('规划')}`, `/catalogue/matters/${matterId}`]) {
      await p.goto(`${web.base}${path}`);
      expect(await axeViolations(p), path).toEqual([]);
    }
    await p.click(`a:has-text("${TITLE}")`);
    expect(await axeViolations(p), 'item').toEqual([]);
    await a11y.close();
  }, 300_000);

  it('a document issued and one repealed change 表二; the year is published after a confirmation', async () => {
    const cell = async (page: Page, key: string) => (await page.textContent(`td[id="cell-${key}"]`))!.trim();
    const li = await as('li');
    const builder = `${web.base}/staff/agencies/${web.t.agency.A}/report/2023`;
    await li.goto(builder);
    expect(await cell(li, 't2.normativeDocuments.issued')).toBe('0');
    expect(await cell(li, 't2.normativeDocuments.repealed')).toBe('0');
    expect(await cell(li, 't2.normativeDocuments.inForce')).toBe('1');

    const zhang = await as('zhang');
    await zhang.goto(`${web.base}/staff/publishing/norms`);
    await zhang.fill('#docNo', '甲政发〔2023〕5号');
    await zhang.fill('#title', '甲镇农村宅基地管理办法');
    await zhang.fill('#issuedOn', '2023-06-01');
    await zhang.fill('#publishedOn', '2023-06-05');
    await Promise.all([zhang.waitForURL(/notice=norm/), zhang.click('button:has-text("登记")>> nth=-1')]);
    const row = zhang.locator('tr', { hasText: '甲政发〔2022〕3号' });
    await row.locator('summary').click();
    await row.locator('input[name=repealedOn]').fill('2023-06-01');
    await row.locator('input[name=note]').fill('被甲政发〔2023〕5号替代');
    await Promise.all([
      zhang.waitForURL(/notice=repealed/),
      row.locator('button:has-text("确认废止")').click(),
    ]);
    await shot(zhang, 'publishing-norms');
    await zhang.context().close();

    await li.goto(builder);
    expect(await cell(li, 't2.normativeDocuments.issued')).toBe('1');
    expect(await cell(li, 't2.normativeDocuments.repealed')).toBe('1');
    expect(await cell(li, 't2.normativeDocuments.inForce')).toBe('1');
    const overview = await li
      .locator('fieldset', { hasText: '总体情况' })
      .locator('.paras p')
      .allTextContents();
    // The preview keeps the paragraphs: sub-headings are paragraphs of their own.
    expect(overview[0]).toBe('（一）主动公开');
    expect(overview.join('\n')).toContain(
      '本年制发《甲镇农村宅基地管理办法》，废止《甲镇农村宅基地管理暂行办法》',
    );
    expect(overview.join('\n')).not.toMatch(/其中无|主要集中在无/);
    await shot(li, 'report-builder-table2', 'td[id="cell-t2.normativeDocuments.issued"]');

    await Promise.all([li.waitForURL(/publish\/confirm$/), li.click('button:has-text("保存并发布")')]);
    expect(await main(li)).toContain('发布后，2023年度锁定');
    await shot(li, 'report-publish-confirm');
    // The confirmation must be ticked.
    await li.click('button:has-text("确认发布")');
    expect(li.url()).toMatch(/publish\/confirm$/);
    await li.check('#understood');
    await Promise.all([li.waitForURL(/notice=published/), li.click('button:has-text("确认发布")')]);
    expect(await main(li)).toContain('年度报告已发布，该年度已锁定');
    await li.context().close();
  }, 300_000);

  it('an administrator edits a letter template, previewed on sample data', async () => {
    const admin = await as('administrator');
    await admin.goto(`${web.base}/admin`);
    await admin.click('a:has-text("文书模板")');
    await admin.click('a:has-text("登记回执")');
    const text = await admin.inputValue('#paragraphs');
    await admin.fill('#paragraphs', `${text}\n本机关政府信息公开工作机构办公时间为工作日上午9时至下午5时。`);
    await Promise.all([admin.waitForLoadState('load'), admin.click('button:has-text("在示例数据上预览")')]);
    const preview = await admin.textContent('article.letter');
    expect(preview).toContain('本机关政府信息公开工作机构办公时间为工作日上午9时至下午5时。');
    expect(await main(admin)).toContain('尚未保存');
    await shot(admin, 'letter-template-editor', 'article.letter');
    await Promise.all([admin.waitForURL(/notice=saved/), admin.click('button:has-text("保存为新版本")')]);
    expect(await main(admin)).toContain('第 1 版（已修改）');
    await admin.context().close();
  }, 300_000);
});
