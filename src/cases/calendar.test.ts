// The calendar in the database: seeded, completed year by year, adjusted locally; deadlines move only through the
// explicit, audited recompute-deadlines.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCalendar } from '../calendar-seed/index.ts';
import type { DatabaseHandle } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { cases } from '../db/schema/cases.ts';
import { isWorkday } from '../domain/calendar/index.ts';
import {
  addCalendarAdjustment,
  getCalendarYear,
  importCalendarYear,
  listCalendarYears,
  loadCalendar,
  seedCalendarIfEmpty,
} from './calendar.ts';
import { CaseError } from './errors.ts';
import * as ev from './events.ts';
import { intakeCase } from './intake.ts';
import { findStaleOpenCases, recomputeDeadlines } from './recompute.ts';
import { newAgency, openCaseTestDatabase, TEST_CTX } from './testing.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openCaseTestDatabase();
});
afterAll(async () => {
  await h?.close();
});

const ctx = TEST_CTX;
const YEAR_2027 = {
  year: 2027,
  // Test data: a 4-day 元旦 the 放假办法 alone cannot predict (the projection knows only 01-01).
  holidays: { '2027-01-01': '元旦', '2027-01-02': '元旦', '2027-01-03': '元旦', '2027-01-04': '元旦' },
  workdays: {},
  notices: [
    {
      title: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
      docNumber: null,
      url: null,
      published: '2026-11-05',
    },
  ],
};

async function intake(agency: string, receivedOn: string) {
  return (
    await intakeCase(
      h.db,
      {
        agency,
        applicant: { type: 'naturalPerson', name: '钱七' },
        channel: 'inPerson',
        receivedOn,
        description: '某文件',
      },
      ctx,
    )
  ).code;
}
const caseRow = async (code: string) => (await h.db.select().from(cases).where(eq(cases.code, code)))[0]!;

describe('seeded calendar', () => {
  it('holds the national years of the seed and answers like it (same version)', async () => {
    const years = await listCalendarYears(h.db);
    expect(years[0]!.year).toBe(2004);
    expect(years.at(-1)!.year).toBe(2026);
    const cal = await loadCalendar(h.db);
    expect(cal.version).toBe(seedCalendar().version);
    expect(isWorkday('2024-02-04', cal)).toBe(true); // 春节调休上班 (Sunday)
    expect(isWorkday('2026-02-16', cal)).toBe(false);
  });

  it('seeding again does nothing', async () => {
    expect(await seedCalendarIfEmpty(h.db, ctx)).toBe(0);
  });
});

