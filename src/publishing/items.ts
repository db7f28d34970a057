// The publishing register (主动公开): an item is drafted, reviewed along the chain 工作人员审核 → 保密审查 → 主管领导
// 审批 (src/domain/publishing), published, and counted. Every step is kept as history (who, role, when, reason) and
// written to the audit log in the transaction of the change.
import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { seedCalendar } from '../calendar-seed/index.ts';
import { CalendarMissingError, loadCalendar } from '../cases/calendar.ts';
import { guardLockedYears } from '../cases/year-lock.ts';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { agencies } from '../db/schema/agencies.ts';
import { catalogueMatters, publishingItemSteps, publishingItems } from '../db/schema/publishing.ts';
import type { CalendarData } from '../domain/calendar/index.ts';
import {
  allowedActions,
  type ItemState,
  lastOverdueFormedOn,
  publicationTimeliness,
  type ReviewAction,
  type ReviewRole,
  ROLE_LABELS,
  review,
  STATE_LABELS,
  type Timeliness,
  TRANSITIONS,
} from '../domain/publishing/index.ts';
import { resolveAgency } from './agencies.ts';
import type { PublishingContext } from './context.ts';
import { asPublishingError, invalid, notFound, PublishingError } from './errors.ts';
import { agencyRef, isoDate, optionalText, parseInput, text } from './input.ts';

export type ItemRow = typeof publishingItems.$inferSelect;
export type StepRow = typeof publishingItemSteps.$inferSelect;

/** Channels commonly used; others may be named. */
export const CHANNELS = ['门户网站', '微信公众号', '微博', '政务服务大厅', '政务新媒体', '公告栏'] as const;

const channelList = z
  .array(z.string().trim().min(1).max(50, { message: '渠道名称不能超过50字' }))
  .max(20)
  .default([])
  .transform((xs) => [...new Set(xs)]);

export const itemInput = z.object({
  agency: agencyRef,
  department: z.union([z.string(), z.number()]).nullish(),
  title: text('标题', 300),
  docNo: optionalText('文号', 100),
  category: text('公开目录栏目', 100),
  channels: channelList,
  formedOn: isoDate('形成日期'),
  matterId: z.number().int().positive().nullish(),
  body: optionalText('正文', 200_000),
  url: optionalText('发布网址', 2000),
});
export type ItemInput = z.input<typeof itemInput>;

export async function calendarFor(
  db: Executor,
  ctx: Pick<PublishingContext, 'calendar'>,
  agencyId: number,
): Promise<CalendarData> {
  if (ctx.calendar) return ctx.calendar;
  try {
    return await loadCalendar(db, agencyId);
  } catch (e) {
    // A database whose calendar was never seeded still knows the national holidays.
    if (e instanceof CalendarMissingError) return seedCalendar();
    throw e;
  }
}

async function checkMatter(
  db: Executor,
  matterId: number | null | undefined,
  agencyId: number,
): Promise<void> {
  if (!matterId) return;
  const [m] = await db
    .select({ agencyId: catalogueMatters.agencyId })
    .from(catalogueMatters)
    .where(eq(catalogueMatters.id, matterId));
  if (!m) throw notFound('目录事项', matterId);
  if (m.agencyId !== agencyId) throw invalid(`目录事项“${matterId}”不属于本机关`);
}

