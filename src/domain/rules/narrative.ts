// Narrative vs tables: the counts a report states in words must agree with its tables, and the sub-counts it lists
// must add up to the total they claim. We read clause by clause, and a number belongs to the keyword it is written
// against ("2件结转下年度继续办理。本年度…产生了1件行政复议" is 2 carried forward and 1 review, not 1 carried forward).

import type { Report } from '../report/model.ts';
import { valueOf } from '../report/model.ts';
import { cellRef } from './cell-ref.ts';
import type { Finding, Rule } from './types.ts';

export type ClaimKind =
  | 'received'
  | 'carriedOver'
  | 'concluded'
  | 'carriedForward'
  | 'review'
  | 'litigation'
  | 'feeNotices'
  | 'feeCollected';

export interface Claim {
  readonly kind: ClaimKind;
  readonly value: number;
  /** The clause it was read from, as printed (normalised). */
  readonly clause: string;
}

/** Width-normalised text with the spaces converters put between CJK and digits removed. */
export function normalizeNarrative(s: string): string {
  return s
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/\uFF0E/g, '.')
    .replace(/\uFF05/g, '%')
    .replace(/[\u3000\u00A0]/g, ' ')
    .replace(/[ \t]*(\d[\d.]*)[ \t]*/g, '$1')
    .replace(/[ \t]+/g, ' ');
}

const U = '(?:件|条|项|宗|个)';
const N = '(\\d+)';
const NOT_APPROX = '(?![余多])';

interface Pattern {
  readonly kind: ClaimKind;
  readonly re: RegExp;
  /** The clause must (not) contain these. */
  readonly need?: RegExp;
  readonly avoid?: RegExp;
  readonly zero?: boolean;
}

const PATTERNS: readonly Pattern[] = [
  {
    kind: 'received',
    re: new RegExp(`(?:收到|受理|新收|接收)[^，,。；;\\d]{0,25}?${N}${NOT_APPROX}${U}`),
    need: /申请/,
    avoid: /结转|办结|复议|诉讼|意见|建议|来信|来访|咨询|上年/,
  },
  { kind: 'received', re: /未(?:收到|受理|接到)[^，,。；;\d]{0,30}申请/, zero: true, avoid: /复议|诉讼/ },
  {
    kind: 'carriedOver',
    re: new RegExp(
      // "N件为上年结转" needs the copula: in "答复3050件（含上年度结转申请34件）" the 34 is the carried-over count.
      `上一?年度?结转[^，,。；;\\d]{0,12}?${N}${NOT_APPROX}${U}|${N}${NOT_APPROX}${U}(?:为|系|属)上一?年度?结转`,
    ),
  },
  {
    kind: 'carriedForward',
    re: new RegExp(
      `${N}${NOT_APPROX}${U}[^，,。；;\\d]{0,6}结转(?:至|到)?下一?年度?|结转(?:至|到)?下一?年度?[^，,。；;\\d]{0,8}?${N}${NOT_APPROX}${U}`,
    ),
    avoid: /上一?年度?结转/,
  },
  {
    kind: 'concluded',
    re: new RegExp(
      `${N}${NOT_APPROX}${U}[^，,。；;\\d]{0,4}(?:已|均|全部)?(?:按时|如期|按期|依法)?(?:办结|答复|办理完毕)|(?:按时|如期|按期|依法)?(?:办结|答复|办理)(?:了)?${N}${NOT_APPROX}${U}`,
    ),
    avoid: /结转|复议|诉讼|申请\d|收到|受理|答复书/,
  },
  {
    kind: 'review',
    re: new RegExp(
      `${N}${NOT_APPROX}${U}行政复议|行政复议(?:案件|申请)?[^，,。；;\\d]{0,6}?${N}${NOT_APPROX}${U}`,
    ),
    avoid: /诉讼|上年|较/,
  },
  {
    kind: 'litigation',
    re: new RegExp(
      `${N}${NOT_APPROX}${U}行政诉讼|行政诉讼(?:案件)?[^，,。；;\\d]{0,6}?${N}${NOT_APPROX}${U}`,
    ),
    avoid: /复议|上年|较/,
  },
  { kind: 'feeNotices', re: new RegExp(`(?:发出|出具|送达)收费通知(?:书|的件数)?(?:为|共|共计)?${N}件`) },
  { kind: 'feeNotices', re: /收费通知的件数[^。；;]{0,30}均为0/, zero: true },
  { kind: 'feeNotices', re: /未(?:发出|出具)收费通知/, zero: true },
  {
    kind: 'feeCollected',
    re: /(?:实际)?收取(?:了)?(?:政府信息公开)?(?:信息)?处理费(?:共计|共|合计)?(\d+(?:\.\d+)?)元/,
  },
  { kind: 'feeCollected', re: /未收取(?:政府信息公开)?(?:信息)?处理费/, zero: true },
];

