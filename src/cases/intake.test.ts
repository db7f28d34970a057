// Intake: the receipt-date rule of each channel (《条例》第三十一条), tracking codes, first deadlines, audit.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { cases } from '../db/schema/cases.ts';
import type { Agency } from './agencies.ts';
import { CaseError } from './errors.ts';
import { checkReceiptRule, type IntakeInput, intakeCase } from './intake.ts';
import { newAgency, openCaseTestDatabase, TEST_CTX } from './testing.ts';

let h: DatabaseHandle;
let agency: Agency;
beforeAll(async () => {
  h = await openCaseTestDatabase();
  agency = await newAgency(h);
});
afterAll(async () => {
  await h?.close();
});

const base = (over: Partial<IntakeInput> = {}): IntakeInput => ({
  agency: agency.code,
  applicant: { type: 'naturalPerson', name: '张三', idNumber: '110101199003071234', phone: '13812345678' },
  channel: 'inPerson',
  receivedOn: '2023-09-25',
  description: '2023年某项目的环评批复',
  ...over,
});

describe('receipt-date rule per channel (《条例》第三十一条)', () => {
  it.each([
    ['inPerson', { arrivedOn: '2023-09-25' }],
    ['registeredMail', { arrivedOn: '2023-09-25' }],
    ['ordinaryMail', { confirmation: '电话确认' }],
    ['online', { confirmation: '平台回执' }],
    ['email', { confirmation: '回复邮件确认' }],
    ['fax', { confirmation: '电话确认' }],
  ] as const)('%s: accepted with its rule satisfied', (channel, extra) => {
    expect(checkReceiptRule({ channel, receivedOn: '2023-09-25', ...extra })).toEqual([]);
  });

  it.each(['ordinaryMail', 'online', 'email', 'fax'] as const)(
    '%s: without a recorded confirmation the receipt date is refused (it is the confirmation day)',
    (channel) => {
      expect(() => checkReceiptRule({ channel, receivedOn: '2023-09-25' })).toThrow(/双方确认之日|确认之日/);
    },
  );

  it('in person: the day handed in is the receipt day — a different arrival day is refused', () => {
    expect(() =>
      checkReceiptRule({ channel: 'inPerson', receivedOn: '2023-09-26', arrivedOn: '2023-09-25' }),
    ).toThrow(/提交之日/);
  });

  it('registered mail: the signature day is the receipt day', () => {
    expect(() =>
      checkReceiptRule({ channel: 'registeredMail', receivedOn: '2023-09-27', arrivedOn: '2023-09-25' }),
    ).toThrow(/签收之日/);
  });

  it('online: arrival before confirmation is fine; the receipt day is the confirmation day', () => {
    expect(
      checkReceiptRule({
        channel: 'online',
        receivedOn: '2023-09-27',
        arrivedOn: '2023-09-25',
        confirmation: '平台回执',
      }),
    ).toEqual([]);
  });

  it('ordinary mail confirmed later than the day it arrived: accepted with a warning', () => {
    const w = checkReceiptRule({
      channel: 'ordinaryMail',
      receivedOn: '2023-09-27',
      arrivedOn: '2023-09-25',
      confirmation: '电话确认',
    });
    expect(w.join()).toMatch(/收到当日与申请人确认/);
  });

  it('an arrival after the receipt day is impossible', () => {
    expect(() =>
      checkReceiptRule({
        channel: 'online',
        receivedOn: '2023-09-25',
        arrivedOn: '2023-09-27',
        confirmation: '回执',
      }),
    ).toThrow(/不能晚于/);
  });

  it('unknown channel and bad dates are refused in Chinese', () => {
    expect(() => checkReceiptRule({ channel: 'pigeon' as never, receivedOn: '2023-09-25' })).toThrow(
      /申请渠道/,
    );
    expect(() => checkReceiptRule({ channel: 'inPerson', receivedOn: '2023-02-30' })).toThrow(/不是有效日期/);
  });
});

