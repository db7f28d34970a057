// The supervisor's status board shows, beside each standing report with cells left to confirm, "待核对 N 格" linking
// to the confirm page (src/supervision/status-board.ts pendingCells); the count falls as cells are confirmed and the
// link goes when none is left; the board's CSV carries the count in a column appended after session 8's,
// 待核对格数. The report is the real crawled page pt-lyy-2024 (表二 规范性文件 printed "7030": three cells the
// reader could not cut).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCrawledPage, openWebTest, type WebTest } from './support/web.ts';

const ROW = 't2.normativeDocuments';
let t: WebTest;
let id: number;
beforeAll(async () => {
  t = await openWebTest();
  id = await collectCrawledPage(t);
});
afterAll(async () => t?.close());

/** The board's link to the report's confirm page, with its text, or null when the board shows none. */
const boardLink = async (): Promise<string | null> => {
  const res = await t.request(`/supervise/agencies/${t.agency.R}?year=2024`, { as: 'supervisor' });
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain(`/reports/${id}`); // the report is on the board
  return new RegExp(`<a href="/supervise/reports/${id}/cells">([^<]*)</a>`).exec(html)?.[1] ?? null;
};
/** The board CSV's 待核对格数 of agency B's row. */
const csvCount = async (): Promise<string> => {
  const res = await t.request(`/supervise/agencies/${t.agency.R}/export/board.csv?year=2024`, {
    as: 'supervisor',
  });
  const lines = (await res.text())
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  const head = lines[0]!.split(',');
  // Appended right after the columns of session 8: the columns tools read by position stay where they were.
  expect(head[12]).toBe('待核对格数');
  expect(head.slice(0, 12)).toEqual([
    '机关',
    '机关代码',
    '类别',
    '截止日期',
    '状态',
    '逾期天数',
    '发布日期',
    '错误',
    '提示',
    '报告编号',
    '副本数',
    '截止日期依据',
  ]);
  const row = lines.find((l) => l.split(',')[1] === 'b')!.split(',');
  return row[12]!;
};
const confirm = (key: string, value: string) =>
  t.request(`/supervise/reports/${id}/cells/${key}`, {
    as: 'supervisor',
    form: { choice: '', value, note: '核对原文网页第10行' },
  });

describe('the board counts the cells left to confirm', () => {
  it('shows 待核对 3 格 for the three cells of "7030", and the CSV says 3', async () => {
    expect(await boardLink()).toBe('待核对 3 格');
    expect(await csvCount()).toBe('3');
  });

  it('the count falls as cells are confirmed, and the link goes when none is left', async () => {
    expect((await confirm(`${ROW}.issued`, '7')).status).toBe(303);
    expect(await boardLink()).toBe('待核对 2 格');
    expect((await confirm(`${ROW}.repealed`, '0')).status).toBe(303);
    expect((await confirm(`${ROW}.inForce`, '30')).status).toBe(303);
    expect(await boardLink()).toBeNull();
    expect(await csvCount()).toBe('0');
    // Restoring the reader's reading puts the cell back on the count.
    const res = await t.request(`/supervise/reports/${id}/cells/${ROW}.inForce/restore`, {
      as: 'supervisor',
      form: {},
    });
    expect(res.status).toBe(303);
    expect(await boardLink()).toBe('待核对 1 格');
  });
});
