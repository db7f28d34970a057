// A case's stored timeline and the statutory clock over it. The clock itself is the pure domain function
// (src/domain/clock); this file only turns stored rows into its events and its result into stored columns.
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/handle.ts';
import { caseEvents } from '../db/schema/case-events.ts';
import type { cases } from '../db/schema/cases.ts';
import type { CaseStatus } from '../db/schema/vocabulary.ts';
import type { CalendarData } from '../domain/calendar/index.ts';
import { ClockError, type ClockEvent, type ClockResult, computeClock } from '../domain/clock/index.ts';
import type { UseCaseContext } from './context.ts';
import { CaseError } from './errors.ts';

export type CaseRow = typeof cases.$inferSelect;
export type EventRow = typeof caseEvents.$inferSelect;

/** A stored event: the clock's type (or a non-clock one such as `note`), its date and its details. */
export interface NewEvent {
  readonly type: string;
  readonly on: string;
  readonly data: Record<string, unknown>;
}

export const CLOCK_EVENT_TYPES = new Set<string>([
  'received',
  'correctionRequested',
  'correctionReceived',
  'consultationStarted',
  'consultationEnded',
  'extended',
  'feeNotified',
  'feePaid',
  'withdrawn',
  'abandoned',
  'replied',
]);

/** Chronological order: by date, then in the order recorded (so same-day events keep their sequence). */
export async function loadEvents(db: Executor, caseId: number): Promise<EventRow[]> {
  return db
    .select()
    .from(caseEvents)
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.on), asc(caseEvents.id));
}

const opt = <K extends string, V>(k: K, v: V | undefined | null) =>
  (v === undefined || v === null ? {} : { [k]: v }) as Partial<Record<K, V>>;

export function toClockEvent(e: NewEvent): ClockEvent {
  const d = e.data;
  const date = e.on;
  switch (e.type) {
    case 'received':
      return { type: 'received', date, channel: d.channel as never };
    case 'correctionRequested':
      return { type: 'correctionRequested', date, ...opt('correctionDue', d.correctionDue as string) };
    case 'correctionReceived':
      return { type: 'correctionReceived', date };
    case 'consultationStarted':
      return { type: 'consultationStarted', date, party: d.party as never, ...opt('ref', d.ref as string) };
    case 'consultationEnded':
      return { type: 'consultationEnded', date, ...opt('ref', d.ref as string) };
    case 'extended':
      return { type: 'extended', date, workdays: d.workdays as number, approver: d.approver as string };
    case 'feeNotified':
      return {
        type: 'feeNotified',
        date,
        ...opt('receivedOn', d.receivedOn as string),
        ...opt('amount', d.amount as number),
      };
    case 'feePaid':
      return { type: 'feePaid', date };
    case 'withdrawn':
      return { type: 'withdrawn', date };
    case 'abandoned':
      return { type: 'abandoned', date, reason: d.reason as 'correction' | 'fee' };
    case 'replied':
      return { type: 'replied', date, ...opt('onTheSpot', d.onTheSpot as boolean) };
    default:
      throw new Error(`not a clock event: ${e.type}`);
  }
}

/**
 * Run the clock over the stored events plus (optionally) one new event placed after those of its date. `today`
 * (not before the last event) adds dueSoon / overdue / lapsed.
 */
export function runClock(
  stored: readonly NewEvent[],
  added: NewEvent | null,
  calendar: CalendarData,
  ctx: Pick<UseCaseContext, 'clock'>,
  caseCode: string,
  today?: string,
): ClockResult {
  const all = [...stored];
  if (added) {
    // After every stored event of the same date or earlier.
    let i = all.length;
    while (i > 0 && all[i - 1]!.on > added.on) i--;
    all.splice(i, 0, added);
  }
  const events = all.filter((e) => CLOCK_EVENT_TYPES.has(e.type)).map(toClockEvent);
  try {
    return computeClock(events, calendar, ctx.clock ?? {}, today);
  } catch (e) {
    if (e instanceof ClockError)
      throw new CaseError('INVALID_EVENT', `案件 ${caseCode}：${e.message}`, { clock: e.code });
    throw e;
  }
}

/** The columns of `cases` the clock decides, from its result over `events`. */
export function clockColumns(r: ClockResult, events: readonly NewEvent[]) {
  const correctionRequested = events.some((e) => e.type === 'correctionRequested');
  return {
    status: r.status as CaseStatus,
    dueOn: r.dueDate,
    // The agency's own 补正 deadline (7 working days, 第三十条) matters only until a notice is issued.
    correctionDueOn: r.closure || correctionRequested ? null : r.correctionNoticeDue,
    feeDueOn: r.feePaymentDue,
    calendarVersion: r.calendarVersion,
    provisional: r.provisional,
    dueProvisional: r.dueDate !== null && r.provisionalDates.dueDate !== undefined,
    feeDueProvisional: r.feePaymentDue !== null && r.provisionalDates.feePaymentDue !== undefined,
    clockWarnings: [...r.warnings],
  };
}