export async function createItem(db: Db, input: ItemInput, ctx: PublishingContext): Promise<ItemRow> {
  const v = parseInput(itemInput, input);
  if (v.formedOn > ctx.today) throw invalid(`形成日期 ${v.formedOn} 晚于今天（${ctx.today}）`);
  return db.transaction(async (tx) => {
    const { agency, department } = await resolveAgency(tx, v.agency, v.department);
    await checkMatter(tx, v.matterId, agency.id);
    const [row] = await tx
      .insert(publishingItems)
      .values({
        agencyId: agency.id,
        departmentId: department?.id ?? null,
        title: v.title,
        docNo: v.docNo,
        category: v.category,
        channels: v.channels,
        formedOn: v.formedOn,
        matterId: v.matterId ?? null,
        body: v.body,
        url: v.url,
        author: ctx.actor,
      })
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'publishing.item.create',
      entity: 'publishing_item',
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

export const itemUpdate = itemInput.omit({ agency: true }).partial();
export type ItemUpdate = z.input<typeof itemUpdate>;

/** Edit a draft. Once submitted, the reviewed text is frozen: a change needs a return to draft first. */
export async function updateItem(
  db: Db,
  id: number,
  input: ItemUpdate,
  ctx: PublishingContext,
): Promise<ItemRow> {
  const v = parseInput(itemUpdate, input);
  return db.transaction(async (tx) => {
    const before = await lockItem(tx, id);
    if (before.state !== 'draft')
      throw new PublishingError(
        'WRONG_STATE',
        `“${STATE_LABELS[before.state as ItemState]}”的信息不能修改，须先退回草稿`,
      );
    if (v.formedOn && v.formedOn > ctx.today)
      throw invalid(`形成日期 ${v.formedOn} 晚于今天（${ctx.today}）`);
    let departmentId = before.departmentId;
    if (v.department !== undefined) {
      const { department } = await resolveAgency(tx, before.agencyId, v.department);
      departmentId = department?.id ?? null;
    }
    if (v.matterId !== undefined) await checkMatter(tx, v.matterId, before.agencyId);
    const [row] = await tx
      .update(publishingItems)
      .set({
        departmentId,
        ...(v.title !== undefined ? { title: v.title } : {}),
        ...(v.docNo !== undefined ? { docNo: v.docNo } : {}),
        ...(v.category !== undefined ? { category: v.category } : {}),
        ...(v.channels !== undefined ? { channels: v.channels } : {}),
        ...(v.formedOn !== undefined ? { formedOn: v.formedOn } : {}),
        ...(v.matterId !== undefined ? { matterId: v.matterId ?? null } : {}),
        ...(v.body !== undefined ? { body: v.body } : {}),
        ...(v.url !== undefined ? { url: v.url } : {}),
        updatedAt: new Date(),
      })
      .where(eq(publishingItems.id, id))
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'publishing.item.update',
      entity: 'publishing_item',
      entityId: id,
      before,
      after: row,
    });
    return row!;
  });
}

async function lockItem(db: Executor, id: number): Promise<ItemRow> {
  const [row] = await db.select().from(publishingItems).where(eq(publishingItems.id, id)).for('update');
  if (!row) throw notFound('主动公开信息', id);
  return row;
}

export const stepInput = z.object({
  action: z.enum(['submit', 'pass', 'return', 'publish', 'withdraw'], {
    error: '操作应为 submit / pass / return / publish / withdraw',
  }),
  /** The role the step is taken in; by default the first of the actor's roles allowed to take it. */
  role: z.enum(Object.keys(ROLE_LABELS) as [ReviewRole, ...ReviewRole[]]).optional(),
  reason: optionalText('理由', 2000),
  /** publish: the publication date (default today). */
  publishedOn: isoDate('发布日期').optional(),
  url: optionalText('发布网址', 2000),
});
export type StepInput = z.input<typeof stepInput>;

function chooseRole(
  state: ItemState,
  action: ReviewAction,
  ctx: PublishingContext,
  asked?: ReviewRole,
): ReviewRole {
  if (asked) {
    if (!ctx.roles.includes(asked))
      throw new PublishingError('NOT_ALLOWED', `当前用户没有“${ROLE_LABELS[asked]}”角色`, { role: asked });
    return asked;
  }
  const fit = ctx.roles.find((r) =>
    TRANSITIONS.some((t) => t.from === state && t.action === action && t.roles.includes(r)),
  );
  // No role fits: let the chain explain who may take the step.
  return fit ?? ctx.roles[0] ?? 'officer';
}

/** Take one step of the review chain. Returns the item as it now stands and the step recorded. */
export async function reviewItem(
  db: Db,
  id: number,
  input: StepInput,
  ctx: PublishingContext,
): Promise<{ item: ItemRow; step: StepRow }> {
  const v = parseInput(stepInput, input);
  return db.transaction(async (tx) => {
    const before = await lockItem(tx, id);
    const state = before.state as ItemState;
    const role = chooseRole(state, v.action, ctx, v.role);
    let step: ReturnType<typeof review>;
    try {
      step = review(
        { state, author: before.author },
        { action: v.action, actor: ctx.actor, role, at: ctx.today, reason: v.reason },
      );
    } catch (e) {
      throw asPublishingError(e);
    }
    let publishedOn = before.publishedOn;
    if (v.action === 'publish') {
      publishedOn = v.publishedOn ?? ctx.today;
      if (publishedOn > ctx.today) throw invalid(`发布日期 ${publishedOn} 晚于今天（${ctx.today}）`);
      if (publishedOn < before.formedOn)
        throw invalid(`发布日期 ${publishedOn} 早于形成日期 ${before.formedOn}`);
      // A publication dated into a year whose annual report is out changes that report's figures.
      try {
        await guardLockedYears(tx, before.agencyId, [Number(publishedOn.slice(0, 4))], ctx, {
          action: 'publishing.item.publish',
          entity: 'publishing_item',
          entityId: id,
          what: `主动公开信息“${before.title}”的发布`,
        });
      } catch (e) {
        throw asPublishingError(e);
      }
    }
    const [item] = await tx
      .update(publishingItems)
      .set({
        state: step.to,
        publishedOn,
        ...(v.url ? { url: v.url } : {}),
        updatedAt: new Date(),
      })
      .where(eq(publishingItems.id, id))
      .returning();
    const [row] = await tx
      .insert(publishingItemSteps)
      .values({
        itemId: id,
        action: step.action,
        fromState: step.from,
        toState: step.to,
        actor: step.actor,
        role: step.role,
        reason: step.reason,
      })
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: `publishing.item.${v.action}`,
      entity: 'publishing_item',
      entityId: id,
      before: { state: before.state, publishedOn: before.publishedOn },
      after: { state: item!.state, publishedOn: item!.publishedOn, role, reason: step.reason },
    });
    return { item: item!, step: row! };
  });
}

