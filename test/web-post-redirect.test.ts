// POST → redirect → GET, checked over every route: no POST answers a page on success (back and reload never ask to
// resubmit), a POST with errors answers 4xx with the form and what was typed. Every case action is saved once with
// valid values (→ 303 to a page that answers 200) and once with an error (→ 4xx, the typed value still there).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_ACTIONS } from '../src/web/cases/actions.ts';
import { intakeTestCase, openWebTest, type WebTest, type Who } from './support/web.ts';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
});
afterAll(async () => t?.close());

async function newCase(receivedOn = '2024-03-01') {
  return (await intakeTestCase(t, { receivedOn })).code;
}

/** POSTs that answer a page by design, and why. */
const PAGE_BY_DESIGN: Record<string, string> = {
  // Seeing the full identity is audited each time; it must not live in a bookmarkable URL.
  'POST /staff/cases/:code/reveal': 'audited view of personal data',
  // A computation over the edited templates; nothing is saved.
  'POST /staff/agencies/:agencyId/report/:year/check': 'preview of unsaved templates',
};

// Valid values for each action on a case prepared for it (dates within the fixed test day 2024-03-15).
const VALID: Record<string, { prepare?: string[]; as: Who; form: () => Record<string, string> }> = {
  correction: {
    as: 'officer',
    form: () => ({ on: '2024-03-05', items: '请写明文号', correctionDue: '2024-03-20' }),
  },
  correctionReceived: { prepare: ['correction'], as: 'officer', form: () => ({ on: '2024-03-08' }) },
  consult: {
    as: 'officer',
    form: () => ({ on: '2024-03-05', party: 'thirdParty', consultee: '某公司', reason: '' }),
  },
  consultEnd: { prepare: ['consult'], as: 'officer', form: () => ({ on: '2024-03-08', opinion: 'agree' }) },
  extensionRequest: { as: 'officer', form: () => ({ on: '2024-03-05', workdays: '5', reason: '需核查' }) },
  extensionApprove: {
    prepare: ['extensionRequest'],
    as: 'approver',
    form: () => ({ on: '2024-03-06', note: '' }),
  },
  extensionRefuse: {
    prepare: ['extensionRequest'],
    as: 'approver',
    form: () => ({ on: '2024-03-06', note: '理由不足' }),
  },
  fee: { as: 'officer', form: () => ({ on: '2024-03-05', method: 'pages', pages: '68', receivedOn: '' }) },
  feePaid: { prepare: ['fee'], as: 'officer', form: () => ({ on: '2024-03-08' }) },
  abandon: {
    prepare: ['correction'],
    as: 'officer',
    form: () => ({ on: '2024-03-15', reason: 'correction' }),
  },
  withdraw: { as: 'officer', form: () => ({ on: '2024-03-05', note: '' }) },
  reply: {
    as: 'officer',
    form: () => ({
      on: '2024-03-10',
      outcome: 'partiallyGranted',
      legalBasis: '',
      note: '涉及第三方商业秘密',
      disclosed: '合同正文',
      withheld1: '报价明细',
      ground1: 'withheld.thirdPartyRights',
    }),
  },
  notOurs: {
    as: 'officer',
    form: () => ({
      on: '2024-03-10',
      otherAgency: '测试区住建委',
      mode: 'transfer',
      note: '该信息由住建委制作',
    }),
  },
  appeal: {
    as: 'officer',
    form: () => ({ on: '2024-03-10', kind: 'review', body: '测试区人民政府', coDefendant: 'no' }),
  },
  appealDecide: {
    prepare: ['appeal'],
    as: 'officer',
    form: () => ({ appeal: 'FIRST_APPEAL', on: '2024-03-12', result: 'upheld' }),
  },
  // 重新答复 on a replied case whose 复议 decision 纠正 and ordered a new reply.
  reReply: {
    prepare: ['reply', 'appeal', 'appealRedo'],
    as: 'officer',
    form: () => ({ on: '2024-03-14', outcome: 'granted', legalBasis: '', note: '' }),
  },
  assign: { as: 'approver', form: () => ({ officer: String(t.userId.officer) }) },
  note: { as: 'officer', form: () => ({ on: '2024-03-05', text: '电话联系申请人' }) },
};
// 补正 set on 03-05 with a period to 03-20 runs out before abandonment is possible: move abandon's prepare earlier.
VALID.abandon = {
  prepare: ['correctionEarly'],
  as: 'officer',
  form: () => ({ on: '2024-03-15', reason: 'correction' }),
};

