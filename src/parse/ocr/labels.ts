// Label cells read by OCR snapped to the printed labels of the official tables: a label with one wrong character
// ("2.其他法律行政法规茜止公开") is still the row it names. Only close matches snap; anything else is kept as read
// (the extractor's own matching then decides, and a row it cannot place is reported, not guessed).
import { LAYOUTS } from '../../domain/report/layout.ts';
import { normalizeLabel } from '../cell-text.ts';

const CJK = /[\u3400-\u9fff]/;

/** Every Chinese label of both layouts (row labels, column heads, group names), gathered from the layout data. */
const KNOWN: readonly string[] = (() => {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (CJK.test(v) && v.length <= 60 && !v.includes('·')) out.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(LAYOUTS);
  for (const s of [
    '信息内容',
    '申请人情况',
    '法人或其他组织',
    '行政复议',
    '行政诉讼',
    '未经复议直接起诉',
    '复议后起诉',
  ])
    out.add(s);
  return [...out];
})();

const KNOWN_NORM = KNOWN.map((k) => ({ label: k, norm: normalizeLabel(k) }));

/** Dice similarity over characters (multiset). */
function dice(a: string, b: string): number {
  if (!a.length || !b.length) return 0;
  const counts = new Map<string, number>();
  for (const c of a) counts.set(c, (counts.get(c) ?? 0) + 1);
  let common = 0;
  for (const c of b) {
    const n = counts.get(c) ?? 0;
    if (n > 0) {
      common++;
      counts.set(c, n - 1);
    }
  }
  return (2 * common) / (a.length + b.length);
}

/** The official label this OCR text stands for, or the text itself when none is close enough. */
export function snapLabel(text: string): string {
  const norm = normalizeLabel(text);
  if (!CJK.test(norm) || norm.length < 2) return text;
  let best = '';
  let bestScore = 0;
  let second = 0;
  for (const k of KNOWN_NORM) {
    // Only labels of about the same length: "其他处" is not the column head "其他".
    if (Math.abs(k.norm.length - norm.length) > Math.max(1, Math.floor(k.norm.length / 4))) continue;
    const s = dice(norm, k.norm);
    if (s > bestScore) {
      second = bestScore;
      bestScore = s;
      best = k.label;
    } else if (s > second) second = s;
  }
  // Close, and clearly closer than the runner-up ("1.属于国家秘密" vs "3.危及…" differ in more than one character).
  return bestScore >= 0.75 && bestScore - second >= 0.08 ? best : text;
}
