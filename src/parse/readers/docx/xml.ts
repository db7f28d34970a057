// A small, non-validating XML parser for the parts of a DOCX: elements, attributes, text, the five predefined
// entities and character references. No DTDs and no external or custom entities are ever expanded, so entity bombs
// do nothing. Element and attribute names are rewritten to a fixed prefix per namespace ("w:" for WordprocessingML,
// whatever prefix the file used), so the reader can match names without caring how the producer spelled them.

import { isUtf8 } from 'node:buffer';

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: (XmlElement | string)[];
}

/** Namespaces the DOCX reader looks at, transitional and strict spellings. */
const PREFIXES: Record<string, string> = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
  'http://purl.oclc.org/ooxml/officeDocument/relationships': 'r',
  'http://schemas.openxmlformats.org/package/2006/relationships': 'pr',
  'http://schemas.openxmlformats.org/package/2006/content-types': 'ct',
};

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp =
        e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : '';
    }
    return ENTITIES[e] ?? m;
  });
}

export class XmlError extends Error {}

const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * A tag's attributes as parseXml reads them (`inner`: the tag without '<', '>' and a self-closing '/'; `sp`: where
 * its name ends): the namespace scope it opens (`top` when it declares none) and the other attributes under their
 * canonical names, the last of a repeated name winning. For the streaming reader (docx/stream.ts), which asks only
 * for the few tags whose attributes it reads or that declare a namespace.
 */
