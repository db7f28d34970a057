// Rules about the report as a whole: the layout fits the year, the six sections, units, who and when.
import { expectedFormat, SECTIONS } from '../report/layout.ts';
import { valueOf } from '../report/model.ts';
import { cellRef } from './cell-ref.ts';
import type { Finding, Rule } from './types.ts';

export const layoutYear: Rule = {
  id: 'layout.year',
  severity: 'error',
  title: '报告格式应与年度相符（2019、2020年度用2019试行版，2021年度起用2021版）',
  basis: { kind: 'official', ref: '国办公开办函〔2019〕60号；国办公开办函〔2021〕30号' },
  evaluate({ report }) {
    const out: Finding[] = [];
    const { t2, t3 } = report.tableFormats;
    if (t2 && t3 && t2 !== t3)
      out.push({
        rule: 'layout.year',
        severity: 'error',
        cells: Object.keys(report.cells).filter((k) => k.startsWith('t2.')),
        message: `表二使用${t2}版格式，表三使用${t3}版格式，应统一使用${report.year ? expectedFormat(report.year) : t3}版`,
      });
    if (report.year === null || !report.format) return out;
    const want = expectedFormat(report.year);
    for (const [table, f] of [
      ['表三', t3],
      ['表二', t2],
    ] as const) {
      if (f && f !== want)
        out.push({
          rule: 'layout.year',
          severity: 'error',
          cells: Object.keys(report.cells).filter((k) => k.startsWith(table === '表三' ? 't3.' : 't2.')),
          message: `${report.year}年度报告的${table}使用了${f}版格式，应使用${want}版（${want === '2021' ? '国办公开办函〔2021〕30号' : '国办公开办函〔2019〕60号'}）`,
        });
    }
    return out;
  },
};

export const feeUnpaidBefore2021: Rule = {
  id: 't3.fee-unpaid-before-2021',
  severity: 'error',
  title: '2021年以前不应有“逾期未缴费”',
  basis: {
    kind: 'official',
    ref: '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）自2021年1月1日起施行',
  },
  evaluate({ report }) {
    if (report.year === null || report.year >= 2021) return [];
    const keys = Object.keys(report.cells).filter((k) => k.startsWith('t3.other.feeUnpaid.'));
    const bad = keys.filter((k) => (valueOf(report, k) ?? 0) > 0);
    if (!bad.length) return [];
    return [
      {
        rule: 't3.fee-unpaid-before-2021',
        severity: 'error',
        cells: bad,
        message: `${report.year}年度不可能有逾期未缴纳信息处理费的申请（收费办法2021年起施行）：${bad.map((k) => cellRef(report, k)).join('、')}`,
      },
    ];
  },
};

/**
 * The amount above which a 万元 figure looks like yuan, by the agency's level: a township cannot collect 3.5 亿元 of
 * 行政事业性收费 in a year, a prefecture-level city can (淮安市 2024: 9.6 亿). Levels are read from the agency's name.
 */
