import { describe, expect, it } from 'vitest';
import { blank, emptyReport, num, reportFromFields } from '../domain/report/model.ts';
import {
  cellText,
  cellValue,
  formatNumber,
  reportFields,
  reportSections,
  reportTitle,
  tableFormats,
} from './view.ts';

describe('reportTitle', () => {
  it('is "<agency><year>年政府信息公开工作年度报告"', () => {
    const r = reportFromFields('2021', {}, { agency: '北京市大兴区庞各庄镇人民政府', year: 2023 });
    expect(reportTitle(r)).toBe('北京市大兴区庞各庄镇人民政府2023年政府信息公开工作年度报告');
  });
  it('keeps what it has when agency or year is missing', () => {
    expect(reportTitle(reportFromFields('2021', {}, { year: 2022 }))).toBe('2022年政府信息公开工作年度报告');
    expect(reportTitle(reportFromFields('2021', {}, { agency: '某某区司法局' }))).toBe(
      '某某区司法局政府信息公开工作年度报告',
    );
    expect(reportTitle(emptyReport('2021'))).toBe('政府信息公开工作年度报告');
  });
});

describe('cellText: what the model says, never an invented 0', () => {
  const r = reportFromFields('2021', { 't3.received.total': 12, 't2.fees.amount': 0.1 + 0.2 });
  r.cells['t3.received.naturalPerson'] = blank('—');
  r.cells['t3.received.commercial'] = blank('');
  it('prints a number plainly, without float noise', () => {
    expect(cellText(r, 't3.received.total')).toBe('12');
    expect(cellText(r, 't2.fees.amount')).toBe('0.3');
    expect(formatNumber(-3)).toBe('-3');
    expect(formatNumber(1234567)).toBe('1234567');
  });
  it('keeps the mark of a printed blank', () => {
    expect(cellText(r, 't3.received.naturalPerson')).toBe('—');
    expect(cellText(r, 't3.received.commercial')).toBe('');
  });
  it('prints nothing for an unknown cell or a key the report lacks', () => {
    expect(r.cells['t3.received.research']?.state).toBe('unknown');
    expect(cellText(r, 't3.received.research')).toBe('');
    expect(cellText(r, 't9.nothing')).toBe('');
    expect(cellValue(r, 't3.received.research')).toBeNull();
    expect(cellValue(r, 't3.received.commercial')).toBeNull();
    expect(cellValue(r, 't3.received.naturalPerson')).toBe('—');
    expect(cellValue(r, 't3.received.total')).toBe(12);
  });
});

describe('tableFormats', () => {
  it('follows the report, and a hybrid keeps 表二 in its own layout', () => {
    const r = emptyReport('2021');
    expect(tableFormats(r)).toEqual({ t2: '2021', t3: '2021' });
    r.tableFormats = { t2: '2019', t3: '2021' };
    expect(tableFormats(r)).toEqual({ t2: '2019', t3: '2021' });
    expect(reportFields(r).filter((f) => f.table === 't2')[0]!.key).toBe('t2.regulations.made');
  });
  it('without a layout: by the rows present, then by the year (2019 and 2020 → 试行), then 2021', () => {
    const byRows = emptyReport(null);
    byRows.cells['t3.other.naturalPerson'] = num(1);
    expect(tableFormats(byRows).t3).toBe('2019');
    const byYear = emptyReport(null);
    byYear.year = 2020;
    expect(tableFormats(byYear).t3).toBe('2019');
    expect(tableFormats(emptyReport(null)).t3).toBe('2021');
  });
});

describe('reportSections', () => {
  it('gives the six headings of the format in order, with 表二/三/四 in sections 二/三/四', () => {
    const s = reportSections(
      reportFromFields('2021', {}, { sections: { overview: '第一段\n\n  第二段  ' } }),
    );
    expect(s.map((x) => x.heading)).toEqual([
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ]);
    expect(s[0]!.paragraphs).toEqual(['第一段', '第二段']);
    expect(s.map((x) => x.table?.id ?? null)).toEqual([null, 't2', 't3', 't4', null, null]);
  });
});
