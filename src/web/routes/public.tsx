// The public portal: the front page, the application form and receipt, tracking, and the annual reports.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import type { RateLimiter } from '../middleware/rate-limit.ts';
import { listReports } from '../reports/store.ts';
import { HomePage } from '../views/home.tsx';
import { frame, page } from '../views/render.ts';
import { applyRoutes } from './apply.tsx';
import { catalogueRoutes } from './catalogue.tsx';
import { reportRoutes } from './reports.tsx';

export function publicRoutes(applyLimiter: RateLimiter): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) =>
    page(
      c,
      <HomePage
        {...frame(c)}
        latest={await listReports(c.get('deps').handle.db, { limit: 8, publicOnly: true })}
      />,
    ),
  );
  app.route('/', applyRoutes(applyLimiter));
  app.route('/', reportRoutes());
  app.route('/', catalogueRoutes());
  return app;
}
