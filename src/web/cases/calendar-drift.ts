// A case's stored deadlines (what the case list, the dashboard, the reminders and the letters already issued use)
// are computed with the calendar version stored beside them. After a new year's notice or a local adjustment the
// case page's live clock may give other dates. Nothing moves the stored dates silently (recompute-deadlines is the
// audited step, src/cases/recompute.ts), so the case page must not silently disagree with the list either: it
// names both dates and the step that reconciles them.
import type { clockColumns } from '../../cases/timeline.ts';

export interface StoredDeadlines {
  readonly status: string;
  readonly calendarVersion: string | null;
  readonly dueOn: string | null;
  readonly feeDueOn: string | null;
  readonly correctionDueOn: string | null;
}

/** The Chinese notice for an open case whose stored dates differ from today's calendar, or null. */
export function calendarDriftNotice(
  row: StoredDeadlines,
  live: Pick<ReturnType<typeof clockColumns>, 'dueOn' | 'feeDueOn' | 'correctionDueOn' | 'calendarVersion'>,
): string | null {
  if (row.status === 'closed' || row.calendarVersion === live.calendarVersion) return null;
  const pairs: [string, string | null, string | null][] = [
    ['答复期限', row.dueOn, live.dueOn],
    ['缴费期限', row.feeDueOn, live.feeDueOn],
    ['补正告知期限', row.correctionDueOn, live.correctionDueOn],
  ];
  const differ = pairs.filter(([, stored, live]) => stored !== live);
  if (differ.length === 0) return null;
  const what = differ
    .map(
      ([label, stored, live]) =>
        `${label}：系统记录为 ${stored ?? '（无）'}，按现行日历为 ${live ?? '（无）'}`,
    )
    .join('；');
  return `节假日日历已调整，本案期限尚未按新日历重算（${what}）。案件列表、提醒和已出具的文书仍按系统记录的日期；请系统管理员运行期限重算（gongkai calendar recompute-deadlines，记入审计日志）后统一。`;
}
