// Checks for faults the identities cannot see (issue 13, item 7): each a single change that keeps every sum
// holding — two columns swapped, 维持 and 纠正 swapped, a 万元 amount entered in 元 at an agency that could never
// collect that much, a misspelled official label, a fee-unpaid ending while section 六 says no fee was charged.
// All compare the report with what it says elsewhere (its own text, its agency's level); none guesses a number.
import { APPLICANT_COLUMNS } from '../report/layout.ts';
import { type Report, valueOf } from '../report/model.ts';
import { cellRef } from './cell-ref.ts';
import { normalizeNarrative } from './narrative.ts';
import type { Finding, Rule } from './types.ts';

function clauses(text: string): string[] {
  return normalizeNarrative(text)
    .split(/[，,。；;！？!?\n]/)
    .map((c) => c.trim())
    .filter(Boolean);
}

function requestsText(report: Report): string {
  const s = report.sections;
  return [s.overview, s.requests].filter(Boolean).join('\n') || (report.text ?? '');
}

/** "自然人申请12件", "法人或其他组织申请3件", "企业申请3件": who applied, as the text states it. */
const WHO: readonly { keys: string[]; label: string; re: RegExp }[] = [
  { keys: ['t3.received.naturalPerson'], label: '自然人', re: /自然人(?:提出|提交)?(?:的)?(?:申请)?(\d+)件/ },
  {
    keys: ['t3.received.commercial'],
    label: '商业企业',
    re: /(?:商业)?企业(?:提出|提交)?(?:的)?(?:申请)?(\d+)件/,
  },
  {
    keys: APPLICANT_COLUMNS.filter((c) => c.group).map((c) => `t3.received.${c.key}`),
    label: '法人或其他组织',
    re: /法人(?:或|和|及)?其他组织(?:提出|提交)?(?:的)?(?:申请)?(\d+)件/,
  },
];

export const narrativeApplicants: Rule = {
  id: 'narrative.applicants',
  severity: 'warning',
  title: '正文所述申请人构成应与表三申请人各列一致',
  basis: { kind: 'heuristic', ref: '表三“申请人情况”各列；常见错误：自然人与法人或其他组织列串列' },
  evaluate({ report }) {
    if (!report.format) return [];
    const out: Finding[] = [];
    for (const clause of clauses(requestsText(report))) {
      if (/结转|办结|复议|诉讼|上年|较/.test(clause)) continue;
      for (const w of WHO) {
        const m = w.re.exec(clause);
        if (!m) continue;
        // "法人或其他组织" contains no "企业"; "商业企业" must not be read from "法人或其他组织" clauses.
        if (w.label === '商业企业' && /法人/.test(clause.slice(Math.max(0, m.index - 8), m.index))) continue;
        const stated = Number(m[1]);
        let table = 0;
        for (const k of w.keys) {
          const v = valueOf(report, k);
          if (v === undefined) {
            table = Number.NaN;
            break;
          }
          table += v;
        }
        if (Number.isNaN(table) || table === stated) continue;
        out.push({
          rule: 'narrative.applicants',
          severity: 'warning',
          cells: w.keys,
          message: `正文“${clause}”称${w.label}申请${stated}件，而表三“一、本年新收”${w.label}为${table}（${w.keys.map((k) => cellRef(report, k)).join('、')}）：是否串列？`,
        });
      }
    }
    return out;
  },
};

const ALL_UPHELD =
  /(?:均|全部|都)(?:为|是)?(?:被)?(?:予以)?维持|维持(?:了)?原(?:行政行为|决定|答复)[^，。；]{0,6}(?:均|全部)|(?:均|全部)[^，。；]{0,10}维持原/;

export const narrativeT4Upheld: Rule = {
  id: 'narrative.t4-upheld',
  severity: 'warning',
  title: '正文称复议、诉讼结果均为维持时，表四“结果纠正”应为0',
  basis: { kind: 'heuristic', ref: '表四“结果维持”“结果纠正”；常见错误：两列串列' },
  evaluate({ report }) {
    const text = [report.sections.appeals, report.sections.overview].filter(Boolean).join('\n');
    const out: Finding[] = [];
    for (const clause of clauses(text)) {
      if (!ALL_UPHELD.test(clause) || /未|没有|无/.test(clause.replace(/无正当理由/g, ''))) continue;
      const which =
        /诉讼/.test(clause) && !/复议/.test(clause) ? 'litigation' : /复议/.test(clause) ? 'review' : 'both';
      const keys = [
        ...(which !== 'litigation' ? ['t4.review.corrected'] : []),
        ...(which !== 'review'
          ? ['t4.litigation.direct.corrected', 't4.litigation.afterReview.corrected']
          : []),
      ];
      const bad = keys.filter((k) => (valueOf(report, k) ?? 0) > 0);
      if (!bad.length) continue;
      out.push({
        rule: 'narrative.t4-upheld',
        severity: 'warning',
        cells: bad,
        message: `正文“${clause}”称结果均为维持，而${bad.map((k) => cellRef(report, k)).join('、')}：“结果维持”与“结果纠正”是否串列？`,
      });
      break;
    }
    return out;
  },
};

const NO_FEE =
  /(?:未|没有|无)(?:收取|产生|发生)(?:任何)?(?:政府信息公开)?(?:信息)?(?:公开)?处理费|(?:无|未)(?:收取|产生)?(?:信息处理费|收费)(?:情况)?|不收取(?:信息)?处理费/;

export const feeUnpaidVsNoFee: Rule = {
  id: 'narrative.fee-unpaid',
  severity: 'warning',
  title: '表三（六）2“逾期未缴费”不为0时，第六部分不应称未收费',
  basis: {
    kind: 'official',
    ref: '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）：逾期未缴费须先发出收费通知；年度报告第六部分报告收费情况',
  },
  evaluate({ report }) {
    const unpaid = valueOf(report, 't3.other.feeUnpaid.total');
    if (unpaid === undefined || unpaid <= 0) return [];
    const other = report.sections.other ?? '';
    const m = NO_FEE.exec(normalizeNarrative(other));
    if (!m) return [];
    return [
      {
        rule: 'narrative.fee-unpaid',
        severity: 'warning',
        cells: ['t3.other.feeUnpaid.total'],
        message: `${cellRef(report, 't3.other.feeUnpaid.total')}：有申请因逾期未缴纳信息处理费而终止，说明本年发出过收费通知；第六部分却称“${m[0]}”，请核对`,
      },
    ];
  },
};

/** The official labels of the table headers and rows a report may misspell ("科研企业" for 科研机构). */
export const labelOfficial: Rule = {
  id: 'label.official',
  severity: 'warning',
  title: '表格标签应与官方格式一致',
  basis: { kind: 'official', ref: '国办公开办函〔2021〕30号 / 〔2019〕60号 表格格式' },
  evaluate({ report }) {
    return (report.labelIssues ?? []).map((l) => ({
      rule: 'label.official',
      severity: 'warning' as const,
      cells: l.keys ?? [],
      message: `表格标签“${l.printed}”与官方格式“${l.official}”不一致`,
    }));
  },
};
