// GET /metrics: Prometheus metrics for the operator. An administrator signed in may read them; a scraper presents
// the bearer token of GONGKAI_METRICS_TOKEN (docs/deploy.md). Anyone else is refused — the figures say how busy
// the system is and which routes fail, which is nobody else's business.
import { timingSafeEqual } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { GUARD, guard } from '../middleware/authorize.ts';
import { registry } from '../observability/metrics.ts';

function bearerMatches(header: string | undefined, token: string | undefined): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const a = Buffer.from(header.slice(7).trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function metricsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const scrape = async () =>
    new Response(await registry.metrics(), {
      headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
    });
  const admin = guard('ops.metrics');
  const tokenOrAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (bearerMatches(c.req.header('authorization'), c.get('deps').options.metricsToken)) return scrape();
    return admin(c, next);
  };
  Object.defineProperty(tokenOrAdmin, GUARD, { value: 'ops.metrics' });
  app.get('/metrics', tokenOrAdmin, () => scrape());
  return app;
}