export interface ItemView {
  readonly item: ItemRow;
  readonly department: string | null;
  readonly stateLabel: string;
  readonly timeliness: Timeliness;
}

export interface ItemDetail extends ItemView {
  readonly steps: readonly StepRow[];
  /** The last return's reason while the item is back in draft: what the drafter must fix. */
  readonly returnedFor: string | null;
  /** What the given roles may do next. */
  readonly next: readonly { action: ReviewAction; label: string }[];
  /** Why a step the roles would allow is not offered to this person (the author may not pass their own item). */
  readonly withheldStep: string | null;
}

function view(item: ItemRow, department: string | null, today: string, cal: CalendarData): ItemView {
  return {
    item,
    department,
    stateLabel: STATE_LABELS[item.state as ItemState],
    timeliness: publicationTimeliness(item.formedOn, item.publishedOn, today, cal),
  };
}

export async function getItem(db: Executor, id: number, ctx: PublishingContext): Promise<ItemDetail> {
  const [row] = await db
    .select({ item: publishingItems, department: agencies.name })
    .from(publishingItems)
    .leftJoin(agencies, eq(agencies.id, publishingItems.departmentId))
    .where(eq(publishingItems.id, id));
  if (!row) throw notFound('主动公开信息', id);
  const steps = await db
    .select()
    .from(publishingItemSteps)
    .where(eq(publishingItemSteps.itemId, id))
    .orderBy(asc(publishingItemSteps.id));
  const last = steps[steps.length - 1];
  const state = row.item.state as ItemState;
  const cal = await calendarFor(db, ctx, row.item.agencyId);
  const next = new Map<ReviewAction, string>();
  for (const r of ctx.roles)
    for (const t of allowedActions(state, r)) if (!next.has(t.action)) next.set(t.action, t.label);
  // The chain refuses the author's own 审核 (review-chain.ts, authorMayNotReview): a button that can only fail is
  // not offered; the page says who must take the step instead.
  let withheldStep: string | null = null;
  if (state === 'review' && row.item.author === ctx.actor && next.delete('pass'))
    withheldStep = '起草人不能审核自己起草的信息，请由本机关其他信息公开工作人员审核。';
  return {
    ...view(row.item, row.department, ctx.today, cal),
    steps,
    returnedFor: state === 'draft' && last?.action === 'return' ? last.reason : null,
    next: [...next].map(([action, label]) => ({ action, label })),
    withheldStep,
  };
}

