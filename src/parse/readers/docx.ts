// The DOCX reader: word/document.xml → SourceDocument, paragraphs and tables in body order. Tables keep Word's grid:
// gridSpan becomes `span`, a vMerge continuation becomes an empty merged cell, gridBefore/gridAfter become empty
// cells, so a value stays under its column header. (mammoth drops vMerge, which is why the XML is read here.)
// Word's automatic numbering is not in the text: a heading numbered by Word arrives as "总体情况", which the
// extractor matches without its ordinal.
import type { Provenance } from '../../domain/report/model.ts';
import { UnreadableError } from '../index.ts';
import { checkSize, currentLimits, type ReadLimits } from '../limits.ts';
import type { SourceBlock, SourceCell, SourceDocument } from '../source.ts';
import { child, kids, parseXmlBytes, type XmlElement, XmlError } from './docx/xml.ts';
import { Zip } from './docx/zip.ts';
import { tidy } from './shared/text.ts';

const OFFICE_DOCUMENT = /\/officeDocument$/;

export async function read(
  bytes: Uint8Array,
  file: string,
  limits: ReadLimits = currentLimits(),
): Promise<SourceDocument> {
  checkSize(bytes.byteLength, file, limits);
  const zip = Zip.open(bytes, file, limits);
  const fail = (why: string): never => {
    throw new UnreadableError(`${file}：${why}`, file);
  };
  const xml = (name: string, hollow?: ReadonlySet<string>): XmlElement | null => {
    const data = zip.read(name);
    if (!data) return null;
    try {
      return parseXmlBytes(
        Buffer.from(data.buffer, data.byteOffset, data.byteLength),
        limits.markupMaxDepth,
        hollow,
      );
    } catch (e) {
      if (e instanceof XmlError) return fail(`DOCX 中 ${name} 无法解析（${e.message}）`);
      throw e;
    }
  };
  const main = mainPart(zip, xml);
  if (!main) {
    if (zip.has('xl/workbook.xml')) fail('这是 Excel 表格（XLSX），不是 Word 文档，暂不支持');
    if (zip.has('ppt/presentation.xml')) fail('这是 PowerPoint 演示文稿（PPTX），不是 Word 文档，暂不支持');
    if (zip.has('content.xml') && zip.has('mimetype'))
      fail('这是 OpenDocument 文档（ODT），请另存为 DOCX 后再读取');
    fail('ZIP 压缩包中没有 Word 文档正文（word/document.xml），不是 DOCX 文件');
  }
  const doc = xml(main!, HOLLOW)!;
  const body = child(doc, 'w:body');
  if (doc.name !== 'w:document' || !body) fail('DOCX 正文格式不正确（缺少 w:body）');
  const reader = new DocxReader();
  reader.blockContent(body!);
  return { form: 'docx', blocks: reader.blocks, notes: [], meta: coreTitle(zip) };
}

/** The document's title from its core properties (docProps/core.xml), when the author set one. */
function coreTitle(zip: Zip): { fallbackTitle?: string } {
  const data = zip.read('docProps/core.xml');
  if (!data) return {};
  const m = /<dc:title>([^<]{1,300})<\/dc:title>/.exec(Buffer.from(data).toString('utf8'));
  const title = m?.[1]?.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').trim();
  return title ? { fallbackTitle: title } : {};
}

