import { describe, expect, it } from 'vitest';
import { FORMATS, LAYOUTS, T3_HEADER_NOTE } from '../domain/report/layout.ts';
import { expandGrid, flattenGrid, type GridCell, type TableGrid, tableGrid } from './grid.ts';

const cells = (g: TableGrid): GridCell[] => g.rows.flat();
const byText = (g: TableGrid, text: string): GridCell => {
  const found = cells(g).filter((c) => c.text === text);
  if (found.length !== 1) throw new Error(`${g.name}: ${found.length} cells read "${text}"`);
  return found[0]!;
};
const dataKeys = (g: TableGrid) => cells(g).flatMap((c) => (c.key ? [c.key] : []));

describe('every table grid', () => {
  for (const format of FORMATS)
    for (const id of ['t2', 't3', 't4'] as const) {
      const g = tableGrid(id, format);
      it(`${g.name} (${format}) covers every position exactly once`, () => {
        const m = expandGrid(g);
        expect(m).toHaveLength(g.rows.length);
        for (const row of m) expect(row).toHaveLength(g.columns);
      });
      it(`${g.name} (${format}) holds each field of its table once, in layout order`, () => {
        expect(dataKeys(g)).toEqual(LAYOUTS[format].fields.filter((f) => f.table === id).map((f) => f.key));
      });
      it(`${g.name} (${format}) has a width for each column, filling the 156 mm type area`, () => {
        expect(g.widths).toHaveLength(g.columns);
        expect(g.widths.reduce((a, b) => a + b, 0)).toBeCloseTo(156, 5);
      });
    }
});

describe('表三', () => {
  it('2021: 25 data rows of 7 numbers under a 3-row header', () => {
    const g = tableGrid('t3', '2021');
    expect(g.headerRows).toBe(3);
    expect(g.rows).toHaveLength(3 + 25);
    for (const row of g.rows.slice(3)) expect(row.filter((c) => c.key)).toHaveLength(7);
    expect(dataKeys(g)).toHaveLength(175);
  });

  it('2019: 23 data rows, 161 numbers', () => {
    const g = tableGrid('t3', '2019');
    expect(g.rows).toHaveLength(3 + 23);
    expect(dataKeys(g)).toHaveLength(161);
  });

  it('the 勾稽关系 note fills the merged 3 × 3 corner', () => {
    const corner = tableGrid('t3', '2021').rows[0]![0]!;
    expect(corner).toMatchObject({ row: 0, col: 0, rowSpan: 3, colSpan: 3, text: T3_HEADER_NOTE });
  });

  it('申请人情况 spans the 7 applicant columns, 法人或其他组织 its 5, 自然人 and 总计 run down two rows', () => {
    const g = tableGrid('t3', '2021');
    expect(byText(g, '申请人情况')).toMatchObject({ row: 0, col: 3, colSpan: 7, scope: 'colgroup' });
    expect(byText(g, '法人或其他组织')).toMatchObject({ row: 1, col: 4, colSpan: 5, scope: 'colgroup' });
    expect(byText(g, '自然人')).toMatchObject({ row: 1, col: 3, rowSpan: 2, scope: 'col' });
    expect(byText(g, '总计')).toMatchObject({ row: 1, col: 9, rowSpan: 2 });
    expect(g.rows[2]!.map((c) => c.text)).toEqual([
      '商业企业',
      '科研机构',
      '社会公益组织',
      '法律服务机构',
      '其他',
    ]);
  });

  it('2021: 三、本年度办理结果 is merged down 22 rows (1+1+8+3+5+3+1)', () => {
    const g = tableGrid('t3', '2021');
    expect(byText(g, '三、本年度办理结果')).toMatchObject({ row: 5, col: 0, rowSpan: 22, scope: 'rowgroup' });
    expect(byText(g, '（三）不予公开')).toMatchObject({ col: 1, rowSpan: 8, scope: 'row' });
    expect(byText(g, '（四）无法提供')).toMatchObject({ col: 1, rowSpan: 3 });
    expect(byText(g, '（五）不予处理')).toMatchObject({ col: 1, rowSpan: 5 });
    expect(byText(g, '（六）其他处理')).toMatchObject({ col: 1, rowSpan: 3, scope: 'row' });
    expect(byText(g, '（六）其他处理').key).toBeUndefined();
  });

  it('2019: 三、本年度办理结果 spans 20 rows and （六）其他处理 is a single row with numbers', () => {
    const g = tableGrid('t3', '2019');
    expect(byText(g, '三、本年度办理结果')).toMatchObject({ rowSpan: 20 });
    const other = byText(g, '（六）其他处理');
    expect(other).toMatchObject({ col: 1, colSpan: 2, rowSpan: 1, scope: 'row' });
    expect(g.rows[other.row]!.filter((c) => c.key).map((c) => c.key)).toContain('t3.other.total');
  });

  it('rows without a group span the three label columns', () => {
    const g = tableGrid('t3', '2021');
    for (const label of [
      '一、本年新收政府信息公开申请数量',
      '二、上年结转政府信息公开申请数量',
      '四、结转下年度继续办理',
    ])
      expect(byText(g, label)).toMatchObject({ col: 0, colSpan: 3, scope: 'row' });
    expect(byText(g, '（七）总计')).toMatchObject({ col: 1, colSpan: 2 });
  });
});

