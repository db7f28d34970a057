// CSRF protection for every state-changing request.
// - Signed in: a synchronizer token derived from the session's secret (HMAC), so it dies with the session and a
//   token of one session is worthless in another.
// - Anonymous forms (/apply, /login): a double-submit cookie — a random value in an HttpOnly, SameSite=Strict cookie
//   that the form must echo.
// Requests whose Origin header names another site are refused outright.
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { hmac, newToken, sameToken } from '../auth/tokens.ts';
import type { AppEnv } from '../env.ts';
import { badRequest, StaleForm } from '../errors.ts';

export const CSRF_COOKIE = 'gk_csrf';
export const CSRF_FIELD = '_csrf';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export const csrfTokenOf = (csrfSecret: string): string => hmac(csrfSecret, 'gongkai-csrf');

const stale = () => new StaleForm();

export const csrf = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const session = c.get('session');
  let cookie = getCookie(c, CSRF_COOKIE);
  if (session) c.set('csrfToken', csrfTokenOf(session.csrfSecret));
  else {
    if (!cookie || !/^[A-Za-z0-9_-]{20,100}$/.test(cookie)) {
      cookie = newToken();
      setCookie(c, CSRF_COOKIE, cookie, {
        path: '/',
        httpOnly: true,
        sameSite: 'Strict',
        secure: c.get('deps').options.secureCookies,
      });
    }
    c.set('csrfToken', cookie);
  }
  if (!SAFE.has(c.req.method)) {
    const origin = c.req.header('origin');
    if (origin && origin !== 'null' && new URL(c.req.url).host !== safeHost(origin)) throw stale();
    const sent = await submittedToken(c.req.raw.headers.get('content-type'), () =>
      c.req.parseBody({ all: true }),
    );
    const expected = c.get('csrfToken');
    const fromHeader = c.req.header('x-csrf-token');
    const token = sent ?? fromHeader ?? '';
    if (!token || !sameToken(token, expected)) throw stale();
  }
  await next();
};

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

async function submittedToken(
  contentType: string | null,
  parse: () => Promise<Record<string, unknown>>,
): Promise<string | undefined> {
  if (!contentType || !/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(contentType))
    return undefined;
  let body: Record<string, unknown>;
  try {
    body = await parse();
  } catch {
    // A body that does not parse is the client's fault: 400, not a 500 and a stack trace in the log per request.
    throw badRequest('提交的表单无法解析，请刷新页面后重试');
  }
  const v = body[CSRF_FIELD];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
}
