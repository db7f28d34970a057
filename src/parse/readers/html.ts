// The HTML reader: a published web page → SourceDocument. Text outside tables becomes paragraphs (split on block
// elements and <br>); each row of a data table becomes one row block with its cells in column order, rowspan
// continuations kept as empty merged cells so the columns stay where the author put them. Layout tables (a table
// holding other tables, a one-column table, a cell holding a whole article) are read as flowing text.
import type { DefaultTreeAdapterTypes } from 'parse5';
import type { Provenance } from '../../domain/report/model.ts';
import { UnreadableError } from '../index.ts';
import { checkSize, currentLimits, type ReadLimits } from '../limits.ts';
import type { SourceBlock, SourceCell, SourceDocument } from '../source.ts';
import { decodeHtml } from './html/charset.ts';
import { fastTree, type MeasuredElement } from './html/fast-tree.ts';
import { htmlMeta } from './html/meta.ts';
import { tidy } from './shared/text.ts';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;

/** Elements whose content is never report text. */
const SKIP = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'map',
  'select',
  'button',
  'input',
  'textarea',
]);

/** Elements that end the current paragraph. */
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** A cell with more text than this holds an article, not a number or a label: its table is a layout table. */
const ARTICLE_CELL_CHARS = 1000;

/** Encodings (as decodeHtml names them) in which U+0000 is written only as the byte 0x00. */
const NUL_ONLY_FROM_NUL_BYTE = new Set(['utf-8', 'gb18030', 'big5', 'windows-1252']);

export async function read(
  bytes: Uint8Array,
  file: string,
  limits: ReadLimits = currentLimits(),
  opts: { lines?: boolean; parse5Only?: boolean } = {},
): Promise<SourceDocument> {
  checkSize(bytes.byteLength, file, limits);
  const { text, note, charset } = await decodeHtml(bytes);
  // Source positions (the line of every cell) cost parse5 more than half its time; bulk runs that write no
  // provenance skip them — the cells still know their table, row and column.
  const lines = opts.lines !== false;
  // In these encodings U+0000 comes only from a NUL byte: a native search of the bytes (< 1 µs for a report page)
  // tells the fast path there is none, where searching the decoded text took ~12 µs (a UTF-7 page, say, could
  // spell one without a NUL byte: its text is searched as before).
  const noNul =
    NUL_ONLY_FROM_NUL_BYTE.has(charset) &&
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(0) < 0;
  // A well-formed page is built by the fast path into the tree parse5 would build; anything else goes to parse5.
  // parse5 is loaded on the first page that needs it: a process reading only such pages never pays for loading it.
  const fast = opts.parse5Only ? null : fastTree(text, lines, { noNul });
  const doc = fast ?? (await loadParse5()).parse(text, { sourceCodeLocationInfo: lines });
  const reader = new HtmlReader(file, limits);
  // The fast path measured the tree while building it; only a page nested deeper than the limit (which measure()
  // refuses with its message) is walked again.
  if (fast && fast.measures.depth <= limits.markupMaxDepth) reader.measured = true;
  else reader.measure(doc);
  reader.flow(doc);
  return { form: 'html', blocks: reader.blocks, notes: [note], meta: htmlMeta(doc, fast?.measures) };
}

let parse5: Promise<typeof import('parse5')> | undefined;
const loadParse5 = () => (parse5 ??= import('parse5'));

// Every node but the document, doctype, comment and text ones ('#…') is an element, whose nodeName is its tag name
// in parse5's tree and the fast one: one load of a property every node has, where `'tagName' in n` was a lookup on
// every node the reader visits.
const isElement = (n: Node): n is Element => n.nodeName.charCodeAt(0) !== 35;
const lineOf = (n: Node): number | undefined => n.sourceCodeLocation?.startLine;

const HIDING_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

