// Working-day arithmetic over a CalendarData value. A date in a year the calendar does not cover is answered by the
// plain Monday–Friday rule, but every result says so (`provisional`, `missingYears`) — a deadline is never silently
// guessed. The strict variants throw instead.
import { type CalendarData, type DayKind, lookupDay, missingYearsFor } from './calendar-data.ts';
import { addDays, dayNumber, type IsoDate, isIsoDate } from './date.ts';
import { CalendarError } from './errors.ts';

// ---------------------------------------------------------------------------------------------------------------
// Public types

export interface DayInfo {
  readonly date: IsoDate;
  readonly workday: boolean;
  readonly kind: DayKind;
  /** Holiday name (春节…) for national entries, the reason for local ones, '' otherwise. */
  readonly name: string;
  /** False when the answer rests on the Monday–Friday rule for a year whose notice is not loaded. */
  readonly confirmed: boolean;
}

export interface AddWorkdaysOptions {
  /** Count the start day itself as day 1 when it is a working day. Default false: the day of receipt is not
   *  counted and day 1 is the next working day (民法典第二百零一条: 开始的当日不计入). */
  readonly countStartDay?: boolean;
  /** Working days that do not count (e.g. a consultation pause, 《条例》第三十三条第三款). */
  readonly exclude?: (date: IsoDate) => boolean;
}

export interface WorkdaysResult {
  readonly date: IsoDate;
  /** True when the window [start, date] touches a date the calendar cannot confirm. */
  readonly provisional: boolean;
  /** The years whose holiday notice is missing for this window, ascending. */
  readonly missingYears: readonly number[];
}

export interface CountResult {
  readonly count: number;
  readonly provisional: boolean;
  readonly missingYears: readonly number[];
}

// ---------------------------------------------------------------------------------------------------------------

/** Upper bound for a count of working days: ten years' worth; anything larger is a data-entry error. */
export const MAX_WORKDAYS = 2500;

export function assertIsoDate(date: unknown, what = '日期'): asserts date is IsoDate {
  if (!isIsoDate(date)) {
    throw new CalendarError(
      'INVALID_DATE',
      `${what}“${String(date)}”不是有效日期，应写作 YYYY-MM-DD（如 2024-03-01）`,
      {
        date,
      },
    );
  }
}

function assertCount(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKDAYS) {
    throw new CalendarError(
      'INVALID_ARGUMENT',
      `工作日数应为 0 到 ${MAX_WORKDAYS} 之间的整数，收到 ${String(n)}`,
      { n },
    );
  }
}

function isWorkKind(kind: DayKind): boolean {
  return kind === 'weekday' || kind === 'makeupWorkday' || kind === 'localWorkday';
}

/** Is `date` a working day? Unknown years fall back to Monday–Friday; use `dayInfo` to see whether that happened. */
export function isWorkday(date: IsoDate, cal: CalendarData): boolean {
  assertIsoDate(date);
  return isWorkKind(lookupDay(date, cal).kind);
}

export function dayInfo(date: IsoDate, cal: CalendarData): DayInfo {
  assertIsoDate(date);
  const { kind, name } = lookupDay(date, cal);
  return { date, workday: isWorkKind(kind), kind, name, confirmed: missingYearsFor(date, cal).length === 0 };
}

class Window {
  private readonly missing = new Set<number>();
  constructor(private readonly cal: CalendarData) {}
  see(date: IsoDate): void {
    for (const y of missingYearsFor(date, this.cal)) this.missing.add(y);
  }
  years(): number[] {
    return [...this.missing].sort((a, b) => a - b);
  }
}

/**
 * The `n`-th working day after `start` (with `countStartDay`, `start` itself is day 1 if it is a working day).
 * `n = 0` returns `start` unchanged. Days for which `exclude` returns true are not counted.
 *
 * Example (2023 国庆调休): addWorkdays('2023-09-25', 20, cal) → 2023-10-27, counting the make-up Saturday and
 * Sunday 10-07 and 10-08.
 */
export function addWorkdays(
  start: IsoDate,
  n: number,
  cal: CalendarData,
  options: AddWorkdaysOptions = {},
): WorkdaysResult {
  assertIsoDate(start, '起算日期');
  assertCount(n);
  if (n === 0) return { date: start, provisional: false, missingYears: [] };
  const exclude = options.exclude ?? (() => false);
  const window = new Window(cal);
  const counts = (d: IsoDate): boolean => {
    window.see(d);
    return isWorkKind(lookupDay(d, cal).kind) && !exclude(d);
  };
  let date = start;
  let count = options.countStartDay && counts(start) ? 1 : 0;
  // Bounded: every 7 consecutive days hold at least one plain weekday unless data or `exclude` says otherwise;
  // the guard turns a pathological `exclude` into an error instead of a hang.
  let guard = 0;
  while (count < n) {
    date = addDays(date, 1);
    if (counts(date)) count++;
    if (++guard > MAX_WORKDAYS * 7) {
      throw new CalendarError(
        'INVALID_ARGUMENT',
        `从 ${start} 起找不到第 ${n} 个工作日（被排除的日期过多）`,
        { start, n },
      );
    }
  }
  const missingYears = window.years();
  return { date, provisional: missingYears.length > 0, missingYears };
}

function missingYearError(missingYears: readonly number[], start: IsoDate, end: IsoDate): CalendarError {
  const ys = missingYears.map((y) => `${y} 年`).join('、');
  return new CalendarError(
    'MISSING_CALENDAR_YEAR',
    `计算区间 ${start} 至 ${end} 涉及 ${ys}，日历中尚无该年国务院办公厅节假日安排，不能确定工作日；请先录入该年的放假通知`,
    { missingYears, start, end },
  );
}

/** As `addWorkdays`, but throws `CalendarError('MISSING_CALENDAR_YEAR')` instead of returning a provisional date. */
export function addWorkdaysStrict(
  start: IsoDate,
  n: number,
  cal: CalendarData,
  options: AddWorkdaysOptions = {},
): WorkdaysResult {
  const r = addWorkdays(start, n, cal, options);
  if (r.provisional) throw missingYearError(r.missingYears, start, r.date);
  return r;
}

/**
 * Working days d with `from < d ≤ to` (0 when `to ≤ from`), skipping `exclude`d days: the working days left
 * between "today" and a due date.
 */
export function countWorkdays(
  from: IsoDate,
  to: IsoDate,
  cal: CalendarData,
  exclude: (date: IsoDate) => boolean = () => false,
): CountResult {
  assertIsoDate(from);
  assertIsoDate(to);
  const window = new Window(cal);
  let count = 0;
  const end = dayNumber(to);
  let date = from;
  for (let n = dayNumber(from) + 1; n <= end; n++) {
    date = addDays(date, 1);
    window.see(date);
    if (isWorkKind(lookupDay(date, cal).kind) && !exclude(date)) count++;
  }
  const missingYears = window.years();
  return { count, provisional: missingYears.length > 0, missingYears };
}

/** Throws `CalendarError('MISSING_CALENDAR_YEAR')` if any date in [from, to] is not confirmed by the calendar. */
export function assertCovered(from: IsoDate, to: IsoDate, cal: CalendarData): void {
  assertIsoDate(from);
  assertIsoDate(to);
  const window = new Window(cal);
  window.see(from);
  for (let d = from; d < to; ) {
    d = addDays(d, 1);
    window.see(d);
  }
  const years = window.years();
  if (years.length > 0) throw missingYearError(years, from, to);
}
