// DOCX in the official layout: the title, the six sections of 《条例》第五十条 with their text, and tables 二/三/四
// drawn from the shared grid with the merges of the format (gridSpan / vMerge). Page and type follow GB/T 9704—2012:
// A4, type area 156 × 225 mm (天头 37 mm, 订口 28 mm), title 二号小标宋, first-level headings 三号黑体, body 三号仿宋 at
// 22 lines a page, page numbers "— 1 —"; tables in a smaller size so that 表三 and 表四 fit the type area.
import {
  AlignmentType,
  Document,
  HeadingLevel,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { Report } from '../domain/report/model.ts';
import { type FontSet, OFFICIAL_FONTS } from './fonts.ts';
import { type GridCell, isRowLabel, type TableGrid } from './grid.ts';
import { officialSection, twips } from './official-page.ts';
import { cellText, reportSections, reportTitle } from './view.ts';

export interface DocxOptions {
  /** Faces to name; the official ones by default (see fonts.ts). */
  readonly fonts?: FontSet;
}

// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt, 小五 9 pt.
const TITLE_SIZE = 44;
const TEXT_SIZE = 32;
/** 22 lines in the 225 mm type area: an exact line pitch of 28.95 pt. */
const LINE = Math.round((225 / 22 / 25.4) * 1440);
/** First-line indent of two characters of 三号. */
const INDENT = TEXT_SIZE * 20;
const tableSize = (grid: TableGrid) => (grid.id === 't2' ? 21 : 18);

const face = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });

export async function renderDocx(report: Report, opts: DocxOptions = {}): Promise<Uint8Array> {
  const fonts = opts.fonts ?? OFFICIAL_FONTS;
  const title = reportTitle(report);
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] }),
    new Paragraph({ children: [] }),
  ];
  for (const s of reportSections(report)) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(s.heading)] }));
    for (const p of s.paragraphs) children.push(new Paragraph({ children: [new TextRun(p)] }));
    if (s.table) children.push(docxTable(report, s.table), new Paragraph({ children: [] }));
  }

  const doc = new Document({
    title,
    creator: 'Gongkai',
    styles: {
      default: {
        document: {
          run: { font: face(fonts.body), size: TEXT_SIZE, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
          paragraph: {
            alignment: AlignmentType.JUSTIFIED,
            indent: { firstLine: INDENT },
            spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
          },
        },
        title: {
          run: { font: face(fonts.title), size: TITLE_SIZE, color: '000000' },
          paragraph: {
            alignment: AlignmentType.CENTER,
            indent: { firstLine: 0 },
            spacing: { line: Math.round(LINE * 1.3), lineRule: LineRuleType.EXACT, before: 0, after: 0 },
          },
        },
        heading1: {
          run: { font: face(fonts.heading), size: TEXT_SIZE, bold: false, color: '000000' },
          paragraph: {
            indent: { firstLine: INDENT },
            spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
            keepNext: true,
          },
        },
      },
    },
    sections: [officialSection(children)],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** Width of a CJK character at `halfPoints`, in millimetres (an em). */
const emMm = (halfPoints: number) => (halfPoints / 2) * (25.4 / 72);
const CELL_PAD_MM = 1;

/**
 * A short column heading that cannot stand on one line of its column, broken into lines of equal length ("商业/企业",
 * "结果/维持" as the format prints them) instead of leaving one character on the last line ("商业企/业").
 */
export function balancedLines(text: string, widthMm: number, halfPoints: number): string[] {
  const fit = Math.max(1, Math.floor((widthMm - 2 * CELL_PAD_MM) / emMm(halfPoints)));
  const chars = [...text];
  if (chars.length <= fit || chars.length > 3 * fit) return [text];
  const lines = Math.ceil(chars.length / fit);
  const per = Math.ceil(chars.length / lines);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += per) out.push(chars.slice(i, i + per).join(''));
  return out;
}

function docxTable(report: Report, grid: TableGrid): Table {
  const widths = grid.widths.map(twips);
  const span = (c: GridCell) => widths.slice(c.col, c.col + c.colSpan).reduce((a, b) => a + b, 0);
  const spanMm = (c: GridCell) => grid.widths.slice(c.col, c.col + c.colSpan).reduce((a, b) => a + b, 0);
  const size = tableSize(grid);
  const rows = grid.rows.map(
    (cells, r) =>
      new TableRow({
        tableHeader: r < grid.headerRows,
        cantSplit: true,
        children: cells.map(
          (c) =>
            new TableCell({
              rowSpan: c.rowSpan,
              columnSpan: c.colSpan,
              width: { size: span(c), type: WidthType.DXA },
              verticalAlign: VerticalAlignTable.CENTER,
              margins: {
                left: twips(CELL_PAD_MM),
                right: twips(CELL_PAD_MM),
                top: twips(0.5),
                bottom: twips(0.5),
              },
              children: [
                new Paragraph({
                  // Row labels read left to right like text; headings and numbers are centred as in the format.
                  alignment: isRowLabel(c) ? AlignmentType.LEFT : AlignmentType.CENTER,
                  indent: { firstLine: 0 },
                  spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
                  children:
                    c.key !== undefined
                      ? [new TextRun({ text: cellText(report, c.key), size })]
                      : (c.scope === 'col' ? balancedLines(c.text, spanMm(c), size) : [c.text]).map(
                          (line, i) => new TextRun({ text: line, size, ...(i > 0 ? { break: 1 } : {}) }),
                        ),
                }),
              ],
            }),
        ),
      }),
  );
  return new Table({
    rows,
    columnWidths: widths,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
  });
}
