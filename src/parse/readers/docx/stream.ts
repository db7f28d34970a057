// The DOCX main part read in one pass (issue 18): the tags of word/document.xml are scanned as docx/xml.ts scans them
// — the same comments, CDATA, processing instructions, DOCTYPE skipping, quoted '>' in attributes, lenient end tags
// (they close up to the matching open element), namespace prefixes rewritten to fixed ones, and the same depth
// limit — but no tree is built. Each open element gets a mode from its parent (body content, paragraph text, table,
// row, cell, …) that says what the tree walk of docx/tree.ts would do with it; paragraphs and table rows are made
// when their element closes. Inside everything the walk never looks at (run and paragraph properties, deletions,
// field instructions, drawings' other parts) only the element names are kept, for the end tags and the depth limit:
// no name is resolved, no attribute read, no text decoded there. Text is decoded only inside w:t.
// test/docx-stream-agreement.test.ts requires the same blocks as the tree walk on generated and damaged documents.
import { isUtf8 } from 'node:buffer';
import type { Provenance } from '../../../domain/report/model.ts';
import type { SourceBlock, SourceCell } from '../../source.ts';
import { tidy } from '../shared/text.ts';
import {
  ByteTagEnds,
  canonicalName,
  decodeEntities,
  type NameCache,
  tagAttributes,
  XmlError,
} from './xml.ts';

/** Wrappers whose content stands in for them: content controls, custom XML, tracked insertions. */
export const TRANSPARENT: ReadonlySet<string> = new Set([
  'w:sdt',
  'w:sdtContent',
  'w:customXml',
  'w:smartTag',
  'w:ins',
  'w:moveTo',
  'w:fldSimple',
  'w:hyperlink',
  'w:dir',
  'w:bdo',
]);
/** Content that is not shown: deletions, moved-away text, properties, field instructions. */
export const HIDDEN: ReadonlySet<string> = new Set([
  'w:del',
  'w:moveFrom',
  'w:pPr',
  'w:rPr',
  'w:tblPr',
  'w:trPr',
  'w:tcPr',
  'w:sectPr',
  'w:instrText',
  'w:delText',
  'w:sdtPr',
  'w:sdtEndPr',
  'mc:Fallback',
]);

/** What an open element is to the reader (the tree walk's function that would visit it). */
enum Mode {
  /** Outside the root element. */
  Top,
  /** The root w:document: its first w:body is read. */
  Doc,
  /** Body content (blockContent): paragraphs, tables, wrappers. */
  Block,
  /** Inside a paragraph (runText): text, tabs, breaks, text boxes. */
  Run,
  /** A table (flatten for rows). */
  Table,
  /** A row, or a wrapper inside one (flatten for cells). */
  Row,
  /** A row's first w:trPr. */
  TrPr,
  /** A cell's first w:tcPr. */
  TcPr,
  /** A cell's content (cellText's walk). */
  Cell,
  /** A table nested in a cell (its rows' cells are walked as the cell's content). */
  NestedTable,
  NestedRow,
  /** mc:AlternateContent: its first mc:Choice is read in the mode it stands in. */
  Alt,
  /** Never looked at. */
  Skip,
}

interface Para {
  out: string;
  /** Blocks of the text boxes met in a body paragraph, which follow its lines; null in a cell (they are dropped). */
  readonly deferred: SourceBlock[] | null;
}

interface RowAcc {
  readonly table: number;
  readonly index: number;
  readonly sink: SourceBlock[];
  trPrSeen: boolean;
  before?: Record<string, string>;
  after?: Record<string, string>;
  readonly cells: CellAcc[];
}

interface CellAcc {
  readonly parts: string[];
  tcPrSeen: boolean;
  gridSpan?: Record<string, string>;
  vMerge?: Record<string, string>;
  hMerge?: Record<string, string>;
}

/**
 * An open element. One shape for all (a class, every field set in the constructor): the scan makes one for every
 * element it reads, and V8 keeps the accesses monomorphic.
 */
