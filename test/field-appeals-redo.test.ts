// 复议/诉讼 as the officer lives them, at the use-case level (real database): a 复议 decision that 纠正 and orders a
// new reply reopens the case for it with a deadline (set by the decision, or the product's default of 20 working
// days), the new reply is recorded on the closed case, and the annual report counts the application once — in the
// row and year of its first reply (表三's identity 一 + 二 = 三 + 四; no new application) — while 表四 shows the
// correction. A suit after review has the defendant the review's result gives it (《行政诉讼法》第二十六条), and
// whose 表四 counts it follows. Date tables: dates in → cells and years out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agency } from '../src/cases/agencies.ts';
import {
  type AppealRow,
  decideAppeal,
  fileAppeal,
  paperDueOn,
  pendingRedos,
  reReply,
} from '../src/cases/appeals.ts';
import { compileYear } from '../src/cases/compile.ts';
import * as ev from '../src/cases/events.ts';
import { findCase } from '../src/cases/events.ts';
import { intakeCase } from '../src/cases/intake.ts';
import { newAgency, openCaseTestDatabase, TEST_CTX } from '../src/cases/testing.ts';
import type { DatabaseHandle } from '../src/db/handle.ts';
import { toParsedJson } from '../src/domain/report/model.ts';

let h: DatabaseHandle;
const ctx = TEST_CTX;

beforeAll(async () => {
  h = await openCaseTestDatabase();
});
afterAll(async () => h?.close());

async function replied(agency: Agency, receivedOn: string, repliedOn: string, outcome: string) {
  const { code } = await intakeCase(
    h.db,
    {
      agency: agency.code,
      applicant: { type: 'naturalPerson', name: '王五' },
      channel: 'inPerson',
      receivedOn,
      description: '某镇征地补偿标准',
    },
    ctx,
  );
  await ev.reply(h.db, code, { on: repliedOn, outcome }, ctx);
  return code;
}

const fields = async (agency: Agency, year: number) =>
  toParsedJson((await compileYear(h.db, { agency: agency.code, year })).report).fields;

describe('责令重新答复: the deadline of the new reply', () => {
  it.each([
    // decision, received, the decision's period → the last day (calendar days from the day after receipt)
    ['2023-06-01', '2023-06-05', { redoDays: 15, redoUnit: 'days' as const }, '2023-06-20', false],
    // a date set by the decision is taken as written
    ['2023-06-01', '', { redoDueOn: '2023-07-31' }, '2023-07-31', false],
    // 15 working days from Friday 2023-09-22: 9-25…9-28 (4), 国庆/中秋 9-29…10-6 off, 10-7 and 10-8 worked (6),
    // then 10-9…10-19
    ['2023-09-20', '2023-09-22', { redoDays: 15, redoUnit: 'workdays' as const }, '2023-10-19', false],
    // none set: 20 working days (the product's default, 《条例》第三十三条第二款) — 2024 春节 (2-10 … 2-17) off,
    // Sunday 2-4 worked
    ['2024-01-10', '2024-01-12', {}, '2024-02-08', true],
  ])(
    'decided %s, received %s, %j → due %s (default %s)',
    async (closedOn, received, period, due, byDefault) => {
      const A = await newAgency(h, { name: '期限区人民政府', kind: 'localGovernment' });
      const code = await replied(A, '2023-03-01', '2023-03-20', 'unavailable.notHeld');
      const a = await fileAppeal(h.db, { case: code, kind: 'review', filedOn: '2023-04-10' }, ctx);
      const d = await decideAppeal(
        h.db,
        {
          id: a.id,
          result: 'corrected',
          closedOn,
          redoOrdered: true,
          decisionReceivedOn: received || null,
          ...period,
        },
        ctx,
      );
      expect(d.redoDueOn).toBe(due);
      expect(d.redoDueDefault).toBe(byDefault);
      expect((await pendingRedos(h.db, (await findCase(h.db, code)).id)).map((x) => x.id)).toEqual([a.id]);
    },
  );

  it('refuses a new reply ordered on anything but 纠正, and a period without the order', async () => {
    const A = await newAgency(h, { name: '拒绝区人民政府', kind: 'localGovernment' });
    const code = await replied(A, '2023-03-01', '2023-03-20', 'unavailable.notHeld');
    const a = await fileAppeal(h.db, { case: code, kind: 'review', filedOn: '2023-04-10' }, ctx);
    await expect(
      decideAppeal(h.db, { id: a.id, result: 'upheld', closedOn: '2023-05-01', redoOrdered: true }, ctx),
    ).rejects.toThrow(/只有结果为“纠正”.*第六十四条/);
    await expect(
      decideAppeal(h.db, { id: a.id, result: 'corrected', closedOn: '2023-05-01', redoDays: 10 }, ctx),
    ).rejects.toThrow('填写了重新答复期限，但没有选择“责令重新答复”');
    await expect(reReply(h.db, code, { on: '2023-05-10', outcome: 'granted' }, ctx)).rejects.toThrow(
      `案件 ${code} 没有待重新答复的复议决定或判决`,
    );
  });
});

