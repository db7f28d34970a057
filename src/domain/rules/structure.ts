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

export const wanYuanUnit: Rule = {
  id: 'unit.wan-yuan',
  severity: 'warning',
  title: '以万元为单位的金额疑似按元填报',
  basis: { kind: 'official', ref: '年度报告格式表二第二十条第（八）项“本年收费金额（单位：万元）”' },
  evaluate({ report, options }) {
    const out: Finding[] = [];
    for (const k of ['t2.fees.amount', 't2.procurement.amount']) {
      const v = valueOf(report, k);
      if (v !== undefined && v >= options.wanYuanSuspect)
        out.push({
          rule: 'unit.wan-yuan',
          severity: 'warning',
          cells: [k],
          message: `${cellRef(report, k)}的单位是万元，即${(v / 10000).toLocaleString('zh-CN')}亿元；如本机关全年金额没有这么多，可能误按元填报（按元应为${(v / 10000).toLocaleString('zh-CN')}万元），请核实`,
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