describe('each case action', () => {
  it('covers every action', () => {
    expect(Object.keys(VALID).sort()).toEqual([...CASE_ACTIONS.keys()].sort());
  });

  for (const key of CASE_ACTIONS.keys())
    it(`${key}: saved → 303 to a page that answers 200; an error → 4xx with the typed value`, async () => {
      const spec = VALID[key]!;
      const code = await newCase();
      for (const p of spec.prepare ?? []) {
        const pre: { as: Who; form: Record<string, string> | (() => Record<string, string>) } =
          p === 'correctionEarly'
            ? {
                as: 'officer' as Who,
                form: { on: '2024-03-04', items: '请写明文号', correctionDue: '2024-03-12' },
              }
            : p === 'appealRedo'
              ? {
                  as: 'officer' as Who,
                  form: { appeal: 'FIRST_APPEAL', on: '2024-03-12', result: 'corrected', redo: 'yes' },
                }
              : VALID[p]!;
        let form: Record<string, string> = typeof pre.form === 'function' ? pre.form() : pre.form;
        if (form.appeal === 'FIRST_APPEAL') {
          const page = await (await t.request(`/staff/cases/${code}`, { as: 'officer' })).text();
          form = { ...form, appeal: /name="appeal"[^>]*>\s*<option value="(\d+)"/.exec(page)![1]! };
        }
        const action = p === 'correctionEarly' ? 'correction' : p === 'appealRedo' ? 'appealDecide' : p;
        const r = await t.request(`/staff/cases/${code}/do/${action}`, {
          as: pre.as,
          form,
        });
        expect(r.status, `prepare ${p}`).toBe(303);
      }
      let form = spec.form();
      if (form.appeal === 'FIRST_APPEAL') {
        const page = await (await t.request(`/staff/cases/${code}`, { as: 'officer' })).text();
        form = { ...form, appeal: /name="appeal"[^>]*>\s*<option value="(\d+)"/.exec(page)![1]! };
      }
      const ok = await t.request(`/staff/cases/${code}/do/${key}`, { as: spec.as, form });
      const body = ok.status === 303 ? '' : await ok.text();
      expect(ok.status, body.match(/class="error-box"[^>]*>([^<]+)/)?.[1] ?? body.slice(0, 200)).toBe(303);
      const next = await t.request(ok.headers.get('location')!, { as: spec.as });
      expect(next.status).toBe(200);
      // An error: a field made invalid (a date that is not a date, or an empty required one).
      const typed = '不是日期';
      const broken = Object.fromEntries(
        Object.entries(form).map(([k, v]) => [
          k,
          k === 'on' ? typed : k === 'officer' || k === 'appeal' ? 'x' : v,
        ]),
      );
      const code2 = await newCase();
      const err = await t.request(`/staff/cases/${code2}/do/${key}`, { as: spec.as, form: broken });
      expect(err.status).toBeGreaterThanOrEqual(400);
      expect(err.status).toBeLessThan(500);
      const html = await err.text();
      expect(html).toContain('<form');
      if ('on' in form && err.status === 400) expect(html).toContain(typed);
    }, 60_000);
});

