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
  countCatalogue,
  countPublishedItems,
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

/** Matters per page of the catalogue, items per page of a search or of a matter. */
export const MATTERS_PER_PAGE = 100;
export const ITEMS_PER_PAGE = 50;

/** A page number from the query (1 when absent or not a number), clamped to the last page that exists. */
const pageParam = (v: string | undefined, total: number, perPage: number): number => {
  const last = Math.max(1, Math.ceil(total / perPage));
  const n = v && /^\d{1,6}$/.test(v) ? Number(v) : 1;
  return Math.min(Math.max(n, 1), last);
};

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
    let matterPage = { page: 1, total: 0 };
    let itemPage = { page: 1, total: 0 };
    let error: string | undefined;
    const scope = agencyId !== null ? { agency: agencyId } : {};
    try {
      // An empty search lists the whole catalogue (page by page) and the latest items; a search pages its hits.
      const total = await countCatalogue(db, { q, ...scope });
      matterPage = { page: pageParam(c.req.query('page'), total, MATTERS_PER_PAGE), total };
      matters = await searchCatalogue(db, {
        q,
        ...scope,
        limit: MATTERS_PER_PAGE,
        offset: (matterPage.page - 1) * MATTERS_PER_PAGE,
      });
      if (q) {
        const n = await countPublishedItems(db, { q, ...scope });
        itemPage = { page: pageParam(c.req.query('ipage'), n, ITEMS_PER_PAGE), total: n };
        items = await publishedItems(db, {
          q,
          ...scope,
          limit: ITEMS_PER_PAGE,
          offset: (itemPage.page - 1) * ITEMS_PER_PAGE,
        });
      } else items = await publishedItems(db, { ...scope, limit: 10 });
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
        matterPage={{ ...matterPage, perPage: MATTERS_PER_PAGE }}
        items={items}
        itemPage={{ ...itemPage, perPage: ITEMS_PER_PAGE }}
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
    const total = await countPublishedItems(db, { matterId: id });
    const p = pageParam(c.req.query('page'), total, ITEMS_PER_PAGE);
    const items = await publishedItems(db, {
      matterId: id,
      limit: ITEMS_PER_PAGE,
      offset: (p - 1) * ITEMS_PER_PAGE,
    });
    return page(
      c,
      <MatterPage
        {...frame(c)}
        matter={matter}
        items={items}
        itemPage={{ page: p, total, perPage: ITEMS_PER_PAGE }}
      />,
    );
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
