// The page of a 党政机关公文 (GB/T 9704—2012), shared by the annual report and the letters: A4, 天头 37 mm, 订口
// 28 mm, and the page number "— 1 —" in 四号 centred at the foot.
import { AlignmentType, Footer, PageNumber, Paragraph, TextRun } from 'docx';

/** Millimetres to twentieths of a point (the DOCX length unit). */
export const twips = (mm: number) => Math.round((mm * 1440) / 25.4);
export const A4 = { width: twips(210), height: twips(297) };
export const MARGIN = { top: twips(37), bottom: twips(35), left: twips(28), right: twips(26) };
/** 四号, in half-points. */
const FOOTER_SIZE = 28;

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