class Frame {
  /** Doc / Alt / TrPr / TcPr: which first children were seen (bits). */
  seen = 0;
  constructor(
    readonly raw: string,
    readonly ns: ReadonlyMap<string, string>,
    readonly mode: Mode,
    /** Canonical name ('' in skipped content). */
    readonly name: string,
    /** What closing the element does. */
    readonly close: Close,
    /** Block: where its blocks go. Table: where its rows go. BodyPara: where its lines and boxes go. */
    readonly sink: SourceBlock[] | null,
    readonly para: Para | null,
    readonly cell: CellAcc | null,
    readonly row: RowAcc | null,
    /** Table: its number and the next row's index. */
    readonly table: { readonly t: number; rows: number } | null,
    /** Alt: the mode (and the context above) its first mc:Choice is read in. */
    readonly alt: Mode,
  ) {}
}

enum Close {
  None,
  /** A body or text-box paragraph: its lines, then its boxes' blocks. */
  BodyPara,
  /** A paragraph in a cell: one part of the cell's text. */
  CellPara,
  /** A paragraph inside a run (runText's 'w:p'): its text on lines of its own. */
  InnerPara,
  Row,
  Cell,
}

/** Elements whose attributes the reader reads (w:val, w:char). */
const WITH_ATTRS: ReadonlySet<string> = new Set([
  'w:sym',
  'w:gridBefore',
  'w:gridAfter',
  'w:gridSpan',
  'w:vMerge',
  'w:hMerge',
]);
const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_NS: ReadonlyMap<string, string> = new Map();

/**
 * Read the main part's bytes to blocks, as docx/tree.ts reads the tree parseXmlBytes makes of them: null when it is
 * not a w:document with a w:body. Throws XmlError where parseXml would (nesting deeper than `maxDepth`, no root
 * element).
 */
export function streamBlocks(bytes: Buffer, maxDepth: number): SourceBlock[] | null {
  // Bytes that are not UTF-8 are read as the tree reader reads them, decoded whole (U+FFFD for what is not UTF-8):
  // re-encoded, they are UTF-8 that decodes to the same text.
  return new Scan(isUtf8(bytes) ? bytes : Buffer.from(bytes.toString('utf8'), 'utf8'), maxDepth).run();
}

class Scan {
  private readonly names: NameCache = new Map();
  private readonly blocks: SourceBlock[] = [];
  private tables = 0;
  private rootName: string | null = null;
  private bodySeen = false;
  private readonly stack: Frame[];

  /** Names met, by a hash of their bytes (a few dozen distinct names, each met thousands of times). */
  private readonly interned = new Map<number, string>();

  constructor(
    /**
     * The part, valid UTF-8, scanned as bytes: the markup is ASCII, so every delimiter is a byte of its own, and
     * only what is read is made a string (turning the whole part into one was a quarter of reading it).
     */
    private readonly src: Buffer,
    private readonly maxDepth: number,
  ) {
    this.stack = [
      new Frame(
        '#root',
        new Map([['xml', 'xml']]),
        Mode.Top,
        '#root',
        Close.None,
        null,
        null,
        null,
        null,
        null,
        Mode.Skip,
      ),
    ];
  }

  /** The text of a source range (whole characters: the range starts and ends at markup). */
  private piece(from: number, to: number): string {
    return this.src.toString('utf8', from, to);
  }

  /** An ASCII name's string, interned: equal bytes give the string made the first time. */
  private name(from: number, to: number, hash: number): string {
    const src = this.src;
    const known = this.interned.get(hash);
    if (known !== undefined && known.length === to - from) {
      let j = 0;
      while (j < known.length && known.charCodeAt(j) === src[from + j]) j++;
      if (j === known.length) return known;
    }
    const s = src.toString('latin1', from, to);
    this.interned.set(hash, s);
    return s;
  }

