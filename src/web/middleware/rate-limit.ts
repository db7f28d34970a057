// A per-address rate limit kept in memory (one server process; a restart forgets it, which only helps an attacker
// by one window). Fixed windows: `max` requests per `windowMs` per bucket and address. Over the limit → 429 with a
// Chinese page and Retry-After.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { clientIp } from './client-ip.ts';

export class RateLimiter {
  private readonly hits = new Map<string, { start: number; count: number }>();
  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Count one hit; returns the seconds to wait when over the limit, else 0. */
  hit(key: string, now: number): number {
    if (this.hits.size > 50_000) this.sweep(now);
    const h = this.hits.get(key);
    if (!h || now - h.start >= this.windowMs) {
      this.hits.set(key, { start: now, count: 1 });
      return 0;
    }
    h.count++;
    return h.count > this.max ? Math.ceil((h.start + this.windowMs - now) / 1000) : 0;
  }

  /** Seconds to wait if `key` is already over the limit, without counting a hit. */
  wait(key: string, now: number): number {
    const h = this.hits.get(key);
    if (!h || now - h.start >= this.windowMs || h.count < this.max) return 0;
    return Math.ceil((h.start + this.windowMs - now) / 1000);
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private sweep(now: number): void {
    for (const [k, h] of this.hits) if (now - h.start >= this.windowMs) this.hits.delete(k);
  }
}

export class TooManyRequests extends Error {
  constructor(
    readonly retryAfter: number,
    readonly what: string,
  ) {
    super(`${what}过于频繁`);
  }
}

/** Limit the unsafe requests (form posts) of a route; GETs of the form itself are free. */
export const rateLimit =
  (limiter: RateLimiter, what: string): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (c.req.method === 'POST') {
      const wait = limiter.hit(clientIp(c), c.get('deps').now().getTime());
      if (wait > 0) throw new TooManyRequests(wait, what);
    }
    await next();
  };