export const listFilter = z.object({
  agency: agencyRef,
  state: z.enum(Object.keys(STATE_LABELS) as [ItemState, ...ItemState[]]).optional(),
  category: z.string().trim().min(1).optional(),
  department: z.union([z.string(), z.number()]).optional(),
  /** Items published in this year. */
  year: z.number().int().min(2000).max(2200).optional(),
  /** Only unpublished items past 《条例》第二十六条's 20 working days. */
  overdue: z.boolean().optional(),
  limit: z.number().int().min(1).max(1000).default(200),
  offset: z.number().int().min(0).default(0),
});
export type ListFilter = z.input<typeof listFilter>;

export async function listItems(
  db: Executor,
  filter: ListFilter,
  ctx: PublishingContext,
): Promise<ItemView[]> {
  const f = parseInput(listFilter, filter);
  const { agency, department } = await resolveAgency(db, f.agency, f.department);
  const where = [eq(publishingItems.agencyId, agency.id)];
  if (department) where.push(eq(publishingItems.departmentId, department.id));
  if (f.state) where.push(eq(publishingItems.state, f.state));
  if (f.category) where.push(eq(publishingItems.category, f.category));
  if (f.year)
    where.push(
      sql`${publishingItems.publishedOn} between ${`${f.year}-01-01`} and ${`${f.year}-12-31`}`,
      inArray(publishingItems.state, ['published', 'withdrawn']),
    );
  const cal = await calendarFor(db, ctx, agency.id);
  // Overdue (《条例》第二十六条): unpublished and formed on or before the last date whose 20 working days have passed
  // by today, by the agency's calendar — one range of the queue index (agency, state, formed_on, id), not a scan.
  if (f.overdue)
    where.push(
      isNull(publishingItems.publishedOn),
      lte(publishingItems.formedOn, lastOverdueFormedOn(ctx.today, cal)),
    );
  const rows = await db
    .select({ item: publishingItems, department: agencies.name })
    .from(publishingItems)
    .leftJoin(agencies, eq(agencies.id, publishingItems.departmentId))
    .where(and(...where))
    .orderBy(desc(publishingItems.formedOn), desc(publishingItems.id))
    .limit(f.limit)
    .offset(f.offset);
  return rows.map((r) => view(r.item, r.department, ctx.today, cal));
}

/** Unpublished items formed more than 20 working days ago (《条例》第二十六条), on `ctx.today`. */
export async function overdueItems(
  db: Executor,
  agency: string | number,
  ctx: PublishingContext,
): Promise<ItemView[]> {
  return listItems(db, { agency, overdue: true, limit: 1000 }, ctx);
}

export interface CountRow {
  readonly name: string;
  readonly id: number | null;
  readonly count: number;
  /** The latest publication date in the group: the 最近更新日期 a supervisor watches. */
  readonly lastPublishedOn: string | null;
}

export interface PublishingCounts {
  readonly total: number;
  readonly lastPublishedOn: string | null;
  readonly byColumn: readonly CountRow[];
  readonly byDepartment: readonly CountRow[];
  readonly byChannel: readonly CountRow[];
}

