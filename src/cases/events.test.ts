// Recording the steps of a case: each checked against the law through the statutory clock, stored with the case's
// new state and due dates, and audited in the same transaction.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { cases } from '../db/schema/cases.ts';
import { users } from '../db/schema/users.ts';
import type { Agency } from './agencies.ts';
import type { UseCaseContext } from './context.ts';
import { CaseError } from './errors.ts';
import * as ev from './events.ts';
import { type IntakeInput, intakeCase } from './intake.ts';
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

const ctx: UseCaseContext = TEST_CTX;

async function newCase(receivedOn: string, over: Partial<IntakeInput> = {}): Promise<string> {
  const r = await intakeCase(
    h.db,
    {
      agency: agency.code,
      applicant: { type: 'naturalPerson', name: '李四' },
      channel: 'inPerson',
      receivedOn,
      description: '某文件',
      ...over,
    },
    ctx,
  );
  return r.code;
}

async function row(code: string) {
  const [r] = await h.db.select().from(cases).where(eq(cases.code, code));
  return r!;
}

async function auditActions(code: string): Promise<string[]> {
  const rows = await queryRows<{ action: string }>(
    h.db,
    sql`select action from audit_log where entity = 'case' and entity_id = ${code} order by id`,
  );
  return rows.map((r) => r.action);
}

async function rejectCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CaseError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'accepted';
}

describe('补正 (《条例》第三十条)', () => {
  it('2026 春节: the reply period restarts from the corrected application (02-26 + 20 = 03-25, counts 02-28)', async () => {
    const code = await newCase('2026-02-10');
    const r1 = await ev.requestCorrection(
      h.db,
      code,
      { on: '2026-02-12', items: '请写明文件名称', correctionDue: '2026-03-06' },
      ctx,
    );
    expect(r1.case.status).toBe('awaitingCorrection');
    expect(r1.case.dueOn).toBeNull();
    const r2 = await ev.receiveCorrection(h.db, code, { on: '2026-02-26' }, ctx);
    expect(r2.case.status).toBe('open');
    expect(r2.case.dueOn).toBe('2026-03-25');
  });

  it('a second 补正告知 is refused: the notice is given once (一次性告知)', async () => {
    const code = await newCase('2026-03-02');
    await ev.requestCorrection(h.db, code, { on: '2026-03-03', items: '请补充身份证明' }, ctx);
    expect(
      await rejectCode(ev.requestCorrection(h.db, code, { on: '2026-03-04', items: '又一项' }, ctx)),
    ).toMatch(/^INVALID_EVENT: .*一次性告知/);
  });

  it('no correction by the deadline → 视为放弃, counted as 其他处理 1 (other.noCorrection)', async () => {
    const code = await newCase('2026-03-02');
    await ev.requestCorrection(
      h.db,
      code,
      { on: '2026-03-03', items: '请补充', correctionDue: '2026-03-13' },
      ctx,
    );
    expect(await rejectCode(ev.abandon(h.db, code, { on: '2026-03-13', reason: 'correction' }, ctx))).toMatch(
      /尚未届满/,
    );
    const r = await ev.abandon(h.db, code, { on: '2026-03-16', reason: 'correction' }, ctx);
    expect(r.case).toMatchObject({ status: 'closed', outcome: 'other.noCorrection', closedOn: '2026-03-16' });
  });
});

describe('征求意见 (第三十二、三十三、三十四条)', () => {
  it('consultation days are not counted: 2025-03-03 due 03-31 moves 4 working days over 清明 to 04-07', async () => {
    const code = await newCase('2025-03-03');
    expect((await row(code)).dueOn).toBe('2025-03-31');
    const r1 = await ev.startConsultation(
      h.db,
      code,
      { on: '2025-03-10', party: 'thirdParty', consultee: '某公司' },
      ctx,
    );
    expect(r1.case.status).toBe('paused');
    const r2 = await ev.endConsultation(h.db, code, { on: '2025-03-14', opinion: 'object' }, ctx);
    expect(r2.case.status).toBe('open');
    expect(r2.case.dueOn).toBe('2025-04-07');
  });

  it('ending a consultation that was never started is refused', async () => {
    const code = await newCase('2025-03-03');
    expect(await rejectCode(ev.endConsultation(h.db, code, { on: '2025-03-04' }, ctx))).toMatch(
      /没有正在进行的/,
    );
  });
});

