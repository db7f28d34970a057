import { describe, expect, it } from 'vitest';
import { checkStatValue, csvRecords, parseStatsCsv, StatsCsvError } from './stats-csv.ts';

const problemsOf = (text: string, format: '2019' | '2021' = '2021') => {
  try {
    parseStatsCsv(text, 'stats.csv', format);
  } catch (e) {
    if (e instanceof StatsCsvError) return e.problems;
    throw e;
  }
  return [];
};

describe('statistics sheet for 表二', () => {
  it('reads field keys and Chinese labels, with a header, comments and a BOM', () => {
    const sheet = parseStatsCsv(
      '\uFEFF信息内容,数值\n# 2023年执法统计\nt2.licensing.decisions,120\n行政处罚,本年处理决定数量,56\n行政强制,2\n"行政事业性收费","1.25万元"\n',
      'stats.csv',
      '2021',
    );
    expect(sheet.values).toEqual({
      't2.licensing.decisions': 120,
      't2.penalty.decisions': 56,
      't2.coercion.decisions': 2,
      't2.fees.amount': 1.25,
    });
    expect(sheet.lines['t2.penalty.decisions']).toBe(4);
  });

  it('reads the 2019 layout with signed changes and the quoted thousands of an Excel export', () => {
    const sheet = parseStatsCsv(
      '行政许可,上一年项目数量,30\n行政许可,本年增/减,-2\n行政许可,处理决定数量,"1,204"\n政府集中采购,采购总金额,88.5\n',
      'x.csv',
      '2019',
    );
    expect(sheet.values).toEqual({
      't2.licensing.previous': 30,
      't2.licensing.change': -2,
      't2.licensing.decisions': 1204,
      't2.procurement.amount': 88.5,
    });
  });

  it('reads a tab-separated sheet', () => {
    expect(parseStatsCsv('行政许可\t7\n', 'x.tsv', '2021').values).toEqual({ 't2.licensing.decisions': 7 });
  });

  it('when a line is bad, then the error names the file and the line, and nothing is taken', () => {
    const text = [
      't2.licensing.decisions,120',
      't2.penalty.decisions,五十六',
      '行政许可,3',
      't2.licensing.previous,4',
      '规章,本年制发件数,1',
      '行政事业性收费,12000元',
      't2.coercion.decisions,-1',
      '行政检查,5',
      '行政许可',
    ].join('\n');
    const problems = problemsOf(text);
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(problems[0]!.message).toMatch(/不是数字/);
    expect(problems[1]!.message).toMatch(/与第1行重复/);
    expect(problems[2]!.message).toMatch(/2021版格式没有/);
    expect(problems[3]!.message).toMatch(/登记簿/);
    expect(problems[4]!.message).toMatch(/万元/);
    expect(problems[5]!.message).toMatch(/非负整数/);
    expect(problems[6]!.message).toMatch(/无法识别“行政检查”/);
    expect(problems[7]!.message).toMatch(/两列/);
    expect(() => parseStatsCsv(text, 'stats.csv', '2021')).toThrow(/stats\.csv：统计表有8处错误[\s\S]*第2行/);
  });

  it('a row with several columns needs its column named', () => {
    expect(problemsOf('行政许可,12', '2019')[0]!.message).toMatch(/有3列/);
  });

  it('an empty sheet is an error', () => {
    expect(problemsOf('信息内容,数值\n')[0]!.message).toMatch(/没有可导入/);
  });

  it('line numbers count the lines of a quoted cell', () => {
    expect(csvRecords('"a\nb",1\nc,2').map((r) => r.line)).toEqual([1, 3]);
  });

  it('a hand-entered value obeys the same rules', () => {
    expect(checkStatValue('t2.licensing.decisions', 3, '2021')).toBeNull();
    expect(checkStatValue('t2.licensing.decisions', 1.5, '2021')).toMatch(/非负整数/);
    expect(checkStatValue('t2.regulations.issued', 1, '2021')).toMatch(/不是2021版/);
  });
});
