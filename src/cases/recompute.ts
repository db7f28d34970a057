// recompute-deadlines: after a new year's notice or a local adjustment is loaded, the stored due dates of open
// cases may rest on an older calendar. Nothing moves them silently; this explicit action replays each open case's
// clock with the calendar its agency has now, stores the new dates and version, and audits every change.
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { cases } from '../db/schema/cases.ts';
import type { CalendarData } from '../domain/calendar/index.ts';
import { loadCalendar } from './calendar.ts';
import type { UseCaseContext } from './context.ts';
import { maskName } from './mask.ts';
import { type CaseRow, clockColumns, loadEvents, type NewEvent, runClock } from './timeline.ts';

async function calendarsFor(db: Executor, rows: readonly CaseRow[]): Promise<Map<number, CalendarData>> {
  const out = new Map<number, CalendarData>();
  for (const r of rows) if (!out.has(r.agencyId)) out.set(r.agencyId, await loadCalendar(db, r.agencyId));
  return out;
}

/**
 * Open cases whose stored calendar version differs from their agency's current calendar; with `agencyIds`, only
 * the cases of those agencies (the calendar page of one agency counts its subtree's).
 */
export async function findStaleOpenCases(db: Executor, agencyIds?: readonly number[]): Promise<CaseRow[]> {
  if (agencyIds && agencyIds.length === 0) return [];
  const open = await db
    .select()
    .from(cases)
    .where(
      agencyIds
        ? and(ne(cases.status, 'closed'), inArray(cases.agencyId, [...agencyIds]))
        : ne(cases.status, 'closed'),
    )
    .orderBy(asc(cases.id));
  if (open.length === 0) return [];
  const cals = await calendarsFor(db, open);
  return open.filter((c) => c.calendarVersion !== cals.get(c.agencyId)!.version);
}

/** The stored dates a recompute may move, in the order they are shown, with their names. */
export const RECOMPUTE_DATE_KINDS = [
  ['dueOn', '答复期限'],
  ['feeDueOn', '缴费期限'],
  ['correctionDueOn', '补正告知期限'],
] as const;
export type RecomputeDateKind = (typeof RECOMPUTE_DATE_KINDS)[number][0];

export interface RecomputeChange {
  code: string;
  before: {
    dueOn: string | null;
    feeDueOn: string | null;
    correctionDueOn: string | null;
    calendarVersion: string | null;
  };
  after: {
    dueOn: string | null;
    feeDueOn: string | null;
    correctionDueOn: string | null;
    calendarVersion: string;
  };
}

/** The dates of a change that move: [name, before, after] for each kind whose date differs. */
export function movedDates(
  c: Pick<RecomputeChange, 'before' | 'after'>,
): (readonly [string, string | null, string | null])[] {
  return RECOMPUTE_DATE_KINDS.filter(([k]) => (c.before[k] ?? null) !== (c.after[k] ?? null)).map(
    ([k, label]) => [label, c.before[k] ?? null, c.after[k] ?? null] as const,
  );
}

export interface RecomputeResult {
  checked: number;
  changed: RecomputeChange[];
  /** The audit entry of this run (action calendar.recompute-deadlines). */
  auditId: number;
}

interface PlannedCase {
  readonly row: CaseRow;
  readonly cols: ReturnType<typeof clockColumns>;
  readonly change: RecomputeChange;
}

/** The new dates of every stale open case, computed and not written (the dry run and the real run share it). */
async function plan(db: Executor, ctx: UseCaseContext): Promise<PlannedCase[]> {
  const stale = await findStaleOpenCases(db);
  const cals = await calendarsFor(db, stale);
  const out: PlannedCase[] = [];
  for (const c of stale) {
    const events: NewEvent[] = (await loadEvents(db, c.id)).map((e) => ({
      type: e.type,
      on: e.on,
      data: e.data,
    }));
    const clock = runClock(events, null, cals.get(c.agencyId)!, ctx, c.code);
    const cols = clockColumns(clock, events);
    out.push({
      row: c,
      cols,
      change: {
        code: c.code,
        before: {
          dueOn: c.dueOn,
          feeDueOn: c.feeDueOn,
          correctionDueOn: c.correctionDueOn,
          calendarVersion: c.calendarVersion,
        },
        after: {
          dueOn: cols.dueOn,
          feeDueOn: cols.feeDueOn,
          correctionDueOn: cols.correctionDueOn,
          calendarVersion: cols.calendarVersion,
        },
      },
    });
  }
  return out;
}

export interface RecomputePreviewCase extends RecomputeChange {
  readonly agencyName: string;
  /** The applicant as lists show them: a natural person's name masked (src/cases/mask.ts), organisations not. */
  readonly applicant: string;
}

/**
 * What recomputeDeadlines would do now, without doing it: nothing written, nothing audited (the preview page and
 * `calendar recompute-deadlines --dry-run`). Every stale open case, with the dates that would move.
 */
export async function previewRecompute(
  db: Executor,
  ctx: UseCaseContext,
): Promise<{ checked: number; cases: RecomputePreviewCase[] }> {
  const planned = await plan(db, ctx);
  const ids = planned.map((p) => p.row.id);
  const who = new Map<number, { agency: string; applicant: string }>();
  if (ids.length) {
    const rows = await queryRows<{ id: number; agency: string; name: string; type: string }>(
      db,
      sql`select k.id, a.name as agency, p.name, p.type
            from cases k join agencies a on a.id = k.agency_id join applicants p on p.id = k.applicant_id
           where k.id in (${sql.join(
             ids.map((i) => sql`${i}`),
             sql`, `,
           )})`,
    );
    for (const r of rows)
      who.set(Number(r.id), {
        agency: r.agency,
        applicant: r.type === 'naturalPerson' ? maskName(r.name) : r.name,
      });
  }
  return {
    checked: planned.length,
    cases: planned.map((p) => ({
      ...p.change,
      agencyName: who.get(p.row.id)?.agency ?? '',
      applicant: who.get(p.row.id)?.applicant ?? '',
    })),
  };
}

/** Replay the clock of every stale open case with the current calendar (one transaction, audited). */
export async function recomputeDeadlines(db: Db, ctx: UseCaseContext): Promise<RecomputeResult> {
  return db.transaction(async (tx) => {
    const planned = await plan(tx, ctx);
    const changed: RecomputeChange[] = [];
    for (const { row: c, cols, change } of planned) {
      await tx
        .update(cases)
        .set({ ...cols, updatedAt: sql`now()` })
        .where(eq(cases.id, c.id));
      changed.push(change);
      await writeAudit(tx, {
        actor: ctx.actor,
        action: 'case.recompute-deadlines',
        entity: 'case',
        entityId: c.code,
        before: change.before,
        after: change.after,
      });
    }
    const auditId = await writeAudit(tx, {
      actor: ctx.actor,
      action: 'calendar.recompute-deadlines',
      entity: 'calendar',
      after: {
        checked: planned.length,
        // Every case any date of which moved (答复、缴费、补正告知期限), not only the reply deadline.
        moved: changed.filter((c) => movedDates(c).length > 0).map((c) => c.code),
      },
    });
    return { checked: planned.length, changed, auditId };
  });
}
