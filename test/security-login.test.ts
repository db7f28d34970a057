import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/query.ts';
import { createApp } from '../src/web/app.tsx';
import { loopbackServers, openWebTest, TEST_PASSWORD, type WebTest } from './support/web.ts';

const MAX = 5;
const TOKEN = 'login-test-csrf-token-0123456789';
let t: WebTest;
const { listen, closeAll } = loopbackServers();

beforeAll(async () => {
  t = await openWebTest({ loginLimit: { max: MAX, windowMs: 15 * 60_000 } });
});
afterAll(async () => {
  closeAll();
  await t?.close();
});

async function login(base: string, username: string, password: string, forwardedFor?: string) {
  const r = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: `gk_csrf=${TOKEN}`,
      'content-type': 'application/x-www-form-urlencoded',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: new URLSearchParams({ username, password, _csrf: TOKEN }).toString(),
  });
  return { status: r.status, text: await r.text(), retryAfter: r.headers.get('retry-after') };
}

describe('login throttling on the real server', () => {
  it(`after ${MAX} failures an address is refused with 429, the right password included, whatever X-Forwarded-For says`, async () => {
    const base = await listen(createApp(t.deps).fetch);
    const statuses: number[] = [];
    for (let i = 0; i < MAX; i++)
      statuses.push((await login(base, 'officer', `wrong-password-${i}`, `198.51.100.${i}`)).status);
    expect(statuses).toEqual(Array(MAX).fill(401));
    const next = await login(base, 'officer', TEST_PASSWORD, '203.0.113.7');
    expect(next.status).toBe(429);
    expect(next.text).toContain('登录尝试过于频繁');
    expect(Number(next.retryAfter)).toBeGreaterThan(0);
    // A successful login would have been audited; none was.
    const [n] = await queryRows<{ n: number }>(
      t.handle.db,
      sql`select count(*)::int as n from audit_log where action = 'user.login'`,
    );
    expect(Number(n!.n)).toBe(0);
  });

  it('behind the operator’s own proxy (trustProxy), each forwarded client is counted apart', async () => {
    const app = createApp({ ...t.deps, options: { ...t.deps.options, trustProxy: true } });
    const base = await listen(app.fetch);
    for (let i = 0; i < MAX; i++) await login(base, 'officer', `wrong-password-${i}`, '198.51.100.66');
    expect((await login(base, 'officer', TEST_PASSWORD, '198.51.100.66')).status).toBe(429);
    expect((await login(base, 'officer', TEST_PASSWORD, '198.51.100.67')).status).toBe(303);
  });

  // Failures are also counted per account (src/web/routes/auth.tsx), so a botnet spreading its guesses over many
  // addresses is throttled as well.
  it('guesses at one account from many addresses are throttled too', async () => {
    const app = createApp({ ...t.deps, options: { ...t.deps.options, trustProxy: true } });
    const base = await listen(app.fetch);
    for (let i = 0; i < 3 * MAX; i++)
      await login(base, 'reviewer', `wrong-password-${i}`, `192.0.2.${i + 1}`);
    expect((await login(base, 'reviewer', `wrong-password-x`, '192.0.2.200')).status).toBe(429);
  });
});

describe('what the database keeps', () => {
  it('passwords as argon2id hashes with at least the OWASP minimum cost (19 MiB, 2 passes)', async () => {
    const rows = await queryRows<{ password_hash: string }>(
      t.handle.db,
      sql`select password_hash from users`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(r.password_hash);
      expect(m, r.password_hash.slice(0, 30)).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(19456);
      expect(Number(m![2])).toBeGreaterThanOrEqual(2);
      expect(r.password_hash).not.toContain(TEST_PASSWORD);
    }
  });

  it('sessions by the SHA-256 of the cookie token, never the token itself', async () => {
    const s = await t.session('officer');
    const token = s.cookie.split('=')[1]!;
    const rows = await queryRows<{ id: string }>(t.handle.db, sql`select id from sessions`);
    expect(rows.some((r) => r.id === token)).toBe(false);
    const { createHash } = await import('node:crypto');
    expect(rows.map((r) => r.id)).toContain(createHash('sha256').update(token).digest('hex'));
  });
});
