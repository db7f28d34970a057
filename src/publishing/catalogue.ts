// The agency's 政务公开标准目录 (全清单): one entry per matter with the "要素" of the standard template — 事项名称,
// 公开内容, 公开依据, 公开时限, 公开主体, 公开渠道, 公开对象, 公开方式 (seed 003: "10要素"公开标准模板). Items of
// the register link to their matter. The portal searches it in Chinese: `ILIKE '%…%'` over one expression, which
// a pg_trgm GIN index on that expression serves where the extension is available (stack-notes: PGlite ships it;
// the database ctype must be UTF-8 for CJK trigrams).
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { catalogueMatters, DISCLOSURE_MODES } from '../db/schema/publishing.ts';
import { getAgency, resolveAgency } from './agencies.ts';
import type { PublishingContext } from './context.ts';
import { notFound, PublishingError } from './errors.ts';
import { agencyRef, optionalText, parseInput, text } from './input.ts';

export type MatterRow = typeof catalogueMatters.$inferSelect;
export type DisclosureMode = (typeof DISCLOSURE_MODES)[number];
export const MODE_LABELS: Readonly<Record<DisclosureMode, string>> = {
  proactive: '主动公开',
  onRequest: '依申请公开',
};

const mode = z.preprocess(
  (v) =>
    v === '主动' || v === '主动公开' ? 'proactive' : v === '依申请' || v === '依申请公开' ? 'onRequest' : v,
  z.enum(DISCLOSURE_MODES, { error: '公开方式应为“主动”或“依申请”' }),
);

export const matterInput = z.object({
  agency: agencyRef,
  domain: optionalText('领域', 100),
  name: text('事项名称', 200),
  content: text('公开内容', 5000),
  basis: text('公开依据', 5000),
  timeLimit: text('公开时限', 500),
  subject: text('公开主体', 200),
  channels: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
  audience: text('公开对象', 100).default('全社会'),
  mode,
  category: optionalText('目录栏目', 100),
});
export type MatterInput = z.input<typeof matterInput>;

export async function addMatter(
  db: Db,
  input: MatterInput,
  ctx: Pick<PublishingContext, 'actor'>,
): Promise<MatterRow> {
  const v = parseInput(matterInput, input);
  return db.transaction(async (tx) => {
    const { agency } = await resolveAgency(tx, v.agency);
    const [dup] = await tx
      .select({ id: catalogueMatters.id })
      .from(catalogueMatters)
      .where(and(eq(catalogueMatters.agencyId, agency.id), eq(catalogueMatters.name, v.name)));
    if (dup) throw new PublishingError('CONFLICT', `目录中已有事项“${v.name}”`);
    const { agency: _, ...fields } = v;
    const [row] = await tx
      .insert(catalogueMatters)
      .values({ ...fields, agencyId: agency.id, createdBy: ctx.actor })
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'catalogue.add',
      entity: 'catalogue_matter',
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

export const matterUpdate = matterInput.omit({ agency: true }).partial();

export async function updateMatter(
  db: Db,
  id: number,
  input: z.input<typeof matterUpdate>,
  ctx: Pick<PublishingContext, 'actor'>,
): Promise<MatterRow> {
  const v = parseInput(matterUpdate, input);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(catalogueMatters)
      .where(eq(catalogueMatters.id, id))
      .for('update');
    if (!before) throw notFound('目录事项', id);
    const set = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
    const [row] = await tx
      .update(catalogueMatters)
      .set({ ...set, updatedAt: new Date() })
      .where(eq(catalogueMatters.id, id))
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'catalogue.update',
      entity: 'catalogue_matter',
      entityId: id,
      before,
      after: row,
    });
    return row!;
  });
}

export interface MatterView extends MatterRow {
  readonly agencyName: string;
  /** Items of the register published under this matter, and the latest publication. */
  readonly items: number;
  readonly lastPublishedOn: string | null;
}

/** The searchable text of a matter: one expression, so that one trigram index serves every field. */
export const SEARCH_EXPR = `(coalesce(domain, '') || ' ' || name || ' ' || content || ' ' || basis || ' ' || subject || ' ' || coalesce(category, ''))`;

