// A fast path for the HTML reader (issue 18): well-formed pages — every element closed in order, the table model
// spelled out, no markup the HTML tree-construction algorithm would move, repair or reinterpret — are built into
// the same tree parse5 builds (same nodes, text, attributes, start lines), in a fraction of its time. The moment
// the page does anything else, this returns null and the reader uses parse5: a page is never read differently
// because it took the fast path (src/parse/readers/html/fast-tree.test.ts compares both on every shape it accepts).
// Only what the reader looks at is built: nodeName, tagName, attrs, childNodes, value, sourceCodeLocation.startLine
// (no document mode, no end positions). While building, it also measures what the reader would otherwise walk the
// whole tree again for (each element's text length and whether it holds a table; the page's <title> and headings).
import type { DefaultTreeAdapterTypes } from 'parse5';

type Document = DefaultTreeAdapterTypes.Document;
type Element = DefaultTreeAdapterTypes.Element;

/** What the fast path measured while building, so the reader need not walk the tree for it. */
export interface FastMeasures {
  /** The depth of the deepest node (the document is 0, <html> 1), at most: the reader checks it against its limit. */
  readonly depth: number;
  /** The <title>, <h1> and <h2> elements in document order (for the page's meta, html/meta.ts). */
  readonly titlesAndHeadings: readonly Element[];
}

/** An element of a fast tree, with what was measured when it closed. */
export interface MeasuredElement extends Element {
  /** Characters of text inside, each text node trimmed (as the reader's measure() counts them). */
  readonly chars: number;
  /** A <table> somewhere inside. */
  readonly holdsTable: boolean;
}

export type FastDocument = Document & { readonly measures: FastMeasures };

