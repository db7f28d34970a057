// The public report page for an anonymous visitor, answered from memory ahead of the whole middleware chain (issue
// 18): the most visited page of the portal, the same bytes for every anonymous visitor. Without a session cookie
// there is no one to look up; the page has no form, so it needs no CSRF cookie; it reads no body and changes
// nothing, so there is no rate limit, body limit or audit entry to apply (《条例》 asks for the reports to be
// public, and this is the public's read). What every answer carries is kept: the security headers (the very record
// securityHeaders() adds, made once), the request id, the metrics and the access log line.
// Anything else — another method, a signed-in visitor, a page not yet cached — goes the usual way through the chain.
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import type { WebDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { securityHeaderRecord } from '../middleware/security-headers.ts';
import { newRequestId, recordRequest } from '../observability/request.ts';
import { etagMatches, pageEncodingFor, reportPages } from './page-cache.ts';

const REPORT_PATH = /^\/reports\/(\d{1,9})$/;
/** The route label of the metrics and the log: the pattern the router would have matched (routes/reports.tsx). */
const ROUTE = '/reports/:id';

export function anonymousReportPage(deps: WebDeps): MiddlewareHandler<AppEnv> {
  const security = securityHeaderRecord(deps.options.secureCookies);
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const id = REPORT_PATH.exec(c.req.path)?.[1];
    if (!id || getCookie(c, SESSION_COOKIE)) return next();
    const page = reportPages.entry(id, Date.now());
    if (!page) return next();
    const started = performance.now();
    c.set('deps', deps);
    const requestId = newRequestId(c);
    c.set('requestId', requestId);
    const encoding = pageEncodingFor(c.req.header('accept-encoding'));
    const etag = page.etagOf(encoding);
    // `no-cache`: a browser may keep the page but asks each time (If-None-Match), so a new publication date shows
    // at once; the answer to a page it has is 304 without a body. Each encoding has its own tag (RFC 9110 §8.8.3).
    const headers: Record<string, string> = {
      ...(await security),
      'cache-control': 'no-cache',
      vary: 'Accept-Encoding',
      etag,
      'x-request-id': requestId,
    };
    let res: Response;
    if (etagMatches(c.req.header('if-none-match'), etag)) res = new Response(null, { status: 304, headers });
    else {
      headers['content-type'] = 'text/html; charset=UTF-8';
      if (encoding !== 'identity') headers['content-encoding'] = encoding;
      res = new Response((await page.body(encoding)) as Uint8Array<ArrayBuffer>, { status: 200, headers });
    }
    recordRequest(c, requestId, started, ROUTE, res.status);
    return res;
  };
}