const selectViews = (
  where: ReturnType<typeof sql>,
  order: ReturnType<typeof sql>,
  limit: number,
  offset = 0,
) => sql`
  select m.*, a.name as agency_name,
         coalesce(s.items, 0)::int as items, to_char(s.last, 'YYYY-MM-DD') as last_published_on
    from catalogue_matters m
    join agencies a on a.id = m.agency_id
    left join lateral (
      select count(*) as items, max(i.published_on) as last from publishing_items i
       where i.matter_id = m.id and i.state = 'published') s on true
   where ${where}
   order by ${order}
   limit ${limit} offset ${offset}`;

interface ViewRow {
  id: number;
  agency_id: number;
  domain: string | null;
  name: string;
  content: string;
  basis: string;
  time_limit: string;
  subject: string;
  channels: string[];
  audience: string;
  mode: string;
  category: string | null;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
  agency_name: string;
  items: number;
  last_published_on: string | null;
}

const toView = (r: ViewRow): MatterView => ({
  id: Number(r.id),
  agencyId: Number(r.agency_id),
  domain: r.domain,
  name: r.name,
  content: r.content,
  basis: r.basis,
  timeLimit: r.time_limit,
  subject: r.subject,
  channels: r.channels,
  audience: r.audience,
  mode: r.mode,
  category: r.category,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
  agencyName: r.agency_name,
  items: Number(r.items),
  lastPublishedOn: r.last_published_on,
});

export async function listMatters(db: Executor, agency: string | number): Promise<MatterView[]> {
  const a = await getAgency(db, agency);
  const rows = await queryRows<ViewRow>(
    db,
    selectViews(sql`m.agency_id = ${a.id}`, sql`m.domain nulls first, m.name`, 10_000),
  );
  return rows.map(toView);
}

export async function getMatter(db: Executor, id: number): Promise<MatterView> {
  const [row] = await queryRows<ViewRow>(db, selectViews(sql`m.id = ${id}`, sql`m.id`, 1));
  if (!row) throw notFound('目录事项', id);
  return toView(row);
}

/** The searchable text of a published item. */
const ITEM_SEARCH_EXPR = `(i.title || ' ' || coalesce(i.doc_no, '') || ' ' || i.category || ' ' || coalesce(i.body, ''))`;

export interface PublishedItemLine {
  readonly id: number;
  readonly title: string;
  readonly docNo: string | null;
  readonly category: string;
  readonly publishedOn: string;
  readonly agencyName: string;
  readonly matterId: number | null;
  readonly matterName: string | null;
}

type ItemQuery = { q?: string; matterId?: number; agency?: number };

/** The conditions of a published-items query (same ILIKE rule as the catalogue search). */
const itemConds = (input: ItemQuery) => {
  const terms = (input.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5);
  const conds = [sql`i.state = 'published'`];
  for (const t of terms) conds.push(sql`${sql.raw(ITEM_SEARCH_EXPR)} ilike ${likePattern(t.slice(0, 100))}`);
  if (input.matterId !== undefined) conds.push(sql`i.matter_id = ${input.matterId}`);
  if (input.agency !== undefined) conds.push(sql`i.agency_id = ${input.agency}`);
  return sql.join(conds, sql` and `);
};

/**
 * Published items for the portal: those of a matter, or those whose title, 文号, column or text hold every term
 * (same ILIKE rule as the catalogue search), newest first (then by id, so that pages never overlap or skip).
 * Items not yet published are never returned.
 */
export async function publishedItems(
  db: Executor,
  input: ItemQuery & { limit?: number; offset?: number },
): Promise<PublishedItemLine[]> {
  const rows = await queryRows<{
    id: number;
    title: string;
    doc_no: string | null;
    category: string;
    published_on: string;
    agency_name: string;
    matter_id: number | null;
    matter_name: string | null;
  }>(
    db,
    sql`select i.id, i.title, i.doc_no, i.category, to_char(i.published_on, 'YYYY-MM-DD') as published_on,
               a.name as agency_name, i.matter_id, m.name as matter_name
          from publishing_items i join agencies a on a.id = i.agency_id
          left join catalogue_matters m on m.id = i.matter_id
         where ${itemConds(input)}
         order by i.published_on desc, i.id desc
         limit ${input.limit ?? 50} offset ${input.offset ?? 0}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    docNo: r.doc_no,
    category: r.category,
    publishedOn: r.published_on,
    agencyName: r.agency_name,
    matterId: r.matter_id === null ? null : Number(r.matter_id),
    matterName: r.matter_name,
  }));
}

/** How many published items `publishedItems` would list with no limit (the portal's "共 N 条" and its pages). */
export async function countPublishedItems(db: Executor, input: ItemQuery): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from publishing_items i where ${itemConds(input)}`,
  );
  return Number(row?.n ?? 0);
}