interface FNode {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  namespaceURI?: string;
  childNodes?: FNode[];
  parentNode: FNode | null;
  value?: string;
  data?: string;
  sourceCodeLocation?: { startLine: number } | null;
  /** A tbody parse5 would imply for a <tr> written straight inside <table>. */
  implied?: boolean;
  chars?: number;
  holdsTable?: boolean;
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';

/** Tag names of report pages by their first character code (lower case): see tagName in build(). */
const COMMON_TAGS: (readonly string[] | undefined)[] = (() => {
  const out: string[][] = [];
  for (const t of [
    'a',
    'b',
    'body',
    'br',
    'caption',
    'col',
    'colgroup',
    'div',
    'font',
    'h1',
    'h2',
    'h3',
    'head',
    'html',
    'li',
    'link',
    'main',
    'meta',
    'p',
    'section',
    'span',
    'strong',
    'style',
    'script',
    'table',
    'tbody',
    'td',
    'th',
    'thead',
    'title',
    'tr',
    'ul',
  ]) {
    const c = t.charCodeAt(0);
    out[c] = [...(out[c] ?? []), t];
  }
  return out;
})();

/** Attribute names of report pages, as constant strings (the reader compares them; see COMMON_TAGS). */
const COMMON_ATTRS: (readonly string[] | undefined)[] = (() => {
  const out: string[][] = [];
  for (const a of [
    'align',
    'border',
    'cellpadding',
    'cellspacing',
    'charset',
    'class',
    'colspan',
    'content',
    'data-key',
    'height',
    'hidden',
    'href',
    'http-equiv',
    'id',
    'lang',
    'name',
    'rowspan',
    'scope',
    'style',
    'type',
    'valign',
    'width',
  ]) {
    const c = a.charCodeAt(0);
    out[c] = [...(out[c] ?? []), a];
  }
  return out;
})();

/** The string of `list` (the names beginning with text[from]) equal to text[from, to), if any. */
function known(
  list: readonly string[] | undefined,
  text: string,
  from: number,
  to: number,
): string | undefined {
  if (!list) return undefined;
  const len = to - from;
  for (const k of list) {
    if (k.length !== len) continue;
    let i = 1;
    while (i < len && k.charCodeAt(i) === text.charCodeAt(from + i)) i++;
    if (i === len) return k;
  }
  return undefined;
}

const VOID = new Set([
  'area',
  'base',
  'basefont',
  'bgsound',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Start tags whose handling in the body is more than "insert an element": the fast path leaves them to parse5. */
const SPECIAL_IN_BODY = new Set([
  'html',
  'head',
  'body',
  'frameset',
  'frame',
  'pre',
  'listing',
  'form',
  'plaintext',
  'button',
  'nobr',
  'applet',
  'marquee',
  'object',
  'image',
  'textarea',
  'xmp',
  'iframe',
  'noembed',
  'noscript',
  'noframes',
  'select',
  'optgroup',
  'option',
  'rb',
  'rtc',
  'rp',
  'rt',
  'math',
  'svg',
  'template',
  'caption',
  'col',
  'colgroup',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'td',
  'th',
  'search',
  'isindex',
  'menuitem',
  'dialog',
  'base',
  'basefont',
  'bgsound',
  'keygen',
]);

/** Elements that may open inside an open <p> without closing it (the rest are left to parse5 when a p is open). */
const PHRASING = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'big',
  'br',
  'cite',
  'code',
  'data',
  'dfn',
  'em',
  'font',
  'i',
  'img',
  'kbd',
  'label',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'wbr',
  'script',
  'style',
]);

/** Scope boundaries of "has a p element in button scope" (HTML § 13.2.4.2), HTML namespace. */
const BUTTON_SCOPE = new Set([
  'applet',
  'caption',
  'html',
  'table',
  'td',
  'th',
  'marquee',
  'object',
  'template',
  'button',
]);

/** "Special" elements (HTML § 13.2.4.2) that stop the <li>/<dd>/<dt> search, minus address, div and p. */
const LIST_STOP = new Set([
  'applet',
  'area',
  'article',
  'aside',
  'base',
  'basefont',
  'bgsound',
  'blockquote',
  'body',
  'br',
  'button',
  'caption',
  'center',
  'col',
  'colgroup',
  'dd',
  'details',
  'dir',
  'dl',
  'dt',
  'embed',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'frame',
  'frameset',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'head',
  'header',
  'hgroup',
  'hr',
  'html',
  'iframe',
  'img',
  'input',
  'keygen',
  'li',
  'link',
  'listing',
  'main',
  'marquee',
  'menu',
  'meta',
  'nav',
  'noembed',
  'noframes',
  'noscript',
  'object',
  'ol',
  'param',
  'plaintext',
  'pre',
  'script',
  'search',
  'section',
  'select',
  'source',
  'style',
  'summary',
  'table',
  'tbody',
  'td',
  'template',
  'textarea',
  'tfoot',
  'th',
  'thead',
  'title',
  'tr',
  'track',
  'ul',
  'wbr',
  'xmp',
]);

const HEADING = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Character references the fast path decodes; any other reference sends the page to parse5. */
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  ldquo: '\u201c',
  rdquo: '\u201d',
  lsquo: '\u2018',
  rsquo: '\u2019',
  mdash: '\u2014',
  ndash: '\u2013',
  hellip: '\u2026',
  middot: '\u00b7',
  times: '\u00d7',
  copy: '\u00a9',
  reg: '\u00ae',
};

/** Deeper than this, the page goes to parse5. */
const MAX_DEPTH = 256;

class Bail extends Error {}
const BAIL = new Bail();

/** ASCII whitespace as the HTML tokenizer knows it (after CR/LF normalisation). */
function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 9 && c !== 10 && c !== 12 && c !== 32) return false;
  }
  return true;
}

const REF = /#(\d{1,7});|#[xX]([0-9a-fA-F]{1,6});|([a-zA-Z][a-zA-Z0-9]*);/y;