  run(): SourceBlock[] | null {
    const { src, stack, maxDepth } = this;
    const tagEnds = new ByteTagEnds(src);
    let xmlnsAt = -2;
    const n = src.length;
    let i = 0;
    while (i < n) {
      // The next '<' by a loop, not Buffer#indexOf: markup is dense, and the native call costs more than the few
      // bytes it skips (ByteTagEnds).
      let lt = i;
      while (lt < n && src[lt] !== 60 /* < */) lt++;
      if (lt === n) lt = -1;
      const top = stack[stack.length - 1]!;
      // Text counts only directly inside w:t (runText); elsewhere it is never read.
      const wantText = top.mode === Mode.Run && top.name === 'w:t';
      if (lt < 0) {
        if (wantText) top.para!.out += decodeEntities(this.piece(i, n));
        break;
      }
      if (lt > i && wantText) top.para!.out += decodeEntities(this.piece(i, lt));
      const c1 = lt + 1 < n ? src[lt + 1]! : -1;
      if (c1 === 33 /* ! */) {
        if (src[lt + 2] === 45 && src[lt + 3] === 45 /* <!-- */) {
          const end = src.indexOf('-->', lt + 4);
          i = end < 0 ? n : end + 3;
          continue;
        }
        if (startsWithCdata(src, lt)) {
          const end = src.indexOf(']]>', lt + 9);
          if (wantText) top.para!.out += this.piece(lt + 9, end < 0 ? n : end);
          i = end < 0 ? n : end + 3;
          continue;
        }
        // DOCTYPE (with a possible internal subset): skipped, never interpreted.
        let depth = 0;
        let j = lt + 2;
        for (; j < n; j++) {
          const c = src[j];
          if (c === 91 /* [ */) depth++;
          else if (c === 93 /* ] */) depth--;
          else if (c === 62 /* > */ && depth <= 0) break;
        }
        i = j + 1;
        continue;
      }
      if (c1 === 63 /* ? */) {
        const end = src.indexOf('?>', lt + 2);
        i = end < 0 ? n : end + 2;
        continue;
      }
      const gt = tagEnds.find(lt + 1);
      if (gt < 0) break; // truncated tag at the end: ignore the rest
      i = gt + 1;
      if (c1 === 47 /* / */) {
        const raw = this.endName(lt, gt);
        for (let k = stack.length - 1; k > 0; k--)
          if (stack[k]!.raw === raw) {
            this.closeTo(k);
            break;
          }
        continue;
      }
      const selfClosing = gt > lt + 1 && src[gt - 1] === 47;
      // A self-closing element in skipped content leaves no trace: nothing to close, no depth.
      if (top.mode === Mode.Skip && selfClosing) continue;
      const innerEnd = selfClosing ? gt - 1 : gt;
      // The name: up to the first white space, scanned in place while it is ASCII (as the decoded tag reads).
      let e = lt + 1;
      let ascii = true;
      let hash = 0;
      for (; e < innerEnd; e++) {
        const c = src[e]!;
        if (c === 32 || (c >= 9 && c <= 13)) break;
        if (c >= 128) {
          ascii = false;
          break;
        }
        hash = (Math.imul(hash, 31) + c) | 0;
      }
      let raw: string;
      let sp: number;
      let inner: string | null = null;
      if (ascii) {
        raw = this.name(lt + 1, e, hash);
        sp = e < innerEnd ? e - lt - 1 : -1;
      } else {
        inner = this.piece(lt + 1, innerEnd);
        sp = inner.search(/\s/);
        raw = sp < 0 ? inner : inner.slice(0, sp);
      }
      if (top.mode === Mode.Skip) {
        if (stack.length > maxDepth) throw new XmlError(`XML 嵌套层级超过 ${maxDepth} 层`);
        stack.push(new Frame(raw, NO_NS, Mode.Skip, '', Close.None, null, null, null, null, null, Mode.Skip));
        continue;
      }
      // Namespace declarations on this tag (looked for only when 'xmlns' occurs in it).
      let ns = top.ns;
      let attrs: Record<string, string> | null = null;
      if (sp >= 0) {
        if (xmlnsAt !== -1 && xmlnsAt < lt) xmlnsAt = src.indexOf('xmlns', lt);
        if (xmlnsAt >= 0 && xmlnsAt < innerEnd) {
          inner ??= this.piece(lt + 1, innerEnd);
          const a = tagAttributes(inner, sp, top.ns, this.names);
          ns = a.ns;
          attrs = a.attrs;
        }
      }
      const name = canonicalName(this.names, raw, ns, true);
      if (attrs === null && WITH_ATTRS.has(name)) {
        if (sp < 0) attrs = NO_ATTRS;
        else {
          inner ??= this.piece(lt + 1, innerEnd);
          attrs = tagAttributes(inner, sp, top.ns, this.names).attrs;
        }
      }
      const frame = this.open(top, raw, ns, name, attrs ?? NO_ATTRS);
      if (selfClosing) {
        if (frame) this.closeFrame(frame);
        continue;
      }
      if (stack.length > maxDepth) throw new XmlError(`XML 嵌套层级超过 ${maxDepth} 层`);
      stack.push(
        frame ?? new Frame(raw, ns, Mode.Skip, '', Close.None, null, null, null, null, null, Mode.Skip),
      );
    }
    this.closeTo(1);
    if (this.rootName === null) throw new XmlError('没有 XML 根元素');
    return this.rootName === 'w:document' && this.bodySeen ? this.blocks : null;
  }

