// A letter as PDF, for printing and sealing: its DOCX converted by LibreOffice headless, with the faces installed
// where LibreOffice runs named explicitly (without that it picks the Japanese Noto face for Chinese text; see
// ../shared/stack-notes.md). Finding soffice and the fonts is shared with the report renderer (src/render/pdf.ts).
// Its pages follow the DOCX's keep-with-next chain: the close (特此答复。) moves with the signature block and date
// (src/letters/docx.ts; checked page by page in test/letters-pagination.test.ts).
import { docxToPdf } from '../render/pdf.ts';
import { docxOfLetter } from './docx.ts';
import type { RenderedLetter } from './render.ts';

export interface LetterPdfOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Milliseconds allowed to LibreOffice. */
  readonly timeout?: number;
  /** Told about what the PDF may lack (a missing Chinese font). */
  readonly warn?: (message: string) => void;
}

export async function pdfOfLetter(l: RenderedLetter, opts: LetterPdfOptions = {}): Promise<Uint8Array> {
  return docxToPdf((fonts) => docxOfLetter(l, { fonts }), 'letter', opts);
}