export function wanYuanThreshold(agency: string | null, fallback: number): number {
  const a = (agency ?? '').replace(/\s+/g, '');
  if (/(镇|乡)(人民政府)?$|街道(办事处)?$|办事处$/.test(a)) return Math.min(fallback, 1000);
  // A department (局, 委员会, 办公室, 中心) of a county, a district or a pilot zone such as 平潭综合实验区.
  if (/(区|县|旗)/.test(a) && /(局|委员会|委|办公室|中心|大队)$/.test(a)) return Math.min(fallback, 30000);
  return fallback;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const wanYuanUnit: Rule = {
  id: 'unit.wan-yuan',
  severity: 'warning',
  title: '以万元为单位的金额疑似按元填报',
  basis: { kind: 'official', ref: '年度报告格式表二第二十条第（八）项“本年收费金额（单位：万元）”' },
  evaluate({ report, options }) {
    const out: Finding[] = [];
    const threshold = wanYuanThreshold(report.agency, options.wanYuanSuspect);
    const peers = (options.peerAmounts ?? []).filter((x) => Number.isFinite(x) && x > 0);
    for (const k of ['t2.fees.amount', 't2.procurement.amount']) {
      const v = valueOf(report, k);
      const prov = report.provenance[k];
      // The reader converted a yuan figure printed in the 万元 column: say so, the agency should print 万元.
      if (prov?.kind === 'converted' && prov.converted) {
        out.push({
          rule: 'unit.wan-yuan',
          severity: 'warning',
          cells: [k],
          message: `${cellRef(report, k)}：原文按元填写，读取时已换算（${prov.converted}）；该栏单位是万元，请按万元填报`,
        });
        continue;
      }
      if (v === undefined) continue;
      const peerSuspect = peers.length >= 3 && v >= 100 && v >= 100 * median(peers);
      if (v >= threshold || peerSuspect)
        out.push({
          rule: 'unit.wan-yuan',
          severity: 'warning',
          cells: [k],
          message: `${cellRef(report, k)}的单位是万元，即${(v / 10000).toLocaleString('zh-CN')}亿元${
            peerSuspect
              ? `，是同级机关中位数（${median(peers)}万元）的${Math.round(v / median(peers))}倍`
              : ''
          }；如本机关全年金额没有这么多，可能误按元填报（按元应为${(v / 10000).toLocaleString('zh-CN')}万元），请核实`,
        });
    }
    return out;
  },
};

export const sectionsPresent: Rule = {
  id: 'sections.present',
  severity: 'warning',
  title: '六个部分齐全',
  basis: { kind: 'tiaoli', ref: '《条例》第五十条；年度报告格式“不能遗漏，也不宜泛化”' },
  evaluate({ report }) {
    const hasTables = (p: string) => Object.keys(report.cells).some((k) => k.startsWith(p));
    const missing = SECTIONS.filter((s) => {
      if (report.sections[s.key] !== undefined) return false;
      // A table that was read stands for its section even where the heading was lost.
      if (
        s.key === 'proactive' &&
        hasTables('t2.') &&
        Object.keys(report.provenance).some((k) => k.startsWith('t2.'))
      )
        return false;
      if (s.key === 'requests' && Object.keys(report.provenance).some((k) => k.startsWith('t3.')))
        return false;
      if (s.key === 'appeals' && Object.keys(report.provenance).some((k) => k.startsWith('t4.')))
        return false;
      return true;
    });
    return missing.map((s) => ({
      rule: 'sections.present',
      severity: 'warning' as const,
      cells: [],
      message: `缺少第${s.ordinal}部分“${s.title}”`,
    }));
  },
};

export const metaPresent: Rule = {
  id: 'meta.present',
  severity: 'warning',
  title: '报告应写明机关名称和年度',
  basis: { kind: 'heuristic', ref: '标题“××机关××年政府信息公开工作年度报告”' },
  evaluate({ report }) {
    const out: Finding[] = [];
    if (!report.agency)
      out.push({ rule: 'meta.present', severity: 'warning', cells: [], message: '未能从标题识别机关名称' });
    if (report.year === null)
      out.push({
        rule: 'meta.present',
        severity: 'warning',
        cells: [],
        message: '未能从标题识别报告年度，无法核对格式版本',
      });
    return out;
  },
};

export const t2PublishedWithinTotal: Rule = {
  id: 't2.published-within-total',
  severity: 'warning',
  title: '2019版表二：对外公开总数量应不少于本年新公开数量',
  basis: { kind: 'heuristic', ref: '“对外公开总数量”含本年新公开' },
  evaluate({ report }) {
    const out: Finding[] = [];
    for (const row of ['regulations', 'normativeDocuments']) {
      const pub = valueOf(report, `t2.${row}.published`);
      const total = valueOf(report, `t2.${row}.total`);
      if (pub !== undefined && total !== undefined && total < pub)
        out.push({
          rule: 't2.published-within-total',
          severity: 'warning',
          cells: [`t2.${row}.total`, `t2.${row}.published`],
          message: `${cellRef(report, `t2.${row}.total`)}少于${cellRef(report, `t2.${row}.published`)}`,
        });
    }
    return out;
  },
};
