// The working-day calendar kept in the database (../shared/domain/05-working-day-calendar.md §4): seeded from the
// national data (src/calendar-seed), completed by an administrator year by year as the 国务院办公厅 notices appear,
// and adjusted locally. Every computed due date stores the version of the calendar it used; loading a new year does
// not silently move deadlines — `recomputeDeadlines` (src/cases/recompute.ts) is the explicit, audited step.
import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { projectionsFor, seedCalendar } from '../calendar-seed/index.ts';
import { writeAudit } from '../db/audit.ts';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { calendarAdjustments, calendarYears } from '../db/schema/calendar.ts';
import {
  type CalendarData,
  CalendarError,
  createCalendar,
  type HolidayNotice,
  isIsoDate,
  type LocalAdjustment,
  type YearSchedule,
} from '../domain/calendar/index.ts';
import { findAgency } from './agencies.ts';
import type { UseCaseContext } from './context.ts';
import { CaseError } from './errors.ts';
import { findStaleOpenCases } from './recompute.ts';

const rowToSchedule = (r: typeof calendarYears.$inferSelect): YearSchedule => ({
  year: r.year,
  holidays: r.holidays,
  workdays: r.workdays,
  notices: r.source,
});

/** The version of one year's data alone: what the calendar_years row records. */
export function yearVersion(y: YearSchedule): string {
  return createCalendar({ years: [y] }).version;
}

/**
 * The calendar for an agency: every national year, plus the local adjustments of the installation (agency null)
 * and of the agency and its ancestors — the nearest one wins where two decide the same date.
 */
export async function loadCalendar(db: Executor, agencyId: number | null = null): Promise<CalendarData> {
  const years = await db.select().from(calendarYears).orderBy(asc(calendarYears.year));
  if (years.length === 0) {
    throw new CalendarMissingError();
  }
  const adjustments = await queryRows<{
    on: string;
    kind: 'holiday' | 'workday';
    reason: string;
    authority: string | null;
    depth: number;
  }>(
    db,
    sql`with recursive chain(id, depth) as (
          select id, 0 from agencies where id = ${agencyId}
          union all
          select a.parent_id, c.depth + 1 from chain c join agencies a on a.id = c.id where a.parent_id is not null
        )
        select to_char(j."on", 'YYYY-MM-DD') as "on", j.kind, j.reason, j.authority,
               coalesce(c.depth, 1000000) as depth
          from calendar_adjustments j left join chain c on c.id = j.agency_id
         where j.agency_id is null or c.id is not null
         order by j."on", depth`,
  );
  const local = new Map<string, LocalAdjustment>();
  for (const a of adjustments)
    if (!local.has(a.on))
      local.set(a.on, { date: a.on, kind: a.kind, reason: a.reason, authority: a.authority });
  try {
    return createCalendar({
      years: years.map(rowToSchedule),
      local: [...local.values()],
      projected: projectionsFor(years.map((y) => y.year)),
      source: 'database',
    });
  } catch (e) {
    if (e instanceof CalendarError) throw new CaseError('CALENDAR', `数据库中的工作日历有误：${e.message}`);
    throw e;
  }
}

export class CalendarMissingError extends CaseError {
  constructor() {
    super('CALENDAR', '工作日历尚未初始化：请先运行 gongkai db:migrate（会载入全国节假日数据）');
  }
}

