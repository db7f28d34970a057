// The public 主动公开 catalogue with search, over the publishing module (src/publishing/catalogue.ts).
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { queryRows } from '../../db/query.ts';
import { type MatterView, searchCatalogue } from '../../publishing/catalogue.ts';
import { PublishingError } from '../../publishing/errors.ts';
import type { AppEnv } from '../env.ts';
import { CataloguePage } from '../views/catalogue.tsx';
import { frame, page } from '../views/render.ts';

export function catalogueRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/catalogue', async (c) => {
    const db = c.get('deps').handle.db;
    const q = (c.req.query('q') ?? '').trim();
    const a = c.req.query('agency') ?? '';
    const agencyId = /^\d{1,9}$/.test(a) ? Number(a) : null;
    const agencies = await queryRows<{ id: number; name: string }>(
      db,
      sql`select distinct a.id, a.name from agencies a join catalogue_matters m on m.agency_id = a.id order by a.name`,
    );
    let matters: MatterView[] = [];
    let error: string | undefined;
    try {
      // An empty search lists the whole catalogue.
      matters = await searchCatalogue(db, {
        q,
        ...(agencyId !== null ? { agency: agencyId } : {}),
        limit: 200,
      });
    } catch (e) {
      if (!(e instanceof PublishingError)) throw e;
      error = e.message;
    }
    return page(
      c,
      <CataloguePage
        {...frame(c)}
        q={q}
        agencyId={agencyId}
        agencies={agencies.map((x) => ({ id: Number(x.id), name: x.name }))}
        matters={matters}
        error={error}
      />,
      error ? 400 : 200,
    );
  });
  return app;
}
