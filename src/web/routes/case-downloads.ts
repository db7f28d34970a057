// The downloads of a case, the same to the applicant (by 查询码, routes/apply.tsx) and to staff (routes/cases.tsx):
// a letter as it went out, and a stored file. Never cached: what they hold is personal.
import type { Context } from 'hono';
import { letterPdf } from '../cases/letters.ts';
import type { AppEnv } from '../env.ts';
import { attachment } from './reports.tsx';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A letter: the DOCX that went out, or (`ext` pdf) its PDF, converted from those very bytes. */
export async function letterDownload(
  c: Context<AppEnv>,
  letter: { readonly docx: Uint8Array },
  name: string,
  ext: string | undefined,
): Promise<Response> {
  c.header('Cache-Control', 'no-store');
  if (ext === 'pdf') {
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', attachment(`${name}.pdf`));
    return c.body((await letterPdf(letter.docx)) as Uint8Array<ArrayBuffer>);
  }
  c.header('Content-Type', DOCX);
  c.header('Content-Disposition', attachment(`${name}.docx`));
  return c.body(letter.docx as Uint8Array<ArrayBuffer>);
}

/** A stored file of a case, as the type it was stored with; nosniff, so a browser never runs it as another type. */
export function fileDownload(
  c: Context<AppEnv>,
  f: { readonly mediaType: string; readonly filename: string; readonly content: Uint8Array },
): Response {
  c.header('Content-Type', f.mediaType);
  c.header('Content-Disposition', attachment(f.filename));
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  return c.body(f.content as Uint8Array<ArrayBuffer>);
}