function clauses(text: string): string[] {
  return normalizeNarrative(text)
    .split(/[，,。；;！？!?\n]/)
    .map((c) => c.trim())
    .filter(Boolean);
}

export function extractClaims(text: string): Claim[] {
  const out: Claim[] = [];
  for (const clause of clauses(text)) {
    for (const p of PATTERNS) {
      if (p.need && !p.need.test(clause)) continue;
      if (p.avoid && !p.zero && p.avoid.test(clause.replace(p.re, ''))) {
        // The keyword that must be avoided appears elsewhere in the clause: the number is ambiguous.
        continue;
      }
      if (p.avoid && p.zero && p.avoid.test(clause)) continue;
      const m = p.re.exec(clause);
      if (!m) continue;
      const digits = m.slice(1).find((g) => g !== undefined);
      const value = p.zero ? 0 : Number(digits);
      if (!Number.isFinite(value)) continue;
      out.push({ kind: p.kind, value, clause });
      break;
    }
  }
  return out;
}

const sum = (r: Report, keys: string[]) => {
  let s = 0;
  for (const k of keys) {
    const v = valueOf(r, k);
    if (v === undefined) return undefined;
    s += v;
  }
  return s;
};

interface Expectation {
  readonly keys: string[];
  readonly label: string;
  /** Other totals the text may legitimately mean (e.g. received including carried over). */
  readonly alternatives?: string[][];
}

const EXPECT: Partial<Record<ClaimKind, Expectation>> = {
  received: {
    keys: ['t3.received.total'],
    label: '表三“一、本年新收”总计',
    alternatives: [['t3.received.total', 't3.carriedOver.total']],
  },
  carriedOver: { keys: ['t3.carriedOver.total'], label: '表三“二、上年结转”总计' },
  concluded: { keys: ['t3.total.total'], label: '表三“（七）总计”' },
  carriedForward: { keys: ['t3.carriedForward.total'], label: '表三“四、结转下年度继续办理”总计' },
  review: { keys: ['t4.review.total'], label: '表四行政复议总计' },
  litigation: {
    keys: ['t4.litigation.direct.total', 't4.litigation.afterReview.total'],
    label: '表四行政诉讼（直接起诉+复议后起诉）总计',
  },
};

export const narrativeVsTables: Rule = {
  id: 'narrative.tables',
  severity: 'warning',
  title: '正文所述件数应与表格一致',
  basis: { kind: 'heuristic', ref: '评估机构常见问题：正文与表格数据不一致' },
  evaluate({ report }) {
    if (!report.format) return [];
    const text = narrativeText(report);
    const out: Finding[] = [];
    const seen = new Set<ClaimKind>();
    for (const c of extractClaims(text)) {
      const e = EXPECT[c.kind];
      if (!e || seen.has(c.kind)) continue;
      seen.add(c.kind);
      const want = sum(report, e.keys);
      if (want === undefined) continue;
      const alts = (e.alternatives ?? []).map((a) => sum(report, a));
      if (want === c.value || alts.includes(c.value)) continue;
      out.push({
        rule: 'narrative.tables',
        severity: 'warning',
        cells: e.keys,
        message: `正文“${c.clause}”为${c.value}，而${e.label}为${want}（${e.keys.map((k) => cellRef(report, k)).join('、')}）`,
      });
    }
    // Every application abandoned for an unpaid fee had a fee notice first (国办函〔2020〕109号).
    const notices = extractClaims(text).find((c) => c.kind === 'feeNotices');
    const unpaid = valueOf(report, 't3.other.feeUnpaid.total');
    if (notices && unpaid !== undefined && unpaid > notices.value)
      out.push({
        rule: 'narrative.tables',
        severity: 'warning',
        cells: ['t3.other.feeUnpaid.total'],
        message: `${cellRef(report, 't3.other.feeUnpaid.total')}，但正文称发出收费通知${notices.value}件（“${notices.clause}”）`,
      });
    return out;
  },
};

function narrativeText(report: Report): string {
  const s = report.sections;
  const parts = [s.overview, s.requests, s.appeals, s.other].filter((x): x is string => Boolean(x));
  return parts.length ? parts.join('\n') : (report.text ?? '');
}

// ---------------------------------------------------------------- sub-counts

export interface SubcountProblem {
  readonly total: number;
  readonly items: number[];
  readonly message: string;
}

const TOTAL_RE =
  /(?:共计|共|合计|累计|总计|总数|收到|信息数|数量为|数为)[^，,。；;\d%]{0,14}?(\d+)(?![余多\d.%])(件|条|项|个)/g;

/**
 * Within a paragraph: a total ("共发布信息316条", "收到…申请6件") followed by items of the same unit. The items must
 * reach the total exactly at some point (a list may be followed by other numbers) and must not overshoot it; where
 * the items carry percentages, each must match its share of the total.
 */
