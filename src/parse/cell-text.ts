// What a printed cell says: a number (with its unit, if printed), a printed blank, or text (a label).

/** Any character normalizeWidth changes: most cells have none, and then the five replacements are skipped. */
const WIDTH_CHARS = /[\uFF10-\uFF19\uFF0E\uFF0D\u2212\uFF05\u3000\u00A0\u2002-\u200B\uFEFF]/;

/**
 * A bounded memo for the pure functions below: reports repeat the same labels and small numbers in every file, and
 * the extractor normalises each cell several times (issue 18: these were a tenth of reading an HTML report). Only
 * short texts are kept, each as a copy of its own: a cell's text is often a slice of its whole document, and keeping
 * the slice would keep the document (it did: +85 MiB over 400 DOCX files).
 */
function memo<T>(f: (s: string) => T, max = 4096): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    if (s.length > 64) return f(s);
    let v = cache.get(s);
    if (v === undefined) {
      const own = s.split('').join('');
      v = f(own);
      if (cache.size >= max) cache.clear();
      cache.set(own, v);
    }
    return v;
  };
}

/** Full-width digits and punctuation to ASCII, ideographic and no-break spaces to plain spaces. */
export function normalizeWidth(s: string): string {
  if (!WIDTH_CHARS.test(s)) return s;
  return s
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/\uFF0E/g, '.')
    .replace(/[\uFF0D\u2212]/g, '-')
    .replace(/\uFF05/g, '%')
    .replace(/[\u3000\u00A0\u2002-\u200B\uFEFF]/g, ' ');
}

/** Printed blanks: the format wants a number, the agency printed none of these. */
const BLANK_MARKS = new Set([
  '',
  '—',
  '——',
  '-',
  '--',
  '–',
  '/',
  '／',
  '\\',
  '无',
  '空',
  'N/A',
  'n/a',
  '／／',
  '×',
]);

export type CellText =
  | { kind: 'number'; value: number; unit: string | null; approximate: boolean }
  | { kind: 'blank'; raw: string }
  | { kind: 'text' };

const NUMBER_RE = /^(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万元|元|件|条|项|个|份|次|人次|家|%)?$/;

/** Each call gets its own object (callers may keep or change it); the work behind it is done once per text. */
export function classifyCell(raw: string): CellText {
  // Most cells of a report are a plain count ("16"): what classify() makes of one, without its cache lookup (a hash
  // of a new string per cell, the larger part of classifying; issue 18).
  if (plainDigits(raw)) return { kind: 'number', value: Number(raw), unit: null, approximate: false };
  return { ...classifyMemo(raw) };
}

/** 1–15 ASCII digits and nothing else: no width, space, sign, separator, remark or unit for classify() to handle. */
function plainDigits(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 15) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const classifyMemo = memo(classify);

function classify(raw: string): CellText {
  const t = normalizeWidth(raw).replace(/\s+/g, '');
  if (BLANK_MARKS.has(t)) return { kind: 'blank', raw: raw.trim() };
  let s = t;
  let approximate = false;
  // "约3件", "3余件", "3件左右": a number, but not an exact one.
  if (/^约|余|多|左右$/.test(s)) {
    approximate = true;
    s = s.replace(/^约/, '').replace(/(余|多|左右)/g, '');
  }
  // A number with a remark in the same cell ("22（其中修订16件）"): the number is the cell's value.
  s = s.replace(/^(\d[\d,.]*)[（(][^（）()]{1,30}[）)]$/, '$1');
  const m = NUMBER_RE.exec(s);
  if (!m) return { kind: 'text' };
  const value = Number(`${m[1]}${m[2]!.replace(/,/g, '')}${m[3] ? `.${m[3]}` : ''}`);
  if (!Number.isFinite(value)) return { kind: 'text' };
  return { kind: 'number', value, unit: m[4] ?? null, approximate };
}

/** Label text for matching: width-normalised, no spaces, Chinese brackets and punctuation unified. */
export const normalizeLabel = memo(normalizeLabelOnce);

function normalizeLabelOnce(s: string): string {
  return normalizeWidth(s)
    .replace(/\s+/g, '')
    .replace(/[(（]/g, '（')
    .replace(/[)）]/g, '）')
    .replace(/[,，]/g, '，')
    .replace(/["“”「」『』]/g, '"')
    .replace(/[.．、]/g, '.');
}