/** Decode the character references of a text run or attribute value, or bail on one not in the table. */
function decode(s: string): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const c = s.charCodeAt(amp + 1);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    // "&" before anything but a letter, digit or "#" is a literal ampersand, as the tokenizer reads it.
    if (alnum || c === 35) {
      REF.lastIndex = amp + 1;
      const m = REF.exec(s);
      if (!m) throw BAIL;
      let ch: string;
      if (m[3] !== undefined) {
        const named = ENTITIES[m[3]];
        if (named === undefined) throw BAIL;
        ch = named;
      } else {
        const cp = m[1] !== undefined ? Number(m[1]) : Number.parseInt(m[2]!, 16);
        // Control characters, C1 remapping, surrogates and noncharacters are parse5's business.
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
          throw BAIL;
        if ((cp & 0xfffe) === 0xfffe || (cp >= 0xfdd0 && cp <= 0xfdef)) throw BAIL;
        ch = String.fromCodePoint(cp);
      }
      out += s.slice(from, amp) + ch;
      from = REF.lastIndex;
      amp = s.indexOf('&', from);
    } else amp = s.indexOf('&', amp + 1);
  }
  return out + s.slice(from);
}

/** Tab, line feed, form feed, space: the tokenizer's whitespace once CR/LF are normalised. */
const isSpace = (c: number) => c === 9 || c === 10 || c === 12 || c === 32;
/** Characters that end an unquoted attribute value (or may not appear in one: the page goes to parse5). */
const unquotedStop = (c: number) =>
  isSpace(c) || c === 62 || c === 34 || c === 39 || c === 60 || c === 61 || c === 96;
/** The end of a raw text (style, script) or RCDATA (title) element: its end tag, in any case. */
const CLOSE_TITLE = /<\/title[\t\n\f />]/gi;
const CLOSE_STYLE = /<\/style[\t\n\f />]/gi;
const CLOSE_SCRIPT = /<\/script[\t\n\f />]/gi;
const END_TAG = /<\/([a-zA-Z][^\t\n\f />]*)[\t\n\f ]*>/y;
/**
 * `<!DOCTYPE html>`, or with a public and system identifier (XHTML 1.0 Transitional, as many government sites
 * still declare). Their document modes differ, but the only tree the modes build differently is a <table> opened
 * inside a <p>, which the fast path leaves to parse5 anyway.
 */
