// The public 主动公开 catalogue with search, over the publishing module (src/publishing/catalogue.ts): the matters of
// each agency's 政务公开标准目录 with the items published under them, and each published item with its attachments.
// Only published items are shown; a draft or an item under review is "not found" to the public.
import { and, eq, sql } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { queryRows } from '../../db/query.ts';
import { agencies } from '../../db/schema/agencies.ts';
import { publishingItems } from '../../db/schema/publishing.ts';
import { listAttachments, readAttachment } from '../../publishing/attachments.ts';
import {
  getMatter,
  type MatterView,
  type PublishedItemLine,
  publishedItems,
  searchCatalogue,
} from '../../publishing/catalogue.ts';
import { PublishingError } from '../../publishing/errors.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { CataloguePage, MatterPage, PublicItemPage } from '../views/catalogue.tsx';
import { frame, page } from '../views/render.ts';
import { attachment } from './reports.tsx';

const idParam = (v: string | undefined): number => {
  if (!v || !/^\d{1,9}$/.test(v)) throw notFound('页面');
  return Number(v);
};

export function catalogueRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/catalogue', async (c) => {
    const db = c.get('deps').handle.db;
    const q = (c.req.query('q') ?? '').trim();
    const a = c.req.query('agency') ?? '';
    const agencyId = /^\d{1,9}$/.test(a) ? Number(a) : null;
    const agencyList = await queryRows<{ id: number; name: string }>(
      db,
      sql`select distinct a.id, a.name from agencies a join catalogue_matters m on m.agency_id = a.id order by a.name`,
    );
    let matters: MatterView[] = [];
    let items: PublishedItemLine[] = [];
    let error: string | undefined;
    try {
      // An empty search lists the whole catalogue and the latest items.
      matters = await searchCatalogue(db, {
        q,
        ...(agencyId !== null ? { agency: agencyId } : {}),
        limit: 200,
      });
      items = await publishedItems(db, {
        q,
        ...(agencyId !== null ? { agency: agencyId } : {}),
        limit: q ? 100 : 10,
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
        agencies={agencyList.map((x) => ({ id: Number(x.id), name: x.name }))}
        matters={matters}
        items={items}
        error={error}
      />,
      error ? 400 : 200,
    );
  });

  app.get('/catalogue/matters/:id', async (c) => {
    const db = c.get('deps').handle.db;
    const id = idParam(c.req.param('id'));
    let matter: MatterView;
    try {
      matter = await getMatter(db, id);
    } catch (e) {
      if (e instanceof PublishingError && e.code === 'NOT_FOUND') throw notFound('目录事项');
      throw e;
    }
    const items = await publishedItems(db, { matterId: id, limit: 500 });
    return page(c, <MatterPage {...frame(c)} matter={matter} items={items} />);
  });

  /** A published item, or not found (drafts and items under review are not public). */
  const publishedItem = async (c: Context<AppEnv>, id: number) => {
    const db = c.get('deps').handle.db;
    const [row] = await db
      .select({ item: publishingItems, agencyName: agencies.name })
      .from(publishingItems)
      .innerJoin(agencies, eq(agencies.id, publishingItems.agencyId))
      .where(and(eq(publishingItems.id, id), eq(publishingItems.state, 'published')));
    if (!row) throw notFound('信息');
    return row;
  };

  app.get('/catalogue/items/:id', async (c) => {
    const db = c.get('deps').handle.db;
    const id = idParam(c.req.param('id'));
    const row = await publishedItem(c, id);
    const matter = row.item.matterId ? await getMatter(db, row.item.matterId) : null;
    return page(
      c,
      <PublicItemPage
        {...frame(c)}
        item={row.item}
        agencyName={row.agencyName}
        matter={matter ? { id: matter.id, name: matter.name } : null}
        attachments={await listAttachments(db, id)}
      />,
    );
  });

  app.get('/catalogue/items/:id/attachments/:aid', async (c) => {
    const db = c.get('deps').handle.db;
    const id = idParam(c.req.param('id'));
    await publishedItem(c, id);
    const { meta, bytes } = await readAttachment(db, idParam(c.req.param('aid'))).catch((e) => {
      if (e instanceof PublishingError && e.code === 'NOT_FOUND') throw notFound('附件');
      throw e;
    });
    if (meta.itemId !== id) throw notFound('附件');
    c.header('Content-Type', 'application/octet-stream');
    c.header('Content-Disposition', attachment(meta.name));
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });
  return app;
}
