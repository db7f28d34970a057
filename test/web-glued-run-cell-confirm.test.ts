// A glued run confirmed on the supervisor's pages (src/web/routes/supervise-cells.tsx): the real crawled page
// pt-lyy-2024 prints its 表二 规范性文件 row as "7030" (7|0|30 or 70|3|0). The values a person confirms for the row's
// cells must spell the printed run — on the whole-run form and one cell at a time — or be saved as a misprint only
// with an explicit override and a note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getReportRow } from '../src/web/reports/store.ts';
import { auditActions, collectCrawledPage, openWebTest, type WebTest } from './support/web.ts';

const ROW = 't2.normativeDocuments';
const KEYS = [`${ROW}.issued`, `${ROW}.repealed`, `${ROW}.inForce`];
let t: WebTest;
let id: number;
beforeAll(async () => {
  t = await openWebTest();
  id = await collectCrawledPage(t);
});
afterAll(async () => t?.close());

const runPath = () => `/supervise/reports/${id}/runs/${ROW}.issued`;
const values = async () => {
  const row = (await getReportRow(t.handle.db, id))!;
  return KEYS.map((k) => row.fields[k]);
};

describe('the glued 规范性文件 row "7030"', () => {
  it('the list offers the whole row at once, with the reader’s cuts', async () => {
    const html = await (await t.request(`/supervise/reports/${id}/cells`, { as: 'supervisor' })).text();
    expect(html).toContain('原文连写“7030”');
    expect(html).toContain(`href="${runPath()}"`);
    expect(html).toContain('7|0|30、70|3|0');
    const form = await (await t.request(runPath(), { as: 'supervisor' })).text();
    expect(form).toMatch(/type="radio"[^>]*value="7\|0\|30"/);
    expect(form).toMatch(/type="radio"[^>]*value="70\|3\|0"/);
    // The row's printed line, kept at collection, as context.
    expect(form).toContain('行政规范性文件7030');
    // A cell that is in no glued run has no whole-row form.
    expect(
      (await t.request(`/supervise/reports/${id}/runs/t3.received.total`, { as: 'supervisor' })).status,
    ).toBe(404);
  });

  it('values that do not spell "7030" are refused, naming the cells and the printed text; nothing is saved', async () => {
    const res = await t.request(runPath(), {
      as: 'supervisor',
      form: { split: '', v0: '70', v1: '0', v2: '30', note: '核对原文网页' },
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('原文此行数字连写为“7030”');
    expect(html).toContain('本年制发件数”为70');
    expect(html).toContain('连起来不是原文的“7030”');
    expect(html).toContain('name="override"');
    // What was typed is kept.
    expect(html).toContain('value="70"');
    expect(await values()).toEqual([undefined, undefined, undefined]);
  });

  it('the reader’s cut 7|0|30 confirms the three cells together → redirect → none left', async () => {
    const res = await t.request(runPath(), {
      as: 'supervisor',
      form: { split: '7|0|30', note: '核对原文网页第10行' },
    });
    expect(res.status).toBe(303);
    expect(await values()).toEqual([7, 0, 30]);
    expect((await auditActions(t.handle)).filter((a) => a === 'annualReport.confirmCell')).toHaveLength(3);
    const html = await (await t.request(`/supervise/reports/${id}/cells`, { as: 'supervisor' })).text();
    expect(html).toContain('待核对 0 格');
  });

  it('one cell changed alone must still spell the run: refused, then saved with the override as a misprint', async () => {
    const path = `/supervise/reports/${id}/cells/${ROW}.repealed`;
    const refused = await t.request(path, {
      as: 'supervisor',
      form: { choice: '3', value: '', note: '再次核对' },
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('“7030”');
    expect(html).toContain('本年废止件数”为3');
    expect(await values()).toEqual([7, 0, 30]);
    const saved = await t.request(path, {
      as: 'supervisor',
      form: { choice: '3', value: '', note: '原网页印刷有误，以PDF原件为准', override: '1' },
    });
    expect(saved.status).toBe(303);
    const row = (await getReportRow(t.handle.db, id))!;
    expect(row.fields[`${ROW}.repealed`]).toBe(3);
    expect(row.readings[`${ROW}.repealed`]!.confirmed).toMatchObject({
      value: 3,
      departs: '7030',
      note: '原网页印刷有误，以PDF原件为准',
    });
    const list = await (await t.request(`/supervise/reports/${id}/cells`, { as: 'supervisor' })).text();
    expect(list).toContain('与原文连写“7030”不符，按原文有误保存');
  });
});
