import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { LAYOUTS, T3_HEADER_NOTE } from '../domain/report/layout.ts';
import { blank, reportFromFields } from '../domain/report/model.ts';
import { renderXlsx } from './xlsx.ts';

async function load(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}
const merges = (ws: ExcelJS.Worksheet) => (ws.model as { merges: string[] }).merges;

describe('renderXlsx', () => {
  const report = reportFromFields('2021', {
    't3.received.total': 13,
    't2.fees.amount': 1.25,
    't4.review.upheld': 1,
  });
  report.cells['t3.received.naturalPerson'] = blank('—');

  it('has one sheet per table and a 数据 sheet', async () => {
    const wb = await load(await renderXlsx(report));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['表二', '表三', '表四', '数据']);
  });

  it('draws 表三 with the merges of the format', async () => {
    const ws = (await load(await renderXlsx(report))).getWorksheet('表三')!;
    expect(ws.getCell('A1').value).toBe(T3_HEADER_NOTE);
    expect(merges(ws)).toEqual(
      expect.arrayContaining([
        'A1:C3',
        'D1:J1',
        'D2:D3',
        'E2:I2',
        'J2:J3',
        'A4:C4',
        'A6:A27',
        'B8:B15',
        'A28:C28',
      ]),
    );
    expect(ws.getCell('A6').value).toBe('三、本年度办理结果');
    expect(ws.getCell('J4').value).toBe(13);
    expect(ws.getCell('D4').value).toBe('—');
    expect(ws.getCell('E4').value).toBeNull();
  });

  it('draws 表四 with its two-level header', async () => {
    const ws = (await load(await renderXlsx(report))).getWorksheet('表四')!;
    expect(merges(ws)).toEqual(
      expect.arrayContaining(['A1:E1', 'F1:O1', 'F2:J2', 'K2:O2', 'A2:A3', 'E2:E3']),
    );
    expect(ws.getCell('A4').value).toBe(1);
  });

  it('lists key, label and value of every field in 数据, numbers as numbers', async () => {
    const ws = (await load(await renderXlsx(report))).getWorksheet('数据')!;
    expect(ws.rowCount).toBe(1 + LAYOUTS['2021'].fields.length);
    expect(ws.getRow(1).values).toEqual([undefined, 'key', 'label', 'value']);
    const rows = new Map<string, unknown>();
    ws.eachRow((row, i) => {
      if (i > 1) rows.set(String(row.getCell(1).value), row.getCell(3).value);
    });
    expect(rows.get('t2.fees.amount')).toBe(1.25);
    expect(rows.get('t3.received.total')).toBe(13);
    expect(rows.get('t3.received.naturalPerson')).toBeNull();
  });
});
