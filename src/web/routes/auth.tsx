// Signing in and out, and changing one's password. Login is rate-limited per address; a successful login always
// starts a new session (the old one, if any, is ended: no session fixation).
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { audit, userActor } from '../audit.ts';
import { AccountError, authenticate, changePassword } from '../auth/accounts.ts';
import {
  createSession,
  destroySession,
  destroyUserSessions,
  lookupSession,
  SESSION_COOKIE,
} from '../auth/sessions.ts';
import type { AppEnv, CurrentUser } from '../env.ts';
import { guard, safeNext } from '../middleware/authorize.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { RateLimiter, rateLimit, TooManyRequests } from '../middleware/rate-limit.ts';
import { formValues, one, validate } from '../validate.ts';
import { ChangePasswordPage, LoginPage } from '../views/auth.tsx';
import { frame, page } from '../views/render.ts';

const LoginForm = z.object({
  username: z.string().trim().min(1, '请填写用户名').max(100, '用户名过长'),
  password: z.string().min(1, '请填写密码').max(200, '密码过长'),
});

const PasswordForm = z
  .object({
    current: z.string().min(1, '请填写当前密码'),
    next: z.string().min(1, '请填写新密码'),
    confirm: z.string().min(1, '请再次填写新密码'),
  })
  .refine((v) => v.next === v.confirm, { message: '两次填写的新密码不一致', path: ['confirm'] });

/** Where a user lands after login: the console of their first role. */
export function homeOf(user: Pick<CurrentUser, 'roles'>): string {
  if (user.roles.some((r) => r === 'officer' || r === 'reviewer' || r === 'approver')) return '/staff';
  if (user.roles.includes('supervisor')) return '/supervise';
  if (user.roles.includes('administrator')) return '/admin';
  return '/';
}

export function authRoutes(loginLimiter: RateLimiter): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Failed guesses are also counted per account, so guesses spread over many addresses (a botnet, forged
  // X-Forwarded-For behind a trusting proxy) are throttled too; a successful login clears the account's count. The
  // account's allowance is three addresses' worth, so one noisy address cannot lock the owner out.
  const accountLimiter = new RateLimiter(3 * loginLimiter.max, loginLimiter.windowMs);

  app.get('/login', (c) => {
    const user = c.get('user');
    if (user) return c.redirect(homeOf(user), 303);
    return page(c, <LoginPage {...frame(c)} next={safeNext(c.req.query('next')) ?? ''} />);
  });

  app.post('/login', rateLimit(loginLimiter, '登录尝试'));

  app.post('/login', async (c) => {
    const deps = c.get('deps');
    const values = await formValues(c);
    const nextPath = safeNext(one(values.next)) ?? '';
    const v = validate(LoginForm, { username: one(values.username), password: one(values.password) });
    if (!v.ok)
      return page(
        c,
        <LoginPage {...frame(c)} next={nextPath} username={one(values.username)} errors={v.errors} />,
        400,
      );
    const db = deps.handle.db;
    const account = v.data.username.trim().toLowerCase();
    const now = deps.now().getTime();
    const wait = accountLimiter.wait(account, now);
    if (wait > 0) throw new TooManyRequests(wait, '该账号的登录尝试');
    const userId = await authenticate(db, v.data.username, v.data.password);
    if (userId === null) {
      accountLimiter.hit(account, now);
      return page(c, <LoginPage {...frame(c)} next={nextPath} username={v.data.username} failed />, 401);
    }
    accountLimiter.reset(account);
    const times = { now: deps.now(), idleMs: deps.options.sessionIdleMs, maxMs: deps.options.sessionMaxMs };
    const old = c.get('session');
    if (old) await destroySession(db, old.id);
    const { token } = await createSession(db, userId, times);
    await audit(db, {
      actor: userActor(v.data.username),
      action: 'user.login',
      entity: 'user',
      entityId: userId,
      after: { ip: clientIp(c) },
    });
    setCookie(c, SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: deps.options.secureCookies,
    });
    const found = await lookupSession(db, token, times);
    const user = found!.user;
    if (user.mustChangePassword) return c.redirect('/account/password', 303);
    return c.redirect(nextPath || homeOf(user), 303);
  });

  app.post('/logout', async (c) => {
    const session = c.get('session');
    const user = c.get('user');
    if (session && user) {
      const db = c.get('deps').handle.db;
      await destroySession(db, session.id);
      await audit(db, {
        actor: userActor(user.username),
        action: 'user.logout',
        entity: 'user',
        entityId: user.id,
      });
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/', 303);
  });

  app.get('/account/password', guard('account.password'), (c) =>
    page(c, <ChangePasswordPage {...frame(c)} forced={c.get('user')!.mustChangePassword} />),
  );

  app.post('/account/password', guard('account.password'), async (c) => {
    const deps = c.get('deps');
    const user = c.get('user')!;
    const values = await formValues(c);
    const v = validate(PasswordForm, {
      current: one(values.current),
      next: one(values.next),
      confirm: one(values.confirm),
    });
    const forced = user.mustChangePassword;
    if (!v.ok) return page(c, <ChangePasswordPage {...frame(c)} forced={forced} errors={v.errors} />, 400);
    const db = deps.handle.db;
    try {
      await changePassword(db, user.id, v.data.current, v.data.next, userActor(user.username));
    } catch (e) {
      if (!(e instanceof AccountError)) throw e;
      return page(
        c,
        <ChangePasswordPage {...frame(c)} forced={forced} errors={{ [e.field ?? 'next']: e.message }} />,
        400,
      );
    }
    // A new password ends every session of the user, this one included; a fresh session continues the work.
    await destroyUserSessions(db, user.id);
    const { token } = await createSession(db, user.id, {
      now: deps.now(),
      idleMs: deps.options.sessionIdleMs,
      maxMs: deps.options.sessionMaxMs,
    });
    setCookie(c, SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: deps.options.secureCookies,
    });
    return c.redirect(`${homeOf(user)}?notice=password`, 303);
  });

  return app;
}
