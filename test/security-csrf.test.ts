// CSRF: every state-changing route of the app, enumerated from the app's own route table (so a route added later
// is covered without editing this file), refuses a request without a valid token — whoever sends it, whatever the
// body's type — with 403 and the Chinese "表单已失效" page, and changes nothing. A token of another session and a
// cross-site Origin are refused too. (test/web-auth.test.ts checks /login; this extends it to every route.)
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/query.ts';
import { collectFile } from '../src/web/reports/upload.ts';
import { seed } from './support/seeds.ts';
import { intakeTestCase, openWebTest, type WebTest, type Who } from './support/web.ts';

let t: WebTest;
let code = '';
let reportId = 0;

beforeAll(async () => {
  t = await openWebTest();
  code = (await intakeTestCase(t)).code;
  const r = await collectFile(
    t.handle.db,
    { name: 'B.txt', bytes: readFileSync(seed('000').file) },
    { maxFileBytes: 1 << 20, actor: 'test', agencyId: t.agency.B },
  );
  reportId = r.reportId!;
  // Sessions first, so that the counts below see only what the refused requests might have done.
  for (const who of WHO) if (who) await sessionOf(who);
  await sessionOf('supervisor');
});
afterAll(async () => t?.close());

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The concrete path of a route pattern, with a record of the right agency for each parameter. */
function concrete(path: string): string {
  return path
    .replace(':code', encodeURIComponent(code))
    .replace(':agencyId', String(t.agency.A))
    .replace(':year', '2023')
    .replace(':reportId', String(reportId))
    .replace(':id', String(t.userId.officer))
    .replace(':key', 't3.received.total')
    .replace(':chart', 'outcomes.svg');
}

/** Every (method, path) the app answers that may change state. */
function unsafeRoutes(): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of t.app.routes)
    if (r.method !== 'ALL' && !SAFE.has(r.method)) seen.set(`${r.method} ${r.path}`, r);
  return [...seen.values()];
}

const WHO: readonly (Who | null)[] = [null, 'officer', 'approver', 'supervisor', 'administrator'];
const STALE = '表单已过期或来源无法确认';

async function counts() {
  const [r] = await queryRows<{ audit: number; cases: number; events: number; sessions: number }>(
    t.handle.db,
    sql`select (select count(*)::int from audit_log) as audit, (select count(*)::int from cases) as cases,
               (select count(*)::int from case_events) as events, (select count(*)::int from sessions) as sessions`,
  );
  return r;
}

async function send(
  who: Who | null,
  method: string,
  path: string,
  body: { type: 'form' | 'multipart' | 'json' | 'none'; token?: string | null; origin?: string },
): Promise<Response> {
  const s = who
    ? await sessionOf(who)
    : { cookie: 'gk_csrf=anonymous-test-token-0123456789', csrf: 'anonymous-test-token-0123456789' };
  const headers: Record<string, string> = { cookie: s.cookie };
  if (body.origin) headers.origin = body.origin;
  const token = body.token === undefined ? undefined : body.token === null ? s.csrf : body.token;
  let payload: BodyInit | undefined;
  const fields: Record<string, string> = { on: '2024-03-15', text: 'x', name: 'x' };
  if (token !== undefined) fields._csrf = token;
  if (body.type === 'form') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(fields).toString();
  } else if (body.type === 'multipart') {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    f.append('files', new File(['x'], 'x.txt'));
    payload = f;
  } else if (body.type === 'json') {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(fields);
  }
  return t.app.request(`http://localhost${path}`, { method, headers, body: payload });
}

const sessions = new Map<Who, { cookie: string; csrf: string }>();
async function sessionOf(who: Who) {
  if (!sessions.has(who)) sessions.set(who, await t.session(who));
  return sessions.get(who)!;
}

