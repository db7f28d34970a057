// Previews of a rendered letter: plain text (for the terminal, e-mail bodies, tests) and HTML (the staff console
// shows it before the DOCX is made). HTML escapes every character of the letter's text — case data is typed by
// applicants and officers, so "<script>" in a description must arrive as text.
import { FONT_CHAINS } from '../render/fonts.ts';
import { escapeHtml } from '../render/html.ts';
import type { RenderedLetter } from './render.ts';

export { escapeHtml };

/** The letter as plain text, in the order of the DOCX: header, addressee, body, seal mark, signature, date, contact. */
export function letterText(l: RenderedLetter): string {
  const out = [l.agency, l.title];
  if (l.docNumber) out.push(l.docNumber);
  out.push('', l.addressee, ...l.paragraphs.map((p) => `　　${p}`), '', '（印章）', l.agency, l.date);
  if (l.contact.length) out.push('', ...l.contact);
  return `${out.join('\n')}\n`;
}

/** Escaped text with the value's own line breaks kept. */
const html = (s: string) => escapeHtml(s).replace(/\n/g, '<br>');

/** A CSS font-family list from a chain of src/render/fonts.ts: the official face first, the free one last. */
const family = (chain: readonly string[], generic: string) =>
  [...chain.map((f) => `"${f}"`), generic].join(', ');

/** Styles for the preview, in the faces of the DOCX. */
export const LETTER_CSS = `.letter { max-width: 156mm; margin: 0 auto; padding: 12mm 0; color: #000;
  font-family: ${family(FONT_CHAINS.body, 'serif')}; font-size: 16pt; line-height: 1.8; }
.letter h1 { font-family: ${family(FONT_CHAINS.title, 'serif')}; font-weight: normal; font-size: 22pt;
  line-height: 1.4; text-align: center; margin: 0 0 0.6em; }
.letter .doc-number { text-align: right; margin: 0 0 1em; }
.letter .addressee { margin: 0; }
.letter .body p { text-indent: 2em; margin: 0; text-align: justify; }
.letter .signature { width: max-content; margin: 2em 4em 0 auto; text-align: center; }
.letter .signature p { margin: 0; }
.letter .seal { color: #b00; }
.letter .contact { margin-top: 1.5em; font-size: 14pt; }
.letter .contact p { margin: 0; }`;

/** The letter as an HTML fragment (`<article class="letter">`); `standalone` wraps it in a page with its styles. */
export function letterHtml(l: RenderedLetter, opts: { standalone?: boolean } = {}): string {
  const parts = [
    '<article class="letter">',
    `<h1>${html(l.agency)}<br>${html(l.title)}</h1>`,
    ...(l.docNumber ? [`<p class="doc-number">${html(l.docNumber)}</p>`] : []),
    `<p class="addressee">${html(l.addressee)}</p>`,
    '<div class="body">',
    ...l.paragraphs.map((p) => `<p>${html(p)}</p>`),
    '</div>',
    '<div class="signature">',
    '<p class="seal">（印章）</p>',
    `<p>${html(l.agency)}</p>`,
    `<p>${html(l.date)}</p>`,
    '</div>',
    ...(l.contact.length
      ? ['<div class="contact">', ...l.contact.map((c) => `<p>${html(c)}</p>`), '</div>']
      : []),
    '</article>',
  ];
  const fragment = parts.join('\n');
  if (!opts.standalone) return fragment;
  return (
    `<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>${html(l.title)}</title>\n` +
    `<style>\n${LETTER_CSS}\n</style>\n</head>\n<body>\n${fragment}\n</body>\n</html>\n`
  );
}
