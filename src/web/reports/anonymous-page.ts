// The public report page for an anonymous visitor, answered from memory ahead of the whole middleware chain (issue
// 18): the most visited page of the portal, the same bytes for every anonymous visitor. Without a session cookie
// there is no one to look up; the page has no form, so it needs no CSRF cookie; it reads no body and changes
// nothing, so there is no rate limit, body limit or audit entry to apply (《条例》 asks for the reports to be
// public, and this is the public's read). What every answer carries is kept: the security headers (the very record
// securityHeaders() adds, made once), the request id, the metrics and the access log line.
// Anything else — another method, a signed-in visitor, a page not yet cached — goes the usual way through the chain.
//
// Two doors, the same answer: `reportPageListener` answers in Node's request listener, before Hono and
// @hono/node-server build a Request and a Response at all (the server, src/web/server.ts); the middleware
// `anonymousReportPage` answers inside Hono (app.request in tests, and a page whose compressed body is still being
// made). test/web-report-cache.test.ts compares both with the chain's own answer, header by header.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { parse as parseCookies } from 'hono/utils/cookie';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { trustedProxiesOf, type WebDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { securityHeaderRecord } from '../middleware/security-headers.ts';
import { httpDuration, httpRequests } from '../observability/metrics.ts';
import { newRequestId, recordRequest } from '../observability/request.ts';
import { clientAddress } from '../proxy.ts';
import {
  type CachedPage,
  etagMatches,
  type PageEncoding,
  pageEncodingFor,
  reportPages,
} from './page-cache.ts';

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

const EMPTY = new Uint8Array(0);

/** A request id forwarded by a trusted proxy has this shape (src/web/observability/request.ts). */
const FORWARDED_ID = /^[A-Za-z0-9._-]{8,100}$/;

/**
 * The same answer as `anonymousReportPage`, given in Node's request listener: true when it answered, false to hand
 * the request to Hono unchanged (it then reads nothing of it). A plain anonymous GET or HEAD of `/reports/:id` whose
 * page is cached in the encoding the visitor accepts gets the head as one precomputed array — the security headers
 * securityHeaders() adds (made once, by running it), Cache-Control, Vary, ETag, type, encoding, length — plus its
 * request id, and the body as one buffer. The request is counted (route label `/reports/:id`) and logged as the
 * chain would (src/web/observability/request.ts). No rate limit applies to this route (only /reports/:id/crop has
 * one, routes/reports.tsx), so there is none to honour here.
 */
export async function reportPageListener(
  deps: WebDeps,
): Promise<(req: IncomingMessage, res: ServerResponse) => boolean> {
  const security = Object.entries(await securityHeaderRecord(deps.options.secureCookies)).flat();
  const trusted = trustedProxiesOf(deps.options);
  const heads = new WeakMap<CachedPage, Map<string, readonly string[]>>();
  /** The head of `page` in `encoding` with `status`, without the request id: made once per page. */
  const headOf = (page: CachedPage, encoding: PageEncoding, status: 200 | 304, length: number) => {
    let known = heads.get(page);
    if (!known) {
      known = new Map();
      heads.set(page, known);
    }
    const key = `${encoding}${status}`;
    let head = known.get(key);
    if (!head) {
      const h = [
        ...security,
        'cache-control',
        'no-cache',
        'vary',
        'Accept-Encoding',
        'etag',
        page.etagOf(encoding),
      ];
      if (status === 200) {
        h.push('content-type', 'text/html; charset=UTF-8');
        if (encoding !== 'identity') h.push('content-encoding', encoding);
        h.push('content-length', String(length));
      }
      head = h;
      known.set(key, h);
    }
    return head;
  };
  const answer = (req: IncomingMessage, res: ServerResponse): boolean => {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const id = REPORT_PATH.exec(path)?.[1];
    if (!id) return false;
    const cookie = req.headers.cookie;
    if (cookie && parseCookies(cookie, SESSION_COOKIE)[SESSION_COOKIE] !== undefined) return false;
    const page = reportPages.entry(id, Date.now());
    if (!page) return false;
    const encoding = pageEncodingFor(req.headers['accept-encoding']);
    const status = etagMatches(req.headers['if-none-match'], page.etagOf(encoding)) ? 304 : 200;
    // A 304 needs only the tag. A 200 whose compressed body is not made yet goes to the middleware, which makes it
    // (off the event loop) and answers; the next request finds it here.
    const body = status === 200 ? page.ready(encoding) : EMPTY;
    if (!body) return false;
    const started = performance.now();
    const peer = req.socket.remoteAddress;
    const forwarded = req.headers['x-request-id'];
    const requestId =
      typeof forwarded === 'string' && FORWARDED_ID.test(forwarded) && peer !== undefined && trusted.has(peer)
        ? forwarded
        : randomUUID();
    res.writeHead(status, [...headOf(page, encoding, status, body.byteLength), 'x-request-id', requestId]);
    if (status === 200 && method === 'GET') res.end(body);
    else res.end();
    const seconds = (performance.now() - started) / 1000;
    httpRequests.inc({ method, route: ROUTE, status: String(status) });
    httpDuration.observe({ method, route: ROUTE }, seconds);
    deps.logger?.info(
      {
        reqId: requestId,
        method,
        path,
        route: ROUTE,
        status,
        ms: Math.round(seconds * 1000),
        ip: clientAddress(peer, headerOf(req.headers['x-forwarded-for']), trusted),
      },
      'request',
    );
    return true;
  };
  // Whatever goes wrong here, the chain still answers (and its safety net reports): before the head is written the
  // request is simply handed over; after, the answer has gone and only the bookkeeping failed.
  return (req, res) => {
    try {
      return answer(req, res);
    } catch (e) {
      if (!res.headersSent) return false;
      deps.logger?.error({ err: e, path: req.url }, 'report page: bookkeeping after the answer failed');
      return true;
    }
  };
}

const headerOf = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : v);
