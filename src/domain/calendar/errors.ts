// The calendar's typed error: a stable code for programs, a Chinese message for people. Adapters map the code to an
// exit status or HTTP status; the domain never does.

export type CalendarErrorCode =
  /** A date is not a real 'YYYY-MM-DD' date. */
  | 'INVALID_DATE'
  /** A computation needed a year whose holiday notice is not in the calendar (strict mode only). */
  | 'MISSING_CALENDAR_YEAR'
  /** Calendar data contradicts itself (a date both holiday and working day, a date filed under the wrong year…). */
  | 'INVALID_CALENDAR'
  /** A count of working days that is negative, fractional or absurdly large. */
  | 'INVALID_ARGUMENT';

export class CalendarError extends Error {
  override readonly name = 'CalendarError';
  constructor(
    readonly code: CalendarErrorCode,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
