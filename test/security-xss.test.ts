// Script injection, beyond test/web-xss.test.ts (the citizen's form, the officer's note and reply, uploaded
// reports): a payload in every other text a user can enter — the staff intake form, an agency's name (admin), a
// catalogue matter, a publishing item's column and channel, a consultation opinion's category, a report section
// template, and the query strings pages echo back — is shown escaped wherever it appears: the pages, the 答复书
// DOCX and the published report's DOCX (the payload is text inside <w:t>, never markup).

import { eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../src/db/schema/cases.ts';
import { users } from '../src/db/schema/users.ts';
import { addMatter } from '../src/publishing/catalogue.ts';
import { addOpinion, classifyOpinion, openConsultation } from '../src/publishing/consultations.ts';
import { createItem, reviewItem } from '../src/publishing/items.ts';
import { audit } from '../src/web/audit.ts';
import { createSession } from '../src/web/auth/sessions.ts';
import { caseCodeOf, openWebTest, PERSON, templateForm, type WebTest } from './support/web.ts';
import { ESCAPED, P, payloadApplication, safe } from './support/xss.ts';

/** For fields of at most 50 characters (channels). */
const SHORT = '<img src=x onerror=alert(1)>';
/** In an attribute value hono/jsx escapes the same five characters. */
const ATTR_BREAK = '"><script>alert(1)</script>';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
});
afterAll(async () => t?.close());

/** The DOCX carries the payload as the text of a run, escaped as XML, never as markup. */
async function docxSafe(bytes: ArrayBuffer, where: string) {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  expect(xml.includes('<script'), `${where}: raw <script> in document.xml`).toBe(false);
  expect(xml.includes('<img'), `${where}: raw <img> in document.xml`).toBe(false);
  expect(xml, `${where}: payload as the text of a w:t`).toMatch(/<w:t(?: [^>]*)?>[^<]*&lt;script&gt;alert/);
  return xml;
}

const html = async (path: string, as: Parameters<WebTest['request']>[1]) => {
  const r = await t.request(path, as);
  return { status: r.status, text: await r.text() };
};

describe('echoed query strings', () => {
  it.each([
    ['track code', `/track?code=${encodeURIComponent(P)}`, null, '&lt;script&gt;alert(&quot;x&quot;)'],
    ['catalogue search', `/catalogue?q=${encodeURIComponent(P)}`, null, ESCAPED],
    [
      'case list search',
      `/staff/cases?words=${encodeURIComponent(P)}&applicant=${encodeURIComponent(P)}`,
      'officer',
      '&lt;script&gt;alert',
    ],
    [
      'login next (attribute)',
      `/login?next=${encodeURIComponent(`/x${ATTR_BREAK}`)}`,
      null,
      '/x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;',
    ],
  ] as const)('%s is echoed escaped', async (where, path, as, echoed) => {
    const r = await html(path, { as });
    safe(r.text, where);
    expect(r.text.includes('<script>alert(1)'), `${where}: attribute broken out of`).toBe(false);
    expect(r.text).toContain(echoed);
  });

  it('the username echoed by a failed login is escaped', async () => {
    const r = await t.request('/login', { form: { username: P, password: 'wrong-password-1' } });
    expect(r.status).toBe(401);
    const text = await r.text();
    safe(text, 'login');
    expect(text).toContain(ESCAPED);
  });
});

describe('staff intake', () => {
  let code = '';
  it('echoes every field escaped when validation fails', async () => {
    const r = await t.request('/staff/intake', {
      as: 'officer',
      form: {
        ...payloadApplication(t.agency.A),
        channel: 'email',
        receivedOn: P,
        arrivedOn: P,
        confirmation: P,
      },
    });
    expect(r.status).toBe(400);
    const text = await r.text();
    safe(text, 'intake (400)');
    expect(text.split(ESCAPED).length - 1).toBeGreaterThanOrEqual(7);
  });

  it('registers an application whose free text carries the payload; case page and list show it escaped', async () => {
    const r = await t.request('/staff/intake', {
      as: 'officer',
      form: {
        ...payloadApplication(t.agency.A),
        // A valid 统一社会信用代码 and phone, so that the application is registered.
        idNumber: '91350100M000100Y43',
        phone: '13812345678',
        email: '',
        channel: 'fax',
        receivedOn: '2024-03-14',
        arrivedOn: '',
        confirmation: P,
      },
    });
    expect(r.status).toBe(303);
    code = caseCodeOf(r);
    for (const path of [`/staff/cases/${code}`, '/staff/cases', '/staff']) {
      const page = await html(path, { as: 'officer' });
      expect(page.status).toBe(200);
      safe(page.text, path);
    }
    expect((await html(`/staff/cases/${code}`, { as: 'officer' })).text).toContain(ESCAPED);
  });

  it('the 答复书 keeps the applicant’s name and address as text', async () => {
    const r = await t.request(`/staff/cases/${code}/do/reply`, {
      as: 'officer',
      form: { on: '2024-03-15', outcome: 'granted', legalBasis: '', note: '' },
    });
    expect(r.status).toBe(303);
    const page = (await html(`/staff/cases/${code}`, { as: 'officer' })).text;
    const href = /href="([^"]+\/letters\/\d+\.docx)"/.exec(page)![1]!;
    const docx = await t.request(href, { as: 'officer' });
    expect(docx.status).toBe(200);
    await docxSafe(await docx.arrayBuffer(), '答复书');
  });
});

