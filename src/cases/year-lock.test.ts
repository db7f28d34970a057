// Year lock: after an agency publishes its annual report, a change in that year needs an explicit amendment.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { decideAppeal, fileAppeal } from './appeals.ts';
import { compileYear } from './compile.ts';
import { CaseError } from './errors.ts';
import * as ev from './events.ts';
import { intakeCase } from './intake.ts';
import { newAgency, openCaseTestDatabase, TEST_CTX } from './testing.ts';
import { lockedYears, lockYear, yearsBetween } from './year-lock.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openCaseTestDatabase();
});
afterAll(async () => {
  await h?.close();
});

const ctx = TEST_CTX;
const amend = (reason: string) => ({ ...ctx, amendment: { reason } });

async function intake(agency: string, receivedOn: string, c = ctx) {
  return (
    await intakeCase(
      h.db,
      {
        agency,
        applicant: { type: 'naturalPerson', name: '赵六' },
        channel: 'inPerson',
        receivedOn,
        description: '某文件',
      },
      c,
    )
  ).code;
}

async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CaseError) return e.code;
    throw e;
  }
  return 'accepted';
}

describe('year lock', () => {
  it('when a year is locked, a change dated in it is refused with YEAR_LOCKED; an amendment goes through and is audited', async () => {
    const a = await newAgency(h);
    const open = await intake(a.code, '2023-11-20');
    const closedLater = await intake(a.code, '2023-12-20');
    await h.db.transaction((tx) =>
      lockYear(tx, { agency: a.code, year: 2023, note: '已于2024-01-20发布' }, ctx),
    );
    expect(await lockedYears(h.db, a.id)).toEqual([2023]);

    // Intake and events dated in 2023 are refused …
    expect(await errorCode(intake(a.code, '2023-06-01'))).toBe('YEAR_LOCKED');
    expect(await errorCode(ev.reply(h.db, open, { on: '2023-12-01', outcome: 'granted' }, ctx))).toBe(
      'YEAR_LOCKED',
    );
    await expect(ev.reply(h.db, open, { on: '2023-12-01', outcome: 'granted' }, ctx)).rejects.toThrow(
      /2023 年度.*已锁定/,
    );
    // … events of 2024 on a 2023 case do not touch the 2023 report and go through.
    await ev.reply(h.db, closedLater, { on: '2024-01-05', outcome: 'granted' }, ctx);

    // The amendment path: explicit reason, recorded in the audit log.
    const r = await ev.reply(
      h.db,
      open,
      { on: '2023-12-01', outcome: 'granted' },
      amend('漏登：答复书已于12月1日送达'),
    );
    expect(r.case.status).toBe('closed');
    const rows = await queryRows<{ after: { years: number[]; reason: string; change: string } }>(
      h.db,
      sql`select "after" from audit_log where action = 'year.amendment' and entity_id = ${open}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.after).toEqual({
      years: [2023],
      reason: '漏登：答复书已于12月1日送达',
      change: 'case.event.replied',
    });
  });

  it('appeals filed or decided in a locked year are guarded too', async () => {
    const a = await newAgency(h);
    const code = await intake(a.code, '2023-03-01');
    await ev.reply(h.db, code, { on: '2023-03-10', outcome: 'withheld.thirdPartyRights' }, ctx);
    const appeal = await fileAppeal(h.db, { case: code, kind: 'review', filedOn: '2023-05-01' }, ctx);
    await h.db.transaction((tx) => lockYear(tx, { agency: a.code, year: 2023 }, ctx));
    expect(
      await errorCode(
        fileAppeal(h.db, { case: code, kind: 'litigation.direct', filedOn: '2023-06-01' }, ctx),
      ),
    ).toBe('YEAR_LOCKED');
    expect(
      await errorCode(decideAppeal(h.db, { id: appeal.id, result: 'upheld', closedOn: '2023-07-01' }, ctx)),
    ).toBe('YEAR_LOCKED');
    // Decided in 2024: the 2023 report rightly said 尚未审结; nothing to amend.
    await decideAppeal(h.db, { id: appeal.id, result: 'upheld', closedOn: '2024-02-01' }, ctx);
    const r = await compileYear(h.db, { agency: a.code, year: 2023 });
    expect(r.report.cells['t4.review.pending']).toEqual({ state: 'number', value: 1 });
  });

  it("a department's cases are locked with its agency's report", async () => {
    const a = await newAgency(h);
    const d = await newAgency(h, { level: 'department', parent: a.code });
    await h.db.transaction((tx) => lockYear(tx, { agency: a.code, year: 2022 }, ctx));
    expect(await errorCode(intake(d.code, '2022-05-05'))).toBe('YEAR_LOCKED');
    await expect(h.db.transaction((tx) => lockYear(tx, { agency: d.code, year: 2022 }, ctx))).rejects.toThrow(
      /内设机构/,
    );
  });

  it('locking a year twice is a conflict', async () => {
    const a = await newAgency(h);
    await h.db.transaction((tx) => lockYear(tx, { agency: a.code, year: 2021 }, ctx));
    expect(await errorCode(h.db.transaction((tx) => lockYear(tx, { agency: a.code, year: 2021 }, ctx)))).toBe(
      'CONFLICT',
    );
  });

  it('yearsBetween lists every year a case spans', () => {
    expect(yearsBetween('2021-12-30', '2023-01-02')).toEqual([2021, 2022, 2023]);
    expect(yearsBetween('2023-01-01', '2023-12-31')).toEqual([2023]);
  });
});

describe('correcting the applicant type', () => {
  it('is refused when any year the case spans is locked, and allowed as an amendment', async () => {
    const { updateCaseDetails } = await import('./update.ts');
    const a = await newAgency(h);
    const code = await intake(a.code, '2022-12-20');
    await ev.reply(h.db, code, { on: '2024-02-01', outcome: 'granted' }, ctx);
    await h.db.transaction((tx) => lockYear(tx, { agency: a.code, year: 2023 }, ctx));
    // The case was carried over into and out of 2023: moving its column would change the published 2023 table.
    expect(await errorCode(updateCaseDetails(h.db, code, { applicantType: 'commercial' }, ctx))).toBe(
      'YEAR_LOCKED',
    );
    // Other particulars do not move any number.
    await updateCaseDetails(h.db, code, { description: '更正后的描述' }, ctx);
    const r = await updateCaseDetails(h.db, code, { applicantType: 'commercial' }, amend('申请人实为企业'));
    expect(r.applicantType).toBe('commercial');
  });
});
