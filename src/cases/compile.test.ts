// Compiling 表三 and 表四 from the cases: a small agency-year worked by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/handle.ts';
import { toParsedJson } from '../domain/report/model.ts';
import { IDENTITY_RULES, identityRule } from '../domain/rules/identities.ts';
import { checkReport } from '../domain/rules/index.ts';
import type { Agency } from './agencies.ts';
import { decideAppeal, fileAppeal } from './appeals.ts';
import { type CompiledReport, compileYear, feeSentence } from './compile.ts';
import * as ev from './events.ts';
import { intakeCase } from './intake.ts';
import { newAgency, openCaseTestDatabase, TEST_CTX } from './testing.ts';

let h: DatabaseHandle;
let A: Agency;
let D: Agency;
let B: Agency;
const c: Record<string, string> = {};
let r2023: CompiledReport;

const ctx = TEST_CTX;
async function intake(agency: string, type: string, receivedOn: string) {
  return (
    await intakeCase(
      h.db,
      {
        agency,
        applicant: { type: type as 'naturalPerson', name: '申请人' },
        channel: 'inPerson',
        receivedOn,
        description: '某信息',
      },
      ctx,
    )
  ).code;
}

beforeAll(async () => {
  h = await openCaseTestDatabase();
  A = await newAgency(h, { name: '甲区人民政府', kind: 'localGovernment' });
  D = await newAgency(h, { level: 'department', parent: A.code, name: '甲区政府办公室' });
  B = await newAgency(h, { name: '乙市人民政府', kind: 'localGovernment' });
  const db = h.db;
  c.c1 = await intake(A.code, 'naturalPerson', '2022-12-20');
  await ev.reply(db, c.c1, { on: '2023-01-10', outcome: 'granted' }, ctx);
  c.c2 = await intake(A.code, 'commercial', '2022-11-01');
  await ev.reply(db, c.c2, { on: '2024-01-05', outcome: 'unavailable.notHeld' }, ctx);
  c.c3 = await intake(D.code, 'naturalPerson', '2023-03-01');
  await ev.reply(db, c.c3, { on: '2023-03-20', outcome: 'partiallyGranted' }, ctx);
  c.c4 = await intake(A.code, 'research', '2023-05-01');
  await ev.withdraw(db, c.c4, { on: '2023-05-03' }, ctx);
  c.c5 = await intake(A.code, 'naturalPerson', '2023-12-28');
  c.c6 = await intake(A.code, 'legalService', '2023-06-01');
  await ev.notifyFee(db, c.c6, { on: '2023-06-05', method: 'pages', pages: 68 }, ctx);
  await ev.payFee(db, c.c6, { on: '2023-06-10' }, ctx);
  await ev.reply(db, c.c6, { on: '2023-06-20', outcome: 'withheld.stateSecret' }, ctx);
  c.c7 = await intake(A.code, 'otherOrg', '2023-07-01');
  await ev.notifyFee(db, c.c7, { on: '2023-07-03', method: 'pages', pages: 101 }, ctx);
  await ev.abandon(db, c.c7, { on: '2023-08-01', reason: 'fee' }, ctx);
  c.c8 = await intake(B.code, 'naturalPerson', '2023-02-01');
  await ev.reply(db, c.c8, { on: '2023-02-10', outcome: 'granted' }, ctx);

  const a1 = await fileAppeal(
    db,
    { case: c.c1, kind: 'review', filedOn: '2023-02-01', body: '乙市人民政府' },
    ctx,
  );
  await decideAppeal(db, { id: a1.id, result: 'upheld', closedOn: '2023-04-01' }, ctx);
  const a2 = await fileAppeal(db, { case: c.c3, kind: 'review', filedOn: '2023-11-01' }, ctx);
  await decideAppeal(db, { id: a2.id, result: 'corrected', closedOn: '2024-01-15' }, ctx);
  // 复议维持后起诉: the 复议机关 (乙市) is co-defendant — counted for 甲区 only.
  await fileAppeal(
    db,
    {
      case: c.c1,
      kind: 'litigation.afterReview',
      filedOn: '2023-05-01',
      reviewAgency: B.code,
      coDefendant: true,
    },
    ctx,
  );
  await fileAppeal(db, { case: c.c2, kind: 'litigation.direct', filedOn: '2022-12-30' }, ctx);
  r2023 = await compileYear(db, { agency: A.code, year: 2023 });
});
afterAll(async () => {
  await h?.close();
});

const nonZero = (r: CompiledReport) =>
  Object.fromEntries(Object.entries(toParsedJson(r.report).fields).filter(([, v]) => v !== 0));

