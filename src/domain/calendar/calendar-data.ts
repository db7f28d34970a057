// The working-day calendar as data. A 工作日 is not defined by the 《条例》: agencies read it as Monday–Friday
// (《国务院关于职工工作时间的规定》第七条: 星期六和星期日为周休息日) minus the statutory holidays and 调休 rest
// days, plus the Saturdays/Sundays designated as make-up working days — both fixed each year by the 国务院办公厅
// notice 《关于XXXX年部分节假日安排的通知》 (see shared/domain/05-working-day-calendar.md). Local governments may add
// their own adjustments (e.g. the 2020 regional Spring Festival extensions), which national data never contains.
//
// The calendar is a plain, serialisable value that is passed to every computation (never a global), and carries a
// content `version` so that each computed due date can record which calendar it came from.
import { type IsoDate, isIsoDate, weekday, yearOf } from './date.ts';
import { CalendarError } from './errors.ts';
import { shortHash } from './version.ts';

// ---------------------------------------------------------------------------------------------------------------
// Public types

/** The official notice that fixed (part of) a year's schedule. */
export interface HolidayNotice {
  /** e.g. 《国务院办公厅关于2024年部分节假日安排的通知》 */
  readonly title: string;
  /** 文号, e.g. 国办发明电〔2023〕7号; null where it has not been verified. */
  readonly docNumber: string | null;
  readonly url: string | null;
  /** Date of issue/publication, 'YYYY-MM-DD'; null when unknown. */
  readonly published: IsoDate | null;
  readonly note?: string;
}

/** The national schedule of one calendar year. Every date listed lies in `year`. */
export interface YearSchedule {
  readonly year: number;
  /** Rest days fixed by the notice(s): the holidays, the 调休 rest days and the weekend days inside a holiday
   *  span. date → holiday name in Chinese (春节, 国庆节 …). */
  readonly holidays: Readonly<Record<IsoDate, string>>;
  /** 调休上班日: Saturdays/Sundays that are working days. date → the holiday they make up for. */
  readonly workdays: Readonly<Record<IsoDate, string>>;
  /** The notice(s) behind these dates, in order: the year's notice, amendments (2015 抗战胜利70周年, 2019 劳动节,
   *  2020 春节延长), and the next year's notice when its 元旦 arrangement reaches back into late December. */
  readonly notices: readonly HolidayNotice[];
}

/** A local decision that overrides the national schedule on one date (per agency / region). */
export interface LocalAdjustment {
  readonly date: IsoDate;
  /** 'holiday' = a rest day although nationally a working day; 'workday' = the reverse. */
  readonly kind: 'holiday' | 'workday';
  /** Why, in Chinese, e.g. 2020年春节假期延长（本省）. */
  readonly reason: string;
  /** Who decided it (机关、文号); null when not recorded. */
  readonly authority: string | null;
}

/**
 * A year with no notice yet, projected from 《全国年节及纪念日放假办法》: its statutory holidays (元旦, 春节 from 除夕,
 * 清明, 劳动节, 端午, 中秋, 国庆) and the 第六条 补假 days are rest days; the 调休 a notice will add cannot be known.
 * Every date in such a year stays provisional (missingYearsFor): the projection only makes the guess better than
 * Monday–Friday (a deadline never lands on 元旦 because the notice is late).
 */
export interface ProjectedYear {
  readonly year: number;
  /** date → holiday name (春节…), with 补假 days named after the holiday they compensate. */
  readonly holidays: Readonly<Record<IsoDate, string>>;
  /** Where the dates come from, e.g. 《全国年节及纪念日放假办法》（2024年修订）. */
  readonly basis: string;
}

/** What `createCalendar` takes: everything but the version, which is derived. */
export interface CalendarInput {
  readonly years: readonly YearSchedule[];
  readonly local?: readonly LocalAdjustment[];
  /** Statutory holidays of years that have no notice; ignored for a year in `years`. */
  readonly projected?: readonly ProjectedYear[];
  /** Free text naming where the data came from, e.g. "chinese-days 1.5.7". Not part of the version. */
  readonly source?: string;
}

