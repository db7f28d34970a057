// Accounts and sessions through HTTP: login with rotation, one-time passwords, CSRF, rate limits, logout, expiry,
// security headers, and the audit trail of each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/web/auth/accounts.ts';
import { auditActions, openWebTest, TEST_PASSWORD, TODAY, type WebTest } from './support/web.ts';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest({ loginLimit: { max: 5, windowMs: 60_000 } });
});
afterAll(async () => t?.close());

const ANON = { cookie: 'gk_csrf=anonymous-test-token-0123456789', csrf: 'anonymous-test-token-0123456789' };

async function login(username: string, password: string, extraCookie = '', ip = '10.0.0.1') {
  const body = new URLSearchParams({ username, password, _csrf: ANON.csrf });
  return t.app.request(
    '/login',
    {
      method: 'POST',
      headers: {
        cookie: `${ANON.cookie}${extraCookie ? `; ${extraCookie}` : ''}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: body.toString(),
    },
    { incoming: { socket: { remoteAddress: ip } } },
  );
}

const sessionCookie = (r: Response) => /gk_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')?.[1];

describe('login', () => {
  it('shows the login form with a CSRF field', async () => {
    const r = await t.request('/login');
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('工作人员登录');
    expect(html).toMatch(/name="_csrf" value="[A-Za-z0-9_-]{20,}"/);
  });

  it('when the password is wrong, then 401 and one message for both unknown user and wrong password', async () => {
    const a = await login('officer', 'wrong-password-123', '', '10.0.1.1');
    const b = await login('nobody', 'wrong-password-123', '', '10.0.1.1');
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(await a.text()).toContain('用户名或密码错误');
    expect(await b.text()).toContain('用户名或密码错误');
    expect(a.headers.get('set-cookie') ?? '').not.toContain('gk_session=');
  });

  it('when the credentials are right, then a new HttpOnly SameSite=Lax session replaces any old one', async () => {
    const first = await login('officer', TEST_PASSWORD, '', '10.0.2.1');
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/staff');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/gk_session=[A-Za-z0-9_-]{40,}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const old = sessionCookie(first)!;
    // Logging in again while holding that session rotates it: the old token stops working.
    const pageWithOld = await t.app.request('/account/password', {
      headers: { cookie: `gk_session=${old}` },
    });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await pageWithOld.text())![1]!;
    const second = await t.app.request(
      '/login',
      {
        method: 'POST',
        headers: { cookie: `gk_session=${old}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: 'officer', password: TEST_PASSWORD, _csrf: csrf }).toString(),
      },
      { incoming: { socket: { remoteAddress: '10.0.2.2' } } },
    );
    expect(second.status).toBe(303);
    const fresh = sessionCookie(second)!;
    expect(fresh).not.toBe(old);
    const withOld = await t.app.request('/staff', { headers: { cookie: `gk_session=${old}` } });
    expect(withOld.status).toBe(303);
    expect(withOld.headers.get('location')).toMatch(/^\/login/);
    const withNew = await t.app.request('/staff', { headers: { cookie: `gk_session=${fresh}` } });
    expect(withNew.status).toBe(200);
  });

  it('follows only local paths after login (no open redirect)', async () => {
    const body = new URLSearchParams({
      username: 'supervisor',
      password: TEST_PASSWORD,
      _csrf: ANON.csrf,
      next: '//evil.example/x',
    });
    const r = await t.app.request(
      '/login',
      {
        method: 'POST',
        headers: { cookie: ANON.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      },
      { incoming: { socket: { remoteAddress: '10.0.3.1' } } },
    );
    expect(r.headers.get('location')).toBe('/supervise');
  });

  it('when the form carries no CSRF token, then 403 and no session', async () => {
    const r = await t.app.request('/login', {
      method: 'POST',
      headers: { cookie: ANON.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'officer', password: TEST_PASSWORD }).toString(),
    });
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('表单已过期或来源无法确认');
  });

  it('refuses a cross-site Origin even with a valid token', async () => {
    const r = await t.app.request('http://localhost/login', {
      method: 'POST',
      headers: {
        cookie: ANON.cookie,
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        username: 'officer',
        password: TEST_PASSWORD,
        _csrf: ANON.csrf,
      }).toString(),
    });
    expect(r.status).toBe(403);
  });

  it('when one address tries too often, then 429 with a Chinese page and Retry-After; other addresses still work', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++)
      codes.push((await login('officer', 'wrong-password-123', '', '10.9.9.9')).status);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429]);
    const r = await login('officer', TEST_PASSWORD, '', '10.9.9.9');
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await r.text()).toContain('登录尝试过于频繁');
    expect((await login('officer', TEST_PASSWORD, '', '10.9.9.10')).status).toBe(303);
  });
});

