// The public portal: the front page, the application form and receipt, tracking, and the annual reports.
import { Hono } from 'hono';
import { datasetColumns } from '../api/dataset-columns.ts';
import type { AppEnv } from '../env.ts';
import type { RateLimiter } from '../middleware/rate-limit.ts';
import { listReports, reportYears } from '../reports/store.ts';
import { HomePage } from '../views/home.tsx';
import { OpenDataPage } from '../views/public-reports.tsx';
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
  // The researcher's way in: the datasets and the API, with what each column means.
  app.get('/open-data', async (c) =>
    page(
      c,
      <OpenDataPage
        {...frame(c)}
        years={await reportYears(c.get('deps').handle.db, { publicOnly: true })}
        columns={datasetColumns()}
      />,
    ),
  );
  app.route('/', applyRoutes(applyLimiter));
  app.route('/', reportRoutes());
  app.route('/', catalogueRoutes());
  return app;
}