describe('表四', () => {
  const g = tableGrid('t4', '2021');
  it('行政复议 over 5 columns; 行政诉讼 over 10, split into 未经复议直接起诉 and 复议后起诉 of 5 each', () => {
    expect(byText(g, '行政复议')).toMatchObject({ row: 0, col: 0, colSpan: 5, rowSpan: 1 });
    expect(byText(g, '行政诉讼')).toMatchObject({ row: 0, col: 5, colSpan: 10 });
    expect(byText(g, '未经复议直接起诉')).toMatchObject({ row: 1, col: 5, colSpan: 5 });
    expect(byText(g, '复议后起诉')).toMatchObject({ row: 1, col: 10, colSpan: 5 });
  });
  it('the 行政复议 column labels run down two rows; the 行政诉讼 ones sit on the third', () => {
    expect(g.rows[1]!.slice(0, 5).map((c) => [c.text, c.rowSpan])).toEqual([
      ['结果维持', 2],
      ['结果纠正', 2],
      ['其他结果', 2],
      ['尚未审结', 2],
      ['总计', 2],
    ]);
    expect(g.rows[2]!).toHaveLength(10);
  });
  it('one data row of 15 numbers', () => {
    expect(g.headerRows).toBe(3);
    expect(g.rows[3]!.map((c) => c.key)).toHaveLength(15);
  });
});

describe('表二', () => {
  it('2021: four blocks headed by their article, spanning the table', () => {
    const g = tableGrid('t2', '2021');
    const articles = cells(g).filter((c) => c.text.startsWith('第二十条'));
    expect(articles.map((c) => c.text)).toEqual(LAYOUTS['2021'].t2.map((b) => b.article));
    for (const a of articles) expect(a.colSpan).toBe(4);
  });
  it('2021: a one-column block lets its column span the three number columns', () => {
    const g = tableGrid('t2', '2021');
    expect(
      cells(g)
        .filter((c) => c.text === '本年处理决定数量')
        .map((c) => c.colSpan),
    ).toEqual([3, 3]);
    expect(cells(g).find((c) => c.key === 't2.fees.amount')).toMatchObject({ col: 1, colSpan: 3 });
  });
  it('2019: five blocks; （八） has two columns, the last spanning two', () => {
    const g = tableGrid('t2', '2019');
    expect(cells(g).filter((c) => c.text.startsWith('第二十条'))).toHaveLength(5);
    expect(cells(g).find((c) => c.key === 't2.fees.change')).toMatchObject({ col: 2, colSpan: 2 });
  });
});

describe('flattenGrid', () => {
  it('puts a spanned row label next to its numbers and leaves covered positions empty', () => {
    const rows = flattenGrid(tableGrid('t3', '2021'), (k) => k);
    const received = rows.find((r) => r.includes('一、本年新收政府信息公开申请数量'))!;
    expect(received.slice(0, 4)).toEqual([
      '',
      '',
      '一、本年新收政府信息公开申请数量',
      't3.received.naturalPerson',
    ]);
    const secret = rows.find((r) => r.includes('1.属于国家秘密'))!;
    expect(secret.slice(0, 3)).toEqual(['', '（三）不予公开', '1.属于国家秘密']);
    const next = rows.find((r) => r.includes('2.其他法律行政法规禁止公开'))!;
    expect(next.slice(0, 2)).toEqual(['', '']);
    for (const r of rows) expect(r).toHaveLength(10);
  });
});
