import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, formatDate, prose, rmbUpper } from './format.ts';

describe('formatDate', () => {
  it.each([
    ['2024-03-01', '2024年3月1日'],
    ['2024-10-31', '2024年10月31日'],
    ['2024-02-29', '2024年2月29日'], // leap day
    ['2000-01-01', '2000年1月1日'],
  ])('writes %s as %s, without leading zeros (GB/T 9704 §7.3.5.1)', (iso, text) => {
    expect(formatDate(iso)).toBe(text);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-3-1', ''])('refuses %j, a date that does not exist', (s) => {
    expect(() => formatDate(s)).toThrow(RangeError);
  });
});

describe('rmbUpper', () => {
  it.each([
    [0, '零元整'],
    [10, '壹拾元整'],
    [380, '叁佰捌拾元整'], // 68 pages 按量 (../shared/domain/02-…md)
    [700, '柒佰元整'],
    [1005, '壹仟零伍元整'],
    [1010, '壹仟零壹拾元整'],
    [2700, '贰仟柒佰元整'],
    [5500, '伍仟伍佰元整'],
    [20500, '贰万零伍佰元整'],
    [54700, '伍万肆仟柒佰元整'], // the 1,500-page notice reported in 2024
    [100000, '壹拾万元整'],
    [100010, '壹拾万零壹拾元整'],
    [10000000, '壹仟万元整'],
    [100000005, '壹亿零伍元整'],
  ])('writes %i 元 as %s', (n, text) => {
    expect(rmbUpper(n)).toBe(text);
  });

  it('never writes two 零 in a row, nor ends on 零', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), (n) => {
        const s = rmbUpper(n);
        expect(s).not.toMatch(/零零|零[万亿]?元/);
        expect(s.endsWith('元整')).toBe(true);
      }),
    );
  });

  it.each([-1, 1.5, Number.NaN])('refuses %s', (n) => {
    expect(() => rmbUpper(n)).toThrow(RangeError);
  });
});

describe('cleanText and prose', () => {
  it('removes characters a DOCX cannot hold and normalises line ends', () => {
    expect(cleanText('a\u0000b\u000bc\r\nd\re\uD800f')).toBe('abc\nd\nef');
    expect(cleanText('好😀')).toBe('好😀');
  });

  it('drops the closing punctuation the sentence of the template supplies', () => {
    expect(prose('  该信息涉及个人隐私。 ')).toBe('该信息涉及个人隐私');
    expect(prose('理由一；理由二；')).toBe('理由一；理由二');
    expect(prose('《统计法》')).toBe('《统计法》');
  });
});
