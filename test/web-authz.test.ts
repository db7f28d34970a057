// The authorization matrix: every console route × every role × a record of the user's own agency, of another agency
// in the same subtree, and of another subtree → the status the access rules promise. The expectations are written
// out here, independently of src/web/policies.ts, so a change of the policy table shows up as a failing cell.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeCase } from '../src/cases/intake.ts';
import { GUARD } from '../src/web/middleware/authorize.ts';
import { collectFile } from '../src/web/reports/upload.ts';
import { seed } from './support/seeds.ts';
import { openWebTest, type WebTest, type Who } from './support/web.ts';

let t: WebTest;
const caseOf: Record<'A' | 'A1' | 'B' | 'C', string> = { A: '', A1: '', B: '', C: '' };
const reportOf: Record<'B' | 'C' | 'none', number> = { B: 0, C: 0, none: 0 };

beforeAll(async () => {
  t = await openWebTest();
  for (const k of ['A', 'A1', 'B', 'C'] as const) {
    const r = await intakeCase(
      t.handle.db,
      {
        agency: t.agency[k],
        applicant: {
          type: 'naturalPerson',
          name: '测试',
          idNumber: '11010519491231002X',
          phone: '13812345678',
        },
        channel: 'inPerson',
        receivedOn: '2024-03-01',
        description: '测试信息',
      },
      { actor: 'test' },
    );
    caseOf[k] = r.code;
  }
  const files = { B: '000', C: '001', none: '002' } as const;
  for (const k of ['B', 'C', 'none'] as const) {
    const r = await collectFile(
      t.handle.db,
      { name: `${k}.txt`, bytes: readFileSync(seed(files[k]).file) },
      { maxFileBytes: 1 << 20, actor: 'test', agencyId: k === 'none' ? null : t.agency[k] },
    );
    reportOf[k] = r.reportId!;
  }
});
afterAll(async () => t?.close());

type Expect = 'ok' | 'deny' | 'login' | 'missing' | 'invalid';
const STATUS: Record<Expect, number> = { ok: 200, deny: 403, login: 303, missing: 404, invalid: 400 };
const ROLES: readonly (Who | null)[] = [
  null,
  'officer',
  'reviewer',
  'approver',
  'supervisor',
  'supervisorS',
  'administrator',
];

interface Row {
  readonly name: string;
  readonly method?: 'GET' | 'POST';
  readonly path: () => string;
  readonly form?: Record<string, string>;
  /** Expected for: anonymous, officer(A), reviewer(A), approver(A), supervisor(R), supervisor(S), administrator(R). */
  readonly expect: readonly [Expect, Expect, Expect, Expect, Expect, Expect, Expect];
}

const note = { on: '2024-03-05', text: '测试备注' };
const extend = { on: '2024-03-05', workdays: '5', reason: '' };

