import { describe, expect, it } from 'vitest';
import { reportFromFields } from '../domain/report/model.ts';
import { renderText } from './text.ts';

const report = reportFromFields(
  '2021',
  { 't3.received.naturalPerson': 10, 't3.received.total': 13, 't4.review.upheld': 1 },
  {
    agency: '某某区司法局',
    year: 2023,
    sections: { overview: '第一段\t含制表符  和空格\n第二段', other: '收取信息处理费0元。' },
  },
);
const lines = renderText(report).split('\n');

describe('renderText', () => {
  it('puts the title on the first line and each section heading on a line of its own', () => {
    expect(lines[0]).toBe('某某区司法局2023年政府信息公开工作年度报告');
    for (const h of [
      '一、总体情况',
      '二、主动公开政府信息情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ])
      expect(lines).toContain(h);
  });

  it('keeps narrative free of tabs and runs of spaces, so no paragraph reads as a table row', () => {
    expect(lines).toContain('第一段 含制表符 和空格');
    expect(lines).toContain('第二段');
  });

  it('writes a 表三 row as its labels, then exactly seven values, tab-separated', () => {
    const row = lines.find((l) => l.includes('一、本年新收政府信息公开申请数量'))!.split('\t');
    const at = row.indexOf('一、本年新收政府信息公开申请数量');
    expect(row.slice(at + 1)).toEqual(['10', '', '', '', '', '', '13']);
    const secret = lines.find((l) => l.includes('1.属于国家秘密'))!.split('\t');
    expect(secret.slice(0, 3)).toEqual(['', '（三）不予公开', '1.属于国家秘密']);
  });

  it('writes 表四 as one row of 15 values under its headers', () => {
    const i = lines.indexOf('四、政府信息公开行政复议、行政诉讼情况');
    expect(lines[i + 1]!.split('\t').filter(Boolean)).toEqual(['行政复议', '行政诉讼']);
    expect(lines[i + 4]!.split('\t')[0]).toBe('1');
  });
});