describe('every state-changing route', () => {
  it('the route table has the state-changing routes this test walks (POST forms of every console)', () => {
    const routes = unsafeRoutes().map((r) => `${r.method} ${r.path}`);
    // The case actions' previews are GETs (they save nothing); their saves are POSTs.
    expect(routes.length).toBeGreaterThanOrEqual(30);
    for (const r of ['POST /apply', 'POST /login', 'POST /logout', 'POST /staff/intake', 'POST /admin/users'])
      expect(routes).toContain(r);
  });

  it('refuses a form without a token, for every user, with 403 and nothing changed', async () => {
    const before = await counts();
    const wrong: string[] = [];
    for (const { method, path } of unsafeRoutes())
      for (const who of WHO)
        for (const type of ['form', 'multipart', 'json', 'none'] as const) {
          const r = await send(who, method, concrete(path), { type });
          const text = await r.text();
          if (r.status !== 403 || !text.includes(STALE))
            wrong.push(`${method} ${path} as ${who ?? 'anonymous'} (${type}): ${r.status}`);
        }
    expect(wrong).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a wrong token and the token of another user’s session', async () => {
    const before = await counts();
    const other = (await sessionOf('supervisor')).csrf;
    const wrong: string[] = [];
    for (const { method, path } of unsafeRoutes())
      for (const token of ['forged-token-0123456789abcdef', other]) {
        const r = await send('officer', method, concrete(path), { type: 'form', token });
        if (r.status !== 403 || !(await r.text()).includes(STALE))
          wrong.push(`${method} ${path}: ${r.status}`);
      }
    expect(wrong).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a cross-site Origin even with the right token', async () => {
    const before = await counts();
    const wrong: string[] = [];
    for (const { method, path } of unsafeRoutes())
      for (const who of WHO) {
        const r = await send(who, method, concrete(path), {
          type: 'form',
          token: null,
          origin: 'https://evil.example',
        });
        if (r.status !== 403 || !(await r.text()).includes(STALE))
          wrong.push(`${method} ${path} as ${who ?? 'anonymous'}: ${r.status}`);
      }
    expect(wrong).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('methods the app has no route for are refused the same way (no method override around the check)', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE'])
      for (const path of ['/apply', `/staff/cases/${code}/do/note`, '/admin/users']) {
        const r = await send('administrator', method, path, { type: 'form' });
        expect(r.status, `${method} ${path}`).toBe(403);
      }
  });

  it('control: with the session’s own token the same request gets past the check', async () => {
    // Past the check, the note is saved and the answer redirects (POST → redirect → GET).
    const r = await send('officer', 'POST', `/staff/cases/${code}/do/note`, {
      type: 'form',
      token: null,
    });
    expect(r.status).toBe(303);
    const m = await send('officer', 'POST', `/staff/cases/${code}/do/note`, {
      type: 'multipart',
      token: null,
    });
    expect(m.status).toBe(303);
  });
});

describe('the token a page carries (BREACH, ADR 0008)', () => {
  const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

  it('is masked afresh in every response, never the token itself, and each masked copy is accepted', async () => {
    const s = await sessionOf('officer');
    const page = async () => (await t.app.request('/staff/intake', { headers: { cookie: s.cookie } })).text();
    const [a, b] = [tokenIn(await page()), tokenIn(await page())];
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
    for (const html of [await page(), await page()]) expect(html).not.toContain(s.csrf);
    for (const token of [a!, b!]) {
      const r = await send('officer', 'POST', `/staff/cases/${code}/do/note`, { type: 'form', token });
      expect(r.status).toBe(303);
    }
  });

  it('refuses a masked token with one character changed, and another session’s masked token', async () => {
    const mine = tokenIn(
      await (
        await t.app.request('/staff/intake', { headers: { cookie: (await sessionOf('officer')).cookie } })
      ).text(),
    )!;
    const theirs = tokenIn(
      await (
        await t.app.request('/staff/intake', { headers: { cookie: (await sessionOf('approver')).cookie } })
      ).text(),
    )!;
    const flipped = `${mine.slice(0, 10)}${mine[10] === 'A' ? 'B' : 'A'}${mine.slice(11)}`;
    for (const token of [flipped, theirs]) {
      const r = await send('officer', 'POST', `/staff/cases/${code}/do/note`, { type: 'form', token });
      expect(r.status).toBe(403);
    }
  });
});
