// How values are written in a letter. Dates as GB/T 9704—2012 §7.3.5.1 writes the 成文日期 (Arabic numerals, no
// leading zeros: 2024年3月1日); money in whole yuan with the capital-figure form used on fee documents.
import { isIsoDate } from '../domain/calendar/index.ts';

/** '2024-03-01' → '2024年3月1日'. Throws on anything that is not an existing date. */
export function formatDate(iso: string): string {
  if (!isIsoDate(iso)) throw new RangeError(`不是有效日期：${iso}`);
  return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const PLACES = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万亿'];

/** Whole yuan in capital figures (大写金额): 380 → 叁佰捌拾元整; 54700 → 伍万肆仟柒佰元整; 1010 → 壹仟零壹拾元整. */
export function rmbUpper(yuan: number): string {
  if (!Number.isSafeInteger(yuan) || yuan < 0 || yuan >= 1e16)
    throw new RangeError(`金额应为非负整数：${yuan}`);
  if (yuan === 0) return '零元整';
  const groups: number[] = [];
  for (let x = yuan; x > 0; x = Math.floor(x / 10_000)) groups.push(x % 10_000);
  let out = '';
  let gapBefore = false;
  for (let gi = groups.length - 1; gi >= 0; gi--) {
    const g = groups[gi]!;
    if (g === 0) {
      if (out) gapBefore = true;
      continue;
    }
    // A zero group, or leading zeros in this group, between two written digits is read as one 零.
    if (out && (gapBefore || g < 1000)) out += '零';
    gapBefore = false;
    let zero = false;
    for (let p = 3; p >= 0; p--) {
      const d = Math.floor(g / 10 ** p) % 10;
      if (d === 0) {
        zero = true;
        continue;
      }
      if (zero && out.length > 0 && !out.endsWith('零')) out += '零';
      zero = false;
      out += DIGITS[d]! + PLACES[p]!;
    }
    out += GROUPS[gi]!;
  }
  return out + '元整';
}

// XML 1.0 forbids most C0 controls and unpaired surrogates; a DOCX holding one will not open.
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe to put in any output: line ends as \n, characters XML cannot carry removed. */
export function cleanText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(NOT_XML, '');
}

/**
 * A free-text value written into a sentence: trimmed, and without the closing punctuation the sentence supplies
 * itself ("理由如下：{{outcome.reasons}}。" must not end in "。。").
 */
export function prose(s: string): string {
  return cleanText(s)
    .trim()
    .replace(/[。；，、,.;：:\s]+$/u, '');
}
