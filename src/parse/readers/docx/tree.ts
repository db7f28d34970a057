// The DOCX body read from a parsed tree (docx/xml.ts): the reader as it was up to session 6, kept as the reference
// the streaming reader (docx/stream.ts) is compared with — test/docx-stream-agreement.test.ts reads generated and
// damaged documents with both and requires the same blocks, and the same failures. Not used to read files.
import type { Provenance } from '../../../domain/report/model.ts';
import type { SourceBlock, SourceCell } from '../../source.ts';
import { tidy } from '../shared/text.ts';
import { HIDDEN, TRANSPARENT } from './stream.ts';
import { child, kids, type XmlElement } from './xml.ts';

/** The blocks of a parsed main part, or null when it is not a w:document with a w:body. */
export function treeBlocks(doc: XmlElement): SourceBlock[] | null {
  const body = child(doc, 'w:body');
  if (doc.name !== 'w:document' || !body) return null;
  const reader = new DocxReader();
  reader.blockContent(body);
  return reader.blocks;
}

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
