import { describe, expect, it } from 'vitest';
import { LAYOUTS } from '../domain/report/layout.ts';
import { blank, reportFromFields } from '../domain/report/model.ts';
import { csvField, renderCsv } from './csv.ts';

const rows = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .replace(/\r\n$/, '')
    .split('\r\n');

describe('renderCsv', () => {
  it('starts with a UTF-8 BOM and the key,label,value header, CRLF line ends', () => {
    const csv = renderCsv(reportFromFields('2021', {}));
    expect(csv.startsWith('\uFEFFkey,label,value\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('lists every field of the layout once, in layout order (2021: 200, 2019: 198)', () => {
    for (const format of ['2021', '2019'] as const) {
      const keys = rows(renderCsv(reportFromFields(format, {})))
        .slice(1)
        .map((l) => l.split(',')[0]);
      expect(keys).toEqual(LAYOUTS[format].fields.map((f) => f.key));
    }
    expect(LAYOUTS['2021'].fields).toHaveLength(200);
    expect(LAYOUTS['2019'].fields).toHaveLength(198);
  });

  it('gives the number, and an empty value for a printed blank or an unknown cell', () => {
    const r = reportFromFields('2021', { 't3.received.total': 13, 't2.fees.amount': 0.35 });
    r.cells['t3.received.naturalPerson'] = blank('—');
    const byKey = new Map(rows(renderCsv(r)).map((l) => [l.split(',')[0], l.split(',').at(-1)]));
    expect(byKey.get('t3.received.total')).toBe('13');
    expect(byKey.get('t2.fees.amount')).toBe('0.35');
    expect(byKey.get('t3.received.naturalPerson')).toBe('');
    expect(byKey.get('t3.received.commercial')).toBe('');
    expect(rows(renderCsv(r))).toContain('t3.received.total,表三 一、本年新收政府信息公开申请数量 · 总计,13');
  });

  it('quotes per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });
});