  /** An end tag's name: what follows '</', trimmed (decoded first when it is not ASCII). */
  private endName(lt: number, gt: number): string {
    const src = this.src;
    for (let j = lt + 2; j < gt; j++)
      if (src[j]! >= 128)
        return this.piece(lt + 1, gt)
          .slice(1)
          .trim();
    // ASCII: String.prototype.trim's white space here is TAB, LF, VT, FF, CR and SPACE.
    let from = lt + 2;
    let to = gt;
    while (from < to && isSpace(src[from]!)) from++;
    while (to > from && isSpace(src[to - 1]!)) to--;
    let hash = 0;
    for (let j = from; j < to; j++) hash = (Math.imul(hash, 31) + src[j]!) | 0;
    return this.name(from, to, hash);
  }

  /** Close the open elements from index k up (innermost first). */
  private closeTo(k: number): void {
    const stack = this.stack;
    for (let j = stack.length - 1; j >= k; j--) this.closeFrame(stack[j]!);
    stack.length = k;
  }

  private closeFrame(f: Frame): void {
    switch (f.close) {
      case Close.BodyPara: {
        const para = f.para!;
        const sink = f.sink!;
        for (const line of para.out.split('\n')) {
          const t = tidy(line);
          if (t) sink.push({ kind: 'para', text: t, prov: {} });
        }
        for (const b of para.deferred!) sink.push(b);
        break;
      }
      case Close.CellPara:
        f.cell!.parts.push(f.para!.out);
        break;
      case Close.InnerPara:
        f.para!.out += '\n';
        break;
      case Close.Cell:
        f.row!.cells.push(f.cell!);
        break;
      case Close.Row:
        finishRow(f.row!);
        break;
    }
  }

