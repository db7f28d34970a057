// Settling a collected report's uncertain cells (src/supervision/cell-confirm.ts). The report is a real crawled page
// (pt-lyy-2024) whose 表二 规范性文件 row prints its three numbers glued: "7030" reads 7|0|30 or 70|3|0, and nothing
// in the official format decides between them, so the reader flags the three cells with both candidates. A person who
// looks at the source settles them; the year's sums (kept by triggers) count the settled numbers.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseTestDatabase } from '../cases/testing.ts';
import type { DatabaseHandle } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { fieldDef } from '../domain/report/layout.ts';
import { prng, synthesizeReport } from '../domain/report/synthesize.ts';
import { getReportRow, rowToReport } from '../web/reports/store.ts';
import { collectFile } from '../web/reports/upload.ts';
import { ConfirmError, confirmCell, restoreReading } from './cell-confirm.ts';
import { brokenRules, confirmedCells, parseConfirmValue, pendingCells } from './cell-readings.ts';

const FILE = new URL('../../../shared/corpus/crawled/pt-lyy-2024.txt', import.meta.url);
const ROW = 't2.normativeDocuments';
const AT = new Date('2026-12-06T02:00:00Z');

let h: DatabaseHandle;
let id: number;
beforeAll(async () => {
  h = await openCaseTestDatabase();
  const r = await collectFile(
    h.db,
    { name: 'pt-lyy-2024.txt', bytes: readFileSync(FILE) },
    { maxFileBytes: 1 << 22, actor: 'test' },
  );
  id = r.reportId!;
});
afterAll(async () => h?.close());

const row = async () => (await getReportRow(h.db, id))!;
/** The year's sum of a field over the reports that stand (report_year_sums, kept by triggers). */
const yearSum = async (key: string): Promise<number | null> => {
  const [r] = await queryRows<{ v: string | null }>(
    h.db,
    sql`select ${sql.identifier(key)}::text as v from report_year_sums where year = 2024`,
  );
  return r?.v == null ? null : Number(r.v);
};
/** How many standing reports of the year carry the field (report_year_sums "#key"). */
const carried = async (key: string): Promise<number> => {
  const [r] = await queryRows<{ n: number }>(
    h.db,
    sql`select ${sql.identifier(`#${key}`)} as n from report_year_sums where year = 2024`,
  );
  return Number(r?.n ?? 0);
};
const confirm = (key: string, value: string, note = '核对原文网页第10行', override = false) =>
  confirmCell(h.db, {
    reportId: id,
    key,
    value: parseConfirmValue(fieldDef(key)!, value),
    note,
    actor: 'user:supervisor',
    at: AT,
    override,
  });