describe('延期 (第三十三条第二款)', () => {
  it('records the approver and moves the due date by the extension', async () => {
    const code = await newCase('2025-03-03');
    const r = await ev.extendDeadline(
      h.db,
      code,
      { on: '2025-03-25', workdays: 20, approver: '王主任' },
      ctx,
    );
    // 20 more working days after 2025-03-31, over 清明 (04-04) and 劳动节 (05-01–05; 04-27 Sunday worked).
    expect(r.case.dueOn).toBe('2025-04-28');
    const ev2 = await queryRows<{ data: { approver: string } }>(
      h.db,
      sql`select data from case_events e join cases c on c.id = e.case_id where c.code = ${code} and e.type = 'extended'`,
    );
    expect(ev2[0]!.data.approver).toBe('王主任');
  });

  it('a second extension, more than 20 days, or no approver are refused', async () => {
    const code = await newCase('2025-03-03');
    expect(
      await rejectCode(
        ev.extendDeadline(h.db, code, { on: '2025-03-25', workdays: 21, approver: '王主任' }, ctx),
      ),
    ).toMatch(/最长不得超过20个工作日/);
    expect(
      await rejectCode(ev.extendDeadline(h.db, code, { on: '2025-03-25', workdays: 10, approver: ' ' }, ctx)),
    ).toMatch(/批准人/);
    await ev.extendDeadline(h.db, code, { on: '2025-03-25', workdays: 10, approver: '王主任' }, ctx);
    expect(
      await rejectCode(
        ev.extendDeadline(h.db, code, { on: '2025-03-26', workdays: 5, approver: '王主任' }, ctx),
      ),
    ).toMatch(/只能延长一次/);
  });

  it('a user of the system approves only with the approver role', async () => {
    await h.db.insert(users).values([
      {
        agencyId: agency.id,
        username: 'clerk1',
        displayName: '承办人',
        passwordHash: 'x',
        roles: ['officer'],
      },
      {
        agencyId: agency.id,
        username: 'head1',
        displayName: '负责人',
        passwordHash: 'x',
        roles: ['approver'],
      },
    ]);
    const code = await newCase('2025-03-03');
    expect(
      await rejectCode(
        ev.extendDeadline(h.db, code, { on: '2025-03-25', workdays: 5, approver: 'clerk1' }, ctx),
      ),
    ).toMatch(/没有审批人/);
    await ev.extendDeadline(h.db, code, { on: '2025-03-25', workdays: 5, approver: 'head1' }, ctx);
  });
});