describe('compileYear', () => {
  it('counts 一 received, 二 carried over, 三 by outcome and 四 carried forward per applicant column', () => {
    expect(nonZero(r2023)).toEqual({
      't3.received.naturalPerson': 2,
      't3.received.research': 1,
      't3.received.legalService': 1,
      't3.received.otherOrg': 1,
      't3.received.total': 5,
      't3.carriedOver.naturalPerson': 1,
      't3.carriedOver.commercial': 1,
      't3.carriedOver.total': 2,
      't3.granted.naturalPerson': 1,
      't3.granted.total': 1,
      't3.partiallyGranted.naturalPerson': 1,
      't3.partiallyGranted.total': 1,
      't3.withheld.stateSecret.legalService': 1,
      't3.withheld.stateSecret.total': 1,
      't3.other.feeUnpaid.otherOrg': 1,
      't3.other.feeUnpaid.total': 1,
      't3.other.other.research': 1,
      't3.other.other.total': 1,
      't3.total.naturalPerson': 2,
      't3.total.research': 1,
      't3.total.legalService': 1,
      't3.total.otherOrg': 1,
      't3.total.total': 5,
      't3.carriedForward.naturalPerson': 1,
      't3.carriedForward.commercial': 1,
      't3.carriedForward.total': 2,
      't4.review.upheld': 1,
      't4.review.pending': 1,
      't4.review.total': 2,
      't4.litigation.afterReview.pending': 1,
      't4.litigation.afterReview.total': 1,
    });
  });

  it('passes the 表三/表四 identities of the rule engine', () => {
    const rules = IDENTITY_RULES.map(identityRule);
    expect(checkReport(r2023.report, { rules })).toEqual([]);
  });

  it('every cell drills down to its cases (departments included)', () => {
    const p = r2023.report.provenance;
    expect(p['t3.received.naturalPerson']!.cases).toEqual([c.c3, c.c5].sort());
    expect(p['t3.carriedForward.total']!.cases).toEqual([c.c2, c.c5].sort());
    expect(p['t3.total.total']!.cases).toHaveLength(5);
    expect(p['t3.granted.commercial']!.cases).toEqual([]);
    expect(p['t4.review.total']!.cases).toEqual([c.c1, c.c3].sort());
  });

  it('states the fee figures in section 六', () => {
    expect(r2023.fees).toEqual({ notices: 2, billed: 380 + 720, paid: 1, collected: 380 });
    expect(r2023.report.sections.other).toBe(
      '本年度共发出收费通知2件，应收信息处理费1100元；实收1件、380元。',
    );
    expect(feeSentence({ notices: 0, billed: 0, paid: 0, collected: 0 })).toBe('本年度未收取信息处理费。');
  });

  it('a co-defendant 复议机关 does not count the litigation (国办公开办函〔2016〕201号)', async () => {
    const rb = await compileYear(h.db, { agency: B.code, year: 2023 });
    expect(nonZero(rb)).toEqual({
      't3.received.naturalPerson': 1,
      't3.received.total': 1,
      't3.granted.naturalPerson': 1,
      't3.granted.total': 1,
      't3.total.naturalPerson': 1,
      't3.total.total': 1,
    });
  });

  it('carries over: 2023 四 = 2024 二, and the 2024 results close them', async () => {
    const r2024 = await compileYear(h.db, { agency: A.code, year: 2024 });
    const f = toParsedJson(r2024.report).fields;
    expect(f['t3.carriedOver.total']).toBe(2);
    expect(f['t3.unavailable.notHeld.commercial']).toBe(1);
    expect(f['t3.carriedForward.naturalPerson']).toBe(1);
    // The review filed in 2023 and decided in 2024 is not a 2024 filing.
    expect(f['t4.review.total']).toBe(0);
    const { carryOver } = await import('../domain/rules/cross-year.ts');
    expect(checkReport(r2024.report, { prev: r2023.report, rules: [carryOver] })).toEqual([]);
  });

  it('uses the 2019 layout for 2019/2020 reports and folds 其他处理 into its single row', async () => {
    const r = await compileYear(h.db, { agency: A.code, year: 2023, format: '2019' });
    const f = toParsedJson(r.report).fields;
    expect(r.report.format).toBe('2019');
    expect(f['t3.other.research']).toBe(1);
    expect(f['t3.other.otherOrg']).toBe(1);
    expect(f['t3.other.total']).toBe(2);
    expect('t3.other.other.total' in f).toBe(false);
    expect(f['t3.total.total']).toBe(5);
    expect((await compileYear(h.db, { agency: A.code, year: 2020 })).report.format).toBe('2019');
  });

  it('without drill-down the numbers are the same and no case list is built', async () => {
    const r = await compileYear(h.db, { agency: A.code, year: 2023, drillDown: false });
    expect(toParsedJson(r.report).fields).toEqual(toParsedJson(r2023.report).fields);
    expect(r.report.provenance).toEqual({});
  });

  it('refuses a department (reports are per agency) and a silly year', async () => {
    await expect(compileYear(h.db, { agency: D.code, year: 2023 })).rejects.toThrow(/内设机构/);
    await expect(compileYear(h.db, { agency: A.code, year: 1999 })).rejects.toThrow(/年份/);
  });
});

describe('复议后起诉: who counts the suit depends on the co-defendant flag', () => {
  // Date table: one case of 甲, reviewed by 乙, then litigated; the flag decides whose 表四 the suit is in.
  it.each([
    // 复议维持 → both defendants, counted for the original agency only (国办公开办函〔2016〕201号).
    [true, 1, 0],
    // 复议改变 → the 复议机关 alone is defendant (《行政诉讼法》第二十六条第二款).
    [false, 0, 1],
  ])('coDefendant=%s → 甲 %i, 乙 %i', async (coDefendant, forOriginal, forReviewer) => {
    const x = await newAgency(h, { name: '丙区人民政府', kind: 'localGovernment' });
    const y = await newAgency(h, { name: '丁市人民政府', kind: 'localGovernment' });
    const code = await intake(x.code, 'naturalPerson', '2023-02-01');
    await ev.reply(h.db, code, { on: '2023-02-20', outcome: 'granted' }, ctx);
    await fileAppeal(
      h.db,
      {
        case: code,
        kind: 'litigation.afterReview',
        filedOn: '2023-06-01',
        reviewAgency: y.code,
        coDefendant,
      },
      ctx,
    );
    const key = 't4.litigation.afterReview.pending';
    const rx = toParsedJson((await compileYear(h.db, { agency: x.code, year: 2023 })).report).fields;
    const ry = toParsedJson((await compileYear(h.db, { agency: y.code, year: 2023 })).report).fields;
    expect(rx[key] ?? 0).toBe(forOriginal);
    expect(ry[key] ?? 0).toBe(forReviewer);
  });
});
