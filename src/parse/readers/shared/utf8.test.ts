// The fast UTF-8 decoder must give exactly the string Node's own decoder gives, for every valid UTF-8 input: a page
// read through it is read to the same text, so to the same values.
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validUtf8Text } from './utf8.ts';

describe('validUtf8Text', () => {
  it('gives the text Buffer#toString gives for any valid UTF-8 (ASCII, Latin-1, CJK, astral, noncharacters)', () => {
    const samples = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme-ascii' }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)) }),
      fc.string({
        unit: fc.constantFrom('表', '三', '\u3000', '\uFEFF', '\uFFFD', '\uFFFE', '😀', '\u00A0', 'a', '<'),
      }),
    );
    fc.assert(
      fc.property(samples, (s) => {
        const b = Buffer.from(s, 'utf8');
        expect(isUtf8(b)).toBe(true);
        expect(validUtf8Text(b)).toBe(b.toString('utf8'));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a byte-order mark as text, as Buffer#toString does (callers strip it first)', () => {
    const b = Buffer.from('\uFEFF表三', 'utf8');
    expect(validUtf8Text(b)).toBe('\uFEFF表三');
  });
});