describe('an agency named with the payload', () => {
  let agencyId = 0;
  let cookie = '';

  it('is created by the administrator and listed escaped on the admin page and the public form', async () => {
    const r = await t.request('/admin/agencies', {
      as: 'administrator',
      form: { name: P, code: 'xss-agency', parentId: String(t.agency.R), level: 'agency', kind: 'township' },
    });
    expect(r.status).toBe(303);
    const admin = await html('/admin', { as: 'administrator' });
    safe(admin.text, 'admin');
    expect(admin.text).toContain(ESCAPED);
    const apply = await html('/apply', { as: null });
    safe(apply.text, 'apply form');
    expect(apply.text).toContain(ESCAPED);
    agencyId = Number(/<option value="(\d+)"[^>]*>&lt;script/.exec(apply.text)![1]);
  });

  it('its staff see it escaped in the console frame, the case page and the 答复书', async () => {
    const [u] = await t.handle.db
      .insert(users)
      .values({
        agencyId,
        username: 'xss-officer',
        displayName: P,
        passwordHash: 'x',
        roles: ['officer'],
      })
      .returning({ id: users.id });
    await audit(t.handle.db, {
      actor: 'test',
      action: 'user.password.changed',
      entity: 'user',
      entityId: u!.id,
    });
    const s = await createSession(t.handle.db, u!.id, {
      now: t.deps.now(),
      idleMs: t.deps.options.sessionIdleMs,
      maxMs: t.deps.options.sessionMaxMs,
    });
    cookie = `gk_session=${s.token}`;
    const dash = await t.app.request('/staff', { headers: { cookie } });
    expect(dash.status).toBe(200);
    safe(await dash.text(), 'staff dashboard of the agency');

    const apply = await t.request('/apply', {
      form: {
        ...PERSON,
        agencyId: String(agencyId),
        name: '张三',
        address: '测试路1号',
        description: '某项信息',
        // The form's one-time token (a resubmission registers nothing twice).
        formToken: 'xss-agency-form-token-0001',
      },
    });
    expect(apply.status).toBe(303);
    const tracking = decodeURIComponent(apply.headers.get('location')!.split('/').pop()!);
    // The receipt names the applicant's 查询码; the officer works with the internal case number.
    const [row] = await t.handle.db
      .select({ code: cases.code })
      .from(cases)
      .where(eq(cases.trackingCode, tracking));
    const code = row!.code;
    const receipt = await html(`/apply/receipt/${tracking}`, { as: null });
    safe(receipt.text, 'receipt');
    expect(receipt.text).toContain(ESCAPED);
    // The CSRF token of this session, from its own page.
    const casePage = await (await t.app.request(`/staff/cases/${code}`, { headers: { cookie } })).text();
    safe(casePage, 'case page');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(casePage)![1]!;
    const reply = await t.app.request(`/staff/cases/${code}/do/reply`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        on: '2024-03-15',
        outcome: 'granted',
        legalBasis: '',
        note: '',
        _csrf: csrf,
      }).toString(),
    });
    expect(reply.status).toBe(303);
    const after = await (await t.app.request(`/staff/cases/${code}`, { headers: { cookie } })).text();
    const href = /href="([^"]+\/letters\/\d+\.docx)"/.exec(after)![1]!;
    const docx = await t.app.request(href, { headers: { cookie } });
    await docxSafe(await docx.arrayBuffer(), '答复书 of the agency');
  });

  it('the supervisor’s board lists it escaped', async () => {
    const board = await html('/supervise', { as: 'supervisor' });
    expect(board.status).toBe(200);
    safe(board.text, 'board');
    expect(board.text).toContain(ESCAPED);
  });
});

