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
