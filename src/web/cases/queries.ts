// What the staff console reads: the dashboard figures, the case list (masked), one case with its timeline. Scope:
// the user's agency and its departments (one reporting unit); an administrator sees every agency.
import { eq, type SQL, sql } from 'drizzle-orm';
import { agencyAndDepartmentsSql } from '../../cases/agencies.ts';
import type { Applicant } from '../../cases/applicants.ts';
import { maskIdNumber, maskName, maskPhone } from '../../cases/mask.ts';
import {
  type CaseRow,
  CLOCK_EVENT_TYPES,
  type EventRow,
  loadEvents,
  toClockEvent,
} from '../../cases/timeline.ts';
import type { Executor } from '../../db/handle.ts';
import { queryRows } from '../../db/query.ts';
import { agencies } from '../../db/schema/agencies.ts';
import { applicants } from '../../db/schema/applicants.ts';
import { cases } from '../../db/schema/cases.ts';
import type { CalendarData } from '../../domain/calendar/index.ts';
import { type ClockResult, computeClock } from '../../domain/clock/index.ts';

export interface Scope {
  /** null: every agency (administrator). */
  readonly agencyId: number | null;
}

/** `with recursive scope(id) …` for a unit, or every agency. */
const scopeSql = (s: Scope): SQL =>
  s.agencyId === null
    ? sql`with scope(id) as (select id from agencies)`
    : agencyAndDepartmentsSql(s.agencyId);

export interface CaseLine {
  readonly code: string;
  readonly agency: string;
  readonly receivedOn: string;
  readonly channel: string;
  readonly applicantType: string;
  /** Masked for display: names of natural persons, ID and phone numbers. */
  readonly applicant: string;
  readonly idNumber: string;
  readonly phone: string;
  readonly status: string;
  readonly dueOn: string | null;
  readonly closedOn: string | null;
  readonly outcome: string | null;
  readonly description: string;
  /** A closed case waiting for a new reply a 复议 decision or judgment ordered: its deadline (appeals.redo_due_on). */
  readonly redoDueOn?: string | null;
}

interface RawLine {
  code: string;
  agency: string;
  received_on: string;
  channel: string;
  applicant_type: string;
  name: string;
  id_number: string | null;
  phone: string | null;
  status: string;
  due_on: string | null;
  closed_on: string | null;
  outcome: string | null;
  description: string;
  redo_due_on?: string | null;
}

const d = (v: unknown): string | null => (v === null || v === undefined ? null : String(v).slice(0, 10));

function masked(r: RawLine): CaseLine {
  return {
    code: r.code,
    agency: r.agency,
    receivedOn: d(r.received_on)!,
    channel: r.channel,
    applicantType: r.applicant_type,
    applicant: r.applicant_type === 'naturalPerson' ? maskName(r.name) : r.name,
    idNumber: maskIdNumber(r.id_number),
    phone: maskPhone(r.phone),
    status: r.status,
    dueOn: d(r.due_on),
    closedOn: d(r.closed_on),
    outcome: r.outcome,
    description: r.description,
    ...(r.redo_due_on !== undefined ? { redoDueOn: d(r.redo_due_on) } : {}),
  };
}

/**
 * The running deadline of a 责令重新答复 not yet made, of each case row `t` of a page (index appeals_case_idx).
 * Added around the page's rows, after their LIMIT: inside, the planner may compute it for every case it sorts
 * (100,000 subqueries for a page of 50: the uncached list went from ~10 ms to ~100 ms of CPU, issue 18).
 */
const REDO_DUE = sql`(select to_char(min(r.redo_due_on), 'YYYY-MM-DD') from appeals r
  where r.case_id = t.id and r.redo_ordered and r.redone_on is null) as redo_due_on`;

const LINE_COLUMNS = sql`c.code, a.name as agency, to_char(c.received_on, 'YYYY-MM-DD') as received_on, c.channel,
  c.applicant_type, p.name, p.id_number, p.phone, c.status, to_char(c.due_on, 'YYYY-MM-DD') as due_on,
  to_char(c.closed_on, 'YYYY-MM-DD') as closed_on, c.outcome, c.description`;

export interface CaseFilter {
  readonly status?: 'open' | 'closed' | 'all';
  /** Case number (or part of it). */
  readonly q?: string;
  readonly codes?: readonly string[];
  readonly limit?: number;
}

