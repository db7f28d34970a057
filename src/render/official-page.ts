// The page of a 党政机关公文 (GB/T 9704—2012), shared by the annual report and the letters: A4, 天头 37 mm, 订口
// 28 mm, and the page number "— 1 —" in 四号 centred at the foot.
import { AlignmentType, Footer, LineRuleType, PageNumber, Paragraph, TextRun } from 'docx';

/** Millimetres to twentieths of a point (the DOCX length unit). */
export const twips = (mm: number) => Math.round((mm * 1440) / 25.4);
export const A4 = { width: twips(210), height: twips(297) };
export const MARGIN = { top: twips(37), bottom: twips(35), left: twips(28), right: twips(26) };
/** 四号, in half-points. */
const FOOTER_SIZE = 28;
/** Half-points: 二号 22 pt (title), 三号 16 pt (text). */
export const TITLE_SIZE = 44;
export const TEXT_SIZE = 32;
/** 22 lines in the 225 mm type area (GB/T 9704 §5.2.2): an exact pitch of 28.95 pt. */
export const LINE = Math.round((225 / 22 / 25.4) * 1440);
/** One character of 三号 in twips. */
export const CHAR = TEXT_SIZE * 10;

/** One font for every script of a run. */
export const face = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });

/** The body text of a letter or paper on the official page: 三号 `body` font, justified, 2 characters' indent, exact lines. */
export function officialDocumentDefaults(body: string) {
  return {
    run: { font: face(body), size: TEXT_SIZE, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
    paragraph: {
      alignment: AlignmentType.JUSTIFIED,
      indent: { firstLine: 2 * CHAR },
      spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
    },
  };
}

/** A document section on the official page holding `children`. */
export function officialSection<T>(children: T[]) {
  return {
    properties: { page: { size: A4, margin: { ...MARGIN, header: twips(15), footer: twips(20) } } },
    footers: {
      default: new Footer({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            indent: { firstLine: 0 },
            children: [new TextRun({ size: FOOTER_SIZE, children: ['— ', PageNumber.CURRENT, ' —'] })],
          }),
        ],
      }),
    },
    children,
  };
}

/** The centred 二号 title of a letter or paper (`fonts.title`); 小标宋 is a heavy face, the free serif stands in bold. */
export function officialTitleStyle(id: string, name: string, titleFont: string) {
  return {
    id,
    name,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    run: { font: face(titleFont), size: TITLE_SIZE, bold: !titleFont.includes('小标宋') },
    paragraph: {
      alignment: AlignmentType.CENTER,
      indent: { firstLine: 0 },
      spacing: { line: Math.round(LINE * 1.25), lineRule: LineRuleType.EXACT, before: 0, after: 0 },
      keepNext: true,
    },
  };
}
