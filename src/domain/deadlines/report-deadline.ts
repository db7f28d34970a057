// When an agency's annual report for a year is due, and whether it came on time. 《条例》第四十九条:
// 县级以上人民政府部门 publish "在每年1月31日前"; 县级以上地方人民政府 (本级) "在每年3月31日前". Townships and
// street offices are not named: their deadline is a local rule, so it is a setting.

export type ReportingKind = 'localGovernment' | 'department' | 'township' | 'other';

export interface DeadlineRules {
  /** Month-day of the deadline per kind, in the year after the report year. */
  readonly byKind: Readonly<Record<ReportingKind, string>>;
  /**
   * "1月31日前": whether the 31st itself is on time is ambiguous in the sources
   * (../shared/domain/01-procedure-rules-2019-tiaoli.md §11, [UNCERTAIN]); common practice treats it as on time.
   */
  readonly lastDayIncluded: boolean;
}

export const DEFAULT_DEADLINE_RULES: DeadlineRules = {
  byKind: { department: '01-31', localGovernment: '03-31', township: '01-31', other: '01-31' },
  lastDayIncluded: true,
};

export const DEADLINE_BASIS: Readonly<Record<ReportingKind, string>> = {
  department: '《条例》第四十九条第一款：县级以上人民政府部门每年1月31日前',
  localGovernment: '《条例》第四十九条第二款：县级以上地方人民政府本级报告每年3月31日前',
  township: '地方规定（默认1月31日前，可在设置中修改）',
  other: '地方规定（默认1月31日前，可在设置中修改）',
};

export function reportDeadline(
  year: number,
  kind: ReportingKind,
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
): string {
  return `${year + 1}-${rules.byKind[kind]}`;
}

/** `undated`: a report is on file but its publication date is not known, so timeliness cannot be judged. */
export type ReportStatus = 'onTime' | 'late' | 'missing' | 'notYetDue' | 'undated';

/** Status of one expected report on `today` ('YYYY-MM-DD'); `published` is the publication date, if any. */
export function reportStatus(
  year: number,
  kind: ReportingKind,
  published: string | null,
  today: string,
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
): { status: ReportStatus; deadline: string; daysLate: number } {
  const deadline = reportDeadline(year, kind, rules);
  const late = (d: string) => (rules.lastDayIncluded ? d > deadline : d >= deadline);
  if (published) {
    return {
      status: late(published) ? 'late' : 'onTime',
      deadline,
      daysLate: Math.max(0, daysBetween(deadline, published) - (rules.lastDayIncluded ? 0 : -1)),
    };
  }
  if (late(today)) return { status: 'missing', deadline, daysLate: daysBetween(deadline, today) };
  return { status: 'notYetDue', deadline, daysLate: 0 };
}

/** Calendar days from a to b ('YYYY-MM-DD'), positive when b is later. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export const STATUS_LABELS: Readonly<Record<ReportStatus, string>> = {
  onTime: '按时发布',
  late: '逾期发布',
  missing: '逾期未发布',
  notYetDue: '未到期',
  undated: '已收集（发布日期未知）',
};
