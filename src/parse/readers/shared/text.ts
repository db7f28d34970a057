// Whitespace as the reader saw it → text as a reader of Chinese would read it. Shared by the HTML, DOCX and PDF
// readers so that the extractor sees the same text whichever form a report came in.

/** Han characters, kana, CJK and full-width punctuation: text that is set without spaces between words. */
const WIDE =
  '\\u2E80-\\u2FFF\\u3001-\\u303F\\u3040-\\u30FF\\u3100-\\u31FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF01-\\uFFEF\\u2018-\\u201F\\u2026\\u2014';
const SPACE_AFTER_WIDE = new RegExp(`([${WIDE}]) (?=\\S)`, 'g');
const SPACE_BEFORE_WIDE = new RegExp(`(\\S) (?=[${WIDE}])`, 'g');
const WIDE_RE = new RegExp(`[${WIDE}]`);

const ANY_SPACE = /[ \t\n\r\f\v\u00A0\u2002-\u200B\u3000]/;

export const isWide = (ch: string | undefined): boolean => ch !== undefined && WIDE_RE.test(ch);

/**
 * Collapse runs of spaces, tabs, line breaks and no-break spaces to one space, drop the spaces next to Chinese text
 * (converters put them between Chinese and digits: "于 2026 年"; letter-spaced headings: "总 计"), and trim.
 * Ideographic spaces (U+3000) are kept inside the text: they are typed on purpose.
 */
export function tidy(s: string): string {
  // No space of any kind: nothing to collapse, drop or trim (most cells: "12", "本年新收政府信息公开申请数量").
  if (!ANY_SPACE.test(s)) return s;
  return s
    .replace(/[ \t\n\r\f\v\u00A0\u2002-\u200B]+/g, ' ')
    .replace(SPACE_AFTER_WIDE, '$1')
    .replace(SPACE_BEFORE_WIDE, '$1')
    .replace(/^[ \u3000]+|[ \u3000]+$/g, '');
}

/** Join the lines of one wrapped cell or paragraph: no space between Chinese text, one space between words. */
export function joinWrapped(lines: readonly string[]): string {
  let out = '';
  for (const l of lines) {
    const t = l.trim();
    if (!t) continue;
    if (out && !isWide(out[out.length - 1]) && !isWide(t[0])) out += ' ';
    out += t;
  }
  return out;
}