function hidden(e: Element): boolean {
  // One pass over the attributes (asked of every element the reader walks): `hidden`, or a style that hides.
  let style: string | undefined;
  for (const a of e.attrs) {
    if (a.name === 'hidden') return true;
    if (a.name === 'style' && style === undefined) style = a.value;
  }
  return style !== undefined && HIDING_STYLE.test(style);
}

function childrenOf(n: Node): readonly Node[] {
  if (isElement(n) && n.tagName === 'template') return [];
  return 'childNodes' in n ? (n as ParentNode).childNodes : [];
}

const EXIT = Symbol('exit');

interface Row {
  readonly tr: Element;
  readonly group: number;
  readonly cells: readonly Element[];
  readonly visible: readonly Element[];
}

function row(tr: Element, group: number): Row {
  const cells: Element[] = [];
  const visible: Element[] = [];
  for (const c of tr.childNodes)
    if (isElement(c) && (c.tagName === 'td' || c.tagName === 'th')) {
      cells.push(c);
      if (!hidden(c)) visible.push(c);
    }
  return { tr, group, cells, visible };
}

class HtmlReader {
  readonly blocks: SourceBlock[] = [];
  private tables = 0;
  private para: { parts: string[]; line: number | undefined } = { parts: [], line: undefined };

  constructor(
    private readonly file: string,
    private readonly limits: ReadLimits,
  ) {}

  private tooDeep(): never {
    throw new UnreadableError(
      `${this.file}：HTML 嵌套层级过深（超过 ${this.limits.markupMaxDepth} 层），不像是正常网页，未读取`,
      this.file,
    );
  }

  private flush(): void {
    const text = tidy(this.para.parts.join(''));
    if (text) this.blocks.push({ kind: 'para', text, prov: { line: this.para.line } });
    this.para = { parts: [], line: undefined };
  }