describe('one-time passwords', () => {
  it('a new user must set a password before anything else, and old sessions end when they do', async () => {
    const { password } = await createUser(
      t.handle.db,
      { username: 'newbie', displayName: '新人', agencyId: t.agency.A, roles: ['officer'] },
      'test',
    );
    const r = await login('newbie', password, '', '10.0.4.1');
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/account/password');
    const token = sessionCookie(r)!;
    const cookie = `gk_session=${token}`;
    const staff = await t.app.request('/staff', { headers: { cookie } });
    expect(staff.status).toBe(303);
    expect(staff.headers.get('location')).toBe('/account/password');
    const form = await t.app.request('/account/password', { headers: { cookie } });
    const html = await form.text();
    expect(html).toContain('一次性密码');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const post = (fields: Record<string, string>) =>
      t.app.request('/account/password', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
      });
    const weak = await post({ current: password, next: 'short', confirm: 'short' });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain('密码至少 10 个字符');
    // A common password is refused by the strength estimate (zxcvbn-ts), with the reason in Chinese.
    const common = await post({ current: password, next: 'P@ssw0rd12', confirm: 'P@ssw0rd12' });
    expect(common.status).toBe(400);
    expect(await common.text()).toContain('密码强度不足：与常用密码相似');
    const mismatch = await post({ current: password, next: 'a-long-enough-pw', confirm: 'another-long-pw' });
    expect(await mismatch.text()).toContain('两次填写的新密码不一致');
    const ok = await post({ current: password, next: 'my-own-password-42', confirm: 'my-own-password-42' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/staff?notice=password');
    // The session that changed the password has ended; the new cookie works and no longer needs a change.
    expect((await t.app.request('/staff', { headers: { cookie } })).status).toBe(303);
    const renewed = `gk_session=${sessionCookie(ok)!}`;
    expect((await t.app.request('/staff', { headers: { cookie: renewed } })).status).toBe(200);
    expect((await login('newbie', password, '', '10.0.4.2')).status).toBe(401);
    expect((await login('newbie', 'my-own-password-42', '', '10.0.4.3')).headers.get('location')).toBe(
      '/staff',
    );
  });
});

describe('logout and expiry', () => {
  it('logout ends the session', async () => {
    const s = await t.session('reviewer');
    const r = await t.app.request('/logout', {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: s.csrf }).toString(),
    });
    expect(r.status).toBe(303);
    expect((await t.app.request('/staff', { headers: { cookie: s.cookie } })).status).toBe(303);
  });

  it('a session idle longer than the idle limit is over', async () => {
    const s = await t.session('approver');
    expect((await t.app.request('/staff', { headers: { cookie: s.cookie } })).status).toBe(200);
    t.setNow(new Date(new Date(`${TODAY}T02:00:00Z`).getTime() + 3 * 3600_000));
    try {
      const r = await t.app.request('/staff', { headers: { cookie: s.cookie } });
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toBe('/login?next=%2Fstaff');
    } finally {
      t.setNow(new Date(`${TODAY}T02:00:00Z`));
    }
  });

  it('records logins, password changes and logouts in the audit log', async () => {
    const actions = await auditActions(t.handle);
    expect(actions).toContain('user.login');
    expect(actions).toContain('user.password.changed');
    expect(actions).toContain('user.logout');
  });
});

describe('security headers', () => {
  it.each(['/', '/login', '/reports'])(
    '%s carries CSP without inline script, DENY framing, nosniff',
    async (path) => {
      const r = await t.request(path);
      const csp = r.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await r.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    },
  );
});
