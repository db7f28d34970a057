// Loads the session of the request's cookie (if any) and its user onto the context.
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { lookupSession, SESSION_COOKIE } from '../auth/sessions.ts';
import type { AppEnv } from '../env.ts';

export const loadSession = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  c.set('user', null);
  c.set('session', null);
  const token = getCookie(c, SESSION_COOKIE);
  if (token) {
    const deps = c.get('deps');
    const found = await lookupSession(deps.handle.db, token, {
      now: deps.now(),
      idleMs: deps.options.sessionIdleMs,
      maxMs: deps.options.sessionMaxMs,
    });
    if (found) {
      c.set('user', found.user);
      c.set('session', found.session);
    } else deleteCookie(c, SESSION_COOKIE, { path: '/' });
  }
  await next();
};
