// The facts of an agency-year the report's text quotes, gathered from the registers by the adapter (SQL counts)
// and turned here into the values of the section templates' placeholders.
import { type Report, valueOf } from '../report/model.ts';
import type { TemplateValue } from './template.ts';

export interface NamedCount {
  readonly name: string;
  readonly count: number;
}

export const WORK_KINDS = ['training', 'openDay', 'inspection', 'other'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];
export const WORK_KIND_LABELS: Readonly<Record<WorkKind, string>> = {
  training: '培训',
  openDay: '政务开放日',
  inspection: '监督检查',
  other: '其他',
};

export interface BuilderFacts {
  readonly agency: string;
  readonly year: number;
  readonly publishing: {
    /** Items published in the year. */
    readonly total: number;
    readonly byColumn: readonly NamedCount[];
    readonly byChannel: readonly NamedCount[];
    readonly byDepartment: readonly NamedCount[];
    /** Published in the year more than 20 working days after formation (《条例》第二十六条). */
    readonly late: number;
    /** Unpublished on 31 December and past the 20 working days. */
    readonly overdue: number;
  };
  readonly catalogue: { readonly matters: number };
  readonly consultation: {
    readonly calls: number;
    /** Opinions received in the year; unclassified ones are listed as “未分类” so the list adds up. */
    readonly total: number;
    readonly byCategory: readonly NamedCount[];
    readonly feedbacks: number;
  };
  readonly work: Readonly<Record<WorkKind, { readonly count: number; readonly participants: number }>>;
  /** Section 六 fee figures compiled from the cases (yuan); null when case management has none for the year. */
  readonly fees: { readonly notices: number; readonly billed: number; readonly collected: number } | null;
  /**
   * What happened this year, by name, for the text to quote (so that this year's report does not read as last
   * year's with the numbers changed). Absent: nothing is quoted.
   */
  readonly named?: NamedFacts;
}

export interface NamedFacts {
  /** Titles of items published in the year, newest first (a few). */
  readonly items: readonly string[];
  /** The catalogue matter with the most items published in the year. */
  readonly topMatter: NamedCount | null;
  /** Titles of the normative documents issued, and repealed, in the year. */
  readonly normsIssued: readonly string[];
  readonly normsRepealed: readonly string[];
  /** Titles of the consultations opened in the year. */
  readonly consultations: readonly string[];
  /** Notes of the year's training records (their subjects). */
  readonly trainings: readonly string[];
}

const NO_NAMES: NamedFacts = {
  items: [],
  topMatter: null,
  normsIssued: [],
  normsRepealed: [],
  consultations: [],
  trainings: [],
};

/** 《A》《B》等: titles as quoted in a Chinese report (a title already in 《》 is not wrapped twice). */
export function titles(list: readonly string[], max = 3): string {
  const q = list.slice(0, max).map((t) => (/^《.*》$/.test(t) ? t : `《${t}》`));
  return q.join('') + (list.length > max ? '等' : '');
}

/**
 * The sentences of 总体情况 with their numbers and the year's names, written so that a zero reads as Chinese ("本机关
 * 未主动公开政府信息", never "共主动公开政府信息0条，其中无").
 */
export function proseValues(facts: BuilderFacts): Map<string, string> {
  const v = new Map<string, string>();
  const n = facts.named ?? NO_NAMES;
  const p = facts.publishing;
  const columns = countList(p.byColumn);
  v.set(
    'publishing.summary',
    p.total > 0
      ? `本机关共主动公开政府信息${p.total}条，其中${columns}${n.items.length ? `，包括${titles(n.items)}` : ''}`
      : '本机关未主动公开政府信息',
  );
  v.set(
    'publishing.channelSummary',
    p.byChannel.some((c) => c.count > 0)
      ? `本年各渠道发布信息情况为：${countList(p.byChannel)}`
      : '本年未登记经网站、新媒体等渠道发布的信息',
  );
  const norms = [
    n.normsIssued.length ? `本年制发${titles(n.normsIssued)}` : '',
    n.normsRepealed.length ? `废止${titles(n.normsRepealed)}` : '',
  ].filter(Boolean);
  v.set('normative.named', norms.length ? `，${norms.join('，')}` : '');
  const c = facts.consultation;
  const named = n.consultations.length ? `就${titles(n.consultations)}` : '';
  v.set(
    'consultation.summary',
    c.calls > 0
      ? `本年${named}公开征集意见${c.calls}次，${
          c.total > 0 ? `共收到意见建议${c.total}条，主要集中在${countList(c.byCategory)}` : '未收到意见建议'
        }，${c.feedbacks > 0 ? `公布意见采纳情况反馈${c.feedbacks}次` : '尚未公布意见采纳情况反馈'}`
      : '本年未开展公开征集意见',
  );
  v.set(
    'catalogue.topMatter',
    n.topMatter && n.topMatter.count > 0
      ? `，本年发布信息最多的事项是“${n.topMatter.name}”（${n.topMatter.count}条）`
      : '',
  );
  v.set(
    'work.trainingTopics',
    n.trainings.length ? `，培训内容包括${n.trainings.slice(0, 3).join('、')}` : '',
  );
  return v;
}

