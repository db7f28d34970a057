// When an agency's annual report for a year is due, and whether it came on time. 《条例》第四十九条:
// 县级以上人民政府部门 publish "在每年1月31日前"; 县级以上地方人民政府 (本级) "在每年3月31日前". Townships and
// street offices are not named: their deadline is a local rule, so it is a setting — one for 乡镇, one for 街道
// (a 街道 follows the 乡镇 value until an administrator sets its own).

/**
 * The kind a deadline is judged by. The agency table knows one kind `township` for 乡镇人民政府 and 街道办事处 alike
 * (src/db/schema/vocabulary.ts); `subdistrict` (街道) is told from the agency's name, see reportingKindOf.
 */
export type ReportingKind = 'localGovernment' | 'department' | 'township' | 'subdistrict' | 'other';

/**
 * The deadline kind of an agency, from its stored kind and its name. The schema does not tell 街道 from 乡镇 (both
 * are kind `township`); a 街道办事处 is named so (“××街道办事处”, “××街道”), which is what the data supports. A
 * `township` agency whose name does not say 街道 is a 乡镇 — the reading that keeps today's deadline.
 */
export function reportingKindOf(kind: string, name: string): ReportingKind {
  if (kind === 'township')
    return /街道(办事处)?(（[^）]*）)?$|街道办事处/.test(name.trim()) ? 'subdistrict' : 'township';
  if (kind === 'localGovernment' || kind === 'department' || kind === 'other') return kind;
  return 'other';
}

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
  byKind: {
    department: '01-31',
    localGovernment: '03-31',
    township: '01-31',
    subdistrict: '01-31',
    other: '01-31',
  },
  lastDayIncluded: true,
};

export const DEADLINE_BASIS: Readonly<Record<ReportingKind, string>> = {
  department: '《条例》第四十九条第一款：县级以上人民政府部门每年1月31日前',
  localGovernment: '《条例》第四十九条第二款：县级以上地方人民政府本级报告每年3月31日前',
  township: '地方规定（默认1月31日前，可在“年度报告截止日期”设置中修改）',
  subdistrict: '地方规定（默认1月31日前，可在“年度报告截止日期”设置中修改）',
  other: '地方规定（默认1月31日前，可在“年度报告截止日期”设置中修改）',
};

/** The kinds 《条例》第四十九条 names: their deadline is the law's and cannot be set. */
export const STATUTORY_KINDS = ['department', 'localGovernment'] as const;
/** The kinds the 条例 does not name: 乡镇、街道 and others follow a local rule an administrator records. */
export const LOCAL_KINDS = ['township', 'subdistrict', 'other'] as const;
export type LocalKind = (typeof LOCAL_KINDS)[number];

export const REPORTING_KINDS_ORDER: readonly ReportingKind[] = [
  'department',
  'localGovernment',
  'township',
  'subdistrict',
  'other',
];

export const KIND_LABELS: Readonly<Record<ReportingKind, string>> = {
  department: '县级以上人民政府部门',
  localGovernment: '县级以上地方人民政府（本级）',
  township: '乡镇人民政府',
  subdistrict: '街道办事处',
  other: '其他机关',
};

/**
 * What an administrator sets (gongkai config report-deadlines, /admin/report-deadlines): the month-day of the two
 * local kinds, whether the last day itself is on time, and the local rule they come from (文件名称、文号).
 */
export interface ReportDeadlineSettings {
  readonly township: string;
  /** 街道's own month-day; null: 街道 follows `township` (what every setting stored before it existed means). */
  readonly subdistrict: string | null;
  readonly other: string;
  readonly lastDayIncluded: boolean;
  /** The local rule's 文件名称/文号; null while the defaults stand unsourced. */
  readonly source: string | null;
}