export interface CalendarData {
  /** Stable content version, e.g. "2004-2026.3f9a1c2b7d4e": covered years + hash of every date that affects a
   *  computation (holiday / working-day dates, local adjustments). Notice metadata does not enter it: two calendars
   *  with the same version give the same answer for every date. */
  readonly version: string;
  /** Sorted by year, one entry per year with a confirmed schedule. */
  readonly years: readonly YearSchedule[];
  readonly local: readonly LocalAdjustment[];
  /** Years without a notice whose statutory holidays are projected (provisional dates). */
  readonly projected: readonly ProjectedYear[];
  readonly source: string;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * From this day of December on, a date may still be changed by the *next* year's notice, whose 元旦 arrangement can
 * reach back into the old year: 2019's notice made 2018-12-29 a working day and 2018-12-30/31 holidays; 2023's
 * made 2022-12-31 a holiday; 2012's made 2011-12-31 a working day; 2007's and 2008's did the same for 2006-12-30/31
 * and 2007-12-29…31. A date from 12-25 on therefore counts as confirmed only when the next year is loaded too.
 */
export const NEXT_NOTICE_REACHES_BACK_FROM = '12-25';

function fail(message: string, context: Record<string, unknown> = {}): never {
  throw new CalendarError('INVALID_CALENDAR', message, context);
}

function canonical(
  years: readonly YearSchedule[],
  local: readonly LocalAdjustment[],
  projected: readonly ProjectedYear[],
): string {
  const parts: string[] = [];
  for (const y of years) {
    parts.push(`Y${y.year}`, `h:${Object.keys(y.holidays).sort().join(',')}`);
    parts.push(`w:${Object.keys(y.workdays).sort().join(',')}`);
  }
  for (const a of local) parts.push(`L${a.date}=${a.kind}`);
  for (const p of projected) parts.push(`P${p.year}`, `h:${Object.keys(p.holidays).sort().join(',')}`);
  return parts.join('|');
}

/**
 * Validates calendar data and stamps it with its version. Throws `CalendarError('INVALID_CALENDAR')` with a Chinese
 * message when a date is malformed, filed under the wrong year, both a holiday and a working day, or listed twice.
 */
export function createCalendar(input: CalendarInput): CalendarData {
  const seen = new Set<number>();
  const years: YearSchedule[] = [];
  for (const y of input.years) {
    if (!Number.isInteger(y.year) || y.year < 1 || y.year > 9999) fail(`日历年份无效：${String(y.year)}`);
    if (seen.has(y.year)) fail(`日历中 ${y.year} 年出现了两次`, { year: y.year });
    seen.add(y.year);
    for (const [label, map] of [
      ['放假日', y.holidays],
      ['调休上班日', y.workdays],
    ] as const) {
      for (const d of Object.keys(map)) {
        if (!isIsoDate(d))
          fail(`${y.year} 年的${label}“${d}”不是有效日期（应为 YYYY-MM-DD）`, { year: y.year, date: d });
        if (yearOf(d) !== y.year) fail(`${label} ${d} 不属于 ${y.year} 年`, { year: y.year, date: d });
      }
    }
    for (const d of Object.keys(y.workdays)) {
      if (d in y.holidays) fail(`${d} 同时被列为放假日和调休上班日`, { date: d });
    }
    years.push({
      year: y.year,
      holidays: Object.freeze({ ...y.holidays }),
      workdays: Object.freeze({ ...y.workdays }),
      notices: Object.freeze([...y.notices]),
    });
  }
  years.sort((a, b) => a.year - b.year);

  const localDates = new Set<string>();
  const local = [...(input.local ?? [])].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const a of local) {
    if (!isIsoDate(a.date)) fail(`本地调整日期“${a.date}”不是有效日期（应为 YYYY-MM-DD）`, { date: a.date });
    if (a.kind !== 'holiday' && a.kind !== 'workday')
      fail(`本地调整 ${a.date} 的类型应为放假或上班`, { date: a.date });
    if (localDates.has(a.date)) fail(`本地调整中 ${a.date} 出现了两次`, { date: a.date });
    localDates.add(a.date);
  }

