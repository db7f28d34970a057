// The staff case list and dashboard served from memory, and sessions looked up from memory (issue 18): what an
// officer sees is never older than the database — after a write of this process (intake, reply, withdrawal, seen on
// the very next request), after a write that did not go through this server (another connection: another server
// process or the CLI, told by NOTIFY), after midnight — a revoked session is refused at once, one agency never sees
// another's cached page, and nothing is served from memory while the change listener is gone.
// Runs on PGlite and, under scripts/with-postgres.sh, on PostgreSQL (there the other writer is a second connection
// pool on the same database, as a second server process or the CLI would be).
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deactivateUser } from '../src/admin/users.ts';
import { intakeCase } from '../src/cases/intake.ts';
import type { DatabaseHandle, Db } from '../src/db/handle.ts';
import { openDatabase } from '../src/db/open.ts';
import { queryRows } from '../src/db/query.ts';
import { sessions } from '../src/db/schema/sessions.ts';
import { users } from '../src/db/schema/users.ts';
import type { Role } from '../src/db/schema/vocabulary.ts';
import { createApp } from '../src/web/app.tsx';
import { audit } from '../src/web/audit.ts';
import { hashPassword } from '../src/web/auth/passwords.ts';
import { createSession } from '../src/web/auth/sessions.ts';
import { pageCacheStats } from '../src/web/cases/page-cache.ts';
import { changeFeedOf } from '../src/web/change-feed.ts';
import { csrfTokenOf } from '../src/web/middleware/csrf.ts';
import { caseCodeOf, intakeForm, openWebTest, TEST_PASSWORD, TODAY, type WebTest } from './support/web.ts';

let t: WebTest;
/** The other writer: a second connection pool on PostgreSQL; on PGlite (one process only) the same database
 *  written directly, not through a request of the app — so only the change notification can tell the caches. */
let other: DatabaseHandle;
const onPostgres = !!process.env.DATABASE_URL;

beforeAll(async () => {
  t = await openWebTest();
  if (onPostgres) {
    const url = (t.handle.db as unknown as { $client: { options: { connectionString: string } } }).$client
      .options.connectionString;
    other = await openDatabase({ url });
  } else other = t.handle;
  await changeFeedOf(t.handle).started();
  expect(changeFeedOf(t.handle).live).toBe(true);
}, 120_000);
afterAll(async () => {
  if (onPostgres) await other?.close();
  await t?.close();
});

let serial = 0;
/** A case registered outside the app's requests. */
async function intakeElsewhere(agencyId: number, description: string): Promise<string> {
  serial++;
  const { code } = await intakeCase(
    other.db as Db,
    {
      agency: agencyId,
      applicant: { type: 'naturalPerson', name: `李${serial}`, idNumber: '', phone: '' },
      channel: 'inPerson',
      receivedOn: '2024-03-04',
      description,
    },
    { actor: 'cli:test', today: TODAY },
  );
  return code;
}

/** A request with an explicit cookie (sessions made by the test). */
const get = async (path: string, cookie: string, app = t.app) => app.request(path, { headers: { cookie } });
const post = (path: string, s: { cookie: string; csrf: string }, form: Record<string, string>) =>
  t.app.request(path, {
    method: 'POST',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form, _csrf: s.csrf }).toString(),
  });

/** NOTIFY from another connection arrives when it arrives: ask again until `ok`, at most ~30 s (no timing claim). */
async function eventually<T>(f: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let v = await f();
  for (let i = 0; i < 300 && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, 100));
    v = await f();
  }
  return v;
}

const list = async (as: 'officer' | 'reviewer' = 'officer') =>
  (await t.request('/staff/cases?status=all', { as })).text();
/** The table row of a case. */
const rowOf = (html: string, code: string) =>
  new RegExp(`<tr>(?:(?!</tr>).)*?>${code}</a>(?:(?!</tr>).)*</tr>`, 's').exec(html)?.[0];