describe('重新答复 on the closed case, and what the annual report counts', () => {
  // One application, replied, corrected on review with a new reply ordered, replied again. 表三 counts the
  // application once, in the row and year of the first reply; 新收 does not grow; 表四 counts the 复议 in the year
  // it was filed, with its result as of 31 December.
  it.each([
    {
      name: 'all in 2023',
      received: '2023-03-01',
      replied: '2023-03-20',
      filed: '2023-04-10',
      decided: '2023-06-01',
      again: '2023-06-15',
      cells: {
        2023: {
          't3.received.total': 1,
          't3.unavailable.notHeld.total': 1,
          't3.granted.total': 0,
          't3.total.total': 1,
          't3.carriedForward.total': 0,
          't4.review.corrected': 1,
          't4.review.pending': 0,
        },
      },
    },
    {
      name: 'replied and appealed in 2023, corrected and replied again in 2024',
      received: '2023-11-01',
      replied: '2023-11-20',
      filed: '2023-12-01',
      decided: '2024-01-10',
      again: '2024-02-01',
      cells: {
        2023: {
          't3.received.total': 1,
          't3.unavailable.notHeld.total': 1,
          't3.total.total': 1,
          't3.carriedForward.total': 0,
          't4.review.pending': 1,
          't4.review.corrected': 0,
        },
        2024: {
          't3.received.total': 0,
          't3.carriedOver.total': 0,
          't3.total.total': 0,
          't3.granted.total': 0,
          't4.review.total': 0,
        },
      },
    },
  ])('$name', async (row) => {
    const A = await newAgency(h, { name: `表三区人民政府${row.received}`, kind: 'localGovernment' });
    const code = await replied(A, row.received, row.replied, 'unavailable.notHeld');
    const a = await fileAppeal(h.db, { case: code, kind: 'review', filedOn: row.filed }, ctx);
    await decideAppeal(
      h.db,
      { id: a.id, result: 'corrected', closedOn: row.decided, redoOrdered: true, redoDays: 30 },
      ctx,
    );
    // The same answer on the same article is not a new reply (《行政复议法》第六十四条第二款).
    await expect(reReply(h.db, code, { on: row.again, outcome: 'unavailable.notHeld' }, ctx)).rejects.toThrow(
      /不得以同一事实和理由作出相同或者基本相同的答复/,
    );
    await expect(reReply(h.db, code, { on: '2023-04-01', outcome: 'granted' }, ctx)).rejects.toThrow(
      /早于复议决定或判决之日/,
    );
    const done: AppealRow = await reReply(h.db, code, { on: row.again, outcome: 'granted' }, ctx);
    expect(done.redoneOn).toBe(row.again);
    const c = await findCase(h.db, code);
    // The case keeps its first reply: that is what 表三 counted (and what a published report shows).
    expect([c.outcome, c.closedOn]).toEqual(['unavailable.notHeld', row.replied]);
    expect(await pendingRedos(h.db, c.id)).toEqual([]);
    for (const [year, want] of Object.entries(row.cells)) {
      const got = await fields(A, Number(year));
      for (const [key, n] of Object.entries(want))
        expect(`${year} ${key} = ${got[key] ?? 0}`).toBe(`${year} ${key} = ${n}`);
    }
  });
});

