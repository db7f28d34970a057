// Letters to applicants and third parties: public API. Pure rendering — the case layer assembles LetterData (with
// due dates from src/domain/clock and fees from src/domain/fees) and calls one of:
//
//   await letterDocx('reply:withheld.stateSecret', data)          // DOCX bytes, default template
//   await letterDocx('fee', data, editedTemplate)                // an administrator's template (validated)
//   const l = renderLetter(template, data)                       // → RenderedLetter (text + fields used)
//   letterHtml(l), letterText(l), await docxOfLetter(l), await pdfOfLetter(l)
//   validateTemplate(json)                                       // → { ok, template } | { ok: false, errors }
//
// Every failure is a LetterError with a code and a Chinese message (a missing placeholder names itself).

export type { ApplicantType, LetterData } from './data.ts';
export { DATA_FIELD_LABELS, parseLetterData } from './data.ts';
export type { LetterDocxOptions } from './docx.ts';
export type { LetterErrorCode } from './errors.ts';
export { LetterError } from './errors.ts';
export { formatDate, rmbUpper } from './format.ts';
export type { LetterKind, NoticeKind, ReplyKind } from './kinds.ts';
export {
  isLetterKind,
  kindLabel,
  LETTER_KINDS,
  NOTICE_KINDS,
  NOTICE_LABELS,
  outcomeOfKind,
  replyKind,
} from './kinds.ts';
export type { OutcomeArticle, OutcomeRow, OutcomeSpec } from './outcomes.ts';
export { isOutcomeRow, OUTCOME_ROWS, OUTCOMES } from './outcomes.ts';
export type { LetterPdfOptions } from './pdf.ts';
export type { PlaceholderDef, PlaceholderScope, PlaceholderValue } from './placeholders.ts';
export { appliesTo, PLACEHOLDERS } from './placeholders.ts';
export { escapeHtml, LETTER_CSS, letterHtml, letterText } from './preview.ts';
export type { RenderedLetter } from './render.ts';
export { assertTemplate, renderLetter } from './render.ts';
export { sampleLetterData } from './sample.ts';
export type { LetterTemplate } from './templates.ts';
export { DEFAULT_TEMPLATES, defaultTemplate } from './templates.ts';
export type { TemplateCheck } from './validate.ts';
export { validateTemplate } from './validate.ts';

/** The docx package is 1 MB of JavaScript: loaded on the first letter made, not by every server start (issue 18). */
export async function docxOfLetter(
  ...args: Parameters<typeof import('./docx.ts').docxOfLetter>
): Promise<Uint8Array> {
  return (await import('./docx.ts')).docxOfLetter(...args);
}

export async function letterDocx(
  ...args: Parameters<typeof import('./docx.ts').letterDocx>
): Promise<Uint8Array> {
  return (await import('./docx.ts')).letterDocx(...args);
}

/** PDF needs LibreOffice and is loaded on demand, so that importing the letters costs no child_process. */
export async function pdfOfLetter(
  ...args: Parameters<typeof import('./pdf.ts').pdfOfLetter>
): Promise<Uint8Array> {
  return (await import('./pdf.ts')).pdfOfLetter(...args);
}