describe('intakeCase', () => {
  it('gives sequential tracking codes per agency and year', async () => {
    const a = await intakeCase(h.db, base(), TEST_CTX);
    const b = await intakeCase(h.db, base(), TEST_CTX);
    const c = await intakeCase(h.db, base({ receivedOn: '2024-01-03' }), TEST_CTX);
    expect(a.code).toBe(`${agency.code}-2023-00001`);
    expect(b.code).toBe(`${agency.code}-2023-00002`);
    expect(c.code).toBe(`${agency.code}-2024-00001`);
  });

  it('stores the reply due date and the calendar version: 2023 国庆调休, 2023-09-25 + 20 工作日 = 2023-10-27', async () => {
    const r = await intakeCase(h.db, base(), TEST_CTX);
    const [row] = await h.db.select().from(cases).where(eq(cases.code, r.code));
    expect(row!.dueOn).toBe('2023-10-27');
    // 补正告知 within 7 working days: 09-26, 09-27, 09-28, 10-07, 10-08, 10-09, 10-10 (中秋国庆 29.9–6.10).
    expect(row!.correctionDueOn).toBe('2023-10-10');
    expect(row!.status).toBe('open');
    expect(row!.calendarVersion).toMatch(/^\d{4}-\d{4}\.[0-9a-f]{12}$/);
    expect(row!.provisional).toBe(false);
  });

  it('a window reaching a year without a calendar is stored as provisional', async () => {
    const r = await intakeCase(h.db, base({ receivedOn: '2026-12-10' }), TEST_CTX);
    const [row] = await h.db.select().from(cases).where(eq(cases.code, r.code));
    // The due date itself (2027-01-08) is 暂定; there is no fee, so no pay-by date to flag.
    expect(row).toMatchObject({ provisional: true, dueProvisional: true, feeDueProvisional: false });
  });

  it('keeps the applicant type of the 表三 column on the case', async () => {
    const r = await intakeCase(
      h.db,
      base({ applicant: { type: 'legalService', name: '某律师事务所' } }),
      TEST_CTX,
    );
    const [row] = await h.db.select().from(cases).where(eq(cases.code, r.code));
    expect(row!.applicantType).toBe('legalService');
  });

  it('writes the intake to the audit log with the applicant masked', async () => {
    const r = await intakeCase(h.db, base(), TEST_CTX);
    const rows = await queryRows<{ action: string; entity_id: string }>(
      h.db,
      sql`select action, entity_id from audit_log where entity_id = ${r.code}`,
    );
    expect(rows.map((x) => x.action)).toEqual(['case.intake']);
    const [app] = await queryRows<{ after: { idNumber: string; phone: string } }>(
      h.db,
      sql`select "after" from audit_log where action = 'applicant.create' order by id desc limit 1`,
    );
    expect(app!.after.idNumber).toBe('110***********1234');
    expect(app!.after.phone).toBe('138****5678');
  });

  it('refuses a future receipt date, and an empty description, leaving nothing behind', async () => {
    const [before] = await queryRows<{ n: number }>(h.db, sql`select count(*)::int as n from cases`);
    await expect(
      intakeCase(h.db, base({ receivedOn: '2030-01-02' }), { ...TEST_CTX, today: '2025-06-01' }),
    ).rejects.toThrow(/晚于今天/);
    await expect(intakeCase(h.db, base({ description: ' ' }), TEST_CTX)).rejects.toThrow(CaseError);
    const [after] = await queryRows<{ n: number }>(h.db, sql`select count(*)::int as n from cases`);
    expect(after!.n).toBe(before!.n);
  });

  it('refuses an unknown agency', async () => {
    await expect(intakeCase(h.db, base({ agency: 'no-such' }), TEST_CTX)).rejects.toThrow(
      '机关“no-such”不存在',
    );
  });
});
