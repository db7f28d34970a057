// Per-request bookkeeping: a request id (taken from a trusted proxy's X-Request-Id — nginx's $request_id, so its
// access log and ours share it — or made here), sent back as X-Request-Id and shown on error pages; one JSON log
// line per request; and the HTTP metrics. The route label is Hono's route pattern (/staff/cases/:code), never the
// raw path, so the metrics stay a bounded set.
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../env.ts';
import { clientIp, viaTrustedProxy } from '../middleware/client-ip.ts';
import { httpDuration, httpRequests } from './metrics.ts';

const ID = /^[A-Za-z0-9._-]{8,100}$/;

export function requestIdOf(c: Context<AppEnv>): string {
  return c.get('requestId') ?? '';
}

/** This request's id: the trusted proxy's, else a new one. */
export function newRequestId(c: Context<AppEnv>): string {
  const forwarded = c.req.header('x-request-id');
  return forwarded && ID.test(forwarded) && viaTrustedProxy(c) ? forwarded : randomUUID();
}

/** The metrics and the log line of a request answered with `status` after `started` (performance.now()). */
export function recordRequest(
  c: Context<AppEnv>,
  id: string,
  started: number,
  route: string,
  status: number,
): void {
  const seconds = (performance.now() - started) / 1000;
  httpRequests.inc({ method: c.req.method, route, status: String(status) });
  httpDuration.observe({ method: c.req.method, route }, seconds);
  const logger = c.get('deps').logger;
  if (logger && c.req.path !== '/health')
    logger.info(
      {
        reqId: id,
        method: c.req.method,
        path: c.req.path,
        route,
        status,
        ms: Math.round(seconds * 1000),
        ip: clientIp(c),
        user: c.get('user')?.username,
      },
      'request',
    );
}

export const observe = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const id = newRequestId(c);
  c.set('requestId', id);
  c.header('X-Request-Id', id);
  const started = performance.now();
  try {
    await next();
  } finally {
    let route = '';
    try {
      route = routePath(c, -1);
    } catch {
      route = '';
    }
    if (!route || route.endsWith('*')) route = 'unmatched';
    recordRequest(c, id, started, route, c.res.status);
  }
};
