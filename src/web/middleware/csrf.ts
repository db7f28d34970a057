// CSRF protection for every state-changing request.
// - Signed in: a synchronizer token derived from the session's secret (HMAC), so it dies with the session and a
//   token of one session is worthless in another.
// - Anonymous forms (/apply, /login): a double-submit cookie — a random value in an HttpOnly, SameSite=Strict cookie
//   that the form must echo.
// Requests whose Origin header names another site are refused outright.
//
// The token a page carries is masked afresh for every response (a random mask, then the token XOR the mask, as
// Django and Rails do; the check unmasks): pages that carry the token also echo what the user typed (a search, a
// filter), so under compression (nginx's default gzip, ADR 0008) a fixed token could be read out byte by byte from
// response sizes (BREACH). A masked token looks different in every response; the token itself never appears.
//
// A streamed multipart body (the supervisor's bulk upload, up to hundreds of MB) is not parsed here: parsing it would
// hold all of it in memory. The route reads the token from the stream (it comes first in the form) and checks it with
// `streamedToken(c)` before it writes any file.
import { randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { hmac, newToken, sameToken } from '../auth/tokens.ts';
import type { AppEnv } from '../env.ts';
import { badRequest, StaleForm, WebError } from '../errors.ts';

export const CSRF_COOKIE = 'gk_csrf';
export const CSRF_FIELD = '_csrf';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export const csrfTokenOf = (csrfSecret: string): string => hmac(csrfSecret, 'gongkai-csrf');

const stale = () => new StaleForm();

/** The token as a page carries it: base64url(mask ‖ token XOR mask), a new random mask each time. */
export function maskToken(token: string): string {
  const t = Buffer.from(token, 'utf8');
  const m = randomBytes(t.length);
  const out = Buffer.allocUnsafe(t.length * 2);
  m.copy(out);
  for (let i = 0; i < t.length; i++) out[t.length + i] = t[i]! ^ m[i]!;
  return out.toString('base64url');
}

/** The token a masked one carries, or null when `masked` is not one. */
export function unmaskToken(masked: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(masked)) return null;
  const b = Buffer.from(masked, 'base64url');
  if (b.length === 0 || b.length % 2) return null;
  const n = b.length / 2;
  const t = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) t[i] = b[n + i]! ^ b[i]!;
  return t.toString('utf8');
}

/** Whether a submitted token is the expected one, masked (what pages carry) or as it is (scripts, the tests). */
function tokenMatches(sent: string, expected: string): boolean {
  if (!sent || !expected) return false;
  if (sameToken(sent, expected)) return true;
  const t = unmaskToken(sent);
  return t !== null && sameToken(t, expected);
}

/** The unmasked token of a request (the pages get `csrfToken`, masked). */
const expectedTokens = new WeakMap<object, string>();

/** Requests whose multipart token the route checks while streaming the body (see `streamedToken`). */
const deferred = new WeakSet<object>();

const MULTIPART = /^multipart\/form-data/i;

export interface CsrfOptions {
  /** True for a request whose body the route streams (never buffered here): its token is checked by the route. */
  readonly streamed?: (c: Context<AppEnv>) => boolean;
}

/** The token check a streaming route runs on the `_csrf` field it reads, or on the X-CSRF-Token header. */
export interface StreamedToken {
  /** The header carried a valid token: the body's field is not needed. */
  readonly verified: boolean;
  check(token: string): boolean;
}

/**
 * For a route whose body the CSRF middleware left unread: how to check its token. Null when the middleware did not
 * defer this request (it already checked the token, or the request is not a streamed multipart POST).
 */
export function streamedToken(c: Context<AppEnv>): StreamedToken | null {
  if (!deferred.has(c)) return null;
  const expected = expectedTokens.get(c) ?? '';
  const header = c.req.header('x-csrf-token');
  return {
    verified: Boolean(header && tokenMatches(header, expected)),
    check: (token) => tokenMatches(token, expected),
  };
}

export const csrf =
  (options: CsrfOptions = {}): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const session = c.get('session');
    let cookie = getCookie(c, CSRF_COOKIE);
    let expected: string;
    if (session) expected = csrfTokenOf(session.csrfSecret);
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
      expected = cookie;
    }
    expectedTokens.set(c, expected);
    c.set('csrfToken', maskToken(expected));
    if (!SAFE.has(c.req.method)) {
      const origin = c.req.header('origin');
      const streamed =
        Boolean(options.streamed?.(c)) && MULTIPART.test(c.req.raw.headers.get('content-type') ?? '');
      if (origin && origin !== 'null' && new URL(c.req.url).host !== safeHost(origin))
        // The stale-form page reads the body to carry back what was typed: not a streamed upload's.
        throw streamed ? refusedUpload() : stale();
      if (streamed) {
        deferred.add(c);
        return next();
      }
      const sent = await submittedToken(c.req.raw.headers.get('content-type'), () =>
        c.req.parseBody({ all: true }),
      );
      const fromHeader = c.req.header('x-csrf-token');
      if (!tokenMatches(sent ?? fromHeader ?? '', expected)) throw stale();
    }
    await next();
  };

const refusedUpload = () =>
  new WebError(403, '表单已失效', '表单已过期或来源无法确认（可能是会话已结束），本次上传未保存任何文件。');

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