/**
 * Items published, per column, department and channel, with the last publication date — the counts the annual
 * report's 总体情况 quotes and the "条数、最近更新日期" a supervisor follows (seed 003). Whole history, or one year.
 */
export async function publishingCounts(
  db: Executor,
  agencyRef: string | number,
  opts: { year?: number } = {},
): Promise<PublishingCounts> {
  const { agency } = await resolveAgency(db, agencyRef);
  const period = opts.year
    ? sql`and i.published_on between ${`${opts.year}-01-01`}::date and ${`${opts.year}-12-31`}::date`
    : sql``;
  const base = sql`from publishing_items i where i.agency_id = ${agency.id}
      and i.state in ('published', 'withdrawn') ${period}`;
  const byColumn = await queryRows<{ name: string; count: number; last: string | null }>(
    db,
    sql`select i.category as name, count(*)::int as count, to_char(max(i.published_on), 'YYYY-MM-DD') as last
        ${base} group by i.category order by count(*) desc, i.category`,
  );
  const byDepartment = await queryRows<{
    id: number | null;
    name: string | null;
    count: number;
    last: string | null;
  }>(
    db,
    sql`select i.department_id as id, d.name, count(*)::int as count,
               to_char(max(i.published_on), 'YYYY-MM-DD') as last
          from publishing_items i left join agencies d on d.id = i.department_id
         where i.agency_id = ${agency.id} and i.state in ('published', 'withdrawn') ${period}
         group by i.department_id, d.name order by count(*) desc, d.name nulls first`,
  );
  const byChannel = await queryRows<{ name: string; count: number; last: string | null }>(
    db,
    sql`select c.name, count(*)::int as count, to_char(max(i.published_on), 'YYYY-MM-DD') as last
          from publishing_items i cross join lateral unnest(i.channels) as c(name)
         where i.agency_id = ${agency.id} and i.state in ('published', 'withdrawn') ${period}
         group by c.name order by count(*) desc, c.name`,
  );
  const total = byColumn.reduce((a, r) => a + r.count, 0);
  const last = byColumn.map((r) => r.last).filter((d): d is string => d !== null);
  return {
    total,
    lastPublishedOn: last.length ? last.sort().at(-1)! : null,
    byColumn: byColumn.map((r) => ({ name: r.name, id: null, count: r.count, lastPublishedOn: r.last })),
    byDepartment: byDepartment.map((r) => ({
      name: r.name ?? agency.name,
      id: r.id === null ? null : Number(r.id),
      count: r.count,
      lastPublishedOn: r.last,
    })),
    byChannel: byChannel.map((r) => ({ name: r.name, id: null, count: r.count, lastPublishedOn: r.last })),
  };
}

/**
 * For the annual report: of the items published in `year`, how many came after their 20 working days; and how many
 * were still unpublished and overdue on 31 December.
 */
export async function timelinessForYear(
  db: Executor,
  agencyId: number,
  year: number,
  cal: CalendarData,
): Promise<{ late: number; overdue: number }> {
  const end = `${year}-12-31`;
  const rows = await db
    .select({ formedOn: publishingItems.formedOn, publishedOn: publishingItems.publishedOn })
    .from(publishingItems)
    .where(
      and(
        eq(publishingItems.agencyId, agencyId),
        sql`${publishingItems.formedOn} <= ${end}::date`,
        sql`(${publishingItems.publishedOn} is null or ${publishingItems.publishedOn} >= ${`${year}-01-01`}::date)`,
      ),
    );
  let late = 0;
  let overdue = 0;
  for (const r of rows) {
    const publishedThisYear = r.publishedOn !== null && r.publishedOn <= end;
    const t = publicationTimeliness(r.formedOn, publishedThisYear ? r.publishedOn : null, end, cal);
    if (publishedThisYear && t.late) late++;
    else if (!publishedThisYear && t.overdue) overdue++;
  }
  return { late, overdue };
}