describe('主动公开 registers and the annual report built from them', () => {
  const ctx = (roles: ('officer' | 'reviewer' | 'approver')[], actor = 'user:zhang') => ({
    actor,
    roles,
    today: '2024-03-15',
  });

  beforeAll(async () => {
    const db = t.handle.db;
    await addMatter(
      db,
      {
        agency: t.agency.A,
        domain: P,
        name: P,
        content: P,
        basis: P,
        timeLimit: P,
        subject: P,
        channels: [SHORT],
        mode: 'proactive',
        category: P,
      },
      { actor: 'user:test' },
    );
    const item = await createItem(
      db,
      { agency: t.agency.A, title: P, category: P, channels: [SHORT], formedOn: '2023-03-01', body: P },
      ctx(['officer']),
    );
    // The review chain: the drafter submits, a colleague checks, then 保密审查 and the leader (each a different person).
    for (const [action, roles, actor] of [
      ['submit', ['officer'], 'user:zhang'],
      ['pass', ['officer'], 'user:li'],
      ['pass', ['reviewer'], 'user:wang'],
      ['pass', ['approver'], 'user:zhao'],
    ] as const)
      await reviewItem(db, item.id, { action }, ctx([...roles], actor));
    await reviewItem(db, item.id, { action: 'publish', publishedOn: '2023-03-05' }, ctx(['officer']));
    const c = await openConsultation(
      db,
      { agency: t.agency.A, title: P, description: P, opensOn: '2023-04-01', closesOn: '2023-04-30' },
      ctx(['officer']),
    );
    const o = await addOpinion(
      db,
      c.id,
      { receivedOn: '2023-04-02', content: P, author: P, channel: SHORT, category: null },
      ctx(['officer']),
    );
    await classifyOpinion(db, o.id, P, ctx(['officer']));
  });

  it('the public catalogue shows every field of the matter escaped, listed and searched', async () => {
    for (const path of ['/catalogue', `/catalogue?q=${encodeURIComponent('onerror')}`]) {
      const page = await html(path, { as: null });
      expect(page.status).toBe(200);
      safe(page.text, path);
      expect(page.text).toContain(ESCAPED);
    }
  });

  let reportId = '';
  it('the report builder quotes the column, channel and opinion category escaped, and a section template too', async () => {
    const base = `/staff/agencies/${t.agency.A}/report/2023`;
    const built = await html(base, { as: 'approver' });
    expect(built.status).toBe(200);
    safe(built.text, 'builder');
    expect(built.text).toContain(ESCAPED);
    const save = await t.request(`${base}/save`, { as: 'approver', form: { 'template.problems': P } });
    expect(save.status).toBe(303);
    safe((await html(base, { as: 'approver' })).text, 'builder after save');
    // 表二's statistics, then the templates with their 【请填写…】 prompts answered, as an approver publishes.
    const stats = await t.request(`${base}/statistics`, {
      as: 'officer',
      form: {
        't2.licensing.decisions': '1',
        't2.penalty.decisions': '0',
        't2.coercion.decisions': '0',
        't2.fees.amount': '0',
      },
    });
    expect(stats.status).toBe(303);
    const before = (await html(base, { as: 'approver' })).text;
    const form = templateForm(before);
    expect(form['template.problems']).toBe(P);
    // The editor saves the text and asks for confirmation; the confirmation page's form publishes.
    const ask = await t.request(`${base}/publish/confirm`, { as: 'approver', form });
    expect(ask.status).toBe(200);
    safe(await ask.text(), 'publish confirmation');
    const pub = await t.request(`${base}/publish`, {
      as: 'approver',
      form: { confirm: '1', understood: '1' },
    });
    const problem = /class="error-box" role="alert">([^<]*)/.exec(await pub.clone().text())?.[1];
    expect(pub.status, problem).toBe(303);
    const list = await html('/reports?year=2023', { as: null });
    reportId = /href="\/reports\/(\d+)"/.exec(list.text)![1]!;
  });

  it('the published report page and its DOCX carry them as text', async () => {
    const page = await html(`/reports/${reportId}`, { as: null });
    expect(page.status).toBe(200);
    safe(page.text, 'published report');
    expect(page.text).toContain(ESCAPED);
    const docx = await t.request(`/reports/${reportId}/docx`);
    expect(docx.status).toBe(200);
    await docxSafe(await docx.arrayBuffer(), 'report DOCX');
  });
});