  /**
   * The frame of an element opened under `top`, or null when its content is never read. Text appended on opening
   * (tabs, breaks, symbols) is appended here.
   */
  private open(
    top: Frame,
    raw: string,
    ns: ReadonlyMap<string, string>,
    name: string,
    attrs: Record<string, string>,
  ): Frame | null {
    switch (top.mode) {
      case Mode.Top:
        if (this.rootName !== null) return null;
        this.rootName = name;
        return name === 'w:document' ? frame(raw, ns, Mode.Doc, name, Close.None) : null;
      case Mode.Doc:
        if (name !== 'w:body' || this.bodySeen) return null;
        this.bodySeen = true;
        return frame(raw, ns, Mode.Block, name, Close.None, this.blocks);
      case Mode.Block:
        return this.blockChild(raw, ns, name, top.sink!);
      case Mode.Run:
        return runChild(top.para!, raw, ns, name, attrs);
      case Mode.Table:
        if (name === 'w:tr') {
          const table = top.table!;
          const row: RowAcc = {
            table: table.t,
            index: table.rows++,
            sink: top.sink!,
            trPrSeen: false,
            cells: [],
          };
          return frame(raw, ns, Mode.Row, name, Close.Row, null, null, null, row);
        }
        return TRANSPARENT.has(name)
          ? frame(raw, ns, Mode.Table, name, Close.None, top.sink, null, null, null, top.table)
          : null;
      case Mode.Row: {
        const row = top.row!;
        // child(tr, 'w:trPr'): the row's own first one, not one inside a wrapper.
        if (name === 'w:trPr' && top.close === Close.Row && !row.trPrSeen) {
          row.trPrSeen = true;
          return frame(raw, ns, Mode.TrPr, name, Close.None, null, null, null, row);
        }
        if (name === 'w:tc') {
          const cell: CellAcc = { parts: [], tcPrSeen: false };
          return frame(raw, ns, Mode.Cell, name, Close.Cell, null, null, cell, row);
        }
        return TRANSPARENT.has(name)
          ? frame(raw, ns, Mode.Row, name, Close.None, null, null, null, row)
          : null;
      }
      case Mode.TrPr: {
        const row = top.row!;
        if (name === 'w:gridBefore' && !(top.seen & 1)) {
          top.seen |= 1;
          row.before = attrs;
        } else if (name === 'w:gridAfter' && !(top.seen & 2)) {
          top.seen |= 2;
          row.after = attrs;
        }
        return null;
      }
      case Mode.TcPr: {
        const cell = top.cell!;
        if (name === 'w:gridSpan' && !(top.seen & 1)) {
          top.seen |= 1;
          cell.gridSpan = attrs;
        } else if (name === 'w:vMerge' && !(top.seen & 2)) {
          top.seen |= 2;
          cell.vMerge = attrs;
        } else if (name === 'w:hMerge' && !(top.seen & 4)) {
          top.seen |= 4;
          cell.hMerge = attrs;
        }
        return null;
      }
      case Mode.Cell: {
        const cell = top.cell!;
        // child(tc, 'w:tcPr'): the cell's own first one.
        if (name === 'w:tcPr' && top.close === Close.Cell && !cell.tcPrSeen) {
          cell.tcPrSeen = true;
          return frame(raw, ns, Mode.TcPr, name, Close.None, null, null, cell);
        }
        return cellChild(raw, ns, name, cell);
      }
      case Mode.NestedTable:
        if (name === 'w:tr') return frame(raw, ns, Mode.NestedRow, name, Close.None, null, null, top.cell);
        return TRANSPARENT.has(name)
          ? frame(raw, ns, Mode.NestedTable, name, Close.None, null, null, top.cell)
          : null;
      case Mode.NestedRow:
        if (name === 'w:tc') return frame(raw, ns, Mode.Cell, name, Close.None, null, null, top.cell);
        return TRANSPARENT.has(name)
          ? frame(raw, ns, Mode.NestedRow, name, Close.None, null, null, top.cell)
          : null;
      case Mode.Alt:
        // child(c, 'mc:Choice'): the first one only, read as the content it stands in.
        if (name !== 'mc:Choice' || top.seen) return null;
        top.seen = 1;
        return frame(raw, ns, top.alt, name, Close.None, top.sink, top.para, top.cell);
      default:
        return null;
    }
  }

  private blockChild(
    raw: string,
    ns: ReadonlyMap<string, string>,
    name: string,
    sink: SourceBlock[],
  ): Frame | null {
    if (name === 'w:p')
      return frame(raw, ns, Mode.Run, name, Close.BodyPara, sink, { out: '', deferred: [] });
    if (name === 'w:tbl')
      return frame(raw, ns, Mode.Table, name, Close.None, sink, null, null, null, {
        t: this.tables++,
        rows: 0,
      });
    if (name === 'mc:AlternateContent')
      return frame(raw, ns, Mode.Alt, name, Close.None, sink, null, null, null, null, Mode.Block);
    return TRANSPARENT.has(name) ? frame(raw, ns, Mode.Block, name, Close.None, sink) : null;
  }
}

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

const CDATA = Buffer.from('<![CDATA[', 'latin1');
function startsWithCdata(src: Buffer, at: number): boolean {
  if (at + CDATA.length > src.length) return false;
  for (let j = 0; j < CDATA.length; j++) if (src[at + j] !== CDATA[j]) return false;
  return true;
}

function frame(
  raw: string,
  ns: ReadonlyMap<string, string>,
  mode: Mode,
  name: string,
  close: Close,
  sink: SourceBlock[] | null = null,
  para: Para | null = null,
  cell: CellAcc | null = null,
  row: RowAcc | null = null,
  table: { readonly t: number; rows: number } | null = null,
  alt: Mode = Mode.Skip,
): Frame {
  return new Frame(raw, ns, mode, name, close, sink, para, cell, row, table, alt);
}

