// What a start guarantees once the server answers, with the start-up statements sent together: the calendar is
// seeded, the first administrator exists (its password printed once), and expired or idle sessions are removed —
// a few seconds after the server serves (a lookup ignores them anyway), or when it stops if sooner: before the
// database closes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/handle.ts';
import { queryRows } from '../src/db/query.ts';
import { openTestDatabase } from '../src/db/testing.ts';
import { createSession } from '../src/web/auth/sessions.ts';
import { DEFAULT_WEB_OPTIONS } from '../src/web/deps.ts';
import { startServer } from '../src/web/server.ts';

const files = mkdtempSync(join(tmpdir(), 'gongkai-server-start-'));
const handles: DatabaseHandle[] = [];
afterAll(async () => {
  for (const h of handles) await h.close();
  rmSync(files, { recursive: true, force: true });
});

const count = async (h: DatabaseHandle, q: ReturnType<typeof sql>) =>
  (await queryRows<{ n: number }>(h.db, q))[0]!.n;

describe('the start of the web server', () => {
  it('seeds the calendar, creates the administrator, prunes old sessions but keeps live ones', {
    timeout: 120_000,
  }, async () => {
    const h = await openTestDatabase();
    handles.push(h);
    const out: string[] = [];
    const opts = {
      port: 0,
      hostname: '127.0.0.1',
      demo: false,
      secureCookies: false,
      trustProxy: false,
      filesDir: files,
      out: (s: string) => out.push(s),
      err: () => {},
    };
    const first = await startServer(h, opts);
    const { port } = first.address() as { port: number };
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect(await count(h, sql`select count(*)::int as n from calendar_years`)).toBeGreaterThan(0);
    expect(out.join('')).toMatch(/首次启动：已创建管理员账号。\s+用户名：admin/);
    await first.stop();

    const [admin] = await queryRows<{ id: number }>(h.db, sql`select id from users where username = 'admin'`);
    const times = { idleMs: DEFAULT_WEB_OPTIONS.sessionIdleMs, maxMs: DEFAULT_WEB_OPTIONS.sessionMaxMs };
    await createSession(h.db, admin!.id, { ...times, now: new Date(Date.now() - 2 * times.maxMs) });
    await createSession(h.db, admin!.id, { ...times, now: new Date() });
    expect(await count(h, sql`select count(*)::int as n from sessions`)).toBe(2);

    out.length = 0;
    const second = await startServer(h, opts);
    expect(out.join('')).not.toContain('一次性密码');
    await second.stop();
    const left = await queryRows<{ expires_at: string }>(h.db, sql`select expires_at::text from sessions`);
    expect(left).toHaveLength(1);
    expect(new Date(left[0]!.expires_at).getTime()).toBeGreaterThan(Date.now());

    // A server that keeps running removes them too, a few seconds after it serves (not only when it stops).
    await createSession(h.db, admin!.id, { ...times, now: new Date(Date.now() - 2 * times.maxMs) });
    const third = await startServer(h, opts);
    try {
      const until = Date.now() + 30_000;
      while ((await count(h, sql`select count(*)::int as n from sessions`)) > 1 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 200));
      expect(await count(h, sql`select count(*)::int as n from sessions`)).toBe(1);
    } finally {
      await third.stop();
    }
  });
});
