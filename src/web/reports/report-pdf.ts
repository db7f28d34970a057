// The PDF of a public annual report in the official layout (the DOCX of src/render converted by LibreOffice, as the
// staff draft's PDF is made), rendered on the first request for it and kept on disk, so later downloads — by anyone,
// after a restart too — cost a file read.
//
// Why on first request and not at publication: a report becomes public in several ways (the report builder's
// publication, a supervisor's upload once matched and dated, `gongkai collect`, a date entered later), publishing
// must not wait 5–20 s for LibreOffice nor fail where it is not installed, and the report page itself must never
// render anything (its bench row `report page / bare route`). Where LibreOffice is missing the request gets the
// server's 503 page "暂时无法生成 PDF" (RenderError, src/web/app.tsx) naming the package, with the DOCX still offered.
//
// Keyed by what is drawn: the report's numbers, text and layout (its `parse --json` shape) and PDF_EDITION; a
// confirmed cell or a new copy changes the key, so a stale PDF is never served, and the key is the ETag (a 304
// costs no rendering).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Report, toParsedJson } from '../../domain/report/model.ts';

/** Bumped when the drawing of the report changes (src/render/docx.ts), so cached PDFs are made again. */
const PDF_EDITION = 1;

/** PDFs rendering or waiting: beyond this a request is told to come back (LibreOffice takes seconds of CPU). */
const MAX_WAITING = 4;

export class PdfBusy extends Error {}

export function pdfKey(report: Report): string {
  return createHash('sha256')
    .update(`${PDF_EDITION}\u0000${JSON.stringify(toParsedJson(report, { provenance: false }))}`)
    .digest('hex');
}

export class ReportPdfs {
  private readonly pending = new Map<string, Promise<Uint8Array>>();
  /** One LibreOffice at a time: two on a 2-core machine only slow each other and everything else. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly render: (report: Report) => Promise<Uint8Array> = async (report) =>
      (await import('../../render/index.ts')).renderReport(report, 'pdf'),
  ) {}

  private pathOf(key: string) {
    return join(this.dir, `${key}.pdf`);
  }

  /** The PDF of `report`: from disk, or rendered (once per key, however many ask at the same time). */
  async pdf(report: Report, key = pdfKey(report)): Promise<Uint8Array> {
    const kept = await readFile(this.pathOf(key)).catch(() => null);
    if (kept) return new Uint8Array(kept);
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    if (this.pending.size >= MAX_WAITING) throw new PdfBusy();
    const made = this.chain.then(async () => {
      const bytes = await this.render(report);
      await mkdir(this.dir, { recursive: true });
      // Written under a temporary name and renamed: a reader never sees half a PDF.
      const temp = `${this.pathOf(key)}.${process.pid}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, this.pathOf(key)).catch(async (e) => {
        await rm(temp, { force: true });
        throw e;
      });
      return bytes;
    });
    this.chain = made.catch(() => {});
    this.pending.set(key, made);
    try {
      return await made;
    } finally {
      this.pending.delete(key);
    }
  }
}

const byDir = new Map<string, ReportPdfs>();

/** The PDFs kept beside the stored files (`files/pdf-cache`: not a hash folder, so `backup` leaves them out). */
export function reportPdfsOf(files: { readonly dir: string }): ReportPdfs {
  const dir = join(files.dir, 'pdf-cache');
  let p = byDir.get(dir);
  if (!p) {
    p = new ReportPdfs(dir);
    byDir.set(dir, p);
  }
  return p;
}

/** The MIME type and file extension of an original as read (`annual_reports.source_form`). */
export const ORIGINAL_FORMS: Readonly<Record<string, { type: string; ext: string; label: string }>> = {
  pdf: { type: 'application/pdf', ext: 'pdf', label: 'PDF' },
  docx: {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: 'docx',
    label: 'DOCX',
  },
  // A web page is served as a download, never as a page of this site (its scripts would run on our origin).
  html: { type: 'application/octet-stream', ext: 'html', label: '网页' },
  text: { type: 'text/plain; charset=utf-8', ext: 'txt', label: '文本' },
  image: { type: 'application/octet-stream', ext: 'img', label: '图片' },
};