describe('复议后起诉: the defendant follows the review, and so does whose 表四 counts it', () => {
  // review result (none: not decided), defendant given → stored, counted for 原机关, for 复议机关 (an agency here)
  it.each([
    ['upheld', undefined, 'joint', 1, 0],
    ['corrected', undefined, 'review', 0, 1],
    [null, undefined, 'original', 1, 0],
    // 纠正 on procedure only is still 维持 in law (解释第二十二条): the officer may say so
    ['corrected', 'joint' as const, 'joint', 1, 0],
  ])(
    'review %s, given %s → %s; 原机关 %i, 复议机关 %i',
    async (result, given, stored, forOriginal, forReviewer) => {
      const X = await newAgency(h, { name: '原机关区人民政府', kind: 'localGovernment' });
      const Y = await newAgency(h, { name: '复议机关市人民政府', kind: 'localGovernment' });
      const code = await replied(X, '2023-02-01', '2023-02-20', 'unavailable.notHeld');
      const review = await fileAppeal(
        h.db,
        { case: code, kind: 'review', filedOn: '2023-03-01', reviewAgency: Y.code },
        ctx,
      );
      if (result)
        await decideAppeal(h.db, { id: review.id, result: result as 'upheld', closedOn: '2023-04-20' }, ctx);
      const suit = await fileAppeal(
        h.db,
        {
          case: code,
          kind: 'litigation.afterReview',
          filedOn: '2023-05-06',
          ...(given ? { defendant: given } : {}),
        },
        ctx,
      );
      expect(suit.defendant).toBe(stored);
      expect(suit.reviewAgencyCoDefendant).toBe(stored === 'joint');
      const key = 't4.litigation.afterReview.pending';
      expect((await fields(X, 2023))[key] ?? 0).toBe(forOriginal);
      expect((await fields(Y, 2023))[key] ?? 0).toBe(forReviewer);
    },
  );

  it('a suit against the 复议机关 alone, not an agency here, counts in neither agency’s 表四', async () => {
    const X = await newAgency(h, { name: '无复议机关区人民政府', kind: 'localGovernment' });
    const code = await replied(X, '2023-02-01', '2023-02-20', 'unavailable.notHeld');
    const review = await fileAppeal(
      h.db,
      { case: code, kind: 'review', filedOn: '2023-03-01', body: '外市人民政府' },
      ctx,
    );
    await decideAppeal(h.db, { id: review.id, result: 'corrected', closedOn: '2023-04-20' }, ctx);
    const suit = await fileAppeal(
      h.db,
      { case: code, kind: 'litigation.afterReview', filedOn: '2023-05-06' },
      ctx,
    );
    expect(suit.defendant).toBe('review');
    const f = await fields(X, 2023);
    expect([f['t4.review.corrected'], f['t4.litigation.afterReview.total']]).toEqual([1, 0]);
  });

  it('refuses a suit against one agency alone after the review upheld the reply', async () => {
    const X = await newAgency(h, { name: '维持区人民政府', kind: 'localGovernment' });
    const code = await replied(X, '2023-02-01', '2023-02-20', 'unavailable.notHeld');
    const review = await fileAppeal(h.db, { case: code, kind: 'review', filedOn: '2023-03-01' }, ctx);
    await decideAppeal(h.db, { id: review.id, result: 'upheld', closedOn: '2023-04-20' }, ctx);
    await expect(
      fileAppeal(
        h.db,
        { case: code, kind: 'litigation.afterReview', filedOn: '2023-05-06', defendant: 'review' },
        ctx,
      ),
    ).rejects.toThrow(/决定维持.*共同被告（《行政诉讼法》第二十六条第二款）/);
  });
});

describe('the 答复书 and 答辩状 deadlines', () => {
  it.each([
    // kind, copy received → last day (calendar days from the next day, not moved off a holiday)
    ['review', '2023-04-12', '2023-04-22'],
    ['litigation.direct', '2023-05-04', '2023-05-19'],
    ['litigation.afterReview', '2023-09-28', '2023-10-13'],
    ['review', null, null],
  ])('%s, copy received %s → due %s', (kind, copyReceivedOn, due) => {
    expect(paperDueOn({ kind, copyReceivedOn })).toBe(due);
  });
});
