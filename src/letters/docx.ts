// A letter as DOCX in the style of a 党政机关公文 (GB/T 9704—2012): A4 with the standard margins (天头 37 mm, 订口
// 28 mm), the agency and the letter's name as the title in 二号小标宋, the 发文字号 under it, the addressee flush
// left, the body in 三号仿宋 at 22 lines a page with a two-character indent, then the signature: 发文机关署名
// centred over the 成文日期, which stands four characters from the right margin (§7.3.5.1), with "（印章）" where
// the seal goes, and the contact line as a 附注 (§7.3.6). Page numbers "— 1 —" in 四号 (§7.5).
import { AlignmentType, Document, LineRuleType, Packer, Paragraph, TextRun } from 'docx';
import { type FontSet, OFFICIAL_FONTS } from '../render/fonts.ts';
import {
  CHAR,
  LINE,
  officialDocumentDefaults,
  officialSection,
  officialTitleStyle,
} from '../render/official-page.ts';
import type { LetterData } from './data.ts';
import { LetterError } from './errors.ts';
import type { LetterKind } from './kinds.ts';
import { type RenderedLetter, renderLetter } from './render.ts';
import { DEFAULT_TEMPLATES, type LetterTemplate } from './templates.ts';

export interface LetterDocxOptions {
  /** Faces to name; the official ones by default. The PDF path passes the installed ones (src/render/fonts.ts). */
  readonly fonts?: FontSet;
}

/** Width of a text in characters of its size: CJK and full-width forms one, the rest (digits, Latin) half. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u0000-\u00ff]/.test(ch) ? 0.5 : 1;
  return w;
}

/** Runs of a text whose value may hold line breaks (an address over two lines). */
function runs(text: string, extra: { size?: number } = {}): TextRun[] {
  return text
    .split('\n')
    .map((part, i) => new TextRun({ text: part, ...extra, ...(i > 0 ? { break: 1 } : {}) }));
}

const empty = () => new Paragraph({ children: [] });

/** The paragraphs of the signature: 署名 (and the seal mark) centred over the date, the date 右空四字. */
function signature(l: RenderedLetter): Paragraph[] {
  const dateWidth = textWidth(l.date);
  const centredOverDate = (s: string) => Math.max(0, 4 + (dateWidth - textWidth(s)) / 2);
  const right = (text: string, indentChars: number) =>
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { firstLine: 0, right: Math.round(indentChars * CHAR) },
      keepNext: true,
      keepLines: true,
      children: runs(text),
    });
  return [
    right('（印章）', centredOverDate('（印章）')),
    right(l.agency, centredOverDate(l.agency)),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { firstLine: 0, right: 4 * CHAR },
      keepNext: l.contact.length > 0,
      children: runs(l.date),
    }),
  ];
}

/**
 * Where the letter's close starts: among the last three paragraphs, the last one that is a closing line opening
 * with “特此” (特此答复/告知/回执/征求意见。); else the last paragraph (a close written into the body's last sentence).
 * Only a short line near the end counts: chaining many paragraphs to the signature would be more than a page.
 */
export function closingIndex(paragraphs: readonly string[]): number {
  const last = paragraphs.length - 1;
  for (let i = last; i >= Math.max(0, last - 2); i--) if (/^\s*特此\S{0,12}$/.test(paragraphs[i]!)) return i;
  return last;
}

/** The DOCX of a letter already rendered (renderLetter). */
export async function docxOfLetter(l: RenderedLetter, opts: LetterDocxOptions = {}): Promise<Uint8Array> {
  const fonts = opts.fonts ?? OFFICIAL_FONTS;
  const flush = { firstLine: 0 };
  const children: Paragraph[] = [
    new Paragraph({ style: 'LetterTitle', children: runs(l.agency) }),
    new Paragraph({ style: 'LetterTitle', children: runs(l.title) }),
  ];
  // 信函格式 (GB/T 9704 §10.1): the 发文字号 at the right edge of the type area; then a blank line, the 主送.
  if (l.docNumber)
    children.push(
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        indent: flush,
        spacing: { before: Math.round(LINE / 2), line: LINE, lineRule: LineRuleType.EXACT },
        children: runs(l.docNumber),
      }),
    );
  children.push(empty());
  children.push(new Paragraph({ indent: flush, children: runs(l.addressee) }));
  // The close (“特此答复。”/“特此告知。”) and whatever follows it (an 附件说明 an administrator added) go with the
  // signature: neither a page holding only the 署名 and date (GB/T 9704 §7.3.5.1, “不得出现空白页只有署名和日期”)
  // nor a close left at the foot of one page with its 署名 on the next. LibreOffice's PDF keeps the same chain.
  const close = closingIndex(l.paragraphs);
  l.paragraphs.forEach((p, i) => {
    const withSignature = i >= close;
    children.push(new Paragraph({ keepNext: withSignature, keepLines: withSignature, children: runs(p) }));
  });
  const gap = () => new Paragraph({ keepNext: true, children: [] });
  // One line between the text and the seal: “印章顶端应当上距正文一行之内” (GB/T 9704 §7.3.5.1).
  children.push(gap(), ...signature(l));
  // 附注: the line after the date, 居左空二字 (GB/T 9704 §7.3.6); one line an item so a phone number is not split,
  // all kept on the page of the signature.
  l.contact.forEach((c, i) => {
    children.push(new Paragraph({ keepLines: true, keepNext: i < l.contact.length - 1, children: runs(c) }));
  });

  const doc = new Document({
    title: `${l.agency}${l.title}`,
    creator: 'Gongkai',
    styles: {
      default: {
        document: officialDocumentDefaults(fonts.body),
      },
      paragraphStyles: [officialTitleStyle('LetterTitle', 'Letter Title', fonts.title)],
    },
    sections: [officialSection(children)],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/**
 * The DOCX of a letter of `kind` for a case: the default template unless one is given (an administrator's edited
 * template). Throws LetterError when the template is invalid or for another kind, or the data is incomplete.
 */
export async function letterDocx(
  kind: LetterKind,
  data: LetterData,
  template?: LetterTemplate,
  opts: LetterDocxOptions = {},
): Promise<Uint8Array> {
  const t = template ?? DEFAULT_TEMPLATES[kind];
  if (!t) throw new LetterError('KIND_MISMATCH', `信函类型“${kind}”不存在`, [kind]);
  if (t.kind !== kind)
    throw new LetterError('KIND_MISMATCH', `模板的信函类型为“${t.kind}”，要生成的却是“${kind}”`, [
      t.kind,
      kind,
    ]);
  return docxOfLetter(renderLetter(t, data), opts);
}
