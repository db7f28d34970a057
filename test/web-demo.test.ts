// The demo: a 区 with its 街道/镇, the five seed reports as published reports, demo accounts and a year of cases
// that went through the case use cases — compiled, they satisfy every 表三/表四 identity. Loading twice adds nothing.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileYear } from '../src/cases/compile.ts';
import { queryRows } from '../src/db/query.ts';
import { agencies } from '../src/db/schema/agencies.ts';
import { publishingItems } from '../src/db/schema/publishing.ts';
import { users } from '../src/db/schema/users.ts';
import { type DemoResult, loadDemo } from '../src/demo/load.ts';
import { checkReport } from '../src/domain/rules/index.ts';
import { audit } from '../src/web/audit.ts';
import { createSession } from '../src/web/auth/sessions.ts';
import { csrfTokenOf } from '../src/web/middleware/csrf.ts';
import { openWebTest, TODAY, type WebTest } from './support/web.ts';

let t: WebTest;
let first: DemoResult;
beforeAll(async () => {
  t = await openWebTest();
  first = await loadDemo(t.handle, { actor: 'test', today: TODAY, calendar: await t.deps.calendar() });
}, 120_000);
afterAll(async () => t?.close());

const count = async (q: string) => (await queryRows<{ n: number }>(t.handle.db, sql.raw(q)))[0]!.n;

describe('demo data', () => {
  it('creates the 区, its units and a department', () => {
    expect(first.agencies).toBe(7);
  });

  it('collects the five seed reports as published reports of their agencies', () => {
    expect(first.reports.map((r) => r.outcome)).toEqual([
      'collected',
      'collected',
      'collected',
      'collected',
      'collected',
    ]);
    expect(first.reports.every((r) => r.agencyMatched)).toBe(true);
  });

  it('issues one-time passwords for the demo accounts', () => {
    expect(first.users.map((u) => u.username)).toEqual([
      'demo-officer',
      'demo-officer2',
      'demo-reviewer',
      'demo-approver',
      'demo-supervisor',
    ]);
  });

  it('records a year of cases through the use cases, with letters and appeals', async () => {
    expect(first.cases).toBeGreaterThan(30);
    expect(await count('select count(*)::int as n from case_events')).toBeGreaterThan(first.cases * 2);
    expect(await count('select count(*)::int as n from letters')).toBeGreaterThan(10);
    expect(await count('select count(*)::int as n from appeals')).toBeGreaterThan(0);
  });

  it('compiles to tables that satisfy every identity', async () => {
    const [pgz] = await t.handle.db.select().from(agencies).where(eq(agencies.code, 'demo-pgz'));
    for (const year of [2023, 2024]) {
      const { report } = await compileYear(t.handle.db, { agency: pgz!.id, year });
      const identity = checkReport(report).filter(
        (f) => f.rule.startsWith('identity') && f.severity === 'error',
      );
      expect(identity, `${year}`).toEqual([]);
    }
  });

  it('publishes 主动公开 items through the review chain: the catalogue links them and a search for 规划 finds them', async () => {
    expect(await count("select count(*)::int as n from publishing_items where state = 'published'")).toBe(2);
    expect(await count("select count(*)::int as n from publishing_items where state = 'secrecy'")).toBe(1);
    const html = await (await t.request(`/catalogue?q=${encodeURIComponent('规划')}`)).text();
    expect(html).toContain('镇村规划');
    expect(html).toContain('庞各庄镇国土空间规划（2021—2035年）草案公示');
    // The unpublished adjustment is not public.
    expect(html).not.toContain('西瓜小镇村庄规划调整方案');
  });

  it('two officers: the demo draft goes 审核 → 保密审查 → 审批 → 发布 with demo users over HTTP', async () => {
    // The author (demo-officer) may not pass their own item's 审核; the second officer of the same 镇 can.
    const [pgz] = await t.handle.db.select().from(agencies).where(eq(agencies.code, 'demo-pgz'));
    const people = await t.handle.db.select().from(users);
    const second = people.find((u) => u.username === 'demo-officer2')!;
    expect(second).toMatchObject({ agencyId: pgz!.id, roles: ['officer'] });
    expect(second.displayName).not.toBe(people.find((u) => u.username === 'demo-officer')!.displayName);
    const [draft] = await t.handle.db
      .select()
      .from(publishingItems)
      .where(eq(publishingItems.title, '农村道路建设项目竣工验收信息'));
    expect(draft).toMatchObject({ state: 'draft', author: 'user:demo-officer' });
    // Signed in as a demo user: the one-time password counts as changed (sessions.ts sends them to change it first).
    const as = async (username: string) => {
      const u = people.find((p) => p.username === username)!;
      await audit(t.handle.db, {
        actor: 'test',
        action: 'user.password.changed',
        entity: 'user',
        entityId: u.id,
      });
      const { token, session } = await createSession(t.handle.db, u.id, {
        now: t.deps.now(),
        idleMs: t.deps.options.sessionIdleMs,
        maxMs: t.deps.options.sessionMaxMs,
      });
      return { cookie: `gk_session=${token}`, csrf: csrfTokenOf(session.csrfSecret) };
    };
    const step = async (username: string, action: string) => {
      const s = await as(username);
      const r = await t.app.request(`/staff/publishing/items/${draft!.id}/step`, {
        method: 'POST',
        headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ action, _csrf: s.csrf }).toString(),
      });
      return r;
    };
    expect((await step('demo-officer', 'submit')).status).toBe(303);
    // Four eyes: the author's own 审核 is refused, with the reason on the page.
    const own = await step('demo-officer', 'pass');
    expect(own.status).toBe(403);
    expect(await own.text()).toContain('起草人不能审核自己起草的信息');
    for (const [who, action] of [
      ['demo-officer2', 'pass'],
      ['demo-reviewer', 'pass'],
      ['demo-approver', 'pass'],
      ['demo-officer', 'publish'],
    ] as const)
      expect((await step(who, action)).status, `${who} ${action}`).toBe(303);
    const [after] = await t.handle.db.select().from(publishingItems).where(eq(publishingItems.id, draft!.id));
    expect(after!.state).toBe('published');
  });

  it('loading again adds nothing', async () => {
    const again = await loadDemo(t.handle, {
      actor: 'test',
      today: TODAY,
      calendar: await t.deps.calendar(),
    });
    expect(again.agencies).toBe(0);
    expect(again.reports.map((r) => r.outcome)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(again.users).toEqual([]);
    expect(again.cases).toBe(0);
    expect(await count('select count(*)::int as n from publishing_items')).toBe(4);
  });

  it('says where it looked when the sample reports are not there (a clone without ../shared)', async () => {
    const again = await loadDemo(t.handle, {
      actor: 'test',
      today: TODAY,
      calendar: await t.deps.calendar(),
      seedsDir: '/nonexistent/seeds',
    });
    expect(again.reports).toEqual([]);
    expect(again.seedsMissing).toBe('/nonexistent/seeds');
    expect(first.seedsMissing).toBeUndefined();
  });

  it('the administrator’s button loads it too (idempotently) and says so', async () => {
    const r = await t.request('/admin/demo', { as: 'administrator', form: {} });
    expect(r.status).toBe(303);
    expect(await (await t.request(r.headers.get('location')!, { as: 'administrator' })).text()).toContain(
      '演示数据已载入',
    );
  });
});
