// 《条例》第二十六条: 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。
// An item formed (or changed) more than 20 working days ago and not yet published is overdue.
import { addWorkdays, type CalendarData } from '../calendar/index.ts';

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