const tile = (html: string, label: string) =>
  Number(new RegExp(`<h2>${label}</h2><div class="stat[^"]*">(\\d+)`).exec(html)?.[1]);

let userSerial = 0;
async function newUser(agencyId: number, roles: Role[]): Promise<{ id: number; username: string }> {
  const username = `cache-user-${++userSerial}`;
  const [u] = await t.handle.db
    .insert(users)
    .values({
      agencyId,
      username,
      displayName: `用户${userSerial}`,
      passwordHash: await hashPassword(TEST_PASSWORD),
      roles,
    })
    .returning({ id: users.id });
  await audit(t.handle.db, {
    actor: 'test',
    action: 'user.password.changed',
    entity: 'user',
    entityId: u!.id,
  });
  return { id: u!.id, username };
}
async function sessionOf(userId: number) {
  const { token, session } = await createSession(t.handle.db, userId, {
    now: t.deps.now(),
    idleMs: t.deps.options.sessionIdleMs,
    maxMs: t.deps.options.sessionMaxMs,
  });
  return { cookie: `gk_session=${token}`, csrf: csrfTokenOf(session.csrfSecret) };
}

describe('the case list and dashboard from memory', () => {
  let code = '';

  it('a repeated request is answered from memory', async () => {
    const first = await list();
    const hits = pageCacheStats.hits;
    expect(await list()).toBe(first);
    expect(pageCacheStats.hits).toBe(hits + 1);
  });

  it('shows a case registered by this process on the very next request, and the dashboard counts it', async () => {
    const before = await (await t.request('/staff', { as: 'officer' })).text();
    await list();
    const r = await t.request('/staff/intake', {
      as: 'officer',
      form: intakeForm(t, {
        channel: 'inPerson',
        receivedOn: '2024-03-01',
        description: '甲镇2023年道路维修工程的招标文件',
      }),
    });
    expect(r.status).toBe(303);
    code = caseCodeOf(r);
    expect(rowOf(await list(), code)).toContain('王**');
    const after = await (await t.request('/staff', { as: 'officer' })).text();
    expect(tile(after, '办理中')).toBe(tile(before, '办理中') + 1);
  });

  it('shows the reply on the next request after it is saved', async () => {
    expect(rowOf(await list(), code)).not.toContain('2024-03-14');
    const r = await t.request(`/staff/cases/${code}/do/reply`, {
      as: 'officer',
      form: { on: '2024-03-14', outcome: 'granted', legalBasis: '', note: '' },
    });
    expect(r.status).toBe(303);
    expect(rowOf(await list(), code)).toContain('2024-03-14');
  });

  it('shows a withdrawal on the next request', async () => {
    const r0 = await t.request('/staff/intake', {
      as: 'officer',
      form: intakeForm(t, {
        channel: 'inPerson',
        receivedOn: '2024-03-02',
        description: '甲镇2023年预算执行情况',
      }),
    });
    const withdrawn = caseCodeOf(r0);
    const open = await (await t.request('/staff/cases?status=open', { as: 'officer' })).text();
    expect(rowOf(open, withdrawn)).toBeDefined();
    const r = await t.request(`/staff/cases/${withdrawn}/do/withdraw`, {
      as: 'officer',
      form: { on: '2024-03-13', note: '' },
    });
    expect(r.status).toBe(303);
    const after = await (await t.request('/staff/cases?status=open', { as: 'officer' })).text();
    expect(rowOf(after, withdrawn)).toBeUndefined();
  });

  it('shows a case written by another connection (another server, the CLI), told by NOTIFY', async () => {
    const cached = await list('reviewer');
    expect(await list('reviewer')).toBe(cached);
    const dash = await (await t.request('/staff', { as: 'reviewer' })).text();
    const added = await intakeElsewhere(t.agency.A, '另一进程登记的申请');
    expect(
      rowOf(
        await eventually(
          () => list('reviewer'),
          (h) => h.includes(added),
        ),
        added,
      ),
    ).toBeDefined();
    const after = await eventually(
      async () => (await t.request('/staff', { as: 'reviewer' })).text(),
      (h) => tile(h, '办理中') === tile(dash, '办理中') + 1,
    );
    expect(tile(after, '办理中')).toBe(tile(dash, '办理中') + 1);
  });

  it('shows an applicant renamed by another connection', async () => {
    const added = await intakeElsewhere(t.agency.A, '申请人更名的申请');
    await eventually(
      () => list(),
      (h) => h.includes(added),
    );
    expect(rowOf(await list(), added)).toContain('李*');
    await other.db.execute(
      sql`update applicants set name = '某某有限公司', type = 'commercial'
           where id = (select applicant_id from cases where code = ${added})`,
    );
    await other.db.execute(sql`update cases set applicant_type = 'commercial' where code = ${added}`);
    const html = await eventually(
      () => list(),
      (h) => !!rowOf(h, added)?.includes('某某有限公司'),
    );
    expect(rowOf(html, added)).toContain('某某有限公司');
  });

  it('after midnight the same request counts from the new day (overdue, due soon)', async () => {
    const added = await intakeElsewhere(t.agency.A, '跨日期的申请');
    const [row] = await queryRows<{ due: string }>(
      t.handle.db,
      sql`select to_char(due_on, 'YYYY-MM-DD') as due from cases where code = ${added}`,
    );
    const due = row!.due;
    const dayAfter = new Date(Date.parse(`${due}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    let today = due;
    const app = createApp({ ...t.deps, today: () => today });
    const s = await t.session('officer');
    const read = async (path: string) => (await get(path, s.cookie, app)).text();
    const onDue = await eventually(
      () => read('/staff/cases?status=all'),
      (h) => h.includes(added),
    );
    expect(rowOf(onDue, added)).not.toContain('已逾期');
    const dashOnDue = await read('/staff');
    expect(dashOnDue.split('<h2>即将到期（3 个工作日内）</h2>')[1]!.split('<h2>等待')[0]).toContain(added);
    // Midnight: nothing was written, the clock moved.
    today = dayAfter;
    expect(rowOf(await read('/staff/cases?status=all'), added)).toContain('已逾期');
    const dashAfter = await read('/staff');
    expect(dashAfter.split('<h2>已逾期</h2>')[2]!.split('<h2>即将到期')[0]).toContain(added);
    // And the day before is still the day before (the date is part of the key, not a reset).
    today = due;
    expect(await read('/staff/cases?status=all')).toBe(onDue);
  });

  it('two agencies never see each other’s cached page, nor does a unit see its parent’s', async () => {
    const b = await newUser(t.agency.B, ['officer']);
    const sb = await sessionOf(b.id);
    const inB = await intakeElsewhere(t.agency.B, '乙街道的申请');
    const inA = await intakeElsewhere(t.agency.A, '甲镇的申请');
    const a = await eventually(
      () => list(),
      (h) => h.includes(inA),
    );
    expect(a).not.toContain(inB);
    // Same address, other scope: not a hit on A's page.
    const misses = pageCacheStats.misses;
    const pageB = await (await get('/staff/cases?status=all', sb.cookie)).text();
    expect(pageCacheStats.misses).toBe(misses + 1);
    expect(pageB).toContain(inB);
    expect(pageB).not.toContain(inA);
    expect(await (await get('/staff/cases?status=all', sb.cookie)).text()).toBe(pageB);
    expect(await list()).toBe(a);
    const dashA = await (await t.request('/staff', { as: 'officer' })).text();
    const dashB = await (await get('/staff', sb.cookie)).text();
    expect(dashB).not.toBe(dashA);
    expect(dashA).toContain('officer（测试区甲镇人民政府）');
    expect(dashB).toContain('用户');
    expect(dashB).not.toContain('officer（');
  });

  it('“my cases” is cached per user', async () => {
    const mine = await (await t.request('/staff/cases?status=all&mine=1', { as: 'officer' })).text();
    const others = await (await t.request('/staff/cases?status=all&mine=1', { as: 'reviewer' })).text();
    const o = await newUser(t.agency.A, ['officer']);
    const so = await sessionOf(o.id);
    const added = await intakeElsewhere(t.agency.A, '指派给新用户的申请');
    await other.db.execute(sql`update cases set assigned_to = ${o.id} where code = ${added}`);
    const hers = await eventually(
      async () => (await get('/staff/cases?status=all&mine=1', so.cookie)).text(),
      (h) => h.includes(added),
    );
    expect(hers).toContain(added);
    expect(await (await t.request('/staff/cases?status=all&mine=1', { as: 'officer' })).text()).not.toContain(
      added,
    );
    expect(mine).not.toContain(added);
    expect(others).not.toContain(added);
  });

  it('serves nothing from memory while the change listener is gone, and resumes once it is back', async () => {
    const feed = changeFeedOf(t.handle);
    await list();
    const hits = pageCacheStats.hits;
    await list();
    expect(pageCacheStats.hits).toBe(hits + 1);
    if (onPostgres) {
      // The listener's connection is killed, as a server restart or a network failure would.
      await other.db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity
             where datname = current_database() and query ilike 'LISTEN%' and pid <> pg_backend_pid()`,
      );
      await eventually(
        async () => feed.live,
        (live) => !live,
      );
    } else feed.simulateLoss();
    const lost = pageCacheStats.hits;
    const added = await intakeElsewhere(t.agency.A, '监听中断期间登记的申请');
    // Whether or not the listener is back yet, the page read now holds the case written while it was gone.
    expect(await list()).toContain(added);
    if (!feed.live) expect(pageCacheStats.hits).toBe(lost);
    await eventually(
      async () => feed.live,
      (live) => live,
    );
    expect(feed.live).toBe(true);
    await list();
    const again = pageCacheStats.hits;
    expect(await list()).toContain(added);
    expect(pageCacheStats.hits).toBe(again + 1);
  }, 60_000);

  it('when the listener goes silent (no heartbeat answered), a write it never hears of shows on the next page', async () => {
    const feed = changeFeedOf(t.handle);
    await eventually(
      async () => feed.live,
      (live) => live,
    );
    await list();
    const hits = pageCacheStats.hits;
    await list();
    expect(pageCacheStats.hits).toBe(hits + 1);
    // Still connected, but deaf: the notification of the write below never arrives. Only the heartbeat can tell.
    const resume = feed.stallListener();
    try {
      const added = await intakeElsewhere(t.agency.A, '监听静默期间登记的申请');
      await eventually(
        async () => feed.live,
        (live) => !live,
      );
      expect(feed.live).toBe(false);
      expect(rowOf(await list(), added)).toBeDefined();
    } finally {
      resume();
    }
    // A new connection: cached pages again, and none from before the silence.
    await eventually(
      async () => feed.live,
      (live) => live,
    );
    const before = await list();
    const again = pageCacheStats.hits;
    expect(await list()).toBe(before);
    expect(pageCacheStats.hits).toBe(again + 1);
  }, 90_000);
});

