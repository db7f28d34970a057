// Section headings are found however a converter spaced them: a heading padded with any whitespace (ideographic,
// no-break, zero-width, line breaks) is still the heading, and only text longer than any heading is passed over.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeLabel } from './cell-text.ts';
import { matchSectionHeading } from './labels.ts';

const SPACES = [' ', '\t', '\n', '\r', '\u00a0', '\u2002', '\u200b', '\u3000', '\ufeff', '\u202f', '\u2028'];

describe('matchSectionHeading', () => {
  it('finds a heading padded with any amount of whitespace of any kind', () => {
    const heading = fc.constantFrom(
      ['一、总体情况', 'overview'],
      ['二、主动公开政府信息情况', 'proactive'],
      ['三、收到和处理政府信息公开申请情况', 'requests'],
      ['四、政府信息公开行政复议、行政诉讼情况', 'appeals'],
    );
    fc.assert(
      fc.property(
        heading,
        fc.array(fc.array(fc.constantFrom(...SPACES), { maxLength: 12 })),
        ([h, key], pads) => {
          // Whitespace between and around the characters: 40 and more of it makes the raw text longer than a heading.
          const text =
            [...h].map((ch, i) => `${(pads[i] ?? []).join('')}${ch}`).join('') + (pads.at(-1) ?? []).join('');
          expect(matchSectionHeading(text)).toBe(key);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('passes over text longer than a heading, and only that', () => {
    // A heading-like paragraph around the length where the shortcut stops counting: the answer is whether the
    // normalised text (its trailing punctuation dropped) is over 40 characters, never how the raw text is spaced.
    fc.assert(
      fc.property(
        fc.integer({ min: 30, max: 50 }),
        fc.array(fc.constantFrom(...SPACES), { maxLength: 20 }),
        fc.constantFrom('', '：', '。'),
        (n, spaces, end) => {
          const text = `一、总体情况${'说'.repeat(n - 6)}${spaces.join('')}${end}`;
          const kept = normalizeLabel(text).replace(/[:：。]$/, '').length;
          const got = matchSectionHeading(text);
          if (kept > 40) expect(got).toBeNull();
          else expect(got === null || got === 'overview').toBe(true);
        },
      ),
    );
    expect(matchSectionHeading(`一、总体情况${'\u3000'.repeat(60)}`)).toBe('overview');
  });
});
