// A case as people read it: the case, its agency, the applicant (masked), the timeline, the appeals, and the clock
// as of today (due soon, overdue).
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/handle.ts';
import { agencies } from '../db/schema/agencies.ts';
import { cases } from '../db/schema/cases.ts';
import type { ClockResult } from '../domain/clock/index.ts';
import { type AppealRow, appealsOfCase } from './appeals.ts';
import { findApplicant, maskedApplicant } from './applicants.ts';
import { loadCalendar } from './calendar.ts';
import type { UseCaseContext } from './context.ts';
import { notFound } from './errors.ts';
import { OUTCOME_DEFS } from './outcomes.ts';
import { type CaseRow, type EventRow, loadEvents, runClock } from './timeline.ts';

export interface CaseView {
  case: CaseRow;
  agency: { code: string; name: string };
  applicant: ReturnType<typeof maskedApplicant>;
  outcomeLabel: string | null;
  events: Pick<EventRow, 'type' | 'on' | 'data' | 'actor'>[];
  appeals: AppealRow[];
  /** The clock replayed as of today (when today is not before the last event): remaining days, dueSoon, overdue. */
  clock: ClockResult;
}

export async function showCase(
  db: Executor,
  code: string,
  ctx: Pick<UseCaseContext, 'today' | 'clock'>,
): Promise<CaseView> {
  const [row] = await db
    .select({ c: cases, agencyCode: agencies.code, agencyName: agencies.name })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .where(eq(cases.code, code));
  if (!row) throw notFound('案件', code);
  const c = row.c;
  const events = await loadEvents(db, c.id);
  const stored = events.map((e) => ({ type: e.type, on: e.on, data: e.data }));
  const last = stored.at(-1)?.on ?? c.receivedOn;
  const today = ctx.today && ctx.today >= last ? ctx.today : undefined;
  const clock = runClock(stored, null, await loadCalendar(db, c.agencyId), ctx, code, today);
  return {
    case: c,
    agency: { code: row.agencyCode, name: row.agencyName },
    applicant: maskedApplicant(await findApplicant(db, c.applicantId)),
    outcomeLabel: c.outcome ? (OUTCOME_DEFS.get(c.outcome)?.label ?? c.outcome) : null,
    events: events.map((e) => ({ type: e.type, on: e.on, data: e.data, actor: e.actor })),
    appeals: await appealsOfCase(db, c.id),
    clock,
  };
}
