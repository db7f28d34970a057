// The staff console (placeholder until the case use cases land).
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { guard } from '../middleware/authorize.ts';

export function staffRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', guard('staff.dashboard'), (c) => c.text('staff'));
  return app;
}
