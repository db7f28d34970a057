// The public portal: the front page, the application form and receipt, tracking, and the annual reports.
import { Hono } from 'hono';
import { fieldDef, LAYOUTS } from '../../domain/report/layout.ts';
import { DATASET_COLUMNS, META_LABELS } from '../../supervision/dataset.ts';
import type { AppEnv } from '../env.ts';
import type { RateLimiter } from '../middleware/rate-limit.ts';
import { listReports, reportYears } from '../reports/store.ts';
import { HomePage } from '../views/home.tsx';
import { DATASET_COLUMN_NOTES, OpenDataPage } from '../views/public-reports.tsx';
import { frame, page } from '../views/render.ts';
import { applyRoutes } from './apply.tsx';
import { catalogueRoutes } from './catalogue.tsx';
import { reportRoutes } from './reports.tsx';

/** Which official layouts have a field: a 2019-only or 2021-only column is empty for reports of the other. */
const FORMATS_OF = new Map(
  [...new Set([...LAYOUTS['2019'].fields, ...LAYOUTS['2021'].fields].map((f) => f.key))].map((key) => {
    const in2019 = LAYOUTS['2019'].fields.some((f) => f.key === key);
    const in2021 = LAYOUTS['2021'].fields.some((f) => f.key === key);
    return [key, in2019 && in2021 ? '两版格式都有。' : in2021 ? '仅 2021 版格式。' : '仅 2019 版格式。'];
  }),
);

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
        columns={DATASET_COLUMNS.map((key) => {
          const def = fieldDef(key);
          return {
            key,
            label: def?.label ?? META_LABELS[key] ?? key,
            note: def
              ? `${def.unit ? `单位：${def.unit}。` : ''}${FORMATS_OF.get(key) ?? ''}`
              : (DATASET_COLUMN_NOTES[key] ?? ''),
          };
        })}
      />,
    ),
  );
  app.route('/', applyRoutes(applyLimiter));
  app.route('/', reportRoutes());
  app.route('/', catalogueRoutes());
  return app;
}