const MATRIX: readonly Row[] = [
  {
    name: 'staff dashboard',
    path: () => '/staff',
    expect: ['login', 'ok', 'ok', 'ok', 'deny', 'deny', 'ok'],
  },
  {
    name: 'case list',
    path: () => '/staff/cases',
    expect: ['login', 'ok', 'ok', 'ok', 'deny', 'deny', 'ok'],
  },
  {
    name: 'intake form',
    path: () => '/staff/intake',
    expect: ['login', 'ok', 'deny', 'deny', 'deny', 'deny', 'deny'],
  },
  {
    name: 'case · own agency',
    path: () => `/staff/cases/${caseOf.A}`,
    expect: ['login', 'ok', 'ok', 'ok', 'deny', 'deny', 'ok'],
  },
  {
    name: 'case · own department',
    path: () => `/staff/cases/${caseOf.A1}`,
    expect: ['login', 'ok', 'ok', 'ok', 'deny', 'deny', 'ok'],
  },
  {
    name: 'case · other agency, same subtree',
    path: () => `/staff/cases/${caseOf.B}`,
    expect: ['login', 'deny', 'deny', 'deny', 'deny', 'deny', 'ok'],
  },
  {
    name: 'case · other subtree',
    path: () => `/staff/cases/${caseOf.C}`,
    expect: ['login', 'deny', 'deny', 'deny', 'deny', 'deny', 'ok'],
  },
  {
    name: 'case · unknown code',
    path: () => '/staff/cases/zz-2024-99999',
    expect: ['login', 'missing', 'missing', 'missing', 'deny', 'deny', 'missing'],
  },
  {
    name: 'act · own agency',
    method: 'POST',
    path: () => `/staff/cases/${caseOf.A}/preview/note`,
    form: note,
    expect: ['login', 'ok', 'deny', 'deny', 'deny', 'deny', 'deny'],
  },
  {
    name: 'act · own department',
    method: 'POST',
    path: () => `/staff/cases/${caseOf.A1}/preview/note`,
    form: note,
    expect: ['login', 'ok', 'deny', 'deny', 'deny', 'deny', 'deny'],
  },
  {
    name: 'act · other agency',
    method: 'POST',
    path: () => `/staff/cases/${caseOf.B}/preview/note`,
    form: note,
    expect: ['login', 'deny', 'deny', 'deny', 'deny', 'deny', 'deny'],
  },
  {
    name: 'extend · own agency',
    method: 'POST',
    path: () => `/staff/cases/${caseOf.A}/preview/extend`,
    form: extend,
    expect: ['login', 'deny', 'deny', 'ok', 'deny', 'deny', 'deny'],
  },
  {
    name: 'extend · other subtree',
    method: 'POST',
    path: () => `/staff/cases/${caseOf.C}/preview/extend`,
    form: extend,
    expect: ['login', 'deny', 'deny', 'deny', 'deny', 'deny', 'deny'],
  },
  {
    name: 'letter · own agency',
    path: () => `/staff/cases/${caseOf.A}/letters/999`,
    expect: ['login', 'missing', 'missing', 'missing', 'deny', 'deny', 'deny'],
  },
  {
    name: 'letter · other agency',
    path: () => `/staff/cases/${caseOf.B}/letters/999`,
    expect: ['login', 'deny', 'deny', 'deny', 'deny', 'deny', 'deny'],
  },
  {
    name: 'report builder · own',
    path: () => `/staff/agencies/${t.agency.A}/report/2024`,
    expect: ['login', 'ok', 'deny', 'ok', 'deny', 'deny', 'deny'],
  },
  {
    name: 'report builder · other',
    path: () => `/staff/agencies/${t.agency.B}/report/2024`,
    expect: ['login', 'deny', 'deny', 'deny', 'deny', 'deny', 'deny'],
  },
  {
    name: 'publish · own',
    method: 'POST',
    path: () => `/staff/agencies/${t.agency.A}/report/2030/publish`,
    form: {},
    expect: ['login', 'deny', 'deny', 'invalid', 'deny', 'deny', 'deny'],
  },
  {
    name: 'publish · other',
    method: 'POST',
    path: () => `/staff/agencies/${t.agency.B}/report/2030/publish`,
    form: {},
    expect: ['login', 'deny', 'deny', 'deny', 'deny', 'deny', 'deny'],
  },
  {
    name: 'supervise board',
    path: () => '/supervise',
    expect: ['login', 'deny', 'deny', 'deny', 'ok', 'ok', 'ok'],
  },
  {
    name: 'supervise · own region',
    path: () => `/supervise/agencies/${t.agency.R}`,
    expect: ['login', 'deny', 'deny', 'deny', 'ok', 'deny', 'ok'],
  },
  {
    name: 'supervise · subtree agency',
    path: () => `/supervise/agencies/${t.agency.B}`,
    expect: ['login', 'deny', 'deny', 'deny', 'ok', 'deny', 'ok'],
  },
  {
    name: 'supervise · other subtree',
    path: () => `/supervise/agencies/${t.agency.C}`,
    expect: ['login', 'deny', 'deny', 'deny', 'deny', 'ok', 'ok'],
  },
  {
    name: 'combined · own region',
    path: () => `/supervise/agencies/${t.agency.R}/combined?year=2023`,
    expect: ['login', 'deny', 'deny', 'deny', 'ok', 'deny', 'ok'],
  },
  {
    name: 'chart · other subtree',
    path: () => `/supervise/agencies/${t.agency.C}/charts/ranking.svg`,
    expect: ['login', 'deny', 'deny', 'deny', 'deny', 'ok', 'ok'],
  },
  {
    name: 'upload form',
    path: () => '/supervise/upload',
    expect: ['login', 'deny', 'deny', 'deny', 'ok', 'ok', 'deny'],
  },
  {
    name: 'report edit · subtree',
    path: () => `/supervise/reports/${reportOf.B}/edit`,
    expect: ['login', 'deny', 'deny', 'deny', 'ok', 'deny', 'ok'],
  },
  {
    name: 'report edit · other subtree',
    path: () => `/supervise/reports/${reportOf.C}/edit`,
    expect: ['login', 'deny', 'deny', 'deny', 'deny', 'ok', 'ok'],
  },
  {
    name: 'report edit · unmatched',
    path: () => `/supervise/reports/${reportOf.none}/edit`,
    expect: ['login', 'deny', 'deny', 'deny', 'ok', 'ok', 'ok'],
  },
  {
    name: 'administration',
    path: () => '/admin',
    expect: ['login', 'deny', 'deny', 'deny', 'deny', 'deny', 'ok'],
  },
  {
    name: 'own password',
    path: () => '/account/password',
    expect: ['login', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  },
  { name: 'public home', path: () => '/', expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'] },
  {
    // Collected without a publication date: not public yet (issue 12), seen by supervisors and administrators only.
    name: 'an undated report',
    path: () => `/reports/${reportOf.C}`,
    expect: ['missing', 'missing', 'missing', 'missing', 'ok', 'ok', 'ok'],
  },
];

describe('authorization matrix', () => {
  for (const row of MATRIX)
    it(`${row.name}`, async () => {
      const got: string[] = [];
      const want: string[] = [];
      for (const [i, who] of ROLES.entries()) {
        const r = await t.request(row.path(), {
          as: who,
          ...(row.method === 'POST' ? { method: 'POST', form: row.form ?? {} } : {}),
        });
        got.push(`${who ?? 'anonymous'}:${r.status}`);
        want.push(`${who ?? 'anonymous'}:${STATUS[row.expect[i]!]}`);
        if (r.status === 303 && row.expect[i] === 'login')
          expect(r.headers.get('location')).toMatch(/^\/login\?next=/);
      }
      expect(got).toEqual(want);
    });
});

describe('every console route is guarded', () => {
  it('each GET/POST under /staff, /supervise, /admin and /account runs a policy guard', () => {
    const routes = t.app.routes;
    const consoles = routes.filter(
      (r) => r.method !== 'ALL' && /^\/(staff|supervise|admin|account)(\/|$)/.test(r.path),
    );
    expect(consoles.length).toBeGreaterThan(20);
    const unguarded = [...new Set(consoles.map((r) => `${r.method} ${r.path}`))].filter(
      (key) => !consoles.some((r) => `${r.method} ${r.path}` === key && GUARD in (r.handler as object)),
    );
    expect(unguarded).toEqual([]);
  });
});