// Last: it posts /logout too, which ends the sessions the other tests share.
describe('every POST route', () => {
  it('answers a redirect or an error, never a 200 page (except the listed views)', async () => {
    const code = await newCase();
    const posts = [...new Set(t.app.routes.filter((r) => r.method === 'POST').map((r) => r.path))];
    expect(posts.length).toBeGreaterThan(15);
    const fill = (p: string) =>
      p
        .replace(':code', code)
        .replace(':agencyId', String(t.agency.A))
        .replace(':year', '2024')
        .replace(/:[a-zA-Z]+(\{[^}]*\})?/g, '1');
    const bad: string[] = [];
    for (const path of posts) {
      if (PAGE_BY_DESIGN[`POST ${path}`]) continue;
      for (const who of ['officer', 'approver', 'supervisor', 'administrator', null] as (Who | null)[]) {
        const r = await t.request(fill(path), { as: who, method: 'POST', form: {} });
        if (r.status < 300 || r.status >= 500) bad.push(`${who ?? 'anonymous'} POST ${path} → ${r.status}`);
      }
    }
    expect(bad).toEqual([]);
  }, 180_000);
});

describe('a form whose session ended', () => {
  it('leads to login and back to the case action’s preview with what was typed', async () => {
    const code = await newCase();
    // No session (it expired): the form's token no longer matches.
    const r = await t.request(`/staff/cases/${code}/do/note`, {
      as: null,
      form: { on: '2024-03-05', text: '已电话告知申请人补正要求' },
      csrf: false,
    });
    expect(r.status).toBe(403);
    const html = await r.text();
    expect(html).toContain('重新登录并返回表单');
    const href = /href="(\/login\?next=[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const next = new URL(href, 'http://x').searchParams.get('next')!;
    expect(next).toBe(
      `/staff/cases/${code}/preview/note?${new URLSearchParams({ on: '2024-03-05', text: '已电话告知申请人补正要求' })}`,
    );
    // Signed in again, that address is the preview with the typed text, ready to confirm.
    // A session of its own: the route sweep above may have ended the shared one (a POST to /logout, say).
    const fresh = await t.session('officer');
    const back = await t.app.request(next, { headers: { cookie: fresh.cookie } });
    expect(back.status).toBe(200);
    expect(await back.text()).toContain('已电话告知申请人补正要求');
  });
});

describe('the intake and application forms whose session or token ended', () => {
  const typed = {
    agencyId: '',
    applicantType: 'naturalPerson',
    name: '王五',
    idNumber: '11010519491231002X',
    phone: '13812345678',
    description: '甲镇2023年道路养护合同的签订情况，请提供合同文本',
  };

  it('the staff intake form comes back after login, filled, without the ID number in the address', async () => {
    const r = await t.request('/staff/intake', { as: null, form: typed, csrf: false });
    expect(r.status).toBe(403);
    const html = await r.text();
    expect(html).toContain('重新登录并返回表单');
    const href = /href="(\/login\?next=[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const next = new URL(href, 'http://x').searchParams.get('next')!;
    expect(next).toMatch(/^\/staff\/intake\?draft=[A-Za-z0-9_-]{20,40}$/);
    expect(href).not.toContain('11010519491231002X');
    const fresh = await t.session('officer');
    const back = await (await t.app.request(next, { headers: { cookie: fresh.cookie } })).text();
    expect(back).toContain('甲镇2023年道路养护合同的签订情况，请提供合同文本');
    expect(back).toContain('value="11010519491231002X"');
    // One-time: the same address a second time gives the empty form.
    const again = await (await t.app.request(next, { headers: { cookie: fresh.cookie } })).text();
    expect(again).not.toContain('甲镇2023年道路养护合同的签订情况');
  });

  it('/apply without its cookie leads back to the filled form (no login for a citizen)', async () => {
    const r = await t.app.request('/apply', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...typed, formToken: 'x'.repeat(24), _csrf: 'stale' }).toString(),
    });
    expect(r.status).toBe(403);
    const html = await r.text();
    expect(html).toContain('返回表单继续');
    const back = /href="(\/apply\?draft=[^"]+)"/.exec(html)![1]!;
    const form = await (await t.app.request(back)).text();
    expect(form).toContain('甲镇2023年道路养护合同的签订情况，请提供合同文本');
    expect(form).toContain('value="王五"');
  });
});
