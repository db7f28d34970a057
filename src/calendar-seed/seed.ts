// Adapter: builds CalendarData from the data bundled in the `chinese-days` npm package (MIT), national schedules
// 2004–2026. Only the package's JSON is used, never its functions: for a year it has no data for, chinese-days
// silently answers Monday–Friday (isWorkday('2027-01-01') is true), whereas a year absent from CalendarData makes
// every computation touching it provisional. Coverage is therefore taken from the dates actually present.
import { createRequire } from 'node:module';
import { z } from 'zod';
import {
  type CalendarData,
  createCalendar,
  type HolidayNotice,
  isIsoDate,
  NEXT_NOTICE_REACHES_BACK_FROM,
  type YearSchedule,
  yearOf,
} from '../domain/calendar/index.ts';
import { NOTICES } from './notices.ts';
import { projectionsFor } from './statutory.ts';

const require = createRequire(import.meta.url);

/** chinese-days' dist/chinese-days.json: date → "English name,中文名,days". */
const BundledSchema = z.object({
  holidays: z.record(z.string(), z.string()),
  workdays: z.record(z.string(), z.string()),
  inLieuDays: z.record(z.string(), z.string()),
});
export type BundledData = z.infer<typeof BundledSchema>;

function chineseName(value: string): string {
  return value.split(',')[1]?.trim() || value;
}

function placeholderNotice(year: number, source: string): HolidayNotice {
  return {
    title: `国务院办公厅关于${year}年部分节假日安排的通知`,
    docNumber: null,
    url: null,
    published: null,
    note: `日期来自 ${source}；本项目尚未录入该通知的出处`,
  };
}

/**
 * Converts chinese-days' bundled JSON (or the same shape fetched from its CDN) into CalendarData. Years are those
 * that have at least one holiday or make-up date; each gets its notice(s) from NOTICES, plus the next year's notice
 * when that one fixed dates in late December.
 */
export function calendarFromBundled(raw: unknown, source: string): CalendarData {
  const data = BundledSchema.parse(raw);
  type Bucket = { holidays: Record<string, string>; workdays: Record<string, string> };
  const byYear = new Map<number, Bucket>();
  const bucket = (date: string) => {
    if (!isIsoDate(date)) throw new Error(`${source} 中的日期“${date}”无效`);
    const y = yearOf(date);
    const found = byYear.get(y);
    if (found) return found;
    const b: Bucket = { holidays: {}, workdays: {} };
    byYear.set(y, b);
    return b;
  };
  for (const [d, v] of Object.entries(data.holidays)) bucket(d).holidays[d] = chineseName(v);
  for (const [d, v] of Object.entries(data.workdays)) bucket(d).workdays[d] = chineseName(v);

  const noticesOf = (y: number) => NOTICES[y] ?? [placeholderNotice(y, source)];
  const years: YearSchedule[] = [...byYear.entries()].map(([year, b]) => {
    // Late-December dates can only come from the next year's 元旦 arrangement.
    const reachesBack = [...Object.keys(b.holidays), ...Object.keys(b.workdays)].some(
      (d) => d.slice(5) >= NEXT_NOTICE_REACHES_BACK_FROM,
    );
    const notices = [...noticesOf(year)];
    if (reachesBack && byYear.has(year + 1)) notices.push(...noticesOf(year + 1).slice(0, 1));
    return { year, holidays: b.holidays, workdays: b.workdays, notices };
  });
  return createCalendar({ years, local: [], projected: projectionsFor(years.map((y) => y.year)), source });
}

let cached: CalendarData | undefined;

/** The national calendar from the installed chinese-days package (2004–2026 with 1.5.7). Memoised. */
export function seedCalendar(): CalendarData {
  if (cached) return cached;
  const pkg = require('chinese-days/package.json') as { version: string };
  const raw: unknown = require('chinese-days/dist/chinese-days.json');
  cached = calendarFromBundled(raw, `chinese-days ${pkg.version}`);
  return cached;
}
