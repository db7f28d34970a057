// Watching the annual report's deadline. 《条例》第四十九条: 县级以上人民政府部门 publish the report on the year before
// "在每年1月31日前", 县级以上地方人民政府 (本级) "在每年3月31日前" (src/domain/deadlines/report-deadline.ts holds the
// rule). From 15 January on, until the report is published, an agency is reminded; past the deadline, it is late.
import {
  DEFAULT_DEADLINE_RULES,
  type DeadlineRules,
  daysBetween,
  type ReportingKind,
  reportStatus,
} from '../deadlines/report-deadline.ts';

/** Month-day from which the reminders start, in the year after the report year. */
export const WATCH_FROM = '01-15';

export interface DeadlineWarning {
  readonly year: number;
  readonly deadline: string;
  readonly severity: 'warning' | 'error';
  /** Days left until the deadline (0 on the day), negative when late. */
  readonly daysLeft: number;
  readonly message: string;
}

/**
 * The reminders for one agency on `today`: about the report on the previous year, when it is not yet published.
 * `publishedOn` is that report's publication date, if any.
 */
export function deadlineWarnings(
  kind: ReportingKind,
  today: string,
  publishedOn: string | null,
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
): DeadlineWarning[] {
  const year = Number(today.slice(0, 4)) - 1;
  if (publishedOn) return [];
  if (today < `${year + 1}-${WATCH_FROM}`) return [];
  const s = reportStatus(year, kind, null, today, rules);
  const daysLeft = daysBetween(today, s.deadline);
  const deadlineText = `${Number(s.deadline.slice(5, 7))}月${Number(s.deadline.slice(8, 10))}日`;
  if (s.status === 'missing')
    return [
      {
        year,
        deadline: s.deadline,
        severity: 'error',
        daysLeft,
        message: `${year}年政府信息公开工作年度报告应于${deadlineText}前发布，已逾期${s.daysLate}天仍未发布（《条例》第四十九条）`,
      },
    ];
  return [
    {
      year,
      deadline: s.deadline,
      severity: 'warning',
      daysLeft,
      message:
        daysLeft === 0
          ? `${year}年政府信息公开工作年度报告今天（${deadlineText}）截止，尚未发布`
          : `${year}年政府信息公开工作年度报告应于${deadlineText}前发布，还剩${daysLeft}天，尚未发布`,
    },
  ];
}