/** Fill an empty calendar from the national seed (chinese-days). Returns the number of years written. */
export async function seedCalendarIfEmpty(db: Executor, ctx: Pick<UseCaseContext, 'actor'>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from calendar_years`);
  if ((row?.n ?? 0) > 0) return 0;
  const seed = seedCalendar();
  if (seed.years.length === 0) return 0;
  await db.insert(calendarYears).values(
    seed.years.map((y) => ({
      year: y.year,
      holidays: { ...y.holidays },
      workdays: { ...y.workdays },
      source: [...y.notices],
      version: yearVersion(y),
      loadedBy: ctx.actor,
    })),
  );
  await writeAudit(db, {
    actor: ctx.actor,
    action: 'calendar.seed',
    entity: 'calendar',
    after: { source: seed.source, years: seed.years.map((y) => y.year), version: seed.version },
  });
  return seed.years.length;
}

export interface CalendarYearSummary {
  year: number;
  version: string;
  holidays: number;
  workdays: number;
  notice: string;
  /** The notice(s) behind the year: title, 文号, URL, publication date. */
  notices: readonly HolidayNotice[];
  loadedBy: string;
  loadedAt: Date;
}

export async function listCalendarYears(db: Executor): Promise<CalendarYearSummary[]> {
  const rows = await db.select().from(calendarYears).orderBy(asc(calendarYears.year));
  return rows.map((r) => ({
    year: r.year,
    version: r.version,
    holidays: Object.keys(r.holidays).length,
    workdays: Object.keys(r.workdays).length,
    notice: r.source[0]?.title ?? '',
    notices: r.source,
    loadedBy: r.loadedBy,
    loadedAt: r.loadedAt,
  }));
}

export async function getCalendarYear(
  db: Executor,
  year: number,
): Promise<(YearSchedule & { version: string }) | null> {
  const [r] = await db.select().from(calendarYears).where(eq(calendarYears.year, year));
  return r ? { ...rowToSchedule(r), version: r.version } : null;
}

// ------------------------------------------------------------------------------------------------ import a year

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应写作 YYYY-MM-DD');
const dateMap = z.union([
  z.record(isoDate, z.string()),
  z.array(isoDate).transform((a) => Object.fromEntries(a.map((d) => [d, '']))),
]);
const noticeSchema = z.object({
  title: z.string().min(1, '通知标题不能为空'),
  docNumber: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  published: isoDate.nullable().optional(),
  note: z.string().optional(),
});
/** The JSON an administrator imports: one year as the notice fixes it (a `YearSchedule`). */
export const yearScheduleSchema = z.object({
  year: z.number().int().min(1990).max(2200),
  holidays: dateMap,
  workdays: dateMap.default({}),
  notices: z.array(noticeSchema).min(1, '请至少填写一份放假通知（标题、文号、网址、发布日期）'),
});

export interface ImportResult {
  year: number;
  version: string;
  status: 'added' | 'replaced' | 'unchanged';
  /** Open cases whose stored due dates were computed with another calendar: run recompute-deadlines. */
  staleOpenCases: number;
}

/** Add (or, with `replace`, change) one year of the national calendar. Validated; audited with before/after. */
export async function importCalendarYear(
  db: Executor,
  input: unknown,
  ctx: Pick<UseCaseContext, 'actor'> & { replace?: boolean; origin?: string },
): Promise<ImportResult> {
  const parsed = yearScheduleSchema.safeParse(input);
  const where = ctx.origin ? `${ctx.origin}：` : '';
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues, input).join('；');
    throw new CaseError('INVALID_INPUT', `${where}日历数据无效：${issues}`);
  }
  const p = parsed.data;
  const schedule: YearSchedule = {
    year: p.year,
    holidays: p.holidays,
    workdays: p.workdays,
    notices: p.notices.map((n) => ({
      title: n.title,
      docNumber: n.docNumber ?? null,
      url: n.url ?? null,
      published: n.published ?? null,
      ...(n.note ? { note: n.note } : {}),
    })),
  };
  let version: string;
  try {
    version = yearVersion(schedule);
  } catch (e) {
    if (e instanceof CalendarError) throw new CaseError('INVALID_INPUT', `${where}${e.message}`);
    throw e;
  }
  const before = await getCalendarYear(db, p.year);
  if (before && before.version === version && canonical(before.notices) === canonical(schedule.notices)) {
    return { year: p.year, version, status: 'unchanged', staleOpenCases: await staleOpenCases(db) };
  }
  if (before && !ctx.replace) {
    throw new CaseError(
      'CONFLICT',
      `${p.year} 年的日历已存在（版本 ${before.version}）；如确需以新通知替换，请加 --replace（将记入审计日志）`,
      { year: p.year },
    );
  }
  const values = {
    year: schedule.year,
    holidays: { ...schedule.holidays },
    workdays: { ...schedule.workdays },
    source: [...schedule.notices],
    version,
    loadedBy: ctx.actor,
  };
  if (before) {
    await db
      .update(calendarYears)
      .set({ ...values, loadedAt: sql`now()` })
      .where(eq(calendarYears.year, p.year));
  } else await db.insert(calendarYears).values(values);
  await writeAudit(db, {
    actor: ctx.actor,
    action: before ? 'calendar.year.replace' : 'calendar.year.add',
    entity: 'calendar_year',
    entityId: p.year,
    before,
    after: { ...schedule, version },
  });
  // The whole calendar must stay consistent (e.g. with local adjustments).
  await loadCalendar(db);
  return {
    year: p.year,
    version,
    status: before ? 'replaced' : 'added',
    staleOpenCases: await staleOpenCases(db),
  };
}

type Issue = z.core.$ZodIssue;

/**
 * zod's issues in words that name the field and the date: `holidays` accepts an object or an array, so zod answers
 * "invalid input" for the union; this reports the branch the input had the shape of, and the offending date itself.
 */
function describeIssues(
  issues: readonly Issue[],
  input: unknown,
  base: readonly PropertyKey[] = [],
): string[] {
  const at = (path: readonly PropertyKey[]) => {
    let v: unknown = input;
    for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
    return v;
  };
  const name = (path: readonly PropertyKey[]) =>
    path.map((k) => (typeof k === 'number' ? `第 ${k + 1} 项` : String(k))).join(' ') || '（顶层）';
  return issues.flatMap((i): string[] => {
    const path = [...base, ...i.path];
    if (i.code === 'invalid_union') {
      // The branch whose error is deeper than "wrong type" is the one the input was meant for.
      const meant = i.errors.find((b) => !b.every((x) => x.code === 'invalid_type' && x.path.length === 0));
      return meant ? describeIssues(meant, input, path) : [`${name(path)}：应为“日期: 名称”对象或日期数组`];
    }
    if (i.code === 'invalid_key')
      return [
        `${name(base)} 中的日期“${String(i.path.at(-1))}”：${i.issues.map((x) => x.message).join('，')}`,
      ];
    const v = at(path);
    const shown = typeof v === 'string' || typeof v === 'number' ? `“${String(v)}”` : '';
    return [`${name(path)}${shown}：${i.message}`];
  });
}

/** JSON with sorted keys: jsonb does not keep the key order it was given. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : x,
  );
}

export interface AdjustmentInput {
  /** Agency code; omitted = the whole installation. */
  agency?: string | null;
  date: string;
  kind: 'holiday' | 'workday';
  reason: string;
  authority?: string | null;
}

/** A local adjustment (regional holiday, ad-hoc change): audited; run recompute-deadlines afterwards. */
export async function addCalendarAdjustment(
  db: Executor,
  input: AdjustmentInput,
  ctx: Pick<UseCaseContext, 'actor'>,
): Promise<{ id: number; staleOpenCases: number }> {
  if (!isIsoDate(input.date))
    throw new CaseError('INVALID_INPUT', `日期“${input.date}”无效，应写作 YYYY-MM-DD`);
  if (input.kind !== 'holiday' && input.kind !== 'workday')
    throw new CaseError(
      'INVALID_INPUT',
      `调整类型应为 holiday（放假）或 workday（上班），收到“${String(input.kind)}”`,
    );
  if (!input.reason?.trim()) throw new CaseError('INVALID_INPUT', '请填写调整理由（如：本省春节假期延长）');
  const agencyId = input.agency ? (await findAgency(db, input.agency)).id : null;
  const existing = await queryRows<{ id: number }>(
    db,
    sql`select id from calendar_adjustments where "on" = ${input.date}::date and agency_id is not distinct from ${agencyId}`,
  );
  if (existing.length)
    throw new CaseError('CONFLICT', `${input.date} 已有${agencyId ? '本机关的' : '全局'}本地调整`, {
      date: input.date,
    });
  const [row] = await db
    .insert(calendarAdjustments)
    .values({
      agencyId,
      on: input.date,
      kind: input.kind,
      reason: input.reason.trim(),
      authority: input.authority?.trim() || null,
      createdBy: ctx.actor,
    })
    .returning({ id: calendarAdjustments.id });
  await writeAudit(db, {
    actor: ctx.actor,
    action: 'calendar.adjustment.add',
    entity: 'calendar_adjustment',
    entityId: row!.id,
    after: { ...input, agencyId },
  });
  await loadCalendar(db, agencyId);
  return { id: row!.id, staleOpenCases: await staleOpenCases(db) };
}

/** Open cases whose due dates were computed with a calendar other than the one their agency has now. */
export async function staleOpenCases(db: Executor): Promise<number> {
  return (await findStaleOpenCases(db)).length;
}

export interface CalendarAdjustmentLine {
  id: number;
  date: string;
  kind: 'holiday' | 'workday';
  reason: string;
  authority: string | null;
  /** null: every agency of the installation. */
  agencyCode: string | null;
  agencyName: string | null;
  createdBy: string;
}

/** The local adjustments on record, by date (the web's list and `gongkai calendar adjustments`). */
export async function listCalendarAdjustments(db: Executor): Promise<CalendarAdjustmentLine[]> {
  const rows = await queryRows<{
    id: number;
    on: string;
    kind: 'holiday' | 'workday';
    reason: string;
    authority: string | null;
    code: string | null;
    name: string | null;
    created_by: string;
  }>(
    db,
    sql`select j.id, to_char(j."on", 'YYYY-MM-DD') as "on", j.kind, j.reason, j.authority, a.code, a.name,
               j.created_by
          from calendar_adjustments j left join agencies a on a.id = j.agency_id
         order by j."on", a.name nulls first`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    date: r.on,
    kind: r.kind,
    reason: r.reason,
    authority: r.authority,
    agencyCode: r.code,
    agencyName: r.name,
    createdBy: r.created_by,
  }));
}