describe('sessions from memory', () => {
  const staff = (cookie: string) => get('/staff', cookie);

  it('logout ends the session at once', async () => {
    const u = await newUser(t.agency.A, ['officer']);
    const s = await sessionOf(u.id);
    expect((await staff(s.cookie)).status).toBe(200);
    expect((await staff(s.cookie)).status).toBe(200);
    expect((await post('/logout', s, {})).status).toBe(303);
    const r = await staff(s.cookie);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toMatch(/^\/login/);
  });

  it('a password change ends the old session at once; the new one works', async () => {
    const u = await newUser(t.agency.A, ['officer']);
    const s = await sessionOf(u.id);
    expect((await staff(s.cookie)).status).toBe(200);
    const r = await post('/account/password', s, {
      current: TEST_PASSWORD,
      next: 'another-long-passphrase-9',
      confirm: 'another-long-passphrase-9',
    });
    expect(r.status).toBe(303);
    expect((await staff(s.cookie)).status).toBe(303);
    const fresh = /gk_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')![1]!;
    expect((await staff(`gk_session=${fresh}`)).status).toBe(200);
  });

  it('deactivation by an administrator ends the session at once', async () => {
    const u = await newUser(t.agency.A, ['officer']);
    const s = await sessionOf(u.id);
    expect((await staff(s.cookie)).status).toBe(200);
    const r = await t.request(`/admin/users/${u.id}/deactivate`, {
      as: 'administrator',
      form: { confirm: 'yes' },
    });
    expect(r.status).toBe(303);
    expect((await staff(s.cookie)).status).toBe(303);
  });

  it('a session ended, a user deactivated or their roles changed by another connection: refused at once', async () => {
    const u1 = await newUser(t.agency.A, ['officer']);
    const u2 = await newUser(t.agency.A, ['officer']);
    const u3 = await newUser(t.agency.A, ['officer']);
    const [s1, s2, s3] = [await sessionOf(u1.id), await sessionOf(u2.id), await sessionOf(u3.id)];
    for (const s of [s1, s2, s3]) {
      expect((await staff(s.cookie)).status).toBe(200);
      expect((await staff(s.cookie)).status).toBe(200);
    }
    await other.db.delete(sessions).where(eq(sessions.userId, u1.id));
    await deactivateUser(other.db as Db, u2.id, 'cli:test');
    await other.db
      .update(users)
      .set({ roles: ['supervisor'] })
      .where(eq(users.id, u3.id));
    for (const s of [s1, s2])
      expect(
        (
          await eventually(
            () => staff(s.cookie),
            (r) => r.status !== 200,
          )
        ).status,
      ).toBe(303);
    // A supervisor has no staff console: the guard refuses the new role.
    expect(
      (
        await eventually(
          () => staff(s3.cookie),
          (r) => r.status !== 200,
        )
      ).status,
    ).toBe(403);
  });

  it('idle and maximum age hold for a session held in memory', async () => {
    const u = await newUser(t.agency.A, ['officer']);
    const s = await sessionOf(u.id);
    const start = t.deps.now();
    try {
      expect((await staff(s.cookie)).status).toBe(200);
      // Past the idle timeout without a request: refused although it was in memory.
      t.setNow(new Date(start.getTime() + t.deps.options.sessionIdleMs + 1000));
      expect((await staff(s.cookie)).status).toBe(303);
      // A session kept active is still ended at its maximum age.
      t.setNow(start);
      const s2 = await sessionOf(u.id);
      const step = t.deps.options.sessionIdleMs / 2;
      let at = start.getTime();
      for (; at < start.getTime() + t.deps.options.sessionMaxMs - step; at += step) {
        t.setNow(new Date(at));
        expect((await staff(s2.cookie)).status).toBe(200);
      }
      t.setNow(new Date(start.getTime() + t.deps.options.sessionMaxMs + 1000));
      expect((await staff(s2.cookie)).status).toBe(303);
    } finally {
      t.setNow(start);
    }
  });

  it('last_seen_at is still written about once a minute for a session served from memory', async () => {
    const u = await newUser(t.agency.A, ['officer']);
    const s = await sessionOf(u.id);
    const start = t.deps.now();
    try {
      expect((await staff(s.cookie)).status).toBe(200);
      const later = new Date(start.getTime() + 5 * 60_000);
      t.setNow(later);
      expect((await staff(s.cookie)).status).toBe(200);
      const seen = await eventually(
        async () =>
          (
            await queryRows<{ at: string }>(
              t.handle.db,
              sql`select last_seen_at as at from sessions where user_id = ${u.id}`,
            )
          )[0]!.at,
        (at) => new Date(at).getTime() === later.getTime(),
      );
      expect(new Date(seen).getTime()).toBe(later.getTime());
    } finally {
      t.setNow(start);
    }
  });
});
