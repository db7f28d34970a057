// Section templates: the text of the annual report's six sections, written once by the agency, with placeholders
// such as {{t3.received.total}} or {{publishing.byColumn}} that are filled from the system on every build. The
// numbers in the narrative therefore cannot drift from the tables (the evaluators' "正文与表格数据不一致").
import { ALL_FIELDS } from '../report/layout.ts';

/** `{{ key }}`: a key is dotted words; Chinese is allowed so that a column can be named (publishing.column.机构职能). */
const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;
const KEY = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9\u3400-\u9fff\uF900-\uFAFF（）()、·_-]+)*$/;

export type TemplateValue = number | string;
export type TemplateValues = ReadonlyMap<string, TemplateValue>;

export interface PlaceholderDef {
  readonly key: string;
  /** What it stands for, in Chinese (shown beside the template editor). */
  readonly label: string;
}

/** Placeholders besides the field keys of fields.md (every field key of either layout is a placeholder too). */
export const PLACEHOLDERS: readonly PlaceholderDef[] = [
  { key: 'agency', label: '机关名称' },
  { key: 'year', label: '报告年度' },
  { key: 'publishing.total', label: '本年主动公开信息条数' },
  { key: 'publishing.byColumn', label: '按目录栏目的条数列表，如“机构职能2条、通知公告57条”' },
  { key: 'publishing.byChannel', label: '按发布渠道的条数列表' },
  { key: 'publishing.byDepartment', label: '按部门的条数列表' },
  { key: 'publishing.columns', label: '有发布的栏目个数' },
  { key: 'publishing.late', label: '本年发布时已超过20个工作日的条数（《条例》第二十六条）' },
  { key: 'publishing.overdue', label: '年末仍未发布且已超期的条数' },
  {
    key: 'publishing.summary',
    label: '“本机关共主动公开政府信息N条，其中…，包括《…》等”（无则“本机关未主动公开政府信息”）',
  },
  { key: 'publishing.channelSummary', label: '“本年通过门户网站发布N条、…发布信息”' },
  { key: 'normative.named', label: '“，本年制发《…》，废止《…》”（无则为空）' },
  {
    key: 'consultation.summary',
    label: '“本年就《…》公开征集意见N次，共收到意见建议N条，主要集中在…”（无则“本年未开展公开征集意见”）',
  },
  { key: 'catalogue.topMatter', label: '“，本年发布信息最多的事项是“…”（N条）”（无则为空）' },
  { key: 'work.trainingTopics', label: '“，培训内容包括…”（无则为空）' },
  { key: 'catalogue.matters', label: '政务公开标准目录事项数' },
  { key: 'consultation.calls', label: '本年公开征集意见次数' },
  { key: 'consultation.total', label: '本年收到的意见建议条数' },
  { key: 'consultation.byCategory', label: '意见建议按类别的条数列表，如“基本公共服务54条、便民服务33条”' },
  { key: 'consultation.feedbacks', label: '已公布意见采纳反馈的征集次数' },
  { key: 'work.training.count', label: '培训次数' },
  { key: 'work.training.participants', label: '培训参训人次' },
  { key: 'work.openDay.count', label: '政务开放日活动次数' },
  { key: 'work.openDay.participants', label: '政务开放日参加人次' },
  { key: 'work.inspection.count', label: '监督检查次数' },
  { key: 'work.other.count', label: '其他工作记录次数' },
  { key: 'fees.notices', label: '发出信息处理费收费通知件数' },
  { key: 'fees.billed', label: '收费通知金额合计（元）' },
  { key: 'fees.collected', label: '实际收取信息处理费（元）' },
  { key: 't4.litigation.total', label: '行政诉讼总计（直接起诉 + 复议后起诉）' },
];

/** Families of placeholders whose last part names a column, a channel, a category, a department. */
export const PLACEHOLDER_FAMILIES: readonly PlaceholderDef[] = [
  { key: 'publishing.column.', label: '某一栏目的发布条数，如 {{publishing.column.机构职能}}' },
  { key: 'publishing.channel.', label: '某一渠道的发布条数，如 {{publishing.channel.微信公众号}}' },
  { key: 'consultation.category.', label: '某一类别的意见条数，如 {{consultation.category.便民服务}}' },
];

const KNOWN = new Set(PLACEHOLDERS.map((p) => p.key));

export function isKnownPlaceholder(key: string): boolean {
  if (KNOWN.has(key) || ALL_FIELDS.has(key)) return true;
  return PLACEHOLDER_FAMILIES.some((f) => key.startsWith(f.key) && key.length > f.key.length);
}

/** The placeholders a template uses, in order of first use. */
export function placeholdersOf(template: string): string[] {
  const seen = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) seen.add(m[1]!);
  return [...seen];
}

export interface TemplateProblem {
  readonly key: string;
  readonly message: string;
}

/** Problems an editor must fix before saving: unknown names and malformed braces. */
export function validateTemplate(template: string): TemplateProblem[] {
  const out: TemplateProblem[] = [];
  for (const key of placeholdersOf(template)) {
    if (!KEY.test(key) || !isKnownPlaceholder(key)) out.push({ key, message: `未知的占位符“{{${key}}}”` });
  }
  // A lone "{{" or "}}" is almost always a typo of a placeholder: it would be printed as is.
  const rest = template.replace(PLACEHOLDER, '');
  if (/\{\{|\}\}/.test(rest)) out.push({ key: '', message: '模板中有不成对的“{{”或“}}”' });
  return out;
}

export interface Rendered {
  readonly text: string;
  /** Placeholders with no value in this build; they are left in the text, visibly. */
  readonly missing: string[];
}

/** Fill a template. A number prints as plain digits (no grouping, no float noise). */
export function renderTemplate(
  template: string,
  values: TemplateValues,
  fallback: (key: string) => TemplateValue | undefined = () => undefined,
): Rendered {
  const missing: string[] = [];
  const text = template.replace(PLACEHOLDER, (whole, key: string) => {
    const v = values.get(key) ?? fallback(key);
    if (v === undefined) {
      if (!missing.includes(key)) missing.push(key);
      return whole;
    }
    return typeof v === 'number' ? printNumber(v) : v;
  });
  return { text, missing };
}

/** Plain digits, no float noise: 0.1 + 0.2 prints 0.3; 12.5 stays 12.5. */
export function printNumber(n: number): string {
  return String(Number.isInteger(n) ? n : Number(n.toPrecision(12)));
}
