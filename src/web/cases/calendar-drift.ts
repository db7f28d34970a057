// A case's stored deadlines (what the case list, the dashboard, the reminders and the letters already issued use)
// are computed with the calendar version stored beside them. After a new year's notice or a local adjustment the
// case page's live clock may give other dates. Nothing moves the stored dates silently (recompute-deadlines is the
// audited step, src/cases/recompute.ts), so the case page must not silently disagree with the list either: it
// names both dates and the step that reconciles them.
// It is returned as escaped HTML (a string to the clock's warning list, which renders it as it is) so that it can
// carry the link to the calendar page: the button for those who may recompute, the page that names the
// administrators for everyone else.
import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { escapeToBuffer, type StringBuffer } from 'hono/utils/html';
import type { clockColumns } from '../../cases/timeline.ts';

const esc = (s: string): string => {
  const b: StringBuffer = [''];
  escapeToBuffer(s, b);
  return b[0] as string;
};

export interface StoredDeadlines {
  readonly status: string;
  readonly calendarVersion: string | null;
  readonly dueOn: string | null;
  readonly feeDueOn: string | null;
  readonly correctionDueOn: string | null;
}

/**
 * The Chinese notice for an open case whose stored dates differ from today's calendar, or null. `canRecompute`: the
 * viewer holds calendar.manage (the notice links to the recompute button); otherwise it says whom to ask.
 */
export function calendarDriftNotice(
  row: StoredDeadlines,
  live: Pick<ReturnType<typeof clockColumns>, 'dueOn' | 'feeDueOn' | 'correctionDueOn' | 'calendarVersion'>,
  canRecompute = false,
): HtmlEscapedString | null {
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
  const step = canRecompute
    ? `请在<a href="/admin/calendar#recompute">工作日历页</a>重算期限（或运行 gongkai calendar recompute-deadlines，记入审计日志）后统一。`
    : `请联系系统管理员在工作日历页重算期限（或运行 gongkai calendar recompute-deadlines，记入审计日志）后统一；<a href="/admin/calendar">工作日历页</a>列出了本系统的管理员。`;
  return raw(
    `节假日日历已调整，本案期限尚未按新日历重算（${esc(what)}）。案件列表、提醒和已出具的文书仍按系统记录的日期；${step}`,
  );
}