function cellChild(raw: string, ns: ReadonlyMap<string, string>, name: string, cell: CellAcc): Frame | null {
  if (name === 'w:p')
    return frame(raw, ns, Mode.Run, name, Close.CellPara, null, { out: '', deferred: null }, cell);
  if (name === 'w:tbl') return frame(raw, ns, Mode.NestedTable, name, Close.None, null, null, cell);
  if (name === 'mc:AlternateContent')
    return frame(raw, ns, Mode.Alt, name, Close.None, null, null, cell, null, null, Mode.Cell);
  return TRANSPARENT.has(name) ? frame(raw, ns, Mode.Cell, name, Close.None, null, null, cell) : null;
}

function runChild(
  para: Para,
  raw: string,
  ns: ReadonlyMap<string, string>,
  name: string,
  attrs: Record<string, string>,
): Frame | null {
  switch (name) {
    case 'w:tab':
    case 'w:ptab':
      para.out += '\t';
      return null;
    case 'w:br':
    case 'w:cr':
      para.out += '\n';
      return null;
    case 'w:noBreakHyphen':
      para.out += '-';
      return null;
    case 'w:sym': {
      const code = Number.parseInt(attrs['w:char'] ?? '', 16);
      // Symbol-font code points (F000–F0FF) are pictures, not text.
      if (Number.isFinite(code) && code > 0x20 && (code < 0xf000 || code > 0xf0ff))
        para.out += String.fromCodePoint(code);
      return null;
    }
    case 'w:txbxContent':
      // A text box: its content is body content, after the paragraph's lines; in a cell it is dropped.
      return para.deferred ? frame(raw, ns, Mode.Block, name, Close.None, para.deferred) : null;
    case 'w:p':
      // A paragraph inside a run's drawing outside a text box: its text on its own line.
      para.out += '\n';
      return frame(raw, ns, Mode.Run, name, Close.InnerPara, null, para);
    case 'mc:AlternateContent':
      return frame(raw, ns, Mode.Alt, name, Close.None, null, para, null, null, null, Mode.Run);
    default:
      // w:t and every other element not hidden: walked for its w:t text.
      return HIDDEN.has(name) ? null : frame(raw, ns, Mode.Run, name, Close.None, null, para);
  }
}

function intVal(attrs: Record<string, string> | undefined, def: number): number {
  const v = attrs?.['w:val'];
  if (v === undefined) return def;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 0 ? n : def;
}

/** A row's cells on Word's grid (see docx.ts): gridBefore/gridAfter as empty cells, gridSpan, vMerge, hMerge. */
function finishRow(row: RowAcc): void {
  const t = row.table;
  const before = intVal(row.before, 0);
  const after = intVal(row.after, 0);
  const cells: SourceCell[] = [];
  let col = 0;
  const prov = (text: string): Provenance => ({ table: t, row: row.index, col, text });
  if (before > 0) {
    cells.push({ text: '', prov: prov(''), ...(before > 1 ? { span: before } : {}) });
    col += before;
  }
  for (const tc of row.cells) {
    const span = Math.max(1, Math.min(1000, intVal(tc.gridSpan, 1)));
    // 《ECMA-376》17.4.85: vMerge without val (or val="continue") continues the cell above.
    const continues = tc.vMerge !== undefined && (tc.vMerge['w:val'] ?? 'continue') === 'continue';
    if (tc.hMerge && (tc.hMerge['w:val'] ?? 'continue') === 'continue' && cells.length) {
      // Legacy horizontal merge: widen the previous cell instead of adding one.
      const last = cells[cells.length - 1]!;
      cells[cells.length - 1] = { ...last, span: (last.span ?? 1) + span };
      col += span;
      continue;
    }
    if (continues) cells.push({ text: '', prov: prov(''), ...(span > 1 ? { span } : {}), merged: true });
    else {
      const text = tidy(tc.parts.join('\n'));
      cells.push({ text, prov: prov(text), ...(span > 1 ? { span } : {}) });
    }
    col += span;
  }
  if (after > 0) cells.push({ text: '', prov: prov(''), ...(after > 1 ? { span: after } : {}) });
  if (cells.length) row.sink.push({ kind: 'row', cells, prov: { table: t, row: row.index }, table: t });
}
