// Rules that compare a report with the same agency's report of the year before.
import { APPLICANT_COLUMNS, SECTIONS } from '../report/layout.ts';
import { type Report, valueOf } from '../report/model.ts';
import { cellRef } from './cell-ref.ts';
import type { Finding, Rule } from './types.ts';

export const carryOver: Rule = {
  id: 'prev.carry-over',
  severity: 'error',
  title: '本年“上年结转”应等于上年报告的“结转下年度继续办理”',
  basis: { kind: 'implied', ref: '表三“二、上年结转”与上年度“四、结转下年度继续办理”为同一批申请' },
  needsPrev: true,
  evaluate({ report, prev }) {
    if (!prev) return [];
    const out: Finding[] = [];
    for (const c of APPLICANT_COLUMNS) {
      const now = valueOf(report, `t3.carriedOver.${c.key}`);
      const before = valueOf(prev, `t3.carriedForward.${c.key}`);
      if (now === undefined || before === undefined || now === before) continue;
      out.push({
        rule: 'prev.carry-over',
        severity: 'error',
        cells: [`t3.carriedOver.${c.key}`],
        message: `${cellRef(report, `t3.carriedOver.${c.key}`)}不等于${prev.year ?? '上'}年度报告的“结转下年度继续办理”${c.label}（${before}）`,
      });
    }
    return out;
  },
};

export const stockFlow: Rule = {
  id: 'prev.stock-flow',
  severity: 'warning',
  title: '现行有效件数 ≈ 上年现行有效 + 本年制发 − 本年废止',
  basis: { kind: 'heuristic', ref: '存量与流量关系（修订计入制发时不增加存量，故为提示）' },
  needsPrev: true,
  evaluate({ report, prev }) {
    if (!prev) return [];
    const out: Finding[] = [];
    for (const row of ['regulations', 'normativeDocuments']) {
      const k = (c: string) => `t2.${row}.${c}`;
      const now = valueOf(report, k('inForce'));
      const was = valueOf(prev, k('inForce'));
      const issued = valueOf(report, k('issued'));
      const repealed = valueOf(report, k('repealed'));
      if ([now, was, issued, repealed].some((v) => v === undefined)) continue;
      const want = was! + issued! - repealed!;
      if (now === want) continue;
      out.push({
        rule: 'prev.stock-flow',
        severity: 'warning',
        cells: [k('inForce'), k('issued'), k('repealed')],
        message: `${cellRef(report, k('inForce'))}，而上年现行有效${was} + 本年制发${issued} − 本年废止${repealed} = ${want}`,
      });
    }
    return out;
  },
};

/** Sentences for comparison: digits folded so that a copied sentence with this year's numbers still matches. */
export function sentenceSet(text: string): string[] {
  return text
    .split(/[。！？；;!?\n]/)
    .map((s) => s.replace(/\s+/g, '').replace(/[0-9０-９]+/g, '#'))
    .filter((s) => s.length >= 12);
}

export function repeatedShare(
  now: string,
  before: string,
): { share: number; repeated: string[]; total: number } {
  const a = sentenceSet(now);
  const b = new Set(sentenceSet(before));
  if (!a.length) return { share: 0, repeated: [], total: 0 };
  const repeated = a.filter((s) => b.has(s));
  return { share: repeated.length / a.length, repeated, total: a.length };
}

export const copiedText: Rule = {
  id: 'prev.similarity',
  severity: 'warning',
  title: '各部分文字与上年报告大量重复',
  basis: {
    kind: 'official',
    ref: '国办公开办函〔2021〕30号“内容雷同、敷衍塞责”追责；评估机构“年报与去年重复率达90%”',
  },
  needsPrev: true,
  evaluate({ report, prev, options }) {
    if (!prev) return [];
    const out: Finding[] = [];
    for (const s of SECTIONS) {
      const now = report.sections[s.key];
      const before = prev.sections[s.key];
      if (!now || !before) continue;
      const r = repeatedShare(now, before);
      if (r.total < 2 || r.share < options.similarityThreshold) continue;
      out.push({
        rule: 'prev.similarity',
        severity: 'warning',
        cells: [],
        message: `第${s.ordinal}部分“${s.title}”有${Math.round(r.share * 100)}%的句子（${r.repeated.length}/${r.total}）与上年报告相同，例如：“${r.repeated[0]!.slice(0, 40)}”`,
      });
    }
    return out;
  },
};

export const sameNumbers: Rule = {
  id: 'prev.same-numbers',
  severity: 'warning',
  title: '表格数据与上年完全相同',
  basis: { kind: 'heuristic', ref: '评估机构常见问题：连续多年数据相同（照抄上年）' },
  needsPrev: true,
  evaluate({ report, prev }) {
    if (!prev || report.format !== prev.format) return [];
    const keys = Object.keys(report.cells).filter((k) => k.startsWith('t2.') || k.startsWith('t3.'));
    const nonZero = keys.filter((k) => (valueOf(report, k) ?? 0) !== 0);
    if (nonZero.length < 3) return [];
    if (!keys.every((k) => valueOf(report, k) === valueOf(prev, k))) return [];
    return [
      {
        rule: 'prev.same-numbers',
        severity: 'warning',
        cells: nonZero,
        message: `表二、表三的全部${keys.length}个数字与${prev.year ?? '上'}年度报告完全相同，请核实是否照抄上年`,
      },
    ];
  },
};

export const prevYear: Rule = {
  id: 'prev.year',
  severity: 'warning',
  title: '对比的报告应为上一年度',
  basis: { kind: 'heuristic', ref: '跨年核对以上一年度报告为准' },
  needsPrev: true,
  evaluate({ report, prev }) {
    if (!prev || report.year === null || prev.year === null || prev.year === report.year - 1) return [];
    return [
      {
        rule: 'prev.year',
        severity: 'warning',
        cells: [],
        message: `对比报告为${prev.year}年度，不是${report.year - 1}年度`,
      },
    ];
  },
};

export type { Report };