describe('信息处理费 (国办函〔2020〕109号)', () => {
  it('按量: 68 pages → 380 元; the payment is due 20 working days after receipt of the notice', async () => {
    const code = await newCase('2025-03-03');
    const r = await ev.notifyFee(h.db, code, { on: '2025-03-10', method: 'pages', pages: 68 }, ctx);
    expect(r.case.status).toBe('awaitingFee');
    expect(r.case.feeMethod).toBe('pages');
    expect(r.case.feeDueOn).toBe('2025-04-08');
    const [e] = await queryRows<{ amount: string }>(
      h.db,
      sql`select data->>'amount' as amount from case_events e join cases c on c.id = e.case_id
           where c.code = ${code} and e.type = 'feeNotified'`,
    );
    expect(Number(e!.amount)).toBe(380);
    expect(await rejectCode(ev.payFee(h.db, code, { on: '2025-03-20', amount: 300 }, ctx))).toMatch(/不一致/);
    const paid = await ev.payFee(h.db, code, { on: '2025-03-20' }, ctx);
    expect(paid.case.status).toBe('open');
  });

  it('30 pages are free: no notice', async () => {
    const code = await newCase('2025-03-03');
    expect(
      await rejectCode(ev.notifyFee(h.db, code, { on: '2025-03-10', method: 'pages', pages: 30 }, ctx)),
    ).toMatch(/不应收费/);
  });

  it('按件: the 11th application of the applicant in one natural month costs 100 元, the 10th nothing', async () => {
    const a = await newAgency(h);
    const applicant = await intakeCase(
      h.db,
      {
        agency: a.code,
        applicant: { type: 'commercial', name: '某公司' },
        channel: 'inPerson',
        receivedOn: '2025-05-06',
        description: '1',
      },
      ctx,
    );
    const [first] = await h.db.select().from(cases).where(eq(cases.code, applicant.code));
    const codes = [applicant.code];
    for (let i = 2; i <= 11; i++)
      codes.push(
        (
          await intakeCase(
            h.db,
            {
              agency: a.code,
              applicant: first!.applicantId,
              channel: 'inPerson',
              receivedOn: `2025-05-${String(5 + i).padStart(2, '0')}`,
              description: `${i}`,
            },
            ctx,
          )
        ).code,
      );
    expect(
      await rejectCode(ev.notifyFee(h.db, codes[9]!, { on: '2025-05-20', method: 'applications' }, ctx)),
    ).toMatch(/第 10 件申请/);
    const r = await ev.notifyFee(h.db, codes[10]!, { on: '2025-05-20', method: 'applications' }, ctx);
    const [e] = await queryRows<{ amount: string; rank: string }>(
      h.db,
      sql`select data->>'amount' as amount, data->>'rankInMonth' as rank from case_events where case_id = ${r.case.id} and type = 'feeNotified'`,
    );
    expect(Number(e!.amount)).toBe(100);
    expect(Number(e!.rank)).toBe(11);
  });

  it('unpaid after the deadline → 视为放弃, counted as 其他处理 2 (other.feeUnpaid); not before', async () => {
    const code = await newCase('2025-03-03');
    await ev.notifyFee(h.db, code, { on: '2025-03-10', method: 'pages', pages: 100 }, ctx);
    expect(await rejectCode(ev.abandon(h.db, code, { on: '2025-04-08', reason: 'fee' }, ctx))).toMatch(
      /尚未届满/,
    );
    const r = await ev.abandon(h.db, code, { on: '2025-04-09', reason: 'fee' }, ctx);
    expect(r.case).toMatchObject({ status: 'closed', outcome: 'other.feeUnpaid' });
  });
});

