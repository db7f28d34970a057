// The officer's annual-report journey over HTTP on a real database, as the officer walks it: cases of the year (one
// received on 28 December and replied in January, one with a 行政复议 and a 复议后起诉), the builder's 表三/表四,
// the draft downloaded as the DOCX and PDF it will be published as (read before publishing locks the year), the
// approver's publication, and the public file carrying the same text. A case crossing the year counts as the format
// says: 一 and 四（结转下年度） of the year received, 二（上年结转） and 三 of the year replied; replying to it after
// the earlier year's report is published is not a change to that year (the reply is dated in the new year).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSoffice } from '../src/render/pdf.ts';
import { buildReport } from '../src/report-builder/build.ts';
import { caseCodeOf, intakeForm, openWebTest, templateForm, type WebTest } from './support/web.ts';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
});
afterAll(async () => t?.close());

const text = async (r: Response) => r.text();
const pick = (html: string, re: RegExp) => re.exec(html)?.[1];
const base = (year: number) => `/staff/agencies/${t.agency.A}/report/${year}`;

/** The paragraphs of a DOCX, each run joined, one line a paragraph (table cells included). */
async function docxText(bytes: ArrayBuffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&');
}

/** The number shown in a cell of the builder's tables (a link when cases are behind it). */
const cell = (html: string, key: string) =>
  Number(pick(html, new RegExp(`id="cell-${key.replace(/\./g, '\\.')}"[^>]*>(?:<a [^>]*>)?(\\d+)<`)));

async function act(code: string, action: string, form: Record<string, string>) {
  const r = await t.request(`/staff/cases/${code}/do/${action}`, { as: 'officer', form });
  expect(r.status, pick(await r.clone().text(), /role="alert">([^<]*)/)).toBe(303);
}

async function intake(receivedOn: string, description: string) {
  const r = await t.request('/staff/intake', {
    as: 'officer',
    form: intakeForm(t, { channel: 'inPerson', receivedOn, description }),
  });
  expect(r.status).toBe(303);
  return caseCodeOf(r);
}

let late = '';
let appealed = '';