/** `%term%` with the LIKE metacharacters of the user's text taken literally. */
export const likePattern = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const searchInput = z.object({
  q: z.string().trim().max(100, { message: '检索词不能超过100字' }),
  agency: z.union([z.string(), z.number()]).optional(),
  mode: mode.optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});

/** The terms and the WHERE clause of a catalogue search. */
async function searchWhere(db: Executor, v: z.output<typeof searchInput>) {
  const terms = v.q.split(/\s+/).filter(Boolean).slice(0, 5);
  const conds = [sql`true`];
  // Each term must occur in the matter or in one of its published items (a visitor searching 规划 looks for the
  // 规划 documents, filed under whatever matter). ILIKE '%…%' is correct for any term length: a term of one or two
  // Chinese characters yields no trigram, so the trigram index cannot narrow it and PostgreSQL scans — slower, never
  // wrong. (pg_trgm's similarity operator `%` would miss such terms; it is not used.)
  for (const t of terms)
    conds.push(
      sql`(${sql.raw(SEARCH_EXPR.replace(/\b(domain|name|content|basis|subject|category)\b/g, 'm.$1'))} ilike ${likePattern(t)}
           or exists (select 1 from publishing_items i where i.matter_id = m.id and i.state = 'published'
                        and ${sql.raw(ITEM_SEARCH_EXPR)} ilike ${likePattern(t)}))`,
    );
  if (v.agency !== undefined) conds.push(sql`m.agency_id = ${(await getAgency(db, v.agency)).id}`);
  if (v.mode) conds.push(sql`m.mode = ${v.mode}`);
  return { terms, where: sql.join(conds, sql` and `) };
}

/**
 * Search the catalogue for the portal. Every whitespace-separated term must occur somewhere in the matter
 * (name, content, basis, subject, domain or column); matters whose name holds the terms come first. The order is
 * total (ending with the matter's id), so that `offset` pages neither repeat nor skip a matter.
 */
export async function searchCatalogue(
  db: Executor,
  input: z.input<typeof searchInput>,
): Promise<MatterView[]> {
  const v = parseInput(searchInput, input);
  const { terms, where } = await searchWhere(db, v);
  // Matters whose name holds the terms first; with no terms, plain catalogue order (a bare `0` in ORDER BY would
  // be read as a column position).
  const order = terms.length
    ? sql`${sql.join(
        terms.map((t) => sql`(m.name ilike ${likePattern(t)})::int`),
        sql` + `,
      )} desc, a.name, m.name, m.id`
    : sql`a.name, m.name, m.id`;
  const rows = await queryRows<ViewRow>(db, selectViews(where, order, v.limit, v.offset));
  return rows.map(toView);
}

/** How many matters `searchCatalogue` finds with no limit (the portal's "共 N 项" and its pages). */
export async function countCatalogue(
  db: Executor,
  input: Omit<z.input<typeof searchInput>, 'limit' | 'offset'>,
): Promise<number> {
  const v = parseInput(searchInput, input);
  const { where } = await searchWhere(db, v);
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from catalogue_matters m where ${where}`,
  );
  return Number(row?.n ?? 0);
}

/**
 * Create pg_trgm and the catalogue's trigram index when the database offers the extension (PostgreSQL with
 * contrib; PGlite opened with `extensions: { pg_trgm }`). Returns whether the index exists. Search works without it.
 */
export async function ensureSearchIndex(db: Executor): Promise<boolean> {
  await db.execute(sql.raw(SEARCH_INDEX_SQL));
  const [row] = await queryRows<{ ok: boolean }>(
    db,
    sql`select exists(select 1 from pg_indexes where indexname = 'catalogue_matters_search_trgm') as ok`,
  );
  return Boolean(row?.ok);
}

/** Also appended to the migration that creates catalogue_matters. */
export const SEARCH_INDEX_SQL = `do $$
begin
  create extension if not exists pg_trgm;
  create index if not exists catalogue_matters_search_trgm on catalogue_matters using gin (${SEARCH_EXPR} gin_trgm_ops);
exception when others then
  raise notice 'pg_trgm 不可用，目录检索不使用三元组索引：%', sqlerrm;
end
$$;`;