export const DEFAULT_DEADLINE_SETTINGS: ReportDeadlineSettings = {
  township: DEFAULT_DEADLINE_RULES.byKind.township,
  subdistrict: null,
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
      subdistrict: s.subdistrict ?? s.township,
      other: s.other,
    },
    lastDayIncluded: s.lastDayIncluded,
  };
}

/** '01-31' → '1月31日'. */
export const monthDayText = (md: string): string => `${Number(md.slice(0, 2))}月${Number(md.slice(3, 5))}日`;

/** Where each kind's deadline comes from, with the stored local rule: the board's and the CLI's explanation. */
export function deadlineBasis(s: ReportDeadlineSettings): Record<ReportingKind, string> {
  const source = s.source ? `依据：${s.source}` : '未填写依据文件，为系统默认值';
  const local = (md: string, note = '') => `地方规定：每年${monthDayText(md)}前（${note}${source}）`;
  return {
    ...DEADLINE_BASIS,
    township: local(s.township),
    subdistrict: s.subdistrict === null ? local(s.township, '街道同乡镇；') : local(s.subdistrict),
    other: local(s.other),
  };
}

/**
 * The local rules a list of judged agencies was held to, one line per kind present ('乡镇人民政府：地方规定：…'), in
 * REPORTING_KINDS_ORDER: the board's caption and `gongkai status` say which rule the 乡镇、街道 rows were judged by.
 */
export function localBasisLines(rows: readonly { deadlineKind: ReportingKind; basis: string }[]): string[] {
  const local = new Map<ReportingKind, string>();
  for (const r of rows)
    if ((LOCAL_KINDS as readonly string[]).includes(r.deadlineKind)) local.set(r.deadlineKind, r.basis);
  return REPORTING_KINDS_ORDER.filter((k) => local.has(k)).map((k) => `${KIND_LABELS[k]}：${local.get(k)}`);
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
  township: '乡镇的截止日期',
  subdistrict: '街道的截止日期',
  other: '其他机关的截止日期',
  lastDayIncluded: '截止当日发布是否按时',
  source: '地方规定的文件名称、文号',
} as const;

/**
 * The settings as typed (web form or CLI options: strings), checked field by field; each error is about its field
 * (the form shows it under the field, the CLI prefixes SETTINGS_FIELD_LABELS). `lastDayIncluded` is 'yes'/'no'
 * ('true'/'false' from the CLI). `subdistrict` empty (or '同乡镇'/'township') means 街道 follows 乡镇 again. A changed
 * local date needs its source: a date without its rule has no provenance.
 */
export function validateDeadlineSettings(
  input: Readonly<Partial<Record<keyof ReportDeadlineSettings, string>>>,
  current: ReportDeadlineSettings = DEFAULT_DEADLINE_SETTINGS,
): { settings: ReportDeadlineSettings } | { errors: Partial<Record<keyof ReportDeadlineSettings, string>> } {
  const errors: Partial<Record<keyof ReportDeadlineSettings, string>> = {};
  const md = (k: 'township' | 'other') => {
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
  let subdistrict = current.subdistrict;
  const rawSub = input.subdistrict?.trim();
  if (rawSub !== undefined) {
    if (rawSub === '' || rawSub === '同乡镇' || rawSub === 'township') subdistrict = null;
    else {
      const r = parseMonthDay(rawSub);
      if ('error' in r) errors.subdistrict = r.error;
      else subdistrict = r.value;
    }
  }
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
    township !== DEFAULT_DEADLINE_SETTINGS.township ||
    other !== DEFAULT_DEADLINE_SETTINGS.other ||
    (subdistrict !== null && subdistrict !== DEFAULT_DEADLINE_SETTINGS.township);
  if (movesLocal && !source && !errors.township && !errors.other && !errors.subdistrict)
    errors.source = '截止日期不是默认的1月31日时，请写明依据的地方规定（文件名称、文号）';
  if (Object.keys(errors).length) return { errors };
  return { settings: { township, subdistrict, other, lastDayIncluded, source } };
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
