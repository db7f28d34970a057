// recompute-deadlines: after a new year's notice or a local adjustment is loaded, the stored due dates of open
// cases may rest on an older calendar. Nothing moves them silently; this explicit action replays each open case's
// clock with the calendar its agency has now, stores the new dates and version, and audits every change.
import { asc, eq, ne, sql } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { cases } from '../db/schema/cases.ts';
import type { CalendarData } from '../domain/calendar/index.ts';
import { loadCalendar } from './calendar.ts';
import type { UseCaseContext } from './context.ts';
import { type CaseRow, clockColumns, loadEvents, type NewEvent, runClock } from './timeline.ts';

async function calendarsFor(db: Executor, rows: readonly CaseRow[]): Promise<Map<number, CalendarData>> {
  const out = new Map<number, CalendarData>();
  for (const r of rows) if (!out.has(r.agencyId)) out.set(r.agencyId, await loadCalendar(db, r.agencyId));
  return out;
}

/** Open cases whose stored calendar version differs from their agency's current calendar. */
export async function findStaleOpenCases(db: Executor): Promise<CaseRow[]> {
  const open = await db.select().from(cases).where(ne(cases.status, 'closed')).orderBy(asc(cases.id));
  if (open.length === 0) return [];
  const cals = await calendarsFor(db, open);
  return open.filter((c) => c.calendarVersion !== cals.get(c.agencyId)!.version);
}

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

export interface RecomputeResult {
  checked: number;
  changed: RecomputeChange[];
  /** The audit entry of this run (action calendar.recompute-deadlines). */
  auditId: number;
}

/** Replay the clock of every stale open case with the current calendar (one transaction, audited). */
export async function recomputeDeadlines(db: Db, ctx: UseCaseContext): Promise<RecomputeResult> {
  return db.transaction(async (tx) => {
    const stale = await findStaleOpenCases(tx);
    const cals = await calendarsFor(tx, stale);
    const changed: RecomputeChange[] = [];
    for (const c of stale) {
      const events: NewEvent[] = (await loadEvents(tx, c.id)).map((e) => ({
        type: e.type,
        on: e.on,
        data: e.data,
      }));
      const clock = runClock(events, null, cals.get(c.agencyId)!, ctx, c.code);
      const cols = clockColumns(clock, events);
      await tx
        .update(cases)
        .set({ ...cols, updatedAt: sql`now()` })
        .where(eq(cases.id, c.id));
      const change: RecomputeChange = {
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
      };
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
        checked: stale.length,
        moved: changed.filter((c) => c.before.dueOn !== c.after.dueOn).map((c) => c.code),
      },
    });
    return { checked: stale.length, changed, auditId };
  });
}
