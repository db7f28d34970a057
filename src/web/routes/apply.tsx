// The application form and tracking (placeholder until the case use cases land).
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import type { RateLimiter } from '../middleware/rate-limit.ts';

export function applyRoutes(_limiter: RateLimiter): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}
