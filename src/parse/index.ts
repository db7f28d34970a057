// Reading a report from any form: the form is chosen by content, never by file extension.
import { readFile } from 'node:fs/promises';
import type { Report } from '../domain/report/model.ts';
import { extractReport } from './extract.ts';
import type { SourceDocument } from './source.ts';

export type Form = 'text' | 'html' | 'docx' | 'pdf' | 'json' | 'image';

/** A file that cannot be read as a report: the message is Chinese and names the file. */
export class UnreadableError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

export function sniffForm(bytes: Uint8Array): Form {
  const head = Buffer.from(bytes.subarray(0, 1024));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  // Photos of a report (PNG, JPEG): read by OCR (src/parse/ocr).
  if (head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47) return 'image';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'docx';
  const start = head
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart();
  if (start.startsWith('{') && /"fields"\s*:/.test(Buffer.from(bytes.subarray(0, 65536)).toString('utf8')))
    return 'json';
  if (/^<(!doctype html|html|head|body|meta|table|div|p[\s>])/i.test(start)) return 'html';
  if (/<html[\s>]|<table[\s>]|<\/td>/i.test(head.toString('latin1'))) return 'html';
  return 'text';
}

export interface ReadResult {
  readonly report: Report;
  readonly form: Form;
  readonly source: SourceDocument | null;
}

// Readers are loaded on first use (a text-only run never loads the PDF library) and cached: under a loader such as
// tsx every import() call costs a round trip to the loader thread, even for a module already loaded. Each import is
// spelled out so that the production bundle (ADR 0006), where the reading worker runs, contains the readers.
const MODULES = {
  limits: () => import('./limits.ts'),
  ocr: () => import('./ocr/index.ts'),
  json: () => import('./readers/json.ts'),
  text: () => import('./readers/text.ts'),
  html: () => import('./readers/html.ts'),
  docx: () => import('./readers/docx.ts'),
  pdf: () => import('./readers/pdf.ts'),
} as const;
type Modules = typeof MODULES;
const readerCache = new Map<string, Promise<unknown>>();
function load<K extends keyof Modules>(name: K): ReturnType<Modules[K]> {
  let p = readerCache.get(name);
  if (!p) {
    p = MODULES[name]();
    readerCache.set(name, p);
  }
  return p as ReturnType<Modules[K]>;
}

/** Read one report from its bytes. Throws UnreadableError with a Chinese message when it cannot. */
export interface ReadOptions {
  /** Record source line numbers where a reader can (default true); bulk runs without provenance turn it off. */
  readonly lines?: boolean;
}

export async function readReportBytes(
  bytes: Uint8Array,
  file: string,
  opts: ReadOptions = {},
): Promise<ReadResult> {
  // Empty files, .doc/images/archives and binary garbage get a clear message instead of a text reader's guess.
  const { rejectUnreadable } = await load('limits');
  const form = sniffForm(bytes);
  if (form === 'image') {
    const { checkSize } = await load('limits');
    checkSize(bytes.byteLength, file);
    const { read } = await load('ocr');
    const doc = await read(bytes, file);
    return { report: extractReport(doc), form, source: doc };
  }
  rejectUnreadable(bytes, file);
  if (form === 'json') {
    const { readJsonReport } = await load('json');
    return { report: readJsonReport(bytes, file), form, source: null };
  }
  let doc: SourceDocument;
  if (form === 'text') {
    const { readText } = await load('text');
    doc = readText(bytes, file);
  } else {
    const mod = (await (form in MODULES ? load(form as keyof Modules) : Promise.resolve(null)).catch(
      () => null,
    )) as {
      read?: (b: Uint8Array, f: string, limits?: undefined, o?: ReadOptions) => Promise<SourceDocument>;
    } | null;
    if (!mod?.read) throw new UnreadableError(`${file}：暂不支持读取 ${form.toUpperCase()} 格式`, file);
    doc = await mod.read(bytes, file, undefined, opts);
  }
  return { report: extractReport(doc), form, source: doc };
}

export async function readReportFile(file: string): Promise<ReadResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个目录' : `无法读取（${code}）`;
    throw new UnreadableError(`${file}：${why}`, file);
  }
  return readReportBytes(bytes, file);
}
