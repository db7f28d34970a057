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
  township: '地方规定（默认1月31日前，可在“年度报告截止日期”设置中修改）',
  other: '地方规定（默认1月31日前，可在“年度报告截止日期”设置中修改）',
};

/** The kinds 《条例》第四十九条 names: their deadline is the law's and cannot be set. */
export const STATUTORY_KINDS = ['department', 'localGovernment'] as const;
/** The kinds the 条例 does not name: 乡镇、街道 and others follow a local rule an administrator records. */
export const LOCAL_KINDS = ['township', 'other'] as const;
export type LocalKind = (typeof LOCAL_KINDS)[number];

export const REPORTING_KINDS_ORDER: readonly ReportingKind[] = [
  'department',
  'localGovernment',
  'township',
  'other',
];

export const KIND_LABELS: Readonly<Record<ReportingKind, string>> = {
  department: '县级以上人民政府部门',
  localGovernment: '县级以上地方人民政府（本级）',
  township: '乡镇人民政府、街道办事处',
  other: '其他机关',
};

/**
 * What an administrator sets (gongkai config report-deadlines, /admin/report-deadlines): the month-day of the two
 * local kinds, whether the last day itself is on time, and the local rule they come from (文件名称、文号).
 */
export interface ReportDeadlineSettings {
  readonly township: string;
  readonly other: string;
  readonly lastDayIncluded: boolean;
  /** The local rule's 文件名称/文号; null while the defaults stand unsourced. */
  readonly source: string | null;
}

export const DEFAULT_DEADLINE_SETTINGS: ReportDeadlineSettings = {
  township: DEFAULT_DEADLINE_RULES.byKind.township,
  other: DEFAULT_DEADLINE_RULES.byKind.other,
  lastDayIncluded: DEFAULT_DEADLINE_RULES.lastDayIncluded,
  source: null,
};

export function rulesOf(s: ReportDeadlineSettings): DeadlineRules {
  return {
    byKind: {
      department: DEFAULT_DEADLINE_RULES.byKind.department,
      localGovernment: DEFAULT_DEADLINE_RULES.byKind.localGovernment,
      township: s.township,
      other: s.other,
    },
    lastDayIncluded: s.lastDayIncluded,
  };
}

/** '01-31' → '1月31日'. */
export const monthDayText = (md: string): string => `${Number(md.slice(0, 2))}月${Number(md.slice(3, 5))}日`;

/** Where each kind's deadline comes from, with the stored local rule: the board's and the CLI's explanation. */
export function deadlineBasis(s: ReportDeadlineSettings): Record<ReportingKind, string> {
  const local = (k: LocalKind) =>
    `地方规定：每年${monthDayText(s[k])}前（${s.source ? `依据：${s.source}` : '未填写依据文件，为系统默认值'}）`;
  return { ...DEADLINE_BASIS, township: local('township'), other: local('other') };
}

/**
 * A month-day as people type it ('1-20', '01-20', '1月20日', '0120') → 'MM-DD', or an error naming what is wrong.
 * 2月29日 is refused: the deadline falls in the year after the report year, and most years have no such day.
 */
export function parseMonthDay(text: string): { value: string } | { error: string } {
  const t = text.trim();
  const m = /^(\d{1,2})\s*(?:-|\/|月)\s*(\d{1,2})\s*日?$/.exec(t) ?? /^(\d{2})(\d{2})$/.exec(t);
  if (!m) return { error: `“${t}”不是月日，应写作 MM-DD（如 01-31）或“1月31日”` };
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12) return { error: `“${t}”：月份应在 1 至 12 之间` };
  if (month === 2 && day === 29) return { error: `“${t}”：2月29日并非每年都有，请改为2月28日或3月1日` };
  const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day < 1 || day > days) return { error: `“${t}”不是有效日期：${month}月只有${days}天` };
  return { value: `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

export const SETTINGS_FIELD_LABELS = {
  township: '乡镇、街道的截止日期',
  other: '其他机关的截止日期',
  lastDayIncluded: '截止当日发布是否按时',
  source: '地方规定的文件名称、文号',
} as const;

/**
 * The settings as typed (web form or CLI options: strings), checked field by field; each error is about its field
 * (the form shows it under the field, the CLI prefixes SETTINGS_FIELD_LABELS). `lastDayIncluded` is 'yes'/'no'
 * ('true'/'false' from the CLI). A changed local date needs its source: a date without its rule has no provenance.
 */
export function validateDeadlineSettings(
  input: Readonly<Partial<Record<keyof ReportDeadlineSettings, string>>>,
  current: ReportDeadlineSettings = DEFAULT_DEADLINE_SETTINGS,
): { settings: ReportDeadlineSettings } | { errors: Partial<Record<keyof ReportDeadlineSettings, string>> } {
  const errors: Partial<Record<keyof ReportDeadlineSettings, string>> = {};
  const md = (k: LocalKind) => {
    const raw = input[k];
    if (raw === undefined) return current[k];
    if (!raw.trim()) {
      errors[k] = `请填写${SETTINGS_FIELD_LABELS[k]}（如 01-31）`;
      return current[k];
    }
    const r = parseMonthDay(raw);
    if ('error' in r) {
      errors[k] = r.error;
      return current[k];
    }
    return r.value;
  };
  const township = md('township');
  const other = md('other');
  let lastDayIncluded = current.lastDayIncluded;
  const l = input.lastDayIncluded?.trim();
  if (l !== undefined) {
    if (l === 'yes' || l === 'true') lastDayIncluded = true;
    else if (l === 'no' || l === 'false') lastDayIncluded = false;
    else errors.lastDayIncluded = '请选择“按时”或“逾期”';
  }
  const source = input.source === undefined ? current.source : input.source.trim() || null;
  if (source && source.length > 300) errors.source = '不超过 300 字';
  const movesLocal =
    township !== DEFAULT_DEADLINE_SETTINGS.township || other !== DEFAULT_DEADLINE_SETTINGS.other;
  if (movesLocal && !source && !errors.township && !errors.other)
    errors.source = '截止日期不是默认的1月31日时，请写明依据的地方规定（文件名称、文号）';
  if (Object.keys(errors).length) return { errors };
  return { settings: { township, other, lastDayIncluded, source } };
}

export function reportDeadline(
  year: number,
  kind: ReportingKind,
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
): string {
  return `${year + 1}-${rules.byKind[kind]}`;
}

/** `undated`: a report is on file but its publication date is not known, so timeliness cannot be judged. */
export type ReportStatus = 'onTime' | 'late' | 'missing' | 'notYetDue' | 'undated';

/**
 * Status of one expected report on `today` ('YYYY-MM-DD'); `published` is the publication date, if any. Days late
 * count from the last day that is on time: the deadline itself, or the day before when the last day is excluded.
 */
export function reportStatus(
  year: number,
  kind: ReportingKind,
  published: string | null,
  today: string,
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
): { status: ReportStatus; deadline: string; daysLate: number } {
  const deadline = reportDeadline(year, kind, rules);
  const lastOnTime = rules.lastDayIncluded ? deadline : addDay(deadline, -1);
  if (published) {
    return {
      status: published > lastOnTime ? 'late' : 'onTime',
      deadline,
      daysLate: Math.max(0, daysBetween(lastOnTime, published)),
    };
  }
  if (today > lastOnTime) return { status: 'missing', deadline, daysLate: daysBetween(lastOnTime, today) };
  return { status: 'notYetDue', deadline, daysLate: 0 };
}

function addDay(d: string, n: number): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
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
