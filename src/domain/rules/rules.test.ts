// Every rule, shown a crafted faulty report: one cell of a real seed changed, and the rule names that cell.
import { describe, expect, it } from 'vitest';
import { seed } from '../../../test/support/seeds.ts';
import { readReportBytes } from '../../parse/index.ts';
import { blank, num, type Report } from '../report/model.ts';
import { checkReport, RULES } from './index.ts';

async function load(prefix: string): Promise<Report> {
  const s = seed(prefix);
  return (await readReportBytes(Buffer.from(s.text), s.file)).report;
}

function set(r: Report, key: string, value: number): Report {
  expect(r.cells[key], key).toBeDefined();
  r.cells[key] = num(value);
  return r;
}

const findingsOf = (r: Report, rule: string, prev?: Report) =>
  checkReport(r, { prev }).filter((f) => f.rule === rule);

describe('rule catalogue', () => {
  it('gives every rule an id, a severity, a Chinese title and a basis', () => {
    const ids = new Set<string>();
    for (const r of RULES) {
      expect(ids.has(r.id), r.id).toBe(false);
      ids.add(r.id);
      expect(['error', 'warning']).toContain(r.severity);
      expect(r.title).toMatch(/[\u4e00-\u9fff]/);
      expect(['official', 'implied', 'tiaoli', 'heuristic']).toContain(r.basis.kind);
      expect(r.basis.ref.length).toBeGreaterThan(2);
    }
  });
});

describe('表三 identities', () => {
  it('when 一 of the 自然人 column is raised, the column identity names it', async () => {
    const r = set(await load('000'), 't3.received.naturalPerson', 11);
    const f = findingsOf(r, 't3.column-identity');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.cells).toContain('t3.received.naturalPerson');
    expect(f[0]!.message).toContain('自然人列');
    expect(findingsOf(r, 't3.row-total')[0]!.cells).toContain('t3.received.naturalPerson');
  });

  it('when a row total is wrong, the row-total rule names it', async () => {
    const r = set(await load('000'), 't3.granted.total', 4);
    const f = findingsOf(r, 't3.row-total');
    expect(f.map((x) => x.cells)).toEqual([expect.arrayContaining(['t3.granted.total'])]);
    expect(f[0]!.message).toContain('予以公开');
  });

  it('when a result row is changed, （七）总计 no longer adds up and the cell is named', async () => {
    const r = set(await load('002'), 't3.withheld.deliberative.commercial', 1);
    const f = findingsOf(r, 't3.results-total');
    expect(f).toHaveLength(1);
    expect(f[0]!.cells).toContain('t3.withheld.deliberative.commercial');
    expect(f[0]!.message).toContain('商业企业列');
  });

  it('checks the single （六）其他处理 row in the 2019 layout', async () => {
    const r = set(await load('003'), 't3.other.naturalPerson', 2);
    expect(findingsOf(r, 't3.results-total')[0]!.cells).toContain('t3.other.naturalPerson');
  });

  it('when 四 结转下年度 is wrong, the column identity names it', async () => {
    const r = set(await load('000'), 't3.carriedForward.commercial', 0);
    expect(findingsOf(r, 't3.column-identity')[0]!.cells).toContain('t3.carriedForward.commercial');
  });
});

describe('表四', () => {
  it('when a group total is wrong, names the group and the cell', async () => {
    const r = set(await load('000'), 't4.litigation.direct.total', 2);
    const f = findingsOf(r, 't4.group-total');
    expect(f).toHaveLength(1);
    expect(f[0]!.cells).toContain('t4.litigation.direct.total');
    expect(f[0]!.message).toContain('未经复议直接起诉');
  });
});

describe('cells', () => {
  it('a negative or fractional count is an error naming the cell', async () => {
    const r = set(await load('000'), 't2.penalty.decisions', -3);
    expect(findingsOf(r, 'cell.number')[0]!.cells).toEqual(['t2.penalty.decisions']);
    const r2 = set(await load('000'), 't2.licensing.decisions', 1.5);
    expect(findingsOf(r2, 'cell.number')[0]!.cells).toEqual(['t2.licensing.decisions']);
  });

  it('a negative 本年增/减 is allowed, a decimal 万元 amount too', async () => {
    const r = set(await load('003'), 't2.licensing.change', -2);
    set(r, 't2.procurement.amount', 12.3456);
    expect(findingsOf(r, 'cell.number')).toEqual([]);
  });

  it('a printed blank is a warning, and an error where it breaks a sum', async () => {
    const r = await load('000');
    r.cells['t3.granted.research'] = blank('—');
    expect(findingsOf(r, 'cell.blank')[0]!.cells).toEqual(['t3.granted.research']);
    expect(findingsOf(r, 't3.row-total')).toEqual([]);
    r.cells['t3.granted.naturalPerson'] = blank('');
    const f = findingsOf(r, 't3.row-total');
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.message).toContain('空白单元格按0计');
  });

  it('an unread cell is an error; an uncertain one a warning with the reason', async () => {
    const r = await load('000');
    r.cells['t4.review.other'] = { state: 'unknown' };
    expect(findingsOf(r, 'cell.unknown')[0]!.cells).toEqual(['t4.review.other']);
    r.uncertain['t3.granted.total'] = '由行合计推算，非原文数字';
    const f = findingsOf(r, 'cell.uncertain');
    expect(f[0]!.cells).toEqual(['t3.granted.total']);
    expect(f[0]!.message).toContain('由行合计推算');
  });
});