/** The main document part, from the package relationships (usually word/document.xml). */
function mainPart(zip: Zip, xml: (name: string) => XmlElement | null): string | null {
  const rels = zip.has('_rels/.rels') ? xml('_rels/.rels') : null;
  if (rels)
    for (const r of kids(rels))
      if (OFFICE_DOCUMENT.test(r.attrs.Type ?? '') && r.attrs.Target) {
        const target = r.attrs.Target.replace(/^\//, '');
        if (zip.has(target)) return target;
      }
  return zip.has('word/document.xml') ? 'word/document.xml' : null;
}

/** Wrappers whose content stands in for them: content controls, custom XML, tracked insertions. */
const TRANSPARENT = new Set([
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
const HIDDEN = new Set([
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

/**
 * Elements of the main part whose content this reader never looks at (every walk below stops at them: HIDDEN, and
 * none of them is a paragraph, table, row, cell or wrapper): parsed without their content (xml.ts), which spares
 * building about half the elements of a Word document. Row and cell properties (gridBefore, gridSpan, vMerge) are
 * read, so they are not here.
 */
export const HOLLOW: ReadonlySet<string> = new Set(['w:rPr', 'w:pPr', 'w:sectPr', 'w:tblPr']);

class DocxReader {
  readonly blocks: SourceBlock[] = [];
  private tables = 0;

  /** Body-level content: paragraphs and tables, in order. */
  blockContent(el: XmlElement): void {
    for (const c of kids(el)) {
      if (c.name === 'w:p') this.paragraph(c);
      else if (c.name === 'w:tbl') this.table(c);
      else if (c.name === 'mc:AlternateContent') {
        const choice = child(c, 'mc:Choice');
        if (choice) this.blockContent(choice);
      } else if (TRANSPARENT.has(c.name)) this.blockContent(c);
    }
  }

  private paragraph(p: XmlElement): void {
    const boxes: XmlElement[] = [];
    const text = runText(p, boxes);
    for (const line of text.split('\n')) {
      const t = tidy(line);
      if (t) this.blocks.push({ kind: 'para', text: t, prov: {} });
    }
    // Text boxes anchored in the paragraph (titles are sometimes set in one) follow it.
    for (const box of boxes) this.blockContent(box);
  }

  private table(tbl: XmlElement): void {
    const t = this.tables++;
    const rows = flatten(tbl, 'w:tr');
    rows.forEach((tr, rowIndex) => {
      const trPr = child(tr, 'w:trPr');
      const before = intVal(trPr && child(trPr, 'w:gridBefore'), 0);
      const after = intVal(trPr && child(trPr, 'w:gridAfter'), 0);
      const cells: SourceCell[] = [];
      let col = 0;
      const prov = (text: string): Provenance => ({ table: t, row: rowIndex, col, text });
      if (before > 0) {
        cells.push({ text: '', prov: prov(''), ...(before > 1 ? { span: before } : {}) });
        col += before;
      }
      for (const tc of flatten(tr, 'w:tc')) {
        const tcPr = child(tc, 'w:tcPr');
        const span = Math.max(1, Math.min(1000, intVal(tcPr && child(tcPr, 'w:gridSpan'), 1)));
        const vMerge = tcPr && child(tcPr, 'w:vMerge');
        // 《ECMA-376》17.4.85: vMerge without val (or val="continue") continues the cell above.
        const continues = vMerge !== undefined && (vMerge.attrs['w:val'] ?? 'continue') === 'continue';
        const hMerge = tcPr && child(tcPr, 'w:hMerge');
        if (hMerge && (hMerge.attrs['w:val'] ?? 'continue') === 'continue' && cells.length) {
          // Legacy horizontal merge: widen the previous cell instead of adding one.
          const last = cells[cells.length - 1]!;
          cells[cells.length - 1] = { ...last, span: (last.span ?? 1) + span };
          col += span;
          continue;
        }
        if (continues) cells.push({ text: '', prov: prov(''), ...(span > 1 ? { span } : {}), merged: true });
        else {
          const text = this.cellText(tc);
          cells.push({ text, prov: prov(text), ...(span > 1 ? { span } : {}) });
        }
        col += span;
      }
      if (after > 0) cells.push({ text: '', prov: prov(''), ...(after > 1 ? { span: after } : {}) });
      if (cells.length) this.blocks.push({ kind: 'row', cells, prov: { table: t, row: rowIndex }, table: t });
    });
  }

  /** A cell's paragraphs joined; a table nested in the cell contributes its text. */
  private cellText(tc: XmlElement): string {
    const parts: string[] = [];
    const walk = (el: XmlElement) => {
      for (const c of kids(el)) {
        if (c.name === 'w:p') parts.push(runText(c, []));
        else if (c.name === 'w:tbl')
          for (const tr of flatten(c, 'w:tr')) for (const inner of flatten(tr, 'w:tc')) walk(inner);
        else if (c.name === 'mc:AlternateContent') {
          const choice = child(c, 'mc:Choice');
          if (choice) walk(choice);
        } else if (TRANSPARENT.has(c.name)) walk(c);
      }
    };
    walk(tc);
    return tidy(parts.join('\n'));
  }
}

/** Elements of one name directly under `el` or under transparent wrappers (a row inside a content control). */
function flatten(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of kids(el)) {
    if (c.name === name) out.push(c);
    else if (TRANSPARENT.has(c.name)) out.push(...flatten(c, name));
  }
  return out;
}

function intVal(el: XmlElement | undefined, def: number): number {
  const v = el?.attrs['w:val'];
  if (v === undefined) return def;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 0 ? n : def;
}

/**
 * The visible text of a paragraph: w:t, tabs, line breaks ("\n"), symbols; deletions and field instructions left
 * out. Text boxes met on the way are collected into `boxes` rather than mixed into the line.
 */
function runText(p: XmlElement, boxes: XmlElement[]): string {
  let out = '';
  const walk = (el: XmlElement) => {
    for (const c of el.children) {
      if (typeof c === 'string') {
        if (el.name === 'w:t') out += c;
        continue;
      }
      switch (c.name) {
        case 'w:t':
          walk(c);
          break;
        case 'w:tab':
        case 'w:ptab':
          out += '\t';
          break;
        case 'w:br':
        case 'w:cr':
          out += '\n';
          break;
        case 'w:noBreakHyphen':
          out += '-';
          break;
        case 'w:sym': {
          const code = Number.parseInt(c.attrs['w:char'] ?? '', 16);
          // Symbol-font code points (F000–F0FF) are pictures, not text.
          if (Number.isFinite(code) && code > 0x20 && (code < 0xf000 || code > 0xf0ff))
            out += String.fromCodePoint(code);
          break;
        }
        case 'w:txbxContent':
          boxes.push(c);
          break;
        case 'w:p':
          // A paragraph inside a run's drawing outside a text box: keep its text on its own line.
          out += `\n${runText(c, boxes)}\n`;
          break;
        case 'mc:AlternateContent': {
          const choice = child(c, 'mc:Choice');
          if (choice) walk(choice);
          break;
        }
        default:
          if (!HIDDEN.has(c.name)) walk(c);
      }
    }
  };
  walk(p);
  return out;
}