describe('importing a year and recompute-deadlines', () => {
  it('a window reaching 2027 is provisional until the 2027 notice is loaded; then recompute moves the due date', async () => {
    const a = await newAgency(h);
    const code = await intake(a.code, '2026-12-10');
    const closed = await intake(a.code, '2026-12-11');
    await ev.reply(h.db, closed, { on: '2026-12-14', outcome: 'granted' }, ctx);
    const before = await caseRow(code);
    // No 2027 notice: 元旦 (《全国年节及纪念日放假办法》第二条) is a rest day, the rest Monday–Friday; provisional.
    expect(before).toMatchObject({ dueOn: '2027-01-08', provisional: true, dueProvisional: true });

    const r = await h.db.transaction((tx) => importCalendarYear(tx, YEAR_2027, { actor: 'admin' }));
    expect(r).toMatchObject({ year: 2027, status: 'added' });
    expect(r.staleOpenCases).toBeGreaterThanOrEqual(1);
    // Loading the year does not move anything by itself.
    expect(await caseRow(code)).toMatchObject({
      dueOn: '2027-01-08',
      calendarVersion: before.calendarVersion,
    });

    const rc = await recomputeDeadlines(h.db, { actor: 'admin' });
    const change = rc.changed.find((c) => c.code === code)!;
    expect(change.before.dueOn).toBe('2027-01-08');
    expect(change.after.dueOn).toBe('2027-01-11');
    const after = await caseRow(code);
    expect(after).toMatchObject({ dueOn: '2027-01-11', provisional: false, dueProvisional: false });
    expect(after.calendarVersion).toBe((await loadCalendar(h.db, a.id)).version);
    // Closed cases keep the dates they were decided with.
    expect(rc.changed.some((c) => c.code === closed)).toBe(false);
    expect(await findStaleOpenCases(h.db)).toEqual([]);

    const audit = await queryRows<{ action: string; before: { dueOn: string }; after: { dueOn: string } }>(
      h.db,
      sql`select action, "before", "after" from audit_log where action like '%recompute-deadlines' order by id`,
    );
    expect(
      audit.find((x) => x.action === 'case.recompute-deadlines' && x.before.dueOn === '2027-01-08')?.after
        .dueOn,
    ).toBe('2027-01-11');
    expect(audit.some((x) => x.action === 'calendar.recompute-deadlines')).toBe(true);
  });

  it('importing an existing year with other dates needs replace, and keeps the old data in the audit log', async () => {
    const same = await h.db.transaction((tx) => importCalendarYear(tx, YEAR_2027, { actor: 'admin' }));
    expect(same.status).toBe('unchanged');
    const changed = { ...YEAR_2027, workdays: { '2027-01-09': '元旦' } };
    await expect(
      h.db.transaction((tx) => importCalendarYear(tx, changed, { actor: 'admin' })),
    ).rejects.toThrow(/--replace/);
    const r = await h.db.transaction((tx) =>
      importCalendarYear(tx, changed, { actor: 'admin', replace: true }),
    );
    expect(r.status).toBe('replaced');
    expect((await getCalendarYear(h.db, 2027))!.workdays).toEqual({ '2027-01-09': '元旦' });
    const [a] = await queryRows<{ before: { holidays: Record<string, string>; workdays: object } }>(
      h.db,
      sql`select "before" from audit_log where action = 'calendar.year.replace' order by id desc limit 1`,
    );
    expect(a!.before.workdays).toEqual({});
  });

  it.each([
    [{ ...YEAR_2027, year: 2028 }, /不属于 2028 年/],
    [
      { ...YEAR_2027, year: 2029, holidays: { '2029-01-01': '元旦' }, workdays: { '2029-01-01': '元旦' } },
      /同时被列为/,
    ],
    [{ ...YEAR_2027, year: 2030, holidays: { '2030-13-01': '元旦' } }, /不是有效日期|YYYY-MM-DD/],
    [{ year: 2031, holidays: {} }, /notices/],
  ])('refuses inconsistent data in Chinese (%#)', async (data, message) => {
    const err = await h.db
      .transaction((tx) => importCalendarYear(tx, data, { actor: 'admin', origin: 'y.json' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaseError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toMatch(/^y\.json：/);
  });
});

describe('local adjustments', () => {
  it("an agency's local holiday moves its cases' deadlines only, after recompute", async () => {
    const a = await newAgency(h);
    const b = await newAgency(h);
    const ca = await intake(a.code, '2025-03-03');
    const cb = await intake(b.code, '2025-03-03');
    const r = await h.db.transaction((tx) =>
      addCalendarAdjustment(
        tx,
        {
          agency: a.code,
          date: '2025-03-10',
          kind: 'holiday',
          reason: '本地民族节日',
          authority: '某自治县人民政府',
        },
        { actor: 'admin' },
      ),
    );
    expect(r.staleOpenCases).toBeGreaterThanOrEqual(1);
    expect(isWorkday('2025-03-10', await loadCalendar(h.db, a.id))).toBe(false);
    expect(isWorkday('2025-03-10', await loadCalendar(h.db, b.id))).toBe(true);
    await recomputeDeadlines(h.db, { actor: 'admin' });
    expect((await caseRow(ca)).dueOn).toBe('2025-04-01');
    expect((await caseRow(cb)).dueOn).toBe('2025-03-31');
  });

  it('a department inherits its agency adjustments; its own win over them', async () => {
    const a = await newAgency(h);
    const d = await newAgency(h, { level: 'department', parent: a.code });
    await h.db.transaction(async (tx) => {
      await addCalendarAdjustment(
        tx,
        { agency: a.code, date: '2025-06-03', kind: 'holiday', reason: '机关调整' },
        ctx,
      );
      await addCalendarAdjustment(
        tx,
        { agency: d.code, date: '2025-06-03', kind: 'workday', reason: '部门值班' },
        ctx,
      );
      await addCalendarAdjustment(
        tx,
        { agency: a.code, date: '2025-06-04', kind: 'holiday', reason: '机关调整' },
        ctx,
      );
    });
    const cal = await loadCalendar(h.db, d.id);
    expect(isWorkday('2025-06-03', cal)).toBe(true);
    expect(isWorkday('2025-06-04', cal)).toBe(false);
  });

  it('refuses a duplicate, a bad date or a missing reason', async () => {
    const a = await newAgency(h);
    await h.db.transaction((tx) =>
      addCalendarAdjustment(tx, { agency: a.code, date: '2025-07-01', kind: 'holiday', reason: 'x' }, ctx),
    );
    await expect(
      h.db.transaction((tx) =>
        addCalendarAdjustment(tx, { agency: a.code, date: '2025-07-01', kind: 'workday', reason: 'y' }, ctx),
      ),
    ).rejects.toThrow(/已有/);
    await expect(
      addCalendarAdjustment(h.db, { date: '2025-02-30', kind: 'holiday', reason: 'x' }, ctx),
    ).rejects.toThrow(/无效/);
    await expect(
      addCalendarAdjustment(h.db, { date: '2025-07-02', kind: 'holiday', reason: ' ' }, ctx),
    ).rejects.toThrow(/理由/);
  });
});
