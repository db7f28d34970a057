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
 * A document's MinHash signature straight from its text: the minimum of each permutation over its shingles, the
 * same values as signature(shingles(text)) without building the set. null for a text too short to have a shingle.
 * Computed once when a report is collected and stored (report_signatures), so a national comparison starts from
 * 512 bytes a report instead of re-reading every text.
 */
export function sketch(text: string, o: SimilarityOptions = DEFAULT_SIMILARITY): Uint32Array | null {
  const t = foldText(text);
  const k = o.shingle;
  if (t.length < k) return null;
  const n = o.bands * o.rows;
  const { a, b } = perms(n);
  const sig = new Uint32Array(n).fill(0xffffffff);
  for (let p = 0; p + k <= t.length; p++) {
    const x = fnv1a(t, p, p + k);
    for (let i = 0; i < n; i++) {
      const h = (Math.imul(a[i]!, x) + b[i]!) >>> 0;
      if (h < sig[i]!) sig[i] = h;
    }
  }
  return sig;
}

/**
 * Candidate pairs by locality-sensitive hashing: two signatures that agree on every row of some band. Band by
 * band, the documents are sorted by the band's hash in one typed array (no map of buckets), so 100,000 signatures
 * need a few megabytes beyond the signatures themselves. Each pair once, as [i, j] with i < j.
 */
export function lshCandidates(
  sigs: readonly (Uint32Array | null)[],
  o: Pick<SimilarityOptions, 'bands' | 'rows'> = DEFAULT_SIMILARITY,
): [number, number][] {
  const N = sigs.length;
  // hash × 2^21 + index stays an exact double below 2^53 for up to two million documents.
  if (N >= 2 ** 21) throw new Error('lshCandidates: at most 2,097,151 documents at once');
  const keys = new Float64Array(N);
  const seen = new Set<number>();
  const out: [number, number][] = [];
  for (let band = 0; band < o.bands; band++) {
    let m = 0;
    for (let i = 0; i < N; i++) {
      const sig = sigs[i];
      if (!sig) continue;
      let h = 0x811c9dc5 ^ band;
      for (let r = 0; r < o.rows; r++) h = Math.imul(h ^ sig[band * o.rows + r]!, 0x01000193);
      keys[m++] = (h >>> 0) * 2 ** 21 + i;
    }
    const sorted = keys.subarray(0, m).sort();
    for (let s = 0; s < m; ) {
      const bucket = Math.floor(sorted[s]! / 2 ** 21);
      let e = s + 1;
      while (e < m && Math.floor(sorted[e]! / 2 ** 21) === bucket) e++;
      for (let x = s; x < e; x++)
        for (let y = x + 1; y < e; y++) {
          // Sorted by hash then index: the index of x is below that of y.
          const i = sorted[x]! % 2 ** 21;
          const j = sorted[y]! % 2 ** 21;
          const id = i * N + j;
          if (seen.has(id)) continue;
          seen.add(id);
          out.push([i, j]);
        }
      s = e;
    }
  }
  return out;
}

/** A document with its stored signature; its text is read only if it is a candidate. */
export interface SketchedDoc {
  readonly id: string;
  readonly sig: Uint32Array | null;
  readonly text: () => string;
}

/**
 * Pairs at or above the threshold among documents whose signatures are known: LSH candidates only, each compared
 * in full (exact Jaccard of shingles, then the repeated passages).
 */
export function findSimilarSketched<D extends SketchedDoc>(
  docs: readonly D[],
  opts: Partial<SimilarityOptions> & { filter?: (a: D, b: D) => boolean } = {},
): SimilarPair[] {
  const o = { ...DEFAULT_SIMILARITY, ...opts };
  const shingled = new Map<number, Set<number>>();
  const shinglesOf = (i: number) => {
    let s = shingled.get(i);
    if (!s) {
      s = shingles(docs[i]!.text(), o.shingle);
      shingled.set(i, s);
    }
    return s;
  };
  const out: SimilarPair[] = [];
  for (const [i, j] of lshCandidates(
    docs.map((d) => d.sig),
    o,
  )) {
    const a = docs[i]!;
    const b = docs[j]!;
    if (opts.filter && !opts.filter(a, b)) continue;
    const s = jaccard(shinglesOf(i), shinglesOf(j));
    if (s >= o.threshold)
      out.push({
        a: a.id,
        b: b.id,
        similarity: Math.round(s * 1000) / 1000,
        passages: repeatedPassages(a.text(), b.text()),
      });
  }
  return out.sort((p, q) => q.similarity - p.similarity);
}

/**
 * All pairs of documents at or above the threshold. `filter` says which pairs are worth comparing (same year, an
 * agency with its own previous year, …).
 */
export function findSimilar(
  docs: readonly SimDoc[],
  opts: Partial<SimilarityOptions> & { filter?: (a: SimDoc, b: SimDoc) => boolean } = {},
): SimilarPair[] {
  const { filter, ...o } = { ...DEFAULT_SIMILARITY, ...opts };
  type Sketched = SketchedDoc & { readonly doc: SimDoc };
  const sketched: Sketched[] = docs.map((d) => ({
    doc: d,
    id: d.id,
    sig: sketch(d.text, o),
    text: () => d.text,
  }));
  return findSimilarSketched<Sketched>(sketched, {
    ...o,
    ...(filter ? { filter: (a: Sketched, b: Sketched) => filter(a.doc, b.doc) } : {}),
  });
}
