// Copy detection across many reports: character shingles, MinHash signatures and locality-sensitive hashing, so
// that a national corpus is compared in near-linear time, then exact overlap and the repeated passages for the
// candidate pairs. Digits are folded: a report copied from last year with this year's numbers is still a copy.

export interface SimilarityOptions {
  /** Characters per shingle. */
  readonly shingle: number;
  /** Signature length = bands × rows. */
  readonly bands: number;
  readonly rows: number;
  /** Report a pair at or above this Jaccard similarity of shingles. */
  readonly threshold: number;
}

export const DEFAULT_SIMILARITY: SimilarityOptions = { shingle: 5, bands: 32, rows: 4, threshold: 0.5 };

/** Text reduced to what copying preserves: CJK, letters, digits folded to '#'; no spaces or punctuation. */
export function foldText(text: string): string {
  return text
    .replace(/[0-9０-９]+/g, '#')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase();
}

function fnv1a(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function shingles(text: string, k: number): Set<number> {
  const t = foldText(text);
  const out = new Set<number>();
  for (let i = 0; i + k <= t.length; i++) out.add(fnv1a(t, i, i + k));
  return out;
}

/** Per-permutation multipliers and offsets, fixed so that signatures are comparable across runs. */
function permutations(n: number): { a: Uint32Array; b: Uint32Array } {
  const a = new Uint32Array(n);
  const b = new Uint32Array(n);
  let s = 0x9e3779b9;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  for (let i = 0; i < n; i++) {
    a[i] = next() | 1;
    b[i] = next();
  }
  return { a, b };
}

export function signature(sh: ReadonlySet<number>, n: number): Uint32Array {
  const { a, b } = perms(n);
  const sig = new Uint32Array(n).fill(0xffffffff);
  for (const x of sh)
    for (let i = 0; i < n; i++) {
      const h = (Math.imul(a[i]!, x) + b[i]!) >>> 0;
      if (h < sig[i]!) sig[i] = h;
    }
  return sig;
}

const permCache = new Map<number, { a: Uint32Array; b: Uint32Array }>();
function perms(n: number) {
  let p = permCache.get(n);
  if (!p) {
    p = permutations(n);
    permCache.set(n, p);
  }
  return p;
}

export function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (!a.size && !b.size) return 0;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

export interface SimDoc {
  readonly id: string;
  readonly text: string;
  /** Group key (e.g. the year): with `pairs: 'within'`, only documents of one group are compared. */
  readonly group?: string;
}

export interface SimilarPair {
  readonly a: string;
  readonly b: string;
  readonly similarity: number;
  /** Longest sentences both contain (digits folded), as printed in `a`. */
  readonly passages: string[];
}

/** Sentences as printed, with their folded form for matching. */
export function sentences(text: string): { printed: string; folded: string }[] {
  return text
    .split(/[。！？；!?;\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 12)
    .map((printed) => ({ printed, folded: foldText(printed) }));
}

export function repeatedPassages(a: string, b: string, max = 5): string[] {
  const inB = new Set(sentences(b).map((s) => s.folded));
  const seen = new Set<string>();
  const out: { printed: string; len: number }[] = [];
  for (const s of sentences(a))
    if (inB.has(s.folded) && !seen.has(s.folded)) {
      seen.add(s.folded);
      out.push({ printed: s.printed, len: s.folded.length });
    }
  return out
    .sort((x, y) => y.len - x.len)
    .slice(0, max)
    .map((x) => x.printed);
}

/**
 * All pairs of documents at or above the threshold. `filter` says which pairs are worth comparing (same year, an
 * agency with its own previous year, …).
 */
export function findSimilar(
  docs: readonly SimDoc[],
  opts: Partial<SimilarityOptions> & { filter?: (a: SimDoc, b: SimDoc) => boolean } = {},
): SimilarPair[] {
  const o = { ...DEFAULT_SIMILARITY, ...opts };
  const n = o.bands * o.rows;
  const sh = docs.map((d) => shingles(d.text, o.shingle));
  const sigs = sh.map((s) => signature(s, n));
  const buckets = new Map<string, number[]>();
  sigs.forEach((sig, i) => {
    if (!sh[i]!.size) return;
    for (let band = 0; band < o.bands; band++) {
      let h = 0x811c9dc5 ^ band;
      for (let r = 0; r < o.rows; r++) h = Math.imul(h ^ sig[band * o.rows + r]!, 0x01000193);
      const key = `${band}:${h >>> 0}`;
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    }
  });
  const seen = new Set<number>();
  const out: SimilarPair[] = [];
  const N = docs.length;
  for (const list of buckets.values()) {
    if (list.length < 2) continue;
    for (let x = 0; x < list.length; x++)
      for (let y = x + 1; y < list.length; y++) {
        const i = Math.min(list[x]!, list[y]!);
        const j = Math.max(list[x]!, list[y]!);
        const id = i * N + j;
        if (seen.has(id)) continue;
        seen.add(id);
        const a = docs[i]!;
        const b = docs[j]!;
        if (opts.filter && !opts.filter(a, b)) continue;
        const s = jaccard(sh[i]!, sh[j]!);
        if (s >= o.threshold)
          out.push({
            a: a.id,
            b: b.id,
            similarity: Math.round(s * 1000) / 1000,
            passages: repeatedPassages(a.text, b.text),
          });
      }
  }
  return out.sort((p, q) => q.similarity - p.similarity);
}
