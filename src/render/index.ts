// The output forms of a report, one renderer each, loaded on demand (a DOCX or XLSX writer costs nothing to a
// Markdown render). Every renderer takes the Report model and draws tables from the one grid in grid.ts.
import type { Report } from '../domain/report/model.ts';

export const RENDER_FORMS = ['docx', 'html', 'md', 'txt', 'csv', 'xlsx', 'json', 'pdf'] as const;
export type RenderForm = (typeof RENDER_FORMS)[number];

export const isRenderForm = (s: string): s is RenderForm => (RENDER_FORMS as readonly string[]).includes(s);

/** Forms that are not text: never written to a terminal. */
export const BINARY_FORMS: ReadonlySet<RenderForm> = new Set(['docx', 'xlsx', 'pdf']);

/** The form a file name asks for by its extension (.markdown and .htm too), or null. */
export function formOfPath(path: string): RenderForm | null {
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (!ext) return null;
  const aliases: Record<string, RenderForm> = { markdown: 'md', htm: 'html', text: 'txt' };
  const f = aliases[ext] ?? ext;
  return isRenderForm(f) ? f : null;
}

export interface RenderOptions {
  /** Environment for finding LibreOffice (PDF only); process.env by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Told about what the output may lack. */
  readonly warn?: (message: string) => void;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

export async function renderReport(
  report: Report,
  form: RenderForm,
  opts: RenderOptions = {},
): Promise<Uint8Array> {
  switch (form) {
    case 'docx':
      return (await import('./docx.ts')).renderDocx(report);
    case 'html':
      return utf8((await import('./html.ts')).renderHtml(report));
    case 'md':
      return utf8((await import('./markdown.ts')).renderMarkdown(report));
    case 'txt':
      return utf8((await import('./text.ts')).renderText(report));
    case 'csv':
      return utf8((await import('./csv.ts')).renderCsv(report));
    case 'xlsx':
      return (await import('./xlsx.ts')).renderXlsx(report);
    case 'json':
      return utf8((await import('./json.ts')).renderJson(report));
    case 'pdf':
      return (await import('./pdf.ts')).renderPdf(report, opts);
  }
}
