// Calendar seed adapter: national working-day data from the `chinese-days` package as CalendarData.
//   seedCalendar()                       → CalendarData for 2004–2026 (memoised), version e.g. "2004-2026.xxxxxxxxxxxx"
//   calendarFromBundled(json, source)    → the same from chinese-days' JSON fetched elsewhere (CDN, newer release)
//   NOTICES                              → the 国务院办公厅 notice(s) per schedule year
export { NOTICES } from './notices.ts';
export { type BundledData, calendarFromBundled, seedCalendar } from './seed.ts';
export {
  PROJECTED_YEARS_AHEAD,
  projectedYear,
  projectionsFor,
  STATUTORY_BASIS,
  statutoryHolidays,
} from './statutory.ts';