describe('a crawled page with a glued run', () => {
  it('lists the three cells with the reader’s reason, candidates and source text', async () => {
    const r = await row();
    const pending = pendingCells(rowToReport(r), r.readings);
    const mine = pending.filter((p) => p.key.startsWith(`${ROW}.`));
    expect(mine.map((p) => p.key)).toEqual([`${ROW}.issued`, `${ROW}.repealed`, `${ROW}.inForce`]);
    expect(mine[0]!.reading.candidates).toEqual([7, 70]);
    expect(mine[0]!.reading.text).toBe('7030');
    expect(mine[0]!.reading.reason).toMatch(/数字连写（“7030”）/);
    expect(mine[0]!.reading.read).toEqual({ state: 'unknown' });
    expect(await carried(`${ROW}.issued`)).toBe(0);
  });

  it('confirms a candidate: certain, counted in the year’s sum, audited, kind confirmed', async () => {
    const res = await confirm(`${ROW}.issued`, '7');
    expect(res.row.fields[`${ROW}.issued`]).toBe(7);
    expect(res.row.uncertain).not.toContain(`${ROW}.issued`);
    expect(await yearSum(`${ROW}.issued`)).toBe(7);
    const report = rowToReport(res.row, { withActor: true });
    expect(report.cells[`${ROW}.issued`]).toEqual({ state: 'number', value: 7 });
    const p = report.provenance[`${ROW}.issued`]!;
    expect(p.kind).toBe('confirmed');
    expect(p.text).toBe('7030');
    expect(p.confirmation).toMatchObject({
      at: AT.toISOString(),
      note: '核对原文网页第10行',
      by: 'user:supervisor',
      candidates: [7, 70],
    });
    // Public readings name no reviewer.
    expect(rowToReport(res.row).provenance[`${ROW}.issued`]!.confirmation!.by).toBeUndefined();
    const [a] = await queryRows<{ action: string; before: unknown; after: unknown; actor: string }>(
      h.db,
      sql`select action, before, after, actor from audit_log where id = ${res.auditId}`,
    );
    expect(a).toMatchObject({
      action: 'annualReport.confirmCell',
      actor: 'user:supervisor',
      before: { field: `${ROW}.issued`, state: 'unknown', reader: { candidates: [7, 70] } },
      after: { field: `${ROW}.issued`, state: 'number', value: 7, note: '核对原文网页第10行' },
    });
  });

  it('confirms a typed number not among the candidates (a misprint, overridden), and a later confirmation replaces it', async () => {
    // 7 then 31 cannot be cut from the printed "7030": refused unless the person says the page misprints it.
    await expect(confirm(`${ROW}.inForce`, '31')).rejects.toMatchObject({ field: 'run' });
    const typo = await confirm(`${ROW}.inForce`, '31', '原网页印刷有误，以PDF原件为准', true);
    expect(typo.row.readings[`${ROW}.inForce`]!.confirmed!.departs).toBe('7030');
    expect(await yearSum(`${ROW}.inForce`)).toBe(31);
    const res = await confirm(`${ROW}.inForce`, '30', '再次核对：原文为30');
    expect(res.row.fields[`${ROW}.inForce`]).toBe(30);
    expect(await yearSum(`${ROW}.inForce`)).toBe(30);
    // The reading the reader made is kept through both confirmations.
    expect(res.row.readings[`${ROW}.inForce`]).toMatchObject({
      candidates: [0, 30],
      read: { state: 'unknown' },
    });
  });

  it('confirms a printed blank: 0 in the sums, listed as blank', async () => {
    // A glued run prints a digit for every cell: a blank there is an override too.
    await expect(confirm(`${ROW}.repealed`, 'blank')).rejects.toMatchObject({ field: 'run' });
    const res = await confirm(`${ROW}.repealed`, 'blank', '原件此格空白', true);
    expect(res.row.blank).toContain(`${ROW}.repealed`);
    expect(rowToReport(res.row).cells[`${ROW}.repealed`]).toEqual({ state: 'blank', raw: '' });
    expect(await yearSum(`${ROW}.repealed`)).toBe(0);
  });

  it('the row read fully: the cell.unknown finding of 规范性文件 is gone', async () => {
    const r = await row();
    expect(pendingCells(rowToReport(r), r.readings).filter((p) => p.key.startsWith(ROW))).toEqual([]);
    expect(
      r.findings.filter(
        (f) => /^cell\.(unknown|uncertain)$/.test(f.rule) && f.cells.some((k) => k.startsWith(`${ROW}.`)),
      ),
    ).toEqual([]);
    expect(
      confirmedCells(r.readings)
        .map((c) => c.key)
        .sort(),
    ).toEqual([`${ROW}.inForce`, `${ROW}.issued`, `${ROW}.repealed`].sort());
  });

  it('restores the reader’s reading: unknown again, out of the sums, the finding back, audited', async () => {
    const res = await restoreReading(h.db, {
      reportId: id,
      key: `${ROW}.repealed`,
      actor: 'user:supervisor',
      at: AT,
    });
    expect(res.row.fields[`${ROW}.repealed`]).toBeUndefined();
    expect(res.row.blank).not.toContain(`${ROW}.repealed`);
    expect(res.row.uncertain).toContain(`${ROW}.repealed`);
    expect(await carried(`${ROW}.repealed`)).toBe(0);
    expect(
      res.row.findings.some((f) => f.rule === 'cell.unknown' && f.cells.includes(`${ROW}.repealed`)),
    ).toBe(true);
    const [a] = await queryRows<{ action: string }>(
      h.db,
      sql`select action from audit_log where id = ${res.auditId}`,
    );
    expect(a!.action).toBe('annualReport.restoreCell');
    await confirm(`${ROW}.repealed`, '0');
  });

  it('refuses, naming the field: a wrong field key, a value not a number, no note, a cell read with certainty', async () => {
    const err = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(ConfirmError);
      return e as ConfirmError;
    };
    const wrongKey = await err(
      confirmCell(h.db, {
        reportId: id,
        key: 't2.noSuchRow.issued',
        value: { state: 'number', value: 1 },
        note: '核对',
        actor: 'user:supervisor',
        at: AT,
      }),
    );
    expect(wrongKey.field).toBe('field');
    expect(wrongKey.message).toContain('t2.noSuchRow.issued');
    expect(() => parseConfirmValue(fieldDef(`${ROW}.issued`)!, '七')).toThrow(
      /本年制发件数.*应为不小于 0 的整数.*“七”/,
    );
    expect(() => parseConfirmValue(fieldDef(`${ROW}.issued`)!, '-1')).toThrow(ConfirmError);
    expect(() => parseConfirmValue(fieldDef(`${ROW}.issued`)!, '1.5')).toThrow(ConfirmError);
    expect(parseConfirmValue(fieldDef('t2.fees.amount')!, '1.25')).toEqual({ state: 'number', value: 1.25 });
    expect((await err(confirm(`${ROW}.issued`, '7', '  '))).field).toBe('note');
    const certain = await err(confirm('t3.received.total', '5'));
    expect(certain.field).toBe('field');
    expect(certain.message).toMatch(/已由原文确定读出/);
  });
});

describe('a confirmed value that breaks a 勾稽 rule', () => {
  it('is warned of before saving (the rule of its column), and allowed', () => {
    const r = synthesizeReport(prng(7), { format: '2021', year: 2024, agency: '测试机关' });
    const key = 't3.received.total';
    const v = r.cells[key]!.state === 'number' ? (r.cells[key] as { value: number }).value : 0;
    r.cells[key] = { state: 'unknown' };
    r.uncertain[key] = '测试';
    expect(brokenRules(r, key, { state: 'number', value: v })).toEqual([]);
    const broken = brokenRules(r, key, { state: 'number', value: v + 1 });
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.map((f) => f.rule).sort()).toEqual(['t3.column-identity', 't3.row-total']);
    expect(broken.every((f) => f.cells.includes(key))).toBe(true);
  });
});
