// Text that PostgreSQL refuses: `text` and `jsonb` cannot hold U+0000, and a lone UTF-16 surrogate cannot be
// encoded as UTF-8. A report read from a damaged file may carry either; rather than fail the insert (and, before,
// the whole batch), the characters are removed or replaced on the way in and the row says so.

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const BAD = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without NUL characters, lone surrogates replaced by U+FFFD; `count` is how many were changed. */
export function cleanText(s: string): { text: string; count: number } {
  let count = 0;
  const text = s.replace(BAD, (m) => {
    count++;
    return m === '\u0000' ? '' : '\uFFFD';
  });
  return { text, count };
}

/** A deep copy of plain data (strings, arrays, objects) with every string and key cleaned. */
export function cleanDeep<T>(value: T): { value: T; count: number } {
  let count = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const r = cleanText(v);
      count += r.count;
      return r.text;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[walk(k) as string] = walk(x);
      return out;
    }
    return v;
  };
  return { value: walk(value) as T, count };
}