export function tagAttributes(
  inner: string,
  sp: number,
  top: ReadonlyMap<string, string>,
  names: NameCache,
): { ns: ReadonlyMap<string, string>; attrs: Record<string, string> } {
  const rawAttrs: [string, string][] = [];
  let ns = top as Map<string, string>;
  if (sp >= 0) {
    ATTR.lastIndex = sp;
    for (let m = ATTR.exec(inner); m; m = ATTR.exec(inner)) {
      const an = m[1]!;
      const av = decodeEntities(m[2] ?? m[3] ?? '');
      if (an === 'xmlns' || an.startsWith('xmlns:')) {
        if (ns === top) ns = new Map(top);
        ns.set(an === 'xmlns' ? '' : an.slice(6), av);
      } else rawAttrs.push([an, av]);
    }
  }
  const attrs: Record<string, string> = {};
  for (const [an, av] of rawAttrs) attrs[an.includes(':') ? canonicalName(names, an, ns, false) : an] = av;
  return { ns, attrs };
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Parse a part's bytes. Valid UTF-8 (what every producer writes) is scanned as Latin-1 — one character per byte,
 * a copy instead of a decode; the markup is ASCII, so every delimiter is where it was — and only the pieces holding
 * other characters (the Chinese text, a non-ASCII attribute) are decoded as UTF-8, from the same byte offsets.
 * Decoding whole parts was ~18 % of reading a DOCX report. Anything not valid UTF-8 is decoded whole, as before.
 */
export function parseXmlBytes(bytes: Buffer, maxDepth: number, hollow?: ReadonlySet<string>): XmlElement {
  if (!isUtf8(bytes)) return parseXml(bytes.toString('utf8'), maxDepth, undefined, hollow);
  const src = bytes.toString('latin1');
  return parseXml(
    src,
    maxDepth,
    (from, to) => {
      const s = src.slice(from, to);
      return NON_ASCII.test(s) ? bytes.toString('utf8', from, to) : s;
    },
    hollow,
  );
}

/**
 * Parse a document into a tree. Lenient about mismatched end tags (they close up to the matching open element);
 * throws XmlError when nesting exceeds `maxDepth` or when there is no root element. `piece`: the text of a source
 * range (by default a slice of `src`; see parseXmlBytes).
 *
 * `hollow`: canonical names of elements whose content the caller never looks at (the DOCX reader: run and
 * paragraph properties, about half the elements of a Word document). Such an element is in the tree with its
 * attributes but no children; its content is still scanned — tags, end tags, nesting depth — exactly as for any
 * other element, so where it ends, what a stray end tag inside it closes and the depth limit are the same; only no
 * element, attribute or text is built inside it (issue 18).
 */
export function parseXml(
  src: string,
  maxDepth: number,
  piece: (from: number, to: number) => string = (from, to) => src.slice(from, to),
  hollow?: ReadonlySet<string>,
): XmlElement {
  const root: XmlElement = { name: '#root', attrs: {}, children: [] };
  const names: NameCache = new Map();
  const tagEnds = new TagEnds(src);
  const stack: { el: XmlElement; raw: string; ns: Map<string, string> }[] = [
    { el: root, raw: '#root', ns: new Map([['xml', 'xml']]) },
  ];
  let i = 0;
  const n = src.length;
  /** The stack length from which on the open elements are inside a hollow one (nothing is built there). */
  let hollowFrom = Number.POSITIVE_INFINITY;
  while (i < n) {
    const lt = src.indexOf('<', i);
    const top = stack[stack.length - 1]!;
    const inHollow = stack.length >= hollowFrom;
    if (lt < 0) {
      if (!inHollow) pushText(top.el, piece(i, n));
      break;
    }
    if (lt > i && !inHollow) pushText(top.el, piece(i, lt));
    if (src.startsWith('<!--', lt)) {
      const end = src.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (src.startsWith('<![CDATA[', lt)) {
      const end = src.indexOf(']]>', lt + 9);
      if (!inHollow) top.el.children.push(piece(lt + 9, end < 0 ? n : end));
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (src.startsWith('<?', lt)) {
      const end = src.indexOf('?>', lt + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (src.startsWith('<!', lt)) {
      // DOCTYPE (with a possible internal subset): skipped, never interpreted.
      let depth = 0;
      let j = lt + 2;
      for (; j < n; j++) {
        const c = src[j];
        if (c === '[') depth++;
        else if (c === ']') depth--;
        else if (c === '>' && depth <= 0) break;
      }
      i = j + 1;
      continue;
    }
    const gt = tagEnds.find(lt + 1);
    if (gt < 0) break; // truncated tag at the end: ignore the rest
    const body = piece(lt + 1, gt);
    i = gt + 1;
    if (body[0] === '/') {
      const raw = body.slice(1).trim();
      for (let k = stack.length - 1; k > 0; k--)
        if (stack[k]!.raw === raw) {
          stack.length = k;
          break;
        }
      if (stack.length < hollowFrom) hollowFrom = Number.POSITIVE_INFINITY;
      continue;
    }
    const selfClosing = body.endsWith('/');
    const inner = selfClosing ? body.slice(0, -1) : body;
    const sp = inner.search(/\s/);
    const raw = sp < 0 ? inner : inner.slice(0, sp);
    if (inHollow) {
      // Inside a hollow element: only the nesting is kept (for end tags and the depth limit), under the same names.
      if (!selfClosing) {
        if (stack.length > maxDepth) throw new XmlError(`XML 嵌套层级超过 ${maxDepth} 层`);
        stack.push({ el: top.el, raw, ns: top.ns });
      }
      continue;
    }
    const rawAttrs: [string, string][] = [];
    let ns = top.ns;
    if (sp >= 0) {
      ATTR.lastIndex = sp;
      for (let m = ATTR.exec(inner); m; m = ATTR.exec(inner)) {
        const an = m[1]!;
        const av = decodeEntities(m[2] ?? m[3] ?? '');
        if (an === 'xmlns' || an.startsWith('xmlns:')) {
          if (ns === top.ns) ns = new Map(top.ns);
          ns.set(an === 'xmlns' ? '' : an.slice(6), av);
        } else rawAttrs.push([an, av]);
      }
    }
    const attrs: Record<string, string> = {};
    for (const [an, av] of rawAttrs) attrs[an.includes(':') ? canonicalName(names, an, ns, false) : an] = av;
    const el: XmlElement = { name: canonicalName(names, raw, ns, true), attrs, children: [] };
    top.el.children.push(el);
    if (!selfClosing) {
      if (stack.length > maxDepth) throw new XmlError(`XML 嵌套层级超过 ${maxDepth} 层`);
      stack.push({ el, raw, ns });
      if (hollow?.has(el.name)) hollowFrom = stack.length;
    }
  }
  const first = root.children.find((c): c is XmlElement => typeof c !== 'string');
  if (!first) throw new XmlError('没有 XML 根元素');
  return first;
}

function pushText(el: XmlElement, s: string): void {
  // Whitespace between elements carries nothing in OOXML (text that matters sits in <w:t>).
  if (el.name === 'w:t' || el.name === 'w:delText' || el.name === 'w:instrText' || /\S/.test(s))
    el.children.push(decodeEntities(s));
}

/**
 * The end of a tag, skipping '>' inside quoted attribute values — by the string's own search instead of a loop over
 * every character (that loop was a tenth of parsing a part): the next '>' ends the tag unless a quote opens before
 * it, and then the search goes on after that quote's closing one. One per parse: it remembers where the next quote
 * of each kind is, since tags are asked for in document order (a document with no single quote would otherwise be
 * searched to its end for every tag).
 */
class QuotedTagEnds<N> {
  private dqFrom = 0;
  private dqAt = -2;
  private sqFrom = 0;
  private sqAt = -2;
  constructor(
    private readonly src: { indexOf(needle: N, from: number): number },
    private readonly gt: N,
    private readonly dq: N,
    private readonly sq: N,
  ) {}

  /** The index of the '>' that ends the tag whose name starts at `from`, or -1 (a tag cut off by the end). */
  find(from: number): number {
    let j = from;
    for (;;) {
      const gt = this.src.indexOf(this.gt, j);
      if (gt < 0) return -1;
      const dq = this.nextDq(j);
      const sq = this.nextSq(j);
      const q = dq < 0 ? sq : sq < 0 ? dq : Math.min(dq, sq);
      if (q < 0 || q > gt) return gt;
      const close = q === dq ? this.nextDq(q + 1) : this.nextSq(q + 1);
      if (close < 0) return -1;
      j = close + 1;
    }
  }

  /** The first '"' at or after j (the last answer is reused while it is still ahead of j). */
  private nextDq(j: number): number {
    if (this.dqAt === -2 || j < this.dqFrom || (this.dqAt >= 0 && this.dqAt < j)) {
      this.dqFrom = j;
      this.dqAt = this.src.indexOf(this.dq, j);
    }
    return this.dqAt;
  }

  private nextSq(j: number): number {
    if (this.sqAt === -2 || j < this.sqFrom || (this.sqAt >= 0 && this.sqAt < j)) {
      this.sqFrom = j;
      this.sqAt = this.src.indexOf(this.sq, j);
    }
    return this.sqAt;
  }
}

/** Over a part decoded to a string. */
export class TagEnds extends QuotedTagEnds<string> {
  constructor(src: string) {
    super(src, '>', '"', "'");
  }
}

/**
 * Over a part's bytes (docx/stream.ts reads word/document.xml without decoding it whole): the same answer as the
 * searches above, by a loop over the tag's bytes. A Buffer's indexOf is a call into native code with argument checks
 * that costs more than the few dozen bytes of a tag it skips; the loop was a quarter of the searches' time over a
 * generated report's document.xml (issue 18, docs/benchmarks.md "Ingest (session 10)").
 */
export class ByteTagEnds {
  constructor(private readonly src: Buffer) {}

  /** The index of the '>' that ends the tag whose name starts at `from`, or -1 (a tag cut off by the end). */
  find(from: number): number {
    const src = this.src;
    const n = src.length;
    for (let j = from; j < n; j++) {
      const c = src[j]!;
      if (c === 0x3e) return j;
      if (c === 0x22 || c === 0x27) {
        // A quoted attribute value: its '>' are text, up to the same quote again.
        j++;
        while (j < n && src[j] !== c) j++;
        if (j >= n) return -1;
      }
    }
    return -1;
  }
}

/** canonical() per namespace scope and raw name, for one document: it repeats a few dozen names thousands of times. */
export type NameCache = Map<ReadonlyMap<string, string>, Map<string, string>>;

export function canonicalName(
  cache: NameCache,
  raw: string,
  ns: ReadonlyMap<string, string>,
  isElement: boolean,
): string {
  let byName = cache.get(ns);
  if (!byName) {
    byName = new Map();
    cache.set(ns, byName);
  }
  // Elements and attributes differ only for names without a prefix; keep them apart.
  const key = isElement ? raw : `@${raw}`;
  let name = byName.get(key);
  if (name === undefined) {
    name = canonical(raw, ns, isElement);
    byName.set(key, name);
  }
  return name;
}

function canonical(raw: string, ns: ReadonlyMap<string, string>, isElement: boolean): string {
  const colon = raw.indexOf(':');
  const prefix = colon < 0 ? '' : raw.slice(0, colon);
  const local = colon < 0 ? raw : raw.slice(colon + 1);
  if (!isElement && colon < 0) return raw;
  const uri = ns.get(prefix);
  if (uri === undefined) return raw;
  const p = PREFIXES[uri];
  return p ? `${p}:${local}` : `~:${local}`;
}

/** Child elements, optionally of one name. */
export function kids(el: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children)
    if (typeof c !== 'string' && (name === undefined || c.name === name)) out.push(c);
  return out;
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (typeof c !== 'string' && c.name === name) return c;
  return undefined;
}
