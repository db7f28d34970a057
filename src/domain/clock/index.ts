// The statutory clock of an 依申请公开 case: public API.
//
//   const r = computeClock(
//     [
//       { type: 'received', date: '2023-09-25', channel: 'online' },
//       { type: 'consultationStarted', date: '2023-10-09', party: 'thirdParty' },
//       { type: 'consultationEnded', date: '2023-10-13' },
//     ],
//     calendar,            // CalendarData (src/domain/calendar), e.g. seedCalendar()
//     {},                  // Partial<ClockSettings>; defaults in DEFAULT_CLOCK_SETTINGS
//     '2023-10-30',        // "today" (optional): drives dueSoon / overdue / lapsed
//   );
//   r.status, r.dueDate, r.correctionNoticeDue, r.feePaymentDue, r.pauses, r.dueSoon, r.overdue,
//   r.provisionalDates.dueDate (years lacking a notice: print that date 暂定), r.provisional (any date), r.calendarVersion
//
// Impossible histories throw ClockError (code + Chinese message + eventIndex).

export { computeClock } from './compute.ts';
export type { ClockErrorCode } from './errors.ts';
export { ClockError } from './errors.ts';
export type { ClockEvent, ClockEventType, ConsultedParty, ReceiptChannel } from './events.ts';
export { EVENT_LABELS, PARTY_LABELS, RECEIPT_CHANNELS } from './events.ts';
export type {
  ClockClosure,
  ClockDateKey,
  ClockPause,
  ClockResult,
  ClockStatus,
  ProvisionalDates,
} from './result.ts';
export type { ClockSettings } from './settings.ts';
export {
  DEFAULT_CLOCK_SETTINGS,
  FEE_RULES_FROM,
  periodsFor,
  STATUTORY_PERIODS,
  TIAOLI_2019_FROM,
} from './settings.ts';