  const projected: ProjectedYear[] = [];
  for (const p of input.projected ?? []) {
    if (seen.has(p.year)) continue; // the notice wins
    for (const d of Object.keys(p.holidays)) {
      if (!isIsoDate(d) || yearOf(d) !== p.year)
        fail(`${p.year} 年的推算节假日“${d}”不是该年的有效日期`, { year: p.year, date: d });
    }
    projected.push({ year: p.year, holidays: Object.freeze({ ...p.holidays }), basis: p.basis });
  }
  projected.sort((a, b) => a.year - b.year);

  const first = years[0]?.year;
  const last = years.at(-1)?.year;
  const span = first === undefined ? 'empty' : first === last ? `${first}` : `${first}-${last}`;
  // A calendar without projections keeps the version it always had.
  const canon = canonical(years, local, projected);
  return Object.freeze({
    version: `${span}.${shortHash(canon)}`,
    years: Object.freeze(years),
    local: Object.freeze(local),
    projected: Object.freeze(projected),
    source: input.source ?? '',
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Lookup index, built once per calendar value (the value is immutable, so memoising on identity is safe).

export type DayKind =
  /** Monday–Friday with no holiday. */
  | 'weekday'
  /** Saturday/Sunday with no make-up work. */
  | 'weekend'
  /** A rest day of the national schedule. */
  | 'holiday'
  /** A Saturday/Sunday worked under the national schedule (调休上班). */
  | 'makeupWorkday'
  /** A rest day by local adjustment. */
  | 'localHoliday'
  /** A working day by local adjustment. */
  | 'localWorkday';

interface Entry {
  readonly kind: DayKind;
  readonly name: string;
}

export interface CalendarIndex {
  readonly entries: ReadonlyMap<IsoDate, Entry>;
  readonly years: ReadonlySet<number>;
}

const INDEXES = new WeakMap<CalendarData, CalendarIndex>();

export function calendarIndex(cal: CalendarData): CalendarIndex {
  const cached = INDEXES.get(cal);
  if (cached) return cached;
  const entries = new Map<IsoDate, Entry>();
  const years = new Set<number>();
  for (const y of cal.years) {
    years.add(y.year);
    for (const [d, name] of Object.entries(y.holidays)) entries.set(d, { kind: 'holiday', name });
    for (const [d, name] of Object.entries(y.workdays)) entries.set(d, { kind: 'makeupWorkday', name });
  }
  // Projected years are not added to `years`: their dates stay unconfirmed (provisional).
  for (const p of cal.projected ?? [])
    if (!years.has(p.year))
      for (const [d, name] of Object.entries(p.holidays)) entries.set(d, { kind: 'holiday', name });
  for (const a of cal.local) {
    entries.set(a.date, { kind: a.kind === 'holiday' ? 'localHoliday' : 'localWorkday', name: a.reason });
  }
  const index = { entries, years };
  INDEXES.set(cal, index);
  return index;
}

/** Years whose notice a date depends on and which the calendar lacks (empty = the date is confirmed). */
export function missingYearsFor(date: IsoDate, cal: CalendarData): number[] {
  const index = calendarIndex(cal);
  const entry = index.entries.get(date);
  if (entry && (entry.kind === 'localHoliday' || entry.kind === 'localWorkday')) return [];
  const y = yearOf(date);
  const missing: number[] = [];
  if (!index.years.has(y)) missing.push(y);
  if (date.slice(5) >= NEXT_NOTICE_REACHES_BACK_FROM && !index.years.has(y + 1)) missing.push(y + 1);
  return missing;
}

export function lookupDay(date: IsoDate, cal: CalendarData): Entry {
  const entry = calendarIndex(cal).entries.get(date);
  if (entry) return entry;
  const wd = weekday(date);
  return { kind: wd === 0 || wd === 6 ? 'weekend' : 'weekday', name: '' };
}

/** The years with a confirmed national schedule, ascending. */
export function coveredYears(cal: CalendarData): number[] {
  return cal.years.map((y) => y.year);
}
