import { describe, expect, it } from 'vitest';
import { cleanDeep, cleanText } from './clean-text.ts';

describe('cleanText', () => {
  it('removes NUL and replaces lone surrogates, counting them; keeps pairs', () => {
    expect(cleanText('a\u0000b')).toEqual({ text: 'ab', count: 1 });
    expect(cleanText('x\uD800y\uDC00z')).toEqual({ text: 'x\uFFFDy\uFFFDz', count: 2 });
    expect(cleanText('𠀀信息')).toEqual({ text: '𠀀信息', count: 0 });
  });

  it('cleans keys and values of nested plain data', () => {
    const r = cleanDeep({ sections: { overview: '总\u0000体' }, list: ['\uDFFF'], n: 3 });
    expect(r).toEqual({ value: { sections: { overview: '总体' }, list: ['\uFFFD'], n: 3 }, count: 2 });
  });
});
