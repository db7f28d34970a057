// The statutory holidays of a year for which no 国务院办公厅 notice is loaded yet, from 《全国年节及纪念日放假办法》
// (2024年11月10日第四次修订, in force 2025-01-01; ../shared/domain/05-working-day-calendar.md): 第二条 gives all
// citizens 13 days — 元旦 1 (1月1日), 春节 4 (农历除夕、正月初一至初三), 清明节 1 (清明当日), 劳动节 2 (5月1日、2日),
// 端午节 1 (农历端午当日), 中秋节 1 (农历中秋当日), 国庆节 3 (10月1日至3日); 第六条: a holiday that falls on a Saturday
// or Sunday is compensated (补假) on a working day. The 调休 a notice will add cannot be known, so every date in such a
// year stays provisional (暂定); the projection only keeps a deadline off a day that will certainly be a holiday.
// The lunar and solar-term dates come from the chinese-days package's own conversion (getSolarDateFromLunar,
// getSolarTermDate), which covers 1900–2100.
import { createRequire } from 'node:module';
import { addDays, type IsoDate, type ProjectedYear, weekday } from '../domain/calendar/index.ts';

const require = createRequire(import.meta.url);

interface ChineseDaysLunar {
  getSolarDateFromLunar(lunar: string): { date: string; leapMonthDate?: string };
  getSolarTermDate(year: number, month: number, term: string): string;
}

let lib: ChineseDaysLunar | undefined;
const cd = (): ChineseDaysLunar => {
  lib ??= require('chinese-days') as ChineseDaysLunar;
  return lib;
};

export const STATUTORY_BASIS = '《全国年节及纪念日放假办法》（2024年修订）第二条、第六条';

/** The first year the 2024 revision (13 days: 春节 from 除夕, 劳动节 2 days) applies to. */
export const FIRST_YEAR_OF_2024_RULES = 2025;

const pad = (n: number) => String(n).padStart(2, '0');
const solarOfLunar = (year: number, month: number, day: number): IsoDate =>
  cd().getSolarDateFromLunar(`${year}-${pad(month)}-${pad(day)}`).date;

/** The 13 statutory holiday dates of `year` (第二条), date → name. */
export function statutoryHolidays(year: number): Record<IsoDate, string> {
  if (year < FIRST_YEAR_OF_2024_RULES || year > 2099)
    throw new RangeError(
      `statutory holidays are projected for ${FIRST_YEAR_OF_2024_RULES}–2099, not ${year}`,
    );
  const out: Record<IsoDate, string> = {};
  const put = (d: IsoDate, name: string) => {
    // Only dates inside the year: 除夕 of a 春节 in late January is still in the same year.
    if (d.startsWith(`${year}-`)) out[d] = name;
  };
  put(`${year}-01-01`, '元旦');
  const springFestival = solarOfLunar(year, 1, 1);
  for (let i = -1; i <= 2; i++) put(addDays(springFestival, i), '春节');
  put(cd().getSolarTermDate(year, 4, 'pure_brightness'), '清明节');
  put(`${year}-05-01`, '劳动节');
  put(`${year}-05-02`, '劳动节');
  put(solarOfLunar(year, 5, 5), '端午节');
  put(solarOfLunar(year, 8, 15), '中秋节');
  for (const d of ['10-01', '10-02', '10-03']) put(`${year}-${d}`, '国庆节');
  return out;
}

/**
 * The rest days of `year` by the 放假办法 alone: the statutory holidays, plus one 补假 day (第六条) for each of them
 * that falls on a Saturday or Sunday — the next Monday–Friday that is not itself a holiday.
 */
export function projectedYear(year: number): ProjectedYear {
  const holidays = statutoryHolidays(year);
  const rest: Record<IsoDate, string> = { ...holidays };
  for (const [d, name] of Object.entries(holidays).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const wd = weekday(d);
    if (wd !== 0 && wd !== 6) continue;
    let c = addDays(d, 1);
    while (weekday(c) === 0 || weekday(c) === 6 || c in rest) c = addDays(c, 1);
    if (c.startsWith(`${year}-`)) rest[c] = `${name}（补假）`;
  }
  return { year, holidays: rest, basis: STATUTORY_BASIS };
}

/** How many years past the last notice are projected: enough for any deadline of a case received today. */
export const PROJECTED_YEARS_AHEAD = 5;

/** Projections for the years after the last covered one (and gaps from 2025 on) that have no notice. */
export function projectionsFor(covered: readonly number[]): ProjectedYear[] {
  if (covered.length === 0) return [];
  const have = new Set(covered);
  const last = Math.max(...covered);
  const out: ProjectedYear[] = [];
  for (let y = FIRST_YEAR_OF_2024_RULES; y <= Math.min(2099, last + PROJECTED_YEARS_AHEAD); y++)
    if (!have.has(y)) out.push(projectedYear(y));
  return out;
}