/** The case list's search: newest first, keyset-paginated (after the last row of the previous page). */
export interface CaseSearch {
  /** open, closed, all, or one stage (awaitingCorrection, awaitingFee, paused, overdue). */
  readonly status: string;
  /** Case number or 查询码 (part of it). */
  readonly number?: string;
  /** The applicant's name (part of it). */
  readonly applicant?: string;
  /** Words of the request (every word must occur). */
  readonly words?: string;
  readonly from?: string;
  readonly to?: string;
  /** Only the cases assigned to this user (“我的案件”). */
  readonly assignedTo?: number;
  /** Keyset: the (received_on, id) of the last row shown. */
  readonly after?: { readonly receivedOn: string; readonly id: number };
  readonly limit: number;
  readonly today: string;
}

export const LIST_STATUSES: readonly (readonly [string, string])[] = [
  ['open', '办理中（全部）'],
  ['overdue', '已逾期'],
  ['awaitingCorrection', '待补正'],
  ['awaitingFee', '待缴费'],
  ['paused', '征求意见中'],
  ['redo', '待重新答复'],
  ['closed', '已办结'],
  ['all', '全部'],
];

const like = (s: string) => `%${s.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;

export interface SearchLine extends CaseLine {
  readonly id: number;
  /** The due date itself is 暂定 (not: some other date of the case). */
  readonly dueProvisional: boolean;
  readonly assignee: string | null;
  readonly duplicateOf: string | null;
}

/** A JSON aggregate as the drivers hand it back: node-postgres and PGlite parse `json`; parse text otherwise. */
function jsonRows<T>(v: unknown): T[] {
  if (v === null || v === undefined) return [];
  return (typeof v === 'string' ? JSON.parse(v) : v) as T[];
}

/**
 * One page of the case list (limit + 1 rows are read to know whether there is a next page): newest first by
 * (received_on, id), keyset-paginated. One query per page (issue 18, profiled at 100,000 cases): the scope, the
 * page's rows with applicant, agency and assignee joined, no per-row queries. The scope's agencies are walked one
 * by one (`cross join lateral`): each takes the first limit + 1 rows of its own (agency_id, received_on, id) index
 * (cases_agency_received_idx, or the partial cases_open_received_idx for open cases, the list's default), and the
 * few rows found are merged — so a page costs the same however many cases an agency holds. The rows come back as
 * one `json_agg` value: PGlite decodes each field of a result row in JavaScript, and one JSON value for 51 rows
 * costs a third of 51 × 18 fields.
 */
export async function searchCases(
  db: Executor,
  scope: Scope,
  f: CaseSearch,
): Promise<{ lines: SearchLine[]; next: { receivedOn: string; id: number } | null }> {
  const where: SQL[] = [];
  switch (f.status) {
    case 'open':
      where.push(sql`c.closed_on is null`);
      break;
    case 'closed':
      where.push(sql`c.closed_on is not null`);
      break;
    case 'overdue':
      where.push(sql`c.closed_on is null and c.due_on < ${f.today}::date`);
      break;
    case 'awaitingCorrection':
    case 'awaitingFee':
    case 'paused':
      where.push(sql`c.status = ${f.status}`);
      break;
    case 'redo':
      where.push(
        sql`exists (select 1 from appeals r where r.case_id = c.id and r.redo_ordered and r.redone_on is null)`,
      );
      break;
  }
  if (f.number)
    where.push(
      sql`(c.code ilike ${like(f.number)} or c.tracking_code = ${f.number.toUpperCase().replace(/[\s-]/g, '')})`,
    );
  if (f.applicant) where.push(sql`p.name ilike ${like(f.applicant)}`);
  for (const w of (f.words ?? '').split(/\s+/).filter(Boolean).slice(0, 5))
    where.push(sql`c.description ilike ${like(w)}`);
  if (f.from) where.push(sql`c.received_on >= ${f.from}::date`);
  if (f.to) where.push(sql`c.received_on <= ${f.to}::date`);
  if (f.assignedTo !== undefined) where.push(sql`c.assigned_to = ${f.assignedTo}`);
  if (f.after) where.push(sql`(c.received_on, c.id) < (${f.after.receivedOn}::date, ${f.after.id})`);
  const rowsOf = (agency: SQL | null) => {
    const all = agency ? [agency, ...where] : where;
    return sql`select c.id, ${LINE_COLUMNS}, c.due_provisional, u.display_name as assignee, c.duplicate_of,
                      c.received_on as sort_on
                 from cases c join applicants p on p.id = c.applicant_id join agencies a on a.id = c.agency_id
                 left join users u on u.id = c.assigned_to
                where ${all.length ? sql.join(all, sql` and `) : sql`true`}
                order by c.received_on desc, c.id desc
                limit ${f.limit + 1}`;
  };
  // An administrator's scope is every agency: no condition, the (received_on, id) index in the list's order.
  const page =
    scope.agencyId === null
      ? sql`select json_agg(t order by t.sort_on desc, t.id desc) as rows from (
              select t.*, ${REDO_DUE} from (${rowsOf(null)}) t) t`
      : sql`${agencyAndDepartmentsSql(scope.agencyId)}
            select json_agg(t order by t.sort_on desc, t.id desc) as rows from (
              select t.*, ${REDO_DUE} from (
                select l.* from scope s cross join lateral (${rowsOf(sql`c.agency_id = s.id`)}) l
                 order by l.sort_on desc, l.id desc limit ${f.limit + 1}) t) t`;
  const [result] = await queryRows<{ rows: unknown }>(db, page);
  const rows = jsonRows<
    RawLine & { id: number; due_provisional: boolean; assignee: string | null; duplicate_of: string | null }
  >(result?.rows);
  const lines = rows.slice(0, f.limit).map((r) => ({
    ...masked(r),
    id: Number(r.id),
    dueProvisional: Boolean(r.due_provisional),
    assignee: r.assignee,
    duplicateOf: r.duplicate_of,
  }));
  const last = lines.at(-1);
  return { lines, next: rows.length > f.limit && last ? { receivedOn: last.receivedOn, id: last.id } : null };
}

export async function listCases(db: Executor, scope: Scope, f: CaseFilter = {}): Promise<CaseLine[]> {
  const status =
    f.status === 'open'
      ? sql`and c.closed_on is null`
      : f.status === 'closed'
        ? sql`and c.closed_on is not null`
        : sql``;
  const q = f.q ? sql`and c.code ilike ${`%${f.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`}` : sql``;
  const codes = f.codes
    ? f.codes.length
      ? sql`and c.code in (${sql.join(
          f.codes.map((c) => sql`${c}`),
          sql`, `,
        )})`
      : sql`and false`
    : sql``;
  const rows = await queryRows<RawLine>(
    db,
    sql`${scopeSql(scope)}
        select ${LINE_COLUMNS}
          from cases c join applicants p on p.id = c.applicant_id join agencies a on a.id = c.agency_id
         where c.agency_id in (select id from scope) ${status} ${q} ${codes}
         order by c.closed_on is not null, c.due_on nulls last, c.received_on desc, c.code
         limit ${f.limit ?? 500}`,
  );
  return rows.map(masked);
}

export interface Dashboard {
  readonly year: number;
  readonly receivedThisYear: number;
  readonly concludedThisYear: number;
  readonly open: number;
  readonly overdue: readonly CaseLine[];
  readonly dueSoon: readonly CaseLine[];
  readonly waiting: readonly CaseLine[];
  /** Closed cases waiting for a new reply ordered by a 复议 decision or judgment, by its deadline. */
  readonly redo: readonly CaseLine[];
  /** Each list shows its first DASHBOARD_LIST cases; true when there are more (the tile then says “100+”). */
  readonly more: { readonly overdue: boolean; readonly dueSoon: boolean; readonly waiting: boolean };
}

/** How many cases each of the dashboard's lists shows. */
export const DASHBOARD_LIST = 100;

/**
 * `soonUntil`: the last day that counts as "due soon" (a few working days after today, from the calendar).
 *
 * One query (issue 18, profiled at 100,000 cases: the former four scanned every case of the agency, 0.3–0.5 s).
 * The counts are sums of a few rows of case_counts (kept by trigger on every case write, in its transaction: exact
 * right after it; migration 0012) instead of counts over the agency's cases; each list walks the scope's agencies one by one along a partial
 * index in the list's order (cases_open_due_idx, cases_waiting_due_idx) and stops at 100 rows.
 */
export async function dashboard(
  db: Executor,
  scope: Scope,
  today: string,
  soonUntil: string,
): Promise<Dashboard> {
  const year = Number(today.slice(0, 4));
  const agencyIds = sql`(select id from scope)`;
  // Sums of case_counts, kept by trigger in the transaction of every case write (migration 0012).
  const count = (where: SQL) =>
    sql`(select coalesce(sum(n), 0)::int from case_counts k where k.agency_id in ${agencyIds} and ${where})`;
  const list = (where: SQL, index: 'open' | 'waiting') =>
    sql`(select json_agg(t order by t.due_sort nulls last, t.code) from (
          select l.* from scope s cross join lateral (
            select ${LINE_COLUMNS}, c.due_on as due_sort
              from cases c join applicants p on p.id = c.applicant_id join agencies a on a.id = c.agency_id
             where c.agency_id = s.id and ${index === 'open' ? sql`c.closed_on is null` : sql`c.status in ('awaitingCorrection', 'awaitingFee', 'paused')`}
               and ${where}
             order by c.due_on nulls last, c.code limit ${DASHBOARD_LIST + 1}) l
           order by l.due_sort nulls last, l.code limit ${DASHBOARD_LIST + 1}) t)`;
  const [r] = await queryRows<{
    received: number;
    concluded: number;
    open: number;
    overdue: unknown;
    soon: unknown;
    waiting: unknown;
    redo: unknown;
  }>(
    db,
    sql`${scopeSql(scope)}
        select ${count(sql`k.received_year = ${year}`)} as received,
               ${count(sql`k.closed_year = ${year}`)} as concluded,
               ${count(sql`k.closed_year = 0`)} as open,
               ${list(sql`c.due_on < ${today}::date`, 'open')} as overdue,
               ${list(sql`c.due_on between ${today}::date and ${soonUntil}::date`, 'open')} as soon,
               ${list(sql`c.closed_on is null`, 'waiting')} as waiting,
               (select json_agg(t order by t.redo_due_on, t.code) from (
                  select ${LINE_COLUMNS}, to_char(r.redo_due_on, 'YYYY-MM-DD') as redo_due_on
                    from appeals r join cases c on c.id = r.case_id
                    join applicants p on p.id = c.applicant_id join agencies a on a.id = c.agency_id
                   where c.agency_id in (select id from scope) and r.redo_ordered and r.redone_on is null
                   order by r.redo_due_on, c.code limit ${DASHBOARD_LIST}) t) as redo`,
  );
  // One row more than shown: the tiles must not present the first 100 as the whole number.
  const overdue = jsonRows<RawLine>(r?.overdue);
  const soon = jsonRows<RawLine>(r?.soon);
  const waiting = jsonRows<RawLine>(r?.waiting);
  return {
    year,
    receivedThisYear: Number(r?.received ?? 0),
    concludedThisYear: Number(r?.concluded ?? 0),
    open: Number(r?.open ?? 0),
    overdue: overdue.slice(0, DASHBOARD_LIST).map(masked),
    dueSoon: soon.slice(0, DASHBOARD_LIST).map(masked),
    waiting: waiting.slice(0, DASHBOARD_LIST).map(masked),
    redo: jsonRows<RawLine>(r?.redo).map(masked),
    more: {
      overdue: overdue.length > DASHBOARD_LIST,
      dueSoon: soon.length > DASHBOARD_LIST,
      waiting: waiting.length > DASHBOARD_LIST,
    },
  };
}

export interface CaseDetail {
  readonly row: CaseRow;
  readonly agency: string;
  readonly applicant: Applicant;
  readonly events: readonly EventRow[];
}

export async function caseDetail(db: Executor, code: string): Promise<CaseDetail | null> {
  const [row] = await db.select().from(cases).where(eq(cases.code, code));
  if (!row) return null;
  const [a] = await db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, row.agencyId));
  const [applicant] = await db.select().from(applicants).where(eq(applicants.id, row.applicantId));
  return { row, agency: a?.name ?? '', applicant: applicant!, events: await loadEvents(db, row.id) };
}

/** The clock over a case's stored events, as of today (due soon, overdue, remaining working days). */
export function clockOf(
  events: readonly { type: string; on: string; data: Record<string, unknown> }[],
  calendar: CalendarData,
  today: string,
): ClockResult {
  return computeClock(
    events.filter((e) => CLOCK_EVENT_TYPES.has(e.type)).map(toClockEvent),
    calendar,
    {},
    today,
  );
}
