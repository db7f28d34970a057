// Property: random case histories over several years, recorded through the use cases, compile (in SQL) to tables
// that obey the 表三/表四 identities, equal an independent in-memory count, and carry over year to year.
// Runs on PGlite, and on PostgreSQL when DATABASE_URL is set (scripts/with-postgres.sh).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAppeal, fileAppeal } from '../src/cases/appeals.ts';
import { compileYear } from '../src/cases/compile.ts';
import * as ev from '../src/cases/events.ts';
import { intakeCase } from '../src/cases/intake.ts';
import { outcomeRow } from '../src/cases/outcomes.ts';
import { newAgency, openCaseTestDatabase, TEST_CTX } from '../src/cases/testing.ts';
import type { DatabaseHandle } from '../src/db/handle.ts';
import type { ApplicantType } from '../src/db/schema/vocabulary.ts';
import { addDays } from '../src/domain/calendar/index.ts';
import {
  APPLICANT_PARTS,
  expectedFormat,
  LAYOUTS,
  T4_COLUMNS,
  T4_GROUPS,
} from '../src/domain/report/layout.ts';
import { toParsedJson } from '../src/domain/report/model.ts';
import { carryOver } from '../src/domain/rules/cross-year.ts';
import { IDENTITY_RULES, identityRule } from '../src/domain/rules/identities.ts';
import { checkReport } from '../src/domain/rules/index.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openCaseTestDatabase();
});
afterAll(async () => {
  await h?.close();
});

const ctx = TEST_CTX;
const YEARS = [2020, 2021, 2022, 2023];
const FIRST = '2020-01-01';
const DAYS = 4 * 365;

/** Outcomes a plain reply can give (no precondition in the history). */
const REPLY_OUTCOMES = LAYOUTS['2021'].t3Rows
  .filter((r) => r.result && !r.key.startsWith('other.') && r.key !== 'unavailable.unclearAfterCorrection')
  .map((r) => r.key);

type Ending =
  | { kind: 'open' }
  | { kind: 'reply'; outcome: string; after: number }
  | { kind: 'withdraw'; after: number }
  | { kind: 'noCorrection'; after: number }
  | { kind: 'unclearAfterCorrection'; after: number }
  | { kind: 'feeUnpaid' };

interface CaseSpec {
  type: ApplicantType;
  inDepartment: boolean;
  receivedDay: number;
  ending: Ending;
  appeal: null | {
    kind: 'review' | 'litigation.direct' | 'litigation.afterReview';
    after: number;
    decided: null | { result: 'upheld' | 'corrected' | 'other'; after: number };
  };
}

