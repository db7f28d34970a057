// A citizen reads a collected report whose reader could not read every number (the real crawled page pt-lyy-2024:
// its 表二 规范性文件 row is a glued run "7030"). A number not read must not look like a blank cell: the cell says
// 未读出, and a line under the table says what the marks mean (never a silently wrong — or silently missing — number).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowToReport } from '../src/db/annual-report-values.ts';
import { getReportRow, setPublishedOn } from '../src/web/reports/store.ts';
import { collectCrawledPage, openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
let id: number;
beforeAll(async () => {
  t = await openWebTest();
  id = await collectCrawledPage(t);
  await setPublishedOn(t.handle.db, id, '2024-01-20', 'user:test');
});
afterAll(async () => t?.close());

const cellTd = (html: string, key: string) =>
  html.match(new RegExp(`<td[^>]*data-key="${key.replace(/\./g, '\\.')}"[^>]*>([\\s\\S]*?)</td>`))?.[1] ??
  null;

describe('the public page of a report with numbers not read', () => {
  it('marks each unread cell 未读出 and explains the marks under its table', async () => {
    const report = rowToReport((await getReportRow(t.handle.db, id))!);
    const unread = Object.keys(report.cells).filter((k) => report.cells[k]!.state === 'unknown');
    expect(unread.filter((k) => k.startsWith('t2.normativeDocuments.')).length).toBeGreaterThan(0);
    const res = await t.request(`/reports/${id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const k of unread) expect(cellTd(html, k)).toContain('未读出');
    // A number that was read is shown as printed, without the mark.
    expect(cellTd(html, 't3.total.total')).not.toContain('未读出');
    expect(html).toContain('“未读出”：未能从原件读出该数字，以原件为准。');
  });
});