/**
 * Text an edited template may still produce from an empty list ("其中无", "主要集中在无"): the clause is dropped, so
 * that a saved template of an earlier version reads as Chinese too.
 */
export function tidyProse(text: string): string {
  return text.replace(/[，,]?(?:其中|主要集中在)无(?=[。；;，,\n]|$)/g, '').replace(/[，,](?=[。；;])/g, '');
}

export const UNCLASSIFIED = '未分类';

/** "基本公共服务54条、便民服务33条": largest first, ties by name, so the text is stable from build to build. */
export function countList(items: readonly NamedCount[], unit = '条'): string {
  const list = items.filter((i) => i.count > 0);
  if (!list.length) return '无';
  return [...list]
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'))
    .map((i) => `${i.name}${i.count}${unit}`)
    .join('、');
}

/** Every placeholder's value for a build: the report's cells by field key, then the facts. */
export function templateValues(report: Report, facts: BuilderFacts): Map<string, TemplateValue> {
  const v = new Map<string, TemplateValue>();
  for (const key of Object.keys(report.cells)) {
    const n = valueOf(report, key);
    if (n !== undefined) v.set(key, n);
  }
  const direct = valueOf(report, 't4.litigation.direct.total');
  const after = valueOf(report, 't4.litigation.afterReview.total');
  if (direct !== undefined && after !== undefined) v.set('t4.litigation.total', direct + after);

  v.set('agency', facts.agency);
  v.set('year', facts.year);
  const p = facts.publishing;
  v.set('publishing.total', p.total);
  v.set('publishing.byColumn', countList(p.byColumn));
  v.set('publishing.byChannel', countList(p.byChannel));
  v.set('publishing.byDepartment', countList(p.byDepartment));
  v.set('publishing.columns', p.byColumn.filter((c) => c.count > 0).length);
  v.set('publishing.late', p.late);
  v.set('publishing.overdue', p.overdue);
  for (const c of p.byColumn) v.set(`publishing.column.${c.name}`, c.count);
  for (const c of p.byChannel) v.set(`publishing.channel.${c.name}`, c.count);
  v.set('catalogue.matters', facts.catalogue.matters);
  const c = facts.consultation;
  v.set('consultation.calls', c.calls);
  v.set('consultation.total', c.total);
  v.set('consultation.byCategory', countList(c.byCategory));
  v.set('consultation.feedbacks', c.feedbacks);
  for (const k of c.byCategory) v.set(`consultation.category.${k.name}`, k.count);
  for (const kind of Object.keys(facts.work) as WorkKind[]) {
    v.set(`work.${kind}.count`, facts.work[kind].count);
    v.set(`work.${kind}.participants`, facts.work[kind].participants);
  }
  for (const [k, x] of proseValues(facts)) v.set(k, x);
  if (facts.fees) {
    v.set('fees.notices', facts.fees.notices);
    v.set('fees.billed', facts.fees.billed);
    v.set('fees.collected', facts.fees.collected);
  }
  return v;
}

/** A family placeholder naming a column or category with no items this year is 0, not "missing". */
export function familyDefault(key: string): TemplateValue | undefined {
  if (/^(publishing\.column|publishing\.channel|consultation\.category)\.[^.]/.test(key)) return 0;
  return undefined;
}
