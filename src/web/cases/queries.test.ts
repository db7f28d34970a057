// The staff console's reads at scale (issue 18): the dashboard's counts come from case_counts, a table kept by
// trigger — they must equal a plain count of the cases after every kind of case write; the case list walks the
// scope's agencies one by one and merges them — its pages must be the scope's cases, newest first, each once.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agency } from '../../cases/agencies.ts';
import * as ev from '../../cases/events.ts';
import { intakeCase } from '../../cases/intake.ts';
import { newAgency, openCaseTestDatabase, TEST_CTX } from '../../cases/testing.ts';
import type { DatabaseHandle } from '../../db/handle.ts';
import { queryRows } from '../../db/query.ts';
import { dashboard, type Scope, type SearchLine, searchCases } from './queries.ts';

let h: DatabaseHandle;
let unit: Agency;
let department: Agency;
let other: Agency;
beforeAll(async () => {
  h = await openCaseTestDatabase();
  unit = await newAgency(h, { name: '某区人民政府' });
  department = await newAgency(h, { name: '某区政府办公室', parent: unit.code, level: 'department' });
  other = await newAgency(h, { name: '另一机关' });
});
afterAll(async () => {
  await h?.close();
});

const TODAY = '2026-03-10';
const SOON = '2026-03-13';

async function newCase(agency: Agency, receivedOn: string, name = '李四'): Promise<string> {
  const r = await intakeCase(
    h.db,
    {
      agency: agency.code,
      applicant: { type: 'naturalPerson', name },
      channel: 'inPerson',
      receivedOn,
      description: '某文件',
    },
    TEST_CTX,
  );
  return r.code;
}

/** The dashboard's three figures counted the plain way, over every case of the scope. */
async function counted(ids: readonly number[] | null) {
  const inScope = ids
    ? sql`agency_id in (${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )})`
    : sql`true`;
  const [r] = await queryRows<{ received: number; concluded: number; open: number }>(
    h.db,
    sql`select count(*) filter (where extract(year from received_on) = 2026)::int as received,
               count(*) filter (where extract(year from closed_on) = 2026)::int as concluded,
               count(*) filter (where closed_on is null)::int as open
          from cases where ${inScope}`,
  );
  return { receivedThisYear: r!.received, concludedThisYear: r!.concluded, open: r!.open };
}

async function expectCountsRight() {
  const unitScope: Scope = { agencyId: unit.id };
  const d = await dashboard(h.db, unitScope, TODAY, SOON);
  expect({
    receivedThisYear: d.receivedThisYear,
    concludedThisYear: d.concludedThisYear,
    open: d.open,
  }).toEqual(await counted([unit.id, department.id]));
  const all = await dashboard(h.db, { agencyId: null }, TODAY, SOON);
  expect({
    receivedThisYear: all.receivedThisYear,
    concludedThisYear: all.concludedThisYear,
    open: all.open,
  }).toEqual(await counted(null));
  return d;
}

describe('the dashboard counts (case_counts, kept by trigger)', () => {
  it('are right after intake, a reply, a withdrawal, a bulk insert, a move, and a delete', async () => {
    const before = await expectCountsRight();
    const a = await newCase(unit, '2026-03-02');
    const b = await newCase(department, '2026-03-03');
    await newCase(unit, '2025-12-30');
    await newCase(other, '2026-03-04');
    let d = await expectCountsRight();
    expect(d.receivedThisYear).toBe(before.receivedThisYear + 2);
    expect(d.open).toBe(before.open + 3);

    // 《条例》第三十三条: a reply concludes the case in the year it is given.
    await ev.reply(h.db, a, { on: '2026-03-05', outcome: 'unavailable.notHeld' }, TEST_CTX);
    await ev.withdraw(h.db, b, { on: '2026-03-06' }, TEST_CTX);
    d = await expectCountsRight();
    expect(d.concludedThisYear).toBe(before.concludedThisYear + 2);
    expect(d.open).toBe(before.open + 1);

    // Many rows in one statement (an import), then one moved to another agency, then deleted.
    const [p] = await queryRows<{ id: number }>(
      h.db,
      sql`select applicant_id as id from cases where code = ${a}`,
    );
    await h.db.execute(sql`
      insert into cases (code, agency_id, applicant_id, applicant_type, channel, received_on, description, status,
                         outcome, closed_on, due_on)
      select 'bulk-' || g, case when g % 2 = 0 then ${unit.id}::int else ${department.id}::int end, ${p!.id}::int,
             'naturalPerson', 'inPerson', date '2025-05-01' + g, '某文件',
             case when g % 3 = 0 then 'closed' else 'open' end,
             case when g % 3 = 0 then 'granted' end,
             case when g % 3 = 0 then date '2025-05-01' + g + 10 end,
             date '2025-05-01' + g + 28
        from generate_series(1, 300) g`);
    d = await expectCountsRight();
    // The overdue tile shows the list's length: with more than 100 overdue it must say so (“100+”), not “100”.
    const [late] = await queryRows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from cases where agency_id in (${unit.id}, ${department.id})
            and closed_on is null and due_on < ${TODAY}::date`,
    );
    expect(late!.n).toBeGreaterThan(100);
    expect(d.overdue).toHaveLength(100);
    expect(d.more.overdue).toBe(true);
    await h.db.execute(sql`update cases set agency_id = ${other.id} where code in ('bulk-3', 'bulk-100')`);
    await expectCountsRight();
    await h.db.execute(sql`update cases set description = '某文件（更正）' where code like 'bulk-%'`);
    await expectCountsRight();
    await h.db.execute(sql`delete from cases where code like 'bulk-1%'`);
    d = await expectCountsRight();
    // The lists: overdue (due before today, open) and waiting, as plain queries would give them.
    const overdue = await queryRows<{ code: string }>(
      h.db,
      sql`select code from cases where agency_id in (${unit.id}, ${department.id}) and closed_on is null
            and due_on < ${TODAY}::date order by due_on nulls last, code limit 101`,
    );
    expect(d.overdue.map((l) => l.code)).toEqual(overdue.slice(0, 100).map((r) => r.code));
    expect(d.more.overdue).toBe(overdue.length > 100);
  });
});

describe('the case list across an agency and its departments', () => {
  it('pages through every case of the scope once, newest first, and none of another agency', async () => {
    for (const [i, day] of ['2024-05-01', '2024-05-01', '2024-05-02', '2024-06-30'].entries())
      await newCase(i % 2 ? department : unit, day, `王${i}`);
    const seen: SearchLine[] = [];
    let after: { receivedOn: string; id: number } | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const { lines, next } = await searchCases(
        h.db,
        { agencyId: unit.id },
        { status: 'all', limit: 7, today: TODAY, ...(after ? { after } : {}) },
      );
      seen.push(...lines);
      if (!next) break;
      after = next;
    }
    const expected = await queryRows<{ code: string }>(
      h.db,
      sql`select code from cases where agency_id in (${unit.id}, ${department.id})
           order by received_on desc, id desc`,
    );
    expect(seen.map((l) => l.code)).toEqual(expected.map((r) => r.code));
    // Masked as on screen: a natural person's name shows its first character only.
    expect(seen.find((l) => l.applicant.startsWith('王'))?.applicant).not.toMatch(/王\d/);
  });
});
