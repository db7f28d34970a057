// The sums the tables must obey (勾稽关系), generated from the layout so each identity is data: which cells make the
// left side, which the right, and where the identity comes from.
import { APPLICANT_COLUMNS, APPLICANT_PARTS, LAYOUTS, type Layout, T4_GROUPS } from '../report/layout.ts';
import { type Report, valueOf } from '../report/model.ts';
import { printed } from './cell-ref.ts';
import type { Basis, CheckContext, Finding, Rule } from './types.ts';

export interface Term {
  readonly key: string;
  /** Short label for the message ("一", "（七）总计", "自然人"). */
  readonly label: string;
}

export interface Identity {
  /** Where the identity applies, for the message: "总计列", "（一）予以公开行". */
  readonly scope: string;
  readonly lhs: readonly Term[];
  readonly rhs: readonly Term[];
}

export interface IdentityRuleDef {
  readonly id: string;
  readonly title: string;
  readonly basis: Basis;
  readonly identities: (layout: Layout) => Identity[];
}

const shortRow = (label: string) =>
  label.replace(/（区分处理的.*）$/, '').replace(/政府信息公开申请数量$/, '');

export const IDENTITY_RULES: readonly IdentityRuleDef[] = [
  {
    id: 't3.column-identity',
    title: '表三每列：一 + 二 = 三（七）总计 + 四',
    basis: { kind: 'official', ref: '年度报告格式表三表头：“第一项加第二项之和，等于第三项加第四项之和”' },
    identities: () =>
      APPLICANT_COLUMNS.map((c) => ({
        scope: `${c.label}列`,
        lhs: [
          { key: `t3.received.${c.key}`, label: '一、本年新收' },
          { key: `t3.carriedOver.${c.key}`, label: '二、上年结转' },
        ],
        rhs: [
          { key: `t3.total.${c.key}`, label: '三（七）总计' },
          { key: `t3.carriedForward.${c.key}`, label: '四、结转下年度' },
        ],
      })),
  },
  {
    id: 't3.row-total',
    title: '表三每行：总计 = 六类申请人之和',
    basis: { kind: 'implied', ref: '年度报告格式表三“总计”列' },
    identities: (layout) =>
      layout.t3Rows.map((r) => ({
        scope: `“${shortRow(r.label)}”行`,
        lhs: [{ key: `t3.${r.key}.total`, label: '总计' }],
        rhs: APPLICANT_PARTS.map((c) => ({
          key: `t3.${r.key}.${c}`,
          label: APPLICANT_COLUMNS.find((x) => x.key === c)!.label,
        })),
      })),
  },
  {
    id: 't3.results-total',
    title: '表三每列：（七）总计 = 各项办理结果之和',
    basis: { kind: 'implied', ref: '年度报告格式表三“（七）总计”行' },
    identities: (layout) =>
      APPLICANT_COLUMNS.map((c) => ({
        scope: `${c.label}列`,
        lhs: [{ key: `t3.total.${c.key}`, label: '（七）总计' }],
        rhs: layout.t3Rows
          .filter((r) => r.result)
          .map((r) => ({ key: `t3.${r.key}.${c.key}`, label: shortRow(r.label) })),
      })),
  },
  {
    id: 't4.group-total',
    title: '表四：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结',
    basis: { kind: 'implied', ref: '年度报告格式表四“总计”列' },
    identities: () =>
      T4_GROUPS.map((g) => ({
        scope: g.label,
        lhs: [{ key: `t4.${g.key}.total`, label: '总计' }],
        rhs: [
          { key: `t4.${g.key}.upheld`, label: '结果维持' },
          { key: `t4.${g.key}.corrected`, label: '结果纠正' },
          { key: `t4.${g.key}.other`, label: '其他结果' },
          { key: `t4.${g.key}.pending`, label: '尚未审结' },
        ],
      })),
  },
];

/** A side's sum, or null when a cell on it was not read (valueOf undefined). */
function sumOf(report: Report, terms: readonly Term[]): number | null {
  let sum = 0;
  for (const t of terms) {
    const v = valueOf(report, t.key);
    if (v === undefined) return null;
    sum += v;
  }
  return sum;
}

/** How a side is written in the message; only made for an identity that does not hold (every report is checked). */
function sideText(report: Report, terms: readonly Term[], sum: number): string {
  const nonZero = terms.filter((t) => valueOf(report, t.key) !== 0 || report.cells[t.key]?.state === 'blank');
  const shown = terms.length > 4 ? nonZero : terms;
  const text = shown.length
    ? shown.map((t) => `${t.label}（${printed(report, t.key)}）`).join(' + ')
    : '各项均为0';
  return terms.length > 1 ? `${text} = ${sum}` : text;
}

/** An identity with its cells listed once: the layouts are constants, their identities are built once each. */
interface Prepared {
  readonly id: Identity;
  readonly all: readonly Term[];
}

export function identityRule(def: IdentityRuleDef): Rule {
  const cache = new Map<Layout, Prepared[]>();
  return {
    id: def.id,
    severity: 'error',
    title: def.title,
    basis: def.basis,
    evaluate(ctx) {
      const { report } = ctx;
      if (!report.format) return [];
      const layout = ctxLayout(ctx);
      let prepared = cache.get(layout);
      if (!prepared) {
        prepared = def.identities(layout).map((id) => ({ id, all: [...id.lhs, ...id.rhs] }));
        cache.set(layout, prepared);
      }
      const out: Finding[] = [];
      const cells = report.cells;
      for (const { id, all } of prepared) {
        if (!all.every((t) => t.key in cells)) continue;
        const l = sumOf(report, id.lhs);
        const r = sumOf(report, id.rhs);
        // An unread cell is reported by cell.unknown; the identity cannot be judged without it.
        if (l === null || r === null || Math.abs(l - r) < 1e-9) continue;
        const blanks = all.filter((t) => cells[t.key]?.state === 'blank');
        out.push({
          rule: def.id,
          severity: 'error',
          cells: all.map((t) => t.key),
          message:
            `${id.scope}不平衡：${sideText(report, id.lhs, l)}，不等于 ${sideText(report, id.rhs, r)}（相差 ${round(l - r)}）` +
            (blanks.length ? `；其中空白单元格按0计：${blanks.map((b) => b.label).join('、')}` : ''),
        });
      }
      return out;
    },
  };
}

function ctxLayout(ctx: CheckContext): Layout {
  return LAYOUTS[ctx.report.format ?? '2021'];
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