describe('答复与办结 (第三十六至三十九条)', () => {
  it('部分公开 is counted only as 部分公开, with 第三十七条 as its basis', async () => {
    const code = await newCase('2025-03-03');
    const r = await ev.reply(h.db, code, { on: '2025-03-20', outcome: 'partiallyGranted' }, ctx);
    expect(r.case).toMatchObject({ status: 'closed', outcome: 'partiallyGranted', closedOn: '2025-03-20' });
    expect(r.case.legalBasis).toContain('第三十七条');
  });

  it('an officer may cite a more precise basis', async () => {
    const code = await newCase('2025-03-03');
    const r = await ev.reply(
      h.db,
      code,
      { on: '2025-03-04', outcome: 'granted', legalBasis: '《条例》第三十六条第（一）项', onTheSpot: false },
      ctx,
    );
    expect(r.case.legalBasis).toBe('《条例》第三十六条第（一）项');
  });

  it('当场答复 must be on the day of receipt', async () => {
    const code = await newCase('2025-03-03');
    expect(
      await rejectCode(ev.reply(h.db, code, { on: '2025-03-04', outcome: 'granted', onTheSpot: true }, ctx)),
    ).toMatch(/当场答复/);
    await ev.reply(h.db, code, { on: '2025-03-03', outcome: 'granted', onTheSpot: true }, ctx);
  });

  it('refuses outcomes that are not a 表三 result row, or that the clock must check', async () => {
    const code = await newCase('2025-03-03');
    expect(await rejectCode(ev.reply(h.db, code, { on: '2025-03-04', outcome: 'carriedOver' }, ctx))).toMatch(
      /不是表三的结果行/,
    );
    expect(
      await rejectCode(ev.reply(h.db, code, { on: '2025-03-04', outcome: 'other.feeUnpaid' }, ctx)),
    ).toMatch(/abandon/);
    expect(
      await rejectCode(
        ev.reply(h.db, code, { on: '2025-03-04', outcome: 'unavailable.unclearAfterCorrection' }, ctx),
      ),
    ).toMatch(/补正/);
    expect(
      await rejectCode(ev.reply(h.db, code, { on: '2025-03-04', outcome: 'declined.confirmation' }, ctx)),
    ).toMatch(/写明答复依据/);
    expect((await row(code)).status).toBe('open');
  });

  it('a withdrawal is counted as 其他处理', async () => {
    const code = await newCase('2025-03-03');
    const r = await ev.withdraw(h.db, code, { on: '2025-03-05' }, ctx);
    expect(r.case).toMatchObject({ status: 'closed', outcome: 'other.other', closedOn: '2025-03-05' });
  });

  // A withdrawn request was never decided: it cannot be counted as 予以公开 or any decision row.
  it.each([
    ['granted', false],
    ['withheld.stateSecret', false],
    ['other.other', true],
  ])('a withdrawal with outcome %s is accepted: %s', async (outcome, ok) => {
    const code = await newCase('2025-03-03');
    const p = ev.withdraw(h.db, code, { on: '2025-03-05', outcome }, ctx);
    if (ok) await expect(p).resolves.toBeTruthy();
    else {
      await expect(p).rejects.toThrow(/撤回的申请.*只能计入/);
      expect((await row(code)).status).toBe('open');
    }
  });

  it('nothing can be recorded after the case is closed', async () => {
    const code = await newCase('2025-03-03');
    await ev.reply(h.db, code, { on: '2025-03-05', outcome: 'unavailable.notHeld' }, ctx);
    expect(await rejectCode(ev.reply(h.db, code, { on: '2025-03-06', outcome: 'granted' }, ctx))).toMatch(
      /已于 2025-03-05/,
    );
    expect(
      await rejectCode(ev.extendDeadline(h.db, code, { on: '2025-03-06', workdays: 5, approver: '王' }, ctx)),
    ).toMatch(/^INVALID_EVENT/);
  });

  it('a note does not move the clock', async () => {
    const code = await newCase('2025-03-03');
    const r = await ev.addNote(h.db, code, { on: '2025-03-04', text: '申请人来电询问' }, ctx);
    expect(r.case.dueOn).toBe('2025-03-31');
  });
});

describe('audit', () => {
  it('every recorded step writes one audit entry; a refused step writes none and changes nothing', async () => {
    const code = await newCase('2025-03-03');
    await ev.startConsultation(
      h.db,
      code,
      { on: '2025-03-10', party: 'otherAgency', consultee: '某局' },
      ctx,
    );
    const before = await row(code);
    await rejectCode(ev.extendDeadline(h.db, code, { on: '2025-03-11', workdays: 30, approver: '王' }, ctx));
    expect(await row(code)).toEqual(before);
    await ev.endConsultation(h.db, code, { on: '2025-03-12' }, ctx);
    await ev.reply(h.db, code, { on: '2025-03-20', outcome: 'withheld.deliberative' }, ctx);
    expect(await auditActions(code)).toEqual([
      'case.intake',
      'case.event.consultationStarted',
      'case.event.consultationEnded',
      'case.event.replied',
    ]);
    const [last] = await queryRows<{
      before: { status: string };
      after: { status: string; outcome: string };
    }>(h.db, sql`select "before", "after" from audit_log where entity_id = ${code} order by id desc limit 1`);
    expect(last!.before.status).toBe('open');
    expect(last!.after).toMatchObject({ status: 'closed', outcome: 'withheld.deliberative' });
  });

  it('a future event date is refused as a typing error', async () => {
    const code = await newCase('2025-03-03');
    expect(
      await rejectCode(
        ev.reply(h.db, code, { on: '2025-09-01', outcome: 'granted' }, { ...ctx, today: '2025-06-01' }),
      ),
    ).toMatch(/晚于今天/);
  });
});