  /**
   * Flowing content, depth-first without recursion (a hostile page may nest thousands of elements; measure() has
   * already refused one nested past the limit).
   */
  flow(root: Node): void {
    // EXIT marks the end of a block element's content (a marker rather than an object per visited node).
    const stack: (Node | typeof EXIT)[] = [root];
    while (stack.length) {
      const node = stack.pop()!;
      if (node === EXIT) {
        this.flush();
        continue;
      }
      if (node.nodeName === '#text') {
        const t = node as DefaultTreeAdapterTypes.TextNode;
        if (this.para.line === undefined && t.value.trim()) this.para.line = lineOf(t);
        this.para.parts.push(t.value);
        continue;
      }
      if (!isElement(node)) {
        // The document itself; comments and doctypes have no children.
        const kids = childrenOf(node);
        for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
        continue;
      }
      const tag = node.tagName;
      if (SKIP.has(tag) || hidden(node)) continue;
      if (tag === 'br') {
        this.flush();
        continue;
      }
      if (tag === 'table') {
        const rows = this.rowsOf(node);
        if (!this.isLayoutTable(rows)) {
          this.flush();
          this.table(node, rows);
          continue;
        }
      }
      const block = BLOCK.has(tag);
      if (block) {
        this.flush();
        stack.push(EXIT);
      }
      const kids = childrenOf(node);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
    this.flush();
  }

  /**
   * The rows of a table in source order, with the row group each belongs to (rowspan stops at a group's end), their
   * cells and the cells not hidden — found once for both deciding whether it is a layout table and reading it.
   */
  private rowsOf(table: Element): Row[] {
    const rows: Row[] = [];
    let group = 0;
    for (const c of table.childNodes) {
      if (!isElement(c)) continue;
      if (c.tagName === 'tr') rows.push(row(c, group));
      else if (c.tagName === 'thead' || c.tagName === 'tbody' || c.tagName === 'tfoot') {
        group++;
        for (const r of c.childNodes) if (isElement(r) && r.tagName === 'tr') rows.push(row(r, group));
        group++;
      }
    }
    return rows;
  }

  /** A table read as flowing text: it holds tables, has a single column, or a cell holds an article. */
  private isLayoutTable(rows: readonly Row[]): boolean {
    if (rows.length === 0) return true;
    if (rows.every((r) => r.visible.length <= 1)) return true;
    return rows.some((r) =>
      r.cells.some((c) =>
        this.measured
          ? (c as MeasuredElement).holdsTable || (c as MeasuredElement).chars > ARTICLE_CELL_CHARS
          : this.holdsTable.has(c) || (this.textLengths.get(c) ?? 0) > ARTICLE_CELL_CHARS,
      ),
    );
  }

  /** The tree is a fast tree whose elements carry their measures (html/fast-tree.ts): measure() is not run. */
  measured = false;
  /** Elements holding a table somewhere inside. */
  private readonly holdsTable = new Set<Element>();
  /** Characters of text inside each table cell. */
  private readonly textLengths = new Map<Element, number>();

  /**
   * One pass over the whole tree, children before parents, to know for every cell whether it holds a table and
   * how much text: deciding layout tables table by table would walk nested tables again and again. Also the one
   * place the nesting depth is checked.
   */
  measure(root: Node): void {
    // Post-order without recursion: each open element keeps a frame with its next child and the sums so far, so
    // no node needs a map entry (this pass touches every node of the page).
    interface Frame {
      node: Node;
      kids: readonly Node[];
      next: number;
      chars: number;
      table: boolean;
    }
    const frames: Frame[] = [{ node: root, kids: childrenOf(root), next: 0, chars: 0, table: false }];
    const max = this.limits.markupMaxDepth;
    for (;;) {
      const f = frames[frames.length - 1]!;
      if (f.next < f.kids.length) {
        const k = f.kids[f.next++]!;
        if (k.nodeName === '#text') {
          f.chars += (k as DefaultTreeAdapterTypes.TextNode).value.trim().length;
          if (frames.length > max) this.tooDeep();
          continue;
        }
        const kids = childrenOf(k);
        if (frames.length > max) this.tooDeep();
        if (kids.length === 0) {
          if (isElement(k) && k.tagName === 'table') f.table = true;
          if (isElement(k) && (k.tagName === 'td' || k.tagName === 'th')) this.textLengths.set(k, 0);
          continue;
        }
        frames.push({ node: k, kids, next: 0, chars: 0, table: false });
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      const node = f.node;
      if (isElement(node)) {
        if (f.table) this.holdsTable.add(node);
        if (node.tagName === 'td' || node.tagName === 'th') this.textLengths.set(node, f.chars);
      }
      if (!parent) return;
      parent.chars += f.chars;
      if (f.table || (isElement(node) && node.tagName === 'table')) parent.table = true;
    }
  }

  /** The text of one cell: its content with block boundaries and <br> as spaces, tidied. */
  private cellText(cell: Element): string {
    // Most cells hold one text node and nothing else.
    const only = cell.childNodes;
    if (only.length === 1 && only[0]!.nodeName === '#text')
      return tidy((only[0] as DefaultTreeAdapterTypes.TextNode).value);
    const parts: string[] = [];
    const stack: Node[] = [cell];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.nodeName === '#text') {
        parts.push((node as DefaultTreeAdapterTypes.TextNode).value);
        continue;
      }
      if (isElement(node)) {
        if (node !== cell && (SKIP.has(node.tagName) || hidden(node))) continue;
        if (node.tagName === 'br' || (node !== cell && BLOCK.has(node.tagName))) parts.push('\n');
      }
      const kids = childrenOf(node);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
    return tidy(parts.join(''));
  }

  /**
   * One data table → row blocks. Column positions follow the HTML table model: a cell lands in the first column
   * not taken by a rowspan from above; rowspan=0 runs to the end of the row group; spans are capped as browsers
   * cap them (colspan 1000, rowspan 65534).
   */
  private table(table: Element, rows: readonly Row[]): void {
    const t = this.tables++;
    for (const c of table.childNodes)
      if (isElement(c) && c.tagName === 'caption') {
        const text = this.cellText(c);
        if (text) this.blocks.push({ kind: 'para', text, prov: { line: lineOf(c) } });
      }
    // Rows left in each group, for rowspan=0.
    const groupLeft = new Map<number, number>();
    for (const r of rows) groupLeft.set(r.group, (groupLeft.get(r.group) ?? 0) + 1);
    /** Columns held by a rowspan from a row above: rows still to cover, and the span to repeat. */
    let carry: ({ left: number; span: number } | undefined)[] = [];
    let group = -1;
    // Plain loops, no closure or object spread per row or cell: this runs for every cell of every page.
    for (let rowIndex = 0; rowIndex < rows.length; rowIndex++) {
      const { tr, group: g, visible } = rows[rowIndex]!;
      if (g !== group) {
        carry = [];
        group = g;
      }
      const left = groupLeft.get(g)!;
      groupLeft.set(g, left - 1);
      const line = lineOf(tr);
      const cells: SourceCell[] = [];
      let col = 0;
      for (const cell of visible) {
        col = takeCarried(cells, carry, col, line, t, rowIndex);
        let colspanAttr: string | undefined;
        let rowspanAttr: string | undefined;
        for (const a of cell.attrs) {
          if (a.name === 'colspan') colspanAttr ??= a.value;
          else if (a.name === 'rowspan') rowspanAttr ??= a.value;
        }
        const colspan = clampInt(colspanAttr, 1, 1, 1000);
        const rowspanRaw = clampInt(rowspanAttr, 1, 0, 65534);
        const rowspan = rowspanRaw === 0 ? left : rowspanRaw;
        const text = this.cellText(cell);
        const sc: { text: string; prov: Provenance; span?: number } = {
          text,
          prov: prov(lineOf(cell) ?? line, t, rowIndex, col, text),
        };
        if (colspan > 1) sc.span = colspan;
        cells.push(sc);
        if (rowspan > 1) carry[col] = { left: rowspan - 1, span: colspan };
        col += colspan;
      }
      // Rowspans from above that reach past this row's last cell; a gap before one is one empty cell.
      while (col < carry.length) {
        if ((carry[col]?.left ?? 0) > 0) {
          col = takeCarried(cells, carry, col, line, t, rowIndex);
          continue;
        }
        let next = col + 1;
        while (next < carry.length && (carry[next]?.left ?? 0) <= 0) next++;
        if (next >= carry.length) break;
        cells.push(
          next - col > 1
            ? { text: '', prov: prov(line, t, rowIndex, col, ''), span: next - col }
            : { text: '', prov: prov(line, t, rowIndex, col, '') },
        );
        col = next;
      }
      if (cells.length)
        this.blocks.push({ kind: 'row', cells, prov: { line, table: t, row: rowIndex }, table: t });
    }
  }
}

/** Columns held by rowspans from rows above, from `col` on: one empty merged cell each. Returns the next column. */
function takeCarried(
  cells: SourceCell[],
  carry: readonly ({ left: number; span: number } | undefined)[],
  col: number,
  line: number | undefined,
  table: number,
  row: number,
): number {
  for (let c = carry[col]; c && c.left > 0; c = carry[col]) {
    c.left--;
    cells.push(
      c.span > 1
        ? { text: '', prov: prov(line, table, row, col, ''), span: c.span, merged: true }
        : { text: '', prov: prov(line, table, row, col, ''), merged: true },
    );
    col += c.span;
  }
  return col;
}

function prov(line: number | undefined, table: number, row: number, col: number, text: string): Provenance {
  return { line, table, row, col, text };
}

function clampInt(v: string | undefined, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  const n = Number.parseInt(v.trim(), 10);
  if (!Number.isFinite(n)) return def;
  return Math.min(max, Math.max(min, n));
}
