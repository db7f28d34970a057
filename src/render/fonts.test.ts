import { describe, expect, it } from 'vitest';
import { OFFICIAL_FONTS, resolveFonts } from './fonts.ts';

describe('fonts', () => {
  it('names the GB/T 9704 faces by default', () => {
    expect(OFFICIAL_FONTS).toEqual({ title: '方正小标宋简体', heading: '黑体', body: '仿宋_GB2312' });
  });
  it('on a machine with only fonts-noto-cjk: the SC faces, serif for title and body, sans for headings', () => {
    expect(resolveFonts(new Set(['Noto Serif CJK SC', 'Noto Sans CJK SC', 'Noto Serif CJK JP']))).toEqual({
      title: 'Noto Serif CJK SC',
      heading: 'Noto Sans CJK SC',
      body: 'Noto Serif CJK SC',
    });
  });
  it('prefers an installed official face, and 仿宋 when 仿宋_GB2312 is absent', () => {
    expect(resolveFonts(new Set(['方正小标宋简体', '黑体', '仿宋']))).toEqual({
      title: '方正小标宋简体',
      heading: '黑体',
      body: '仿宋',
    });
  });
});