export function checkSubcounts(paragraph: string, bases: readonly number[] = []): SubcountProblem[] {
  const text = normalizeNarrative(paragraph);
  const out: SubcountProblem[] = [];
  TOTAL_RE.lastIndex = 0;
  const m = TOTAL_RE.exec(text);
  if (!m) return out;
  const total = Number(m[1]);
  const unit = m[2]!;
  if (total === 0) return out;
  const rest = text.slice(m.index + m[0].length);
  const itemRe = new RegExp(`(\\d+)(?![\\d.余多])${unit}(?:[^\\d%]{0,12}?(\\d+(?:\\.\\d+)?)%)?`, 'g');
  const items: { n: number; pct: number | null; pctText: string | null; at: number }[] = [];
  let lead = '';
  const restAt = m.index + m[0].length;
  for (const im of rest.matchAll(itemRe)) {
    if (!items.length) lead = rest.slice(0, im.index);
    items.push({
      n: Number(im[1]),
      pct: im[2] ? Number(im[2]) : null,
      pctText: im[2] ?? null,
      at: restAt + im.index,
    });
  }
  if (items.length < 2) return out;
  // Only a list the text introduces as a breakdown of the total ("其中…", "分别…", "主要集中在…", "在…中") is held
  // to it; "收到申请30件，上年结转2件，办结30件" is a sequence of facts, not a breakdown.
  const introduced = /其中|分别|主要|包括|[：:]|中，|中,/.test(lead);
  let acc = 0;
  let hit = -1;
  let overshoot = false;
  for (let i = 0; i < items.length; i++) {
    acc += items[i]!.n;
    if (acc === total) {
      hit = i;
      break;
    }
    if (acc > total) {
      overshoot = i > 0;
      break;
    }
  }
  const listed = hit >= 0 ? items.slice(0, hit + 1) : items;
  const pcts = listed.filter((x) => x.pct !== null);
  const exhaustive = pcts.length >= 2 && Math.abs(pcts.reduce((a, x) => a + x.pct!, 0) - 100) < 0.5;
  if (hit < 0 && ((overshoot && introduced) || exhaustive)) {
    const its = overshoot ? items.slice(0, items.findIndex((_, i) => sumN(items, i) > total) + 1) : items;
    out.push({
      total,
      items: its.map((x) => x.n),
      message: `分项 ${its.map((x) => x.n).join('+')} = ${sumN(its, its.length - 1)}${unit}，与总数${total}${unit}不符`,
    });
  }
  for (const x of listed) {
    if (x.pct === null || x.pctText === null) continue;
    const decimals = x.pctText.includes('.') ? x.pctText.split('.')[1]!.length : 0;
    const tol = 0.5 * 10 ** -decimals + 0.01;
    const actual = (x.n / total) * 100;
    // A share may be of another base than the paragraph's first total: the base its own sentence states
    // ("答复申请805件……不予公开35件，占4.34%"), or the tables' 收到, 办结, 收到+结转. Only a share no plausible base
    // explains is wrong.
    const sentence =
      text
        .slice(0, x.at)
        .split(/[。！？!?]/)
        .pop() ?? '';
    const stated = [...sentence.matchAll(new RegExp(`(\\d+)(?![\\d.余多])${unit}`, 'g'))].map((y) =>
      Number(y[1]),
    );
    const explained = [total, ...stated, ...bases].some(
      (b) => b >= x.n && b > 0 && Math.abs((x.n / b) * 100 - x.pct!) <= tol,
    );
    if (Math.abs(actual - x.pct) > tol && !explained)
      out.push({
        total,
        items: [x.n],
        message: `${x.n}${unit}占${total}${unit}的${actual.toFixed(2)}%，文中写作${x.pctText}%`,
      });
  }
  return out;
}

const sumN = (xs: readonly { n: number }[], upto: number) =>
  xs.slice(0, upto + 1).reduce((a, x) => a + x.n, 0);

export const narrativeSubcounts: Rule = {
  id: 'narrative.subcounts',
  severity: 'warning',
  title: '正文分项之和应等于所述总数，百分比应与分项相符',
  basis: { kind: 'heuristic', ref: '正文数字自洽' },
  evaluate({ report }) {
    const out: Finding[] = [];
    const text = Object.values(report.sections).join('\n') || report.text || '';
    const received = valueOf(report, 't3.received.total');
    const carried = valueOf(report, 't3.carriedOver.total');
    const bases = [
      received,
      valueOf(report, 't3.total.total'),
      received !== undefined && carried !== undefined ? received + carried : undefined,
    ].filter((x): x is number => x !== undefined);
    for (const para of text.split('\n')) {
      for (const p of checkSubcounts(para, /申请/.test(para) ? bases : [])) {
        const excerpt = normalizeNarrative(para).trim();
        out.push({
          rule: 'narrative.subcounts',
          severity: 'warning',
          cells: [],
          message: `正文“${excerpt.length > 60 ? `${excerpt.slice(0, 60)}…` : excerpt}”：${p.message}`,
        });
      }
    }
    return out;
  },
};
