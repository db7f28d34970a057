import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prng, synthesizeReport } from '../report/synthesize.ts';
import { checkReport } from '../rules/index.ts';
import { assembleReport } from './assemble.ts';
import type { BuilderFacts, NamedCount } from './facts.ts';
import { statisticKeys, table2FromRegister } from './table2.ts';

const COLUMNS = ['机构职能', '法规文件', '规划计划', '通知公告', '街乡镇动态', '行政执法公示'];
const CATEGORIES = ['基本公共服务', '便民服务', '宜居生活', '生活安全'];

const counts = (names: string[], arb: fc.Arbitrary<number>) =>
  fc.tuple(...names.map(() => arb)).map((ns) => names.map((name, i) => ({ name, count: ns[i]! })));

const factsArb = (year: number): fc.Arbitrary<BuilderFacts> =>
  fc
    .record({
      byColumn: counts(COLUMNS, fc.nat(200)),
      byChannel: counts(['门户网站', '微信公众号'], fc.nat(300)),
      late: fc.nat(5),
      consultations: counts(CATEGORIES, fc.nat(60)),
      unclassified: fc.nat(5),
      calls: fc.nat(4),
      training: fc.nat(6),
      notices: fc.nat(3),
      collected: fc.nat(2000),
    })
    .map((r) => {
      const byCategory: NamedCount[] = [...r.consultations, { name: '未分类', count: r.unclassified }];
      return {
        agency: '某某街道办事处',
        year,
        publishing: {
          total: r.byColumn.reduce((a, c) => a + c.count, 0),
          byColumn: r.byColumn,
          byChannel: r.byChannel,
          byDepartment: [],
          late: r.late,
          overdue: 0,
        },
        catalogue: { matters: 40 },
        consultation: {
          calls: r.calls,
          total: byCategory.reduce((a, c) => a + c.count, 0),
          byCategory,
          feedbacks: r.calls,
        },
        work: {
          training: { count: r.training, participants: r.training * 30 },
          openDay: { count: 1, participants: 20 },
          inspection: { count: 2, participants: 0 },
          other: { count: 0, participants: 0 },
        },
        fees: { notices: r.notices, billed: r.collected, collected: r.collected },
      };
    });

const stats = (year: number) => {
  const keys = statisticKeys(year <= 2020 ? '2019' : '2021');
  return { values: Object.fromEntries(keys.map((k, i) => [k, i + 1])), sources: {} };
};

const written = {
  problems: '一是宣传解读有待加强。\n二是将加强培训。',
  other: '本年度未收取信息处理费。无其他事项。',
};

describe('assembling the annual report', () => {
  it('property: the default templates quote the tables so the narrative checks find nothing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom(2020, 2023),
        fc.integer({ min: 2020, max: 2023 }).chain((y) => factsArb(y)),
        (seed, year, facts0) => {
          const compiled = synthesizeReport(prng(seed), { year, format: year <= 2020 ? '2019' : '2021' });
          // Every application dropped for an unpaid fee had a notice first: the cases guarantee it.
          const unpaid = compiled.cells['t3.other.feeUnpaid.total'];
          const extra = unpaid?.state === 'number' ? unpaid.value : 0;
          const fees = { ...facts0.fees!, notices: facts0.fees!.notices + extra };
          const facts = { ...facts0, year, fees };
          const { report, notices } = assembleReport({
            agency: facts.agency,
            year,
            compiled,
            register: table2FromRegister([], year, year <= 2020 ? '2019' : '2021'),
            statistics: stats(year),
            facts,
            templates: { problems: written.problems },
          });
          const findings = checkReport(report);
          expect(findings.filter((f) => f.rule.startsWith('narrative'))).toEqual([]);
          expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
          // Section 六's default still holds a prompt for the agency to fill.
          expect(notices.map((n) => n.kind)).toEqual(['template.prompt']);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the numbers stay live: a second build with new figures re-renders the same template', () => {
    const compiled = synthesizeReport(prng(7), { year: 2023, format: '2021' });
    const template = {
      overview: '本年度新收政府信息公开申请{{t3.received.total}}件，共发布信息{{publishing.total}}条。',
    };
    const build = (total: number) =>
      assembleReport({
        agency: 'x',
        year: 2023,
        compiled,
        register: table2FromRegister([], 2023, '2021'),
        statistics: stats(2023),
        facts: {
          ...fc.sample(factsArb(2023), { numRuns: 1, seed: 1 })[0]!,
          publishing: { total, byColumn: [], byChannel: [], byDepartment: [], late: 0, overdue: 0 },
        },
        templates: template,
      });
    const received = (compiled.cells['t3.received.total'] as { value: number }).value;
    expect(build(10).report.sections.overview).toBe(
      `本年度新收政府信息公开申请${received}件，共发布信息10条。`,
    );
    expect(build(11).report.sections.overview).toBe(
      `本年度新收政府信息公开申请${received}件，共发布信息11条。`,
    );
    expect(build(11).templates.overview).toEqual({ text: template.overview, isDefault: false });
  });

  it('when statistics are missing, then the cells stay unknown and the builder says which', () => {
    const { report, notices } = assembleReport({
      agency: 'x',
      year: 2023,
      compiled: synthesizeReport(prng(3), { year: 2023, format: '2021' }),
      register: table2FromRegister([], 2023, '2021'),
      statistics: {
        values: { 't2.licensing.decisions': 4 },
        sources: { 't2.licensing.decisions': '导入 a.csv' },
      },
      facts: fc.sample(factsArb(2023), { numRuns: 1, seed: 2 })[0]!,
      templates: written,
    });
    expect(report.cells['t2.penalty.decisions']).toEqual({ state: 'unknown' });
    expect(report.provenance['t2.licensing.decisions']).toEqual({ inferred: '导入 a.csv' });
    expect(notices[0]).toMatchObject({ kind: 'statistics.missing', keys: statisticKeys('2021').slice(1) });
    expect(checkReport(report).some((f) => f.rule === 'cell.unknown')).toBe(true);
  });
});