const endingArb: fc.Arbitrary<Ending> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'open' as const }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('reply' as const),
      outcome: fc.constantFrom(...REPLY_OUTCOMES),
      after: fc.integer({ min: 0, max: 400 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('withdraw' as const), after: fc.integer({ min: 0, max: 60 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('noCorrection' as const),
      after: fc.integer({ min: 0, max: 60 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('unclearAfterCorrection' as const),
      after: fc.integer({ min: 0, max: 60 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'feeUnpaid' as const }) },
);

const caseArb: fc.Arbitrary<CaseSpec> = fc.record({
  type: fc.constantFrom(...(APPLICANT_PARTS.filter((c) => c !== 'total') as CaseSpec['type'][])),
  inDepartment: fc.boolean(),
  receivedDay: fc.integer({ min: 0, max: DAYS - 1 }),
  ending: endingArb,
  appeal: fc.option(
    fc.record({
      kind: fc.constantFrom(
        'review' as const,
        'litigation.direct' as const,
        'litigation.afterReview' as const,
      ),
      after: fc.integer({ min: 0, max: 200 }),
      decided: fc.option(
        fc.record({
          result: fc.constantFrom('upheld' as const, 'corrected' as const, 'other' as const),
          after: fc.integer({ min: 0, max: 300 }),
        }),
      ),
    }),
    { freq: 3 },
  ),
});

interface Recorded {
  code: string;
  type: string;
  receivedOn: string;
  closedOn: string | null;
  outcome: string | null;
  appeal: null | { kind: string; filedOn: string; result: string | null; closedOn: string | null };
}

/** Record one case through the use cases; returns what an independent count needs. */
async function record(spec: CaseSpec, agency: string, department: string): Promise<Recorded> {
  // A fee may be charged only from 2021-01-01 (国办函〔2020〕109号): a fee case falls in 2021 or later.
  const FEES_FROM = '2021-01-01';
  const day = addDays(FIRST, spec.receivedDay);
  const receivedOn =
    spec.ending.kind === 'feeUnpaid' && day < FEES_FROM ? addDays(FEES_FROM, spec.receivedDay % 300) : day;
  const { code } = await intakeCase(
    h.db,
    {
      agency: spec.inDepartment ? department : agency,
      applicant: { type: spec.type, name: '申请人' },
      channel: 'inPerson',
      receivedOn,
      description: '随机生成',
    },
    ctx,
  );
  let closedOn: string | null = null;
  let outcome: string | null = null;
  const e = spec.ending;
  switch (e.kind) {
    case 'reply':
      closedOn = addDays(receivedOn, e.after);
      outcome = e.outcome;
      // Rows without an article of their own (declined.confirmation) need the basis written out.
      await ev.reply(h.db, code, { on: closedOn, outcome: e.outcome, legalBasis: '答复依据（测试）' }, ctx);
      break;
    case 'withdraw':
      closedOn = addDays(receivedOn, e.after);
      outcome = 'other.other';
      await ev.withdraw(h.db, code, { on: closedOn }, ctx);
      break;
    case 'noCorrection':
      await ev.requestCorrection(
        h.db,
        code,
        { on: addDays(receivedOn, 1), items: '请补正', correctionDue: addDays(receivedOn, 10) },
        ctx,
      );
      closedOn = addDays(receivedOn, 11 + e.after);
      outcome = 'other.noCorrection';
      await ev.abandon(h.db, code, { on: closedOn, reason: 'correction' }, ctx);
      break;
    case 'unclearAfterCorrection':
      await ev.requestCorrection(h.db, code, { on: addDays(receivedOn, 1), items: '请补正' }, ctx);
      await ev.receiveCorrection(h.db, code, { on: addDays(receivedOn, 3) }, ctx);
      closedOn = addDays(receivedOn, 5 + e.after);
      outcome = 'unavailable.unclearAfterCorrection';
      await ev.reply(h.db, code, { on: closedOn, outcome }, ctx);
      break;
    case 'feeUnpaid':
      await ev.notifyFee(h.db, code, { on: addDays(receivedOn, 1), method: 'pages', pages: 40 }, ctx);
      closedOn = addDays(receivedOn, 60);
      outcome = 'other.feeUnpaid';
      await ev.abandon(h.db, code, { on: closedOn, reason: 'fee' }, ctx);
      break;
  }
  let appeal: Recorded['appeal'] = null;
  if (spec.appeal) {
    const filedOn = addDays(closedOn ?? receivedOn, spec.appeal.after);
    const a = await fileAppeal(h.db, { case: code, kind: spec.appeal.kind, filedOn }, ctx);
    appeal = { kind: spec.appeal.kind, filedOn, result: null, closedOn: null };
    if (spec.appeal.decided) {
      const on = addDays(filedOn, spec.appeal.decided.after);
      await decideAppeal(h.db, { id: a.id, result: spec.appeal.decided.result, closedOn: on }, ctx);
      appeal = { ...appeal, result: spec.appeal.decided.result, closedOn: on };
    }
  }
  return { code, type: spec.type, receivedOn, closedOn, outcome, appeal };
}

/** The tables of a year counted in memory, independently of the SQL. */
function expected(cases: readonly Recorded[], year: number): Record<string, number> {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const format = expectedFormat(year);
  const layout = LAYOUTS[format];
  const out: Record<string, number> = {};
  for (const f of layout.fields) if (f.table !== 't2') out[f.key] = 0;
  const inc = (row: string, col: string) => {
    out[`t3.${row}.${col}`]! += 1;
    out[`t3.${row}.total`]! += 1;
  };
  for (const c of cases) {
    const openAt = (d: string) => c.receivedOn <= d && (c.closedOn === null || c.closedOn > d);
    if (c.receivedOn >= start && c.receivedOn <= end) inc('received', c.type);
    if (c.receivedOn < start && (c.closedOn === null || c.closedOn >= start)) inc('carriedOver', c.type);
    if (c.closedOn && c.closedOn >= start && c.closedOn <= end) {
      inc(outcomeRow(c.outcome!, format), c.type);
      inc('total', c.type);
    }
    if (openAt(end)) inc('carriedForward', c.type);
    const a = c.appeal;
    if (a && a.filedOn >= start && a.filedOn <= end) {
      const col = a.closedOn && a.closedOn <= end ? a.result! : 'pending';
      out[`t4.${a.kind}.${col}`]! += 1;
      out[`t4.${a.kind}.total`]! += 1;
    }
  }
  return out;
}

describe('compiling random case histories', () => {
  it('gives tables that obey the identities, match an in-memory count, and carry over year to year', async () => {
    const identities = IDENTITY_RULES.map(identityRule);
    await fc.assert(
      fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 14 }), async (specs) => {
        const agency = await newAgency(h);
        const department = await newAgency(h, { level: 'department', parent: agency.code });
        const recorded: Recorded[] = [];
        for (const s of specs) recorded.push(await record(s, agency.code, department.code));
        let prev: Awaited<ReturnType<typeof compileYear>> | null = null;
        for (const year of YEARS) {
          const r = await compileYear(h.db, { agency: agency.code, year });
          const fields = toParsedJson(r.report).fields;
          const t34 = Object.fromEntries(Object.entries(fields).filter(([k]) => !k.startsWith('t2.')));
          expect(t34).toEqual(expected(recorded, year));
          expect(checkReport(r.report, { rules: identities })).toEqual([]);
          if (prev) expect(checkReport(r.report, { prev: prev.report, rules: [carryOver] })).toEqual([]);
          // Drill-down: each cell lists as many cases as it counts.
          for (const [k, v] of Object.entries(t34))
            expect(r.report.provenance[k]?.cases ?? []).toHaveLength(v);
          prev = r;
        }
        // Sanity of the generator: every group of 表四 columns exists in the layout.
        expect(T4_GROUPS.length * T4_COLUMNS.length).toBe(15);
      }),
      { numRuns: 20, endOnFailure: true },
    );
  }, 300_000);
});