describe('layout and year', () => {
  it('a 2021 report in the 2019 layout is an error', async () => {
    const r = await load('003');
    r.year = 2022;
    const f = findingsOf(r, 'layout.year');
    expect(f.length).toBeGreaterThan(0);
    expect(f[0]!.message).toContain('应使用2021版');
  });

  it('a 2020 report in the 2021 layout is an error', async () => {
    const r = await load('000');
    r.year = 2020;
    expect(findingsOf(r, 'layout.year')[0]!.severity).toBe('error');
  });

  it('（六）2 逾期未缴费 > 0 before 2021 is an error naming the cell', async () => {
    const r = await load('000');
    r.year = 2020;
    set(r, 't3.other.feeUnpaid.naturalPerson', 1);
    expect(findingsOf(r, 't3.fee-unpaid-before-2021')[0]!.cells).toEqual([
      't3.other.feeUnpaid.naturalPerson',
    ]);
  });
});

describe('units and sections', () => {
  it('a 万元 amount that looks like yuan is a warning', async () => {
    const r = set(await load('000'), 't2.fees.amount', 251000);
    const f = findingsOf(r, 'unit.wan-yuan');
    expect(f[0]!.severity).toBe('warning');
    expect(f[0]!.cells).toEqual(['t2.fees.amount']);
  });

  it('a missing section is reported', async () => {
    const r = await load('000');
    delete r.sections.problems;
    expect(findingsOf(r, 'sections.present')[0]!.message).toContain('存在的主要问题及改进情况');
  });
});

describe('narrative vs tables', () => {
  it('reads the sentence, not the first number after a keyword', async () => {
    const r = await load('000');
    // "2件结转下年度继续办理。本年度…产生了1件行政复议": 2 carried forward, 1 review — consistent.
    expect(findingsOf(r, 'narrative.tables')).toEqual([]);
  });

  it('when the table says 3 carried forward but the text says 2, names 结转下年度', async () => {
    const r = await load('000');
    set(r, 't3.carriedForward.total', 3);
    const f = findingsOf(r, 'narrative.tables');
    expect(f.map((x) => x.cells)).toContainEqual(['t3.carriedForward.total']);
    expect(f.find((x) => x.cells[0] === 't3.carriedForward.total')!.message).toContain(
      '2件结转下年度继续办理',
    );
  });

  it('received, concluded, 行政复议 and 行政诉讼 counts are compared', async () => {
    const r = await load('000');
    set(r, 't3.received.total', 12);
    set(r, 't3.total.total', 10);
    set(r, 't4.review.total', 2);
    set(r, 't4.litigation.direct.total', 0);
    const cells = findingsOf(r, 'narrative.tables').flatMap((x) => x.cells);
    expect(cells).toEqual(
      expect.arrayContaining([
        't3.received.total',
        't3.total.total',
        't4.review.total',
        't4.litigation.direct.total',
      ]),
    );
  });

  it('seed 003: 44+20+16+13+315 = 408 with its percentages holds; a changed item does not', async () => {
    const r = await load('003');
    expect(findingsOf(r, 'narrative.subcounts')).toEqual([]);
    r.sections.overview = r.sections.overview!.replace('业务动态类信息315条', '业务动态类信息314条');
    const f = findingsOf(r, 'narrative.subcounts');
    expect(f.length).toBeGreaterThan(0);
    expect(f[0]!.message).toContain('408');
  });

  it('seed 004: 54+33+8+3 = 98 holds; 55 would overshoot', async () => {
    const r = await load('004');
    expect(findingsOf(r, 'narrative.subcounts')).toEqual([]);
    r.sections.overview = r.sections.overview!.replace('（54条）', '（55条）');
    expect(findingsOf(r, 'narrative.subcounts')[0]!.message).toContain('99');
  });

  it('a wrong percentage is reported', async () => {
    const r = await load('003');
    r.sections.overview = r.sections.overview!.replace('10.78%', '12.78%');
    expect(findingsOf(r, 'narrative.subcounts')[0]!.message).toContain('12.78%');
  });
});

describe('with last year (--prev)', () => {
  it('上年结转 must equal last year’s 结转下年度, per column', async () => {
    const prev = await load('000');
    prev.year = 2022;
    const now = await load('000');
    set(now, 't3.carriedOver.naturalPerson', 0);
    set(prev, 't3.carriedForward.naturalPerson', 1);
    const f = findingsOf(now, 'prev.carry-over', prev);
    expect(f[0]!.cells).toEqual(['t3.carriedOver.naturalPerson']);
    expect(f[0]!.severity).toBe('error');
  });

  it('现行有效 stock-flow is a warning', async () => {
    const prev = await load('000');
    prev.year = 2022;
    const now = await load('000');
    // 7 in force last year + 1 issued − 0 repealed = 8, but 7 printed.
    expect(findingsOf(now, 'prev.stock-flow', prev)[0]!.cells).toContain('t2.normativeDocuments.inForce');
  });

  it('a report copied from last year is flagged with the repeated passage', async () => {
    const prev = await load('000');
    prev.year = 2022;
    const now = await load('000');
    const f = findingsOf(now, 'prev.similarity', prev);
    expect(f.length).toBeGreaterThan(0);
    expect(f[0]!.message).toMatch(/\d+%的句子/);
    expect(findingsOf(now, 'prev.same-numbers', prev)).toHaveLength(1);
  });

  it('different reports are not flagged as copies', async () => {
    const prev = await load('001');
    prev.year = 2022;
    expect(findingsOf(await load('000'), 'prev.similarity', prev)).toEqual([]);
  });

  it('comparing with a report that is not of the year before is a warning', async () => {
    const prev = await load('003');
    expect(findingsOf(await load('000'), 'prev.year', prev)[0]!.message).toContain('2019');
  });
});