describe('the 2023 report compiled from the cases', () => {
  it('counts a 行政复议 upheld and a 复议后起诉 still open in 表四', async () => {
    appealed = await intake('2023-06-01', '2022年甲镇征地补偿安置方案');
    await act(appealed, 'reply', {
      on: '2023-06-20',
      outcome: 'withheld.deliberative',
      legalBasis: '',
      note: '内部讨论记录',
    });
    await act(appealed, 'appeal', {
      on: '2023-07-01',
      kind: 'review',
      body: '测试区人民政府',
      coDefendant: 'no',
    });
    const page = await text(await t.request(`/staff/cases/${appealed}`, { as: 'officer' }));
    const id = pick(page, /<option value="(\d+)">行政复议（2023-07-01）<\/option>/);
    expect(id).toBeTruthy();
    await act(appealed, 'appealDecide', { appeal: id!, on: '2023-09-01', result: 'upheld' });
    await act(appealed, 'appeal', {
      on: '2023-10-01',
      kind: 'litigation.afterReview',
      body: '测试区人民法院',
      coDefendant: 'yes',
    });
    const shown = await text(await t.request(`/staff/cases/${appealed}`, { as: 'officer' }));
    expect(shown).toContain('2023-07-01 行政复议（测试区人民政府）：2023-09-01 审结，维持');
    expect(shown).toContain(
      '行政诉讼（复议后起诉）（测试区人民法院），被告：复议机关与本机关为共同被告（复议维持）：尚未审结',
    );

    // Received on 28 December, not replied by 31 December.
    late = await intake('2023-12-28', '2023年甲镇老旧小区改造项目清单');

    const html = await text(await t.request(base(2023), { as: 'officer' }));
    expect(cell(html, 't4.review.upheld')).toBe(1);
    expect(cell(html, 't4.review.total')).toBe(1);
    expect(cell(html, 't4.litigation.afterReview.pending')).toBe(1);
    expect(cell(html, 't4.litigation.afterReview.total')).toBe(1);
    expect(cell(html, 't4.litigation.direct.total')).toBe(0);
    expect(cell(html, 't3.received.total')).toBe(2);
    expect(cell(html, 't3.total.total')).toBe(1);
    expect(cell(html, 't3.carriedForward.total')).toBe(1);
    const forward = pick(html, /id="cell-t3\.carriedForward\.total"[^>]*><a href="([^"]+)"/)!;
    const list = await text(await t.request(forward, { as: 'officer' }));
    expect(list).toContain(late);
    expect(list).not.toContain(appealed);
  });

  it('offers the draft as the DOCX it will be published as, with the edited text and the screen’s numbers', async () => {
    const stats = await t.request(`${base(2023)}/statistics`, {
      as: 'officer',
      form: {
        't2.licensing.decisions': '12',
        't2.penalty.decisions': '3',
        't2.coercion.decisions': '0',
        't2.fees.amount': '0',
      },
    });
    expect(stats.status).toBe(303);
    const page = await text(await t.request(base(2023), { as: 'officer' }));
    const form = templateForm(page);
    form['template.problems'] = '个别答复书说理不够充分。';
    // A 镇人民政府 reports its 工作考核、社会评议和责任追究结果 too (《条例》第五十条): the builder reminds the officer
    // until the overview says it; a 街道办事处 (not a 人民政府) is not asked.
    const ASK = '人民政府的年度报告还应当包括政府信息公开工作考核、社会评议和责任追究结果情况';
    expect(page).toContain(ASK);
    const street = await buildReport(t.handle.db, { agency: t.agency.B, year: 2023 }, {});
    expect(street.notices.map((n) => n.message).join()).not.toContain(ASK);
    form['template.overview'] += '\n本年度区政府对本镇政府信息公开工作的考核结果为良好，未发生责任追究情形。';
    expect((await t.request(`${base(2023)}/save`, { as: 'officer', form })).status).toBe(303);
    expect(await text(await t.request(base(2023), { as: 'officer' }))).not.toContain(ASK);

    const html = await text(await t.request(base(2023), { as: 'officer' }));
    expect(html).toContain(`href="${base(2023)}/draft/docx"`);
    expect(html).toContain(`href="${base(2023)}/draft/pdf"`);
    const r = await t.request(`${base(2023)}/draft/docx`, { as: 'officer' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('wordprocessingml');
    expect(decodeURIComponent(r.headers.get('content-disposition')!)).toContain(
      '测试区甲镇人民政府2023年政府信息公开工作年度报告（草稿）.docx',
    );
    const doc = await docxText(await r.arrayBuffer());
    expect(doc).toContain('测试区甲镇人民政府2023年政府信息公开工作年度报告');
    expect(doc).toContain('本年度新收政府信息公开申请2件，上年结转0件；办结1件，结转下年度继续办理1件。');
    expect(doc).toContain('行政复议1件，行政诉讼1件');
    expect(doc).toContain('个别答复书说理不够充分。');
    expect(doc).toContain('考核结果为良好，未发生责任追究情形。');
    expect(doc).toContain('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）');
    expect(doc).not.toMatch(/[A-Za-z]{3,}/);
    // Another agency's officer has no draft of A's report.
    expect(
      (await t.request(`${base(2023)}/draft/docx`, { as: 'supervisorS' })).status,
    ).toBeGreaterThanOrEqual(403);
  });

  it('offers the draft as a PDF (LibreOffice), with the same text', async (ctx) => {
    // LibreOffice makes the PDF and poppler's pdftotext reads it back; without either there is nothing to check.
    if (!(await findSoffice(process.env)) || !existsSync('/usr/bin/pdftotext')) ctx.skip();
    const r = await t.request(`${base(2023)}/draft/pdf`, { as: 'officer' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(mkdtempSync(join(tmpdir(), 'gongkai-draft-')), 'draft.pdf');
    writeFileSync(file, bytes);
    const pdf = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(pdf).toContain('本年度新收政府信息公开申请2件，上年结转0件；办结1件，结转下年度继续办理1件。');
    expect(pdf).toContain('个别答复书说理不够充分。');
  }, 180_000);

  it('publishes; the public file carries the draft’s text; the carried-over case is replied in 2024', async () => {
    const draft = await docxText(
      await (await t.request(`${base(2023)}/draft/docx`, { as: 'officer' })).arrayBuffer(),
    );
    const r = await t.request(`${base(2023)}/publish`, {
      as: 'approver',
      form: { confirm: '1', understood: '1' },
    });
    expect(r.status, pick(await r.clone().text(), /role="alert">([^<]*)/)).toBe(303);
    const html = await text(await t.request(base(2023), { as: 'officer' }));
    const id = pick(html, /href="\/reports\/(\d+)"/)!;
    expect(html).not.toContain('/draft/docx');
    const pub = await docxText(await (await t.request(`/reports/${id}/docx`)).arrayBuffer());
    expect(pub).toBe(draft);
    // The citizen's page shows the numbers the officer compiled.
    const shown = await text(await t.request(`/reports/${id}`));
    for (const [key, n] of [
      ['t3.received.total', 2],
      ['t3.carriedForward.total', 1],
      ['t4.review.upheld', 1],
      ['t4.litigation.afterReview.pending', 1],
    ] as const)
      expect(cell(shown, key), key).toBe(n);

    // 2023 is locked; the reply of 10 January 2024 is 2024's business.
    await act(late, 'reply', { on: '2024-01-10', outcome: 'granted', legalBasis: '', note: '' });
    const y24 = await text(await t.request(base(2024), { as: 'officer' }));
    expect(cell(y24, 't3.received.total')).toBe(0);
    expect(cell(y24, 't3.carriedOver.total')).toBe(1);
    expect(cell(y24, 't3.granted.total')).toBe(1);
    expect(cell(y24, 't3.carriedForward.total')).toBe(0);
    // 2024 is not over on the test's today (2024-03-15): the builder says its numbers are as of today; 2023's do not.
    expect(y24).toContain('2024年尚未结束：表中数字截至 2024-03-15');
    expect(html).not.toContain('尚未结束');
    // 表四 counts the appeals of the year filed: none in 2024.
    expect(cell(y24, 't4.review.total')).toBe(0);
    expect(cell(y24, 't4.litigation.afterReview.total')).toBe(0);
    // And the 2023 report as published did not move.
    const again = await docxText(await (await t.request(`/reports/${id}/docx`)).arrayBuffer());
    expect(again).toBe(draft);
  });
});
