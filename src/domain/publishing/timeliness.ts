// 《条例》第二十六条: 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。
// An item formed (or changed) more than 20 working days ago and not yet published is overdue.
import { addDays, addWorkdays, type CalendarData } from '../calendar/index.ts';

export const PUBLISH_WITHIN_WORKDAYS = 20;

export interface Timeliness {
  /** Last day to publish. */
  readonly due: string;
  readonly overdue: boolean;
  /** Published after the due date (for the record), or still unpublished past it. */
  readonly late: boolean;
  readonly provisional: boolean;
  readonly calendarVersion: string;
}

export function publicationTimeliness(
  formedOn: string,
  publishedOn: string | null,
  today: string,
  calendar: CalendarData,
): Timeliness {
  const r = addWorkdays(formedOn, PUBLISH_WITHIN_WORKDAYS, calendar);
  const late = publishedOn ? publishedOn > r.date : today > r.date;
  return {
    due: r.date,
    overdue: !publishedOn && today > r.date,
    late,
    provisional: r.provisional,
    calendarVersion: calendar.version,
  };
}

/**
 * The latest formation date that is overdue on `today`: an unpublished item formed on or before it is past its 20
 * working days, one formed after it is not. Lets a store select the overdue items by date (an index range) instead
 * of judging each row; found with `publicationTimeliness` itself, so there is one working-day rule, not two. The
 * due date only moves forward with the formation date (later start, later 20th working day), so the overdue dates
 * are every date up to a last one, and a binary search finds it.
 */
export function lastOverdueFormedOn(today: string, calendar: CalendarData): string {
  const overdue = (formedOn: string) => publicationTimeliness(formedOn, null, today, calendar).overdue;
  // 20 working days are at least 20 days: nothing formed within them is overdue.
  let hi = addDays(today, -PUBLISH_WITHIN_WORKDAYS);
  let span = 64;
  let lo = addDays(hi, -span);
  // Longer than any holiday season in practice; widen for a calendar that says otherwise (one with no working days
  // at all makes addWorkdays throw rather than loop).
  while (!overdue(lo)) {
    hi = lo;
    span *= 2;
    lo = addDays(lo, -span);
  }
  // Invariant: overdue(lo), and nothing from hi on is (or hi is the first date not tried yet).
  while (daysApart(lo, hi) > 1) {
    const mid = addDays(lo, Math.floor(daysApart(lo, hi) / 2));
    if (overdue(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

const daysApart = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / 86_400_000;