const DOCTYPE =
  /<!doctype[\t\n\f ]+html(?:[\t\n\f ]+(?:public|system)[\t\n\f ]*(?:"[^">]*"|'[^'>]*')(?:[\t\n\f ]*(?:"[^">]*"|'[^'>]*'))?)?[\t\n\f ]*>/iy;

/**
 * The parse5 tree of `text`, or null when the page is not one the fast path builds exactly. `lines`: record each
 * element's and text node's start line (parse5's sourceCodeLocationInfo). `noNul`: the caller knows the text holds
 * no U+0000 (a page with one is parse5's), so it is not searched for again.
 */
export function fastTree(
  source: string,
  lines: boolean,
  opts: { noNul?: boolean } = {},
): FastDocument | null {
  try {
    return build(source, lines, opts.noNul === true);
  } catch (e) {
    if (e === BAIL) return null;
    throw e;
  }
}

function build(source: string, lines: boolean, noNul: boolean): FastDocument {
  if ((!noNul && source.indexOf('\0') >= 0) || source.charCodeAt(0) === 0xfeff) throw BAIL;
  const text = source.indexOf('\r') >= 0 ? source.replace(/\r\n?/g, '\n') : source;
  const doc: FNode = { nodeName: '#document', childNodes: [], parentNode: null };

  // Line bookkeeping: the line of offset `at`, counted forward only. The next line end is remembered, so that the
  // many elements of one long line (a table row with its cells) do not each search to its end again.
  let line = 1;
  let nextNl = text.indexOf('\n');
  const lineAt = (at: number): number => {
    while (nextNl >= 0 && nextNl < at) {
      line++;
      nextNl = text.indexOf('\n', nextNl + 1);
    }
    return line;
  };
  // One location object per line, shared by the nodes that start on it (a table row and its cells, usually):
  // the reader only reads it.
  let locLine = 0;
  let locObj: { startLine: number } | undefined;
  const loc = (at: number) => {
    if (!lines) return undefined;
    const l = lineAt(at);
    if (l !== locLine || !locObj) {
      locLine = l;
      locObj = { startLine: l };
    }
    return locObj;
  };

  type Mode = 'initial' | 'beforeHead' | 'inHead' | 'afterHead' | 'inBody' | 'afterBody' | 'afterAfterBody';
  let mode = 'initial' as Mode;
  let html: FNode | undefined;
  let body: FNode | undefined;
  const stack: FNode[] = [];
  const current = () => stack[stack.length - 1]!;
  /** The longest the stack of open elements has been. */
  let deepest = 0;
  const titlesAndHeadings: FNode[] = [];
  const push = (e: FNode) => {
    stack.push(e);
    if (stack.length > deepest) deepest = stack.length;
  };
  /** Close the current element: its children are final, so measure it from them. */
  const pop = () => {
    const e = stack.pop()!;
    let chars = 0;
    let holdsTable = false;
    for (const k of e.childNodes!) {
      if (k.nodeName === '#text') chars += k.value!.trim().length;
      else if (k.tagName !== undefined) {
        chars += k.chars!;
        if (k.holdsTable || k.tagName === 'table') holdsTable = true;
      }
    }
    e.chars = chars;
    e.holdsTable = holdsTable;
  };

  const append = (parent: FNode, node: FNode) => {
    node.parentNode = parent;
    parent.childNodes!.push(node);
  };
  const insertText = (parent: FNode, value: string, at: number) => {
    const kids = parent.childNodes!;
    const last = kids[kids.length - 1];
    if (last && last.nodeName === '#text') {
      last.value += value;
      return;
    }
    const node: FNode = { nodeName: '#text', value, parentNode: parent };
    if (lines) node.sourceCodeLocation = loc(at);
    kids.push(node);
  };
  const element = (tag: string, attrs: { name: string; value: string }[], at: number): FNode => {
    const e: FNode = {
      nodeName: tag,
      tagName: tag,
      attrs,
      namespaceURI: HTML_NS,
      childNodes: [],
      parentNode: null,
      chars: 0,
      holdsTable: false,
    };
    if (lines) e.sourceCodeLocation = loc(at);
    if (tag === 'title' || tag === 'h1' || tag === 'h2') titlesAndHeadings.push(e);
    return e;
  };

  const tableContext = (tag: string) =>
    tag === 'table' ||
    tag === 'tbody' ||
    tag === 'thead' ||
    tag === 'tfoot' ||
    tag === 'tr' ||
    tag === 'colgroup';

  const characters = (value: string, at: number) => {
    if (value === '') return;
    const blank = isBlank(value);
    switch (mode) {
      case 'initial':
      case 'beforeHead':
        if (!blank) throw BAIL;
        return;
      case 'inHead':
      case 'afterHead':
        if (!blank) throw BAIL;
        insertText(current(), value, at);
        return;
      case 'afterBody':
      case 'afterAfterBody':
        if (!blank) throw BAIL;
        insertText(body!, value, at);
        return;
      default: {
        const parent = current();
        // Text straight inside a table is foster-parented; only whitespace stays where it is.
        if (tableContext(parent.tagName!) && !blank) throw BAIL;
        insertText(parent, decode(value), at);
      }
    }
  };

  const comment = (data: string) => {
    const parent =
      mode === 'initial' ? doc : mode === 'afterAfterBody' ? doc : mode === 'afterBody' ? html! : current();
    append(parent, { nodeName: '#comment', data, parentNode: null });
  };

  /** Is there an open <p> that a block start tag would close ("has a p element in button scope")? */
  const pInButtonScope = () => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const t = stack[i]!.tagName!;
      if (t === 'p') return true;
      if (BUTTON_SCOPE.has(t)) return false;
    }
    return false;
  };

  const startTag = (
    tag: string,
    attrs: { name: string; value: string }[],
    selfClosing: boolean,
    at: number,
  ) => {
    const isVoid = VOID.has(tag);
    if (selfClosing && !isVoid) throw BAIL;
    switch (mode) {
      case 'initial':
        if (tag !== 'html') throw BAIL;
        html = element(tag, attrs, at);
        append(doc, html);
        push(html);
        mode = 'beforeHead';
        return;
      case 'beforeHead':
        if (tag !== 'head') throw BAIL;
        {
          const head = element(tag, attrs, at);
          append(html!, head);
          push(head);
        }
        mode = 'inHead';
        return;
      case 'inHead':
        if (tag === 'meta' || tag === 'link' || tag === 'base') {
          append(current(), element(tag, attrs, at));
          return;
        }
        if (tag === 'title' || tag === 'style' || tag === 'script') {
          const e = element(tag, attrs, at);
          append(current(), e);
          push(e);
          return;
        }
        throw BAIL;
      case 'afterHead':
        if (tag !== 'body') throw BAIL;
        body = element(tag, attrs, at);
        append(html!, body);
        push(body);
        mode = 'inBody';
        return;
      case 'inBody':
        break;
      default:
        throw BAIL;
    }
    const parent = current();
    const ptag = parent.tagName!;
    if (tableContext(ptag)) {
      // Inside the table model only its own elements, in their own places; anything else would be moved.
      let ok = false;
      if (ptag === 'table')
        ok = tag === 'caption' || tag === 'colgroup' || tag === 'thead' || tag === 'tbody' || tag === 'tfoot';
      else if (ptag === 'tbody' || ptag === 'thead' || ptag === 'tfoot') ok = tag === 'tr';
      else if (ptag === 'tr') ok = tag === 'td' || tag === 'th';
      else if (ptag === 'colgroup') ok = tag === 'col';
      if (ptag === 'table' && tag === 'tr') {
        // <table><tr>: parse5 implies the <tbody> (without a source location).
        const tbody: FNode = {
          nodeName: 'tbody',
          tagName: 'tbody',
          attrs: [],
          namespaceURI: HTML_NS,
          childNodes: [],
          parentNode: null,
          implied: true,
          chars: 0,
          holdsTable: false,
        };
        if (lines) tbody.sourceCodeLocation = null;
        append(parent, tbody);
        push(tbody);
        ok = true;
      }
      if (!ok) throw BAIL;
      const e = element(tag, attrs, at);
      append(current(), e);
      if (!isVoid) push(e);
      return;
    }
    if (SPECIAL_IN_BODY.has(tag)) throw BAIL;
    if (!PHRASING.has(tag) && tag.indexOf(':') < 0 && tag.indexOf('-') < 0 && pInButtonScope()) throw BAIL;
    if (HEADING.has(tag) && HEADING.has(ptag)) throw BAIL;
    if (tag === 'li' || tag === 'dd' || tag === 'dt') {
      for (let i = stack.length - 1; i >= 0; i--) {
        const t = stack[i]!.tagName!;
        if (t === 'li' || t === 'dd' || t === 'dt') throw BAIL;
        if (LIST_STOP.has(t)) break;
      }
    }
    if (tag === 'a' && stack.some((e) => e.tagName === 'a')) throw BAIL;
    const e = element(tag, attrs, at);
    append(parent, e);
    if (!isVoid) push(e);
    // A page nested this deep is parse5's (and the reader's depth limit's) to judge; the scope checks above walk
    // the stack, which must stay short for them to stay cheap.
    if (stack.length > MAX_DEPTH) throw BAIL;
  };

  const endTag = (tag: string) => {
    if (VOID.has(tag)) throw BAIL;
    let cur = current();
    if (mode === 'inHead') {
      if (tag === 'head' && cur.tagName === 'head') {
        pop();
        mode = 'afterHead';
        return;
      }
      if (cur.tagName !== tag) throw BAIL;
      pop();
      return;
    }
    if (mode === 'inBody') {
      if (tag === 'body') {
        if (cur !== body) throw BAIL;
        mode = 'afterBody';
        return;
      }
      if (cur.implied && tag === 'table') {
        pop();
        cur = current();
      }
      if (cur.tagName !== tag || cur === body || cur === html) throw BAIL;
      pop();
      return;
    }
    if (mode === 'afterBody' && tag === 'html') {
      mode = 'afterAfterBody';
      return;
    }
    throw BAIL;
  };

  let pos = 0;
  const n = text.length;
  /** Where the last name read by tagName() ended. */
  let nameEnd = 0;
  /**
   * The tag name starting at `from` (after "<" or "</", at a letter), lowercased, up to whitespace, "/" or ">".
   * Scanned by character code (the tokenizer's regular expressions were the largest part of building the tree);
   * a name outside printable ASCII goes to parse5.
   */
  const tagName = (from: number): string => {
    let p = from;
    let upper = false;
    for (; p < n; p++) {
      const c = text.charCodeAt(p);
      if (c === 9 || c === 10 || c === 12 || c === 32 || c === 47 || c === 62) break;
      if (c < 0x21 || c > 0x7e) throw BAIL;
      if (c >= 65 && c <= 90) upper = true;
    }
    nameEnd = p;
    if (upper) return text.slice(from, p).toLowerCase();
    // The tags a report page is made of, as the one string each: every Set and comparison of the tag below and in
    // the reader then hashes nothing new (issue 18).
    return known(COMMON_TAGS[text.charCodeAt(from)], text, from, p) ?? text.slice(from, p);
  };
  while (pos < n) {
    const lt = text.indexOf('<', pos);
    const stop = lt < 0 ? n : lt;
    if (stop > pos) {
      characters(text.slice(pos, stop), pos);
      pos = stop;
      continue;
    }
    // At a '<'.
    const next = text.charCodeAt(pos + 1);
    const isAlpha = (next >= 65 && next <= 90) || (next >= 97 && next <= 122);
    if (isAlpha) {
      // The tag name, then the attributes, scanned by character code.
      const tag = tagName(pos + 1);
      let p = nameEnd;
      const attrs: { name: string; value: string }[] = [];
      let selfClosing = false;
      for (;;) {
        while (p < n && isSpace(text.charCodeAt(p))) p++;
        if (p >= n) break;
        let c = text.charCodeAt(p);
        // Not the start of an attribute name ("/", ">", or a character the name may not start with).
        if (c === 47 || c === 62 || c === 34 || c === 39 || c === 60 || c === 61) break;
        const from = p;
        let nameUpper = false;
        for (; p < n; p++) {
          c = text.charCodeAt(p);
          if (isSpace(c) || c === 47 || c === 62 || c === 34 || c === 39 || c === 60 || c === 61) break;
          if (c < 0x21 || c > 0x7e) throw BAIL;
          if (c >= 65 && c <= 90) nameUpper = true;
        }
        const name = nameUpper
          ? text.slice(from, p).toLowerCase()
          : (known(COMMON_ATTRS[text.charCodeAt(from)], text, from, p) ?? text.slice(from, p));
        // `= value`, quoted or not; a value that does not complete leaves the attribute without one (and the
        // check below sends the page to parse5).
        let raw = '';
        let q = p;
        while (q < n && isSpace(text.charCodeAt(q))) q++;
        if (text.charCodeAt(q) === 61) {
          q++;
          while (q < n && isSpace(text.charCodeAt(q))) q++;
          const v = text.charCodeAt(q);
          if (v === 34 || v === 39) {
            const close = text.indexOf(v === 34 ? '"' : "'", q + 1);
            if (close >= 0) {
              raw = text.slice(q + 1, close);
              p = close + 1;
            }
          } else if (q < n && !unquotedStop(v)) {
            let e = q + 1;
            while (e < n && !unquotedStop(text.charCodeAt(e))) e++;
            raw = text.slice(q, e);
            p = e;
          }
        }
        // The first of two attributes of one name is the one kept, as the tokenizer keeps it.
        let dup = false;
        for (let i = 0; i < attrs.length; i++)
          if (attrs[i]!.name === name) {
            dup = true;
            break;
          }
        if (!dup) attrs.push({ name, value: decode(raw) });
        // The duplicate check walks the list: a tag with hundreds of attributes is parse5's to read.
        if (attrs.length > 64) throw BAIL;
        // Attributes must be separated by whitespace; "a='1'b" is a parse error parse5 reads its own way.
        const after = text.charCodeAt(p);
        if (after !== 9 && after !== 10 && after !== 12 && after !== 32 && after !== 47 && after !== 62)
          throw BAIL;
      }
      if (text.charCodeAt(p) === 47) {
        selfClosing = true;
        p++;
      }
      if (text.charCodeAt(p) !== 62) throw BAIL;
      p++;
      startTag(tag, attrs, selfClosing, pos);
      pos = p;
      if (tag === 'title' || tag === 'style' || tag === 'script') {
        // Raw text (style, script) and RCDATA (title) up to the matching end tag.
        const close = tag === 'title' ? CLOSE_TITLE : tag === 'style' ? CLOSE_STYLE : CLOSE_SCRIPT;
        close.lastIndex = pos;
        const c = close.exec(text);
        if (!c) throw BAIL;
        const body = text.slice(pos, c.index);
        if (tag === 'script' && body.indexOf('<!--') >= 0) throw BAIL;
        if (body) insertText(current(), tag === 'title' ? decode(body) : body, pos);
        END_TAG.lastIndex = c.index;
        const e = END_TAG.exec(text);
        if (!e) throw BAIL;
        pop();
        pos = END_TAG.lastIndex;
      }
      continue;
    }
    if (next === 47) {
      // `</name>`, optionally with whitespace before the ">"; anything else is parse5's.
      const first = text.charCodeAt(pos + 2);
      if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) throw BAIL;
      const tag = tagName(pos + 2);
      let p = nameEnd;
      while (p < n && isSpace(text.charCodeAt(p))) p++;
      if (text.charCodeAt(p) !== 62) throw BAIL;
      endTag(tag);
      pos = p + 1;
      continue;
    }
    if (next === 33) {
      if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos + 4);
        if (end < 0) throw BAIL;
        const data = text.slice(pos + 4, end);
        if (
          data.startsWith('>') ||
          data.startsWith('->') ||
          data.endsWith('-') ||
          data.includes('--!') ||
          data.includes('<!--')
        )
          throw BAIL;
        comment(data);
        pos = end + 3;
        continue;
      }
      DOCTYPE.lastIndex = pos;
      if (mode === 'initial' && doc.childNodes!.length === 0 && DOCTYPE.test(text)) {
        append(doc, {
          nodeName: '#documentType',
          parentNode: null,
          ...{ name: 'html', publicId: '', systemId: '' },
        });
        pos = DOCTYPE.lastIndex;
        continue;
      }
      throw BAIL;
    }
    if (next === 63 || Number.isNaN(next)) throw BAIL;
    // A '<' that opens no tag ("a < b") is text.
    const after = text.indexOf('<', pos + 1);
    characters(text.slice(pos, after < 0 ? n : after), pos);
    pos = after < 0 ? n : after;
  }
  if (mode !== 'afterAfterBody' && mode !== 'afterBody') throw BAIL;
  // <body> and <html> stay open to the end.
  while (stack.length) pop();
  const measures: FastMeasures = {
    // Nodes go into the element on top of the stack, one level below it.
    depth: deepest + 1,
    titlesAndHeadings: titlesAndHeadings as unknown as Element[],
  };
  return Object.assign(doc as unknown as Document, { measures });
}
