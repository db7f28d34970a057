// Working-day calendar: public API. Pure functions over a CalendarData value that the caller passes in.
//
//   const cal = seedCalendar();                       // src/calendar-seed (national data 2004–2026), or a DB copy
//   addWorkdays('2023-09-25', 20, cal)                // → { date: '2023-10-27', provisional: false, missingYears: [] }
//   addWorkdays('2026-12-10', 20, cal)                // → { date: '2027-01-08', provisional: true, missingYears: [2027] }
//   addWorkdaysStrict(...)                            // throws CalendarError('MISSING_CALENDAR_YEAR') instead
//   isWorkday('2024-02-04', cal)                      // → true (春节调休上班)
//   createCalendar({ years, local })                  // validates and stamps `version`
//
// Dates are 'YYYY-MM-DD' strings throughout. Record `cal.version` next to every stored due date.

export type {
  CalendarData,
  CalendarInput,
  DayKind,
  HolidayNotice,
  LocalAdjustment,
  ProjectedYear,
  YearSchedule,
} from './calendar-data.ts';
export {
  coveredYears,
  createCalendar,
  missingYearsFor,
  NEXT_NOTICE_REACHES_BACK_FROM,
} from './calendar-data.ts';
export type { IsoDate } from './date.ts';
export { addDays, isIsoDate, weekday, weekdayName, yearOf } from './date.ts';
export type { CalendarErrorCode } from './errors.ts';
export { CalendarError } from './errors.ts';
export type { AddWorkdaysOptions, CountResult, DayInfo, WorkdaysResult } from './workdays.ts';
export {
  addWorkdays,
  addWorkdaysStrict,
  assertCovered,
  assertIsoDate,
  countWorkdays,
  dayInfo,
  isWorkday,
  MAX_WORKDAYS,
} from './workdays.ts';
