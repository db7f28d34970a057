// Scanned reports: image-only PDFs (盖章版 scans) and photos (PNG/JPEG) read with offline OCR into the same
// SourceDocument as every other reader. Pages are rendered by MuPDF, cleaned and straightened, tables cut from
// their ruling lines and recognised cell by cell (tesseract), then checked by the tables' identities.
import { extractReport } from '../extract.ts';
import { UnreadableError } from '../index.ts';
import { currentLimits } from '../limits.ts';
import type { SourceBlock, SourceDocument } from '../source.ts';
import { assemble, type PageScale } from './assemble.ts';
import { type OcrPage, ocrPage } from './page.ts';
import { openPages } from './render.ts';
import { ensureTesseract, OcrUnavailableError } from './tesseract.ts';
import { verifyWithIdentities } from './verify.ts';

export { OcrUnavailableError, TESSERACT_PACKAGES } from './tesseract.ts';

export interface OcrOptions {
  /** Wall-clock time for the whole file, in milliseconds (GONGKAI_OCR_TIMEOUT_MS; default 10 minutes). */
  readonly timeMs?: number;
  /** Pages read at most. */
  readonly maxPages?: number;
  /** Told when OCR starts (0) and after each page: (pages done, pages in all). */
  readonly onPage?: (done: number, total: number) => void;
  /** Run OCR whatever GONGKAI_OCR says (tests, an operator's explicit choice). */
  readonly enabled?: boolean;
}

export const defaultOcrTimeMs = (): number => {
  const v = Number(process.env.GONGKAI_OCR_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : currentLimits().ocrTimeMs;
};

/** Progress for the CLI and ingest: set by the caller for the current thread (the readers' signature is fixed). */
let progress: OcrOptions['onPage'] | undefined;
export function onOcrPage(fn: OcrOptions['onPage'] | undefined): void {
  progress = fn;
}

export type ScanKind = 'application/pdf' | 'image/png' | 'image/jpeg';

/** Sniff a photo: PNG or JPEG by its first bytes. */
export function imageKind(bytes: Uint8Array): 'image/png' | 'image/jpeg' | null {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

/** Read a scanned report. Throws UnreadableError (Chinese, naming the file) when it cannot. */
/**
 * OCR runs by default (where tesseract is installed; where it is not, the file is refused with the apt line).
 * GONGKAI_OCR=0 turns it off: an operator who does not want recognised numbers refuses scans, as before.
 */
export const ocrEnabled = (o: OcrOptions = {}): boolean => o.enabled ?? process.env.GONGKAI_OCR !== '0';

export async function readScanned(
  bytes: Uint8Array,
  file: string,
  kind: ScanKind,
  o: OcrOptions = {},
): Promise<SourceDocument> {
  const what =
    kind === 'application/pdf' ? 'PDF 中没有可提取的文字（可能是扫描件），需要文字识别（OCR）：' : '';
  const { doc, pages } = await recognisePages(bytes, file, kind, o, what);
  // Text in the lines and in the tables' cells: a photo of the 表三 page may hold little else.
  const chars = pages.reduce(
    (a, p) =>
      a +
      p.page.lines.reduce((s, l) => s + l.text.length, 0) +
      p.page.grids.reduce((s, g) => s + g.cells.reduce((t, c) => t + c.text.length, 0), 0),
    0,
  );
  if (chars < 10)
    throw new UnreadableError(
      `${file}：${kind === 'application/pdf' ? 'PDF 中没有可提取的文字，文字识别（OCR）也' : '图片中'}识别不出文字（扫描或照片可能过于模糊、倾斜过大，或不是报告），请提供更清晰的扫描件`,
      file,
    );
  // No 表三 found in what was recognised: the report's layout is unknown and none of its tables can be read, so
  // an empty report would say nothing. Said plainly instead (a photo too tilted or unevenly lit, a seal over the
  // labels).
  if (!extractReport(doc).format)
    throw new UnreadableError(
      `${file}：文字识别未能找到表三（收到和处理政府信息公开申请情况）的行标签，无法确定报告格式（扫描或照片可能倾斜、光线不均，或印章盖住了标签），请提供更清晰的扫描件`,
      file,
    );
  return verifyWithIdentities(doc);
}

/**
 * A PDF that mixes pages with a text layer and scanned pages (a report whose 表三 page was printed, sealed and
 * scanned back in): the scanned pages are recognised and put in their place among the text pages; the identities
 * then check the recognised cells against the ones read from text. `scanned` are the 1-based pages without text.
 */
export async function readMixed(
  bytes: Uint8Array,
  file: string,
  text: SourceDocument,
  scanned: readonly number[],
  o: OcrOptions = {},
): Promise<SourceDocument> {
  const list = scanned.join('、');
  if (!ocrEnabled(o))
    return {
      ...text,
      notes: [
        ...(text.notes ?? []),
        `第 ${list} 页没有可提取的文字（可能是扫描件），未读取：文字识别（OCR）已关闭（GONGKAI_OCR=0）`,
      ],
    };
  let ocr: SourceDocument;
  try {
    ocr = (await recognisePages(bytes, file, 'application/pdf', { ...o, only: scanned }, '')).doc;
  } catch (e) {
    // The text pages stand on their own: the scanned ones are reported as not read, the reason said.
    if (!(e instanceof UnreadableError)) throw e;
    const why = e.message.startsWith(`${file}：`) ? e.message.slice(file.length + 1) : e.message;
    return {
      ...text,
      notes: [...(text.notes ?? []), `第 ${list} 页没有可提取的文字（可能是扫描件），未能识别：${why}`],
    };
  }
  return verifyWithIdentities(mergePages(text, ocr));
}

/** Blocks of both documents in page order; the recognised tables numbered after the text layer's. */
export function mergePages(text: SourceDocument, ocr: SourceDocument): SourceDocument {
  const tableBase =
    1 + Math.max(-1, ...text.blocks.map((b) => (b.kind === 'row' && b.table !== undefined ? b.table : -1)));
  const shifted: SourceBlock[] = ocr.blocks.map((b) => {
    if (b.kind !== 'row' || b.table === undefined) return b;
    const table = b.table + tableBase;
    return {
      ...b,
      table,
      prov: { ...b.prov, table },
      cells: b.cells.map((c) => ({ ...c, prov: { ...c.prov, table } })),
    };
  });
  const blocks: SourceBlock[] = [];
  let j = 0;
  for (const b of text.blocks) {
    while (j < shifted.length && (shifted[j]!.prov.page ?? 0) < (b.prov.page ?? 0))
      blocks.push(shifted[j++]!);
    blocks.push(b);
  }
  blocks.push(...shifted.slice(j));
  return {
    ...text,
    blocks,
    notes: [...(text.notes ?? []), ...(ocr.notes ?? []).filter((n) => !/^本报告由文字识别/.test(n))],
  };
}

/** Render, clean and recognise the pages (all, or `o.only`), assembled into one SourceDocument (not yet verified). */
async function recognisePages(
  bytes: Uint8Array,
  file: string,
  kind: ScanKind,
  o: OcrOptions & { only?: readonly number[] },
  what: string,
): Promise<{ doc: SourceDocument; pages: { page: OcrPage; scale: PageScale }[] }> {
  // Turned off by the operator (GONGKAI_OCR=0): the file is refused with the reason.
  if (!ocrEnabled(o))
    throw new UnreadableError(
      `${file}：${what || '图片需要文字识别（OCR）：'}文字识别已关闭（GONGKAI_OCR=0）；取消该设置后可读取，识别出的数字须对照原件核对`,
      file,
    );
  try {
    await ensureTesseract();
  } catch (e) {
    if (e instanceof OcrUnavailableError) throw new UnreadableError(`${file}：${what}${e.message}`, file);
    throw e;
  }
  const timeMs = o.timeMs ?? defaultOcrTimeMs();
  const deadline = Date.now() + timeMs;
  const onPage = o.onPage ?? progress;
  let src: Awaited<ReturnType<typeof openPages>>;
  try {
    src = await openPages(bytes, kind);
  } catch (e) {
    throw new UnreadableError(
      `${file}：无法打开${kind === 'application/pdf' ? ' PDF' : '图片'}（${(e as Error).message}）`,
      file,
    );
  }
  const notes: string[] = ['本报告由文字识别（OCR）读取，数字须对照原件核对'];
  const failures: string[] = [];
  const pages: { page: OcrPage; scale: PageScale }[] = [];
  try {
    const all = o.only
      ? o.only.filter((n) => n >= 1 && n <= src.count)
      : Array.from({ length: src.count }, (_, i) => i + 1);
    const list = all.slice(0, o.maxPages ?? 500);
    const total = list.length;
    if (all.length > total) notes.push(`共 ${all.length} 页，只识别了前 ${total} 页`);
    // Said before the first page too: ingest switches the file to the OCR time limit on it.
    onPage?.(0, total);
    for (const [i, n] of list.entries()) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new UnreadableError(
          `${file}：文字识别超时（${Math.round(timeMs / 1000)} 秒内识别了 ${i}/${total} 页），可用 GONGKAI_OCR_TIMEOUT_MS 放宽`,
          file,
        );
      const { input, ptPerPx } = src.render(n);
      try {
        pages.push({ page: await ocrPage(input, { timeoutMs: left }), scale: { ptPerPx } });
      } catch (e) {
        if (e instanceof OcrUnavailableError) throw new UnreadableError(`${file}：${e.message}`, file);
        if (/识别超时/.test((e as Error).message))
          throw new UnreadableError(
            `${file}：文字识别超时（${Math.round(timeMs / 1000)} 秒），可用 GONGKAI_OCR_TIMEOUT_MS 放宽`,
            file,
          );
        failures.push(`第 ${n} 页：${(e as Error).message}`);
        notes.push(`第 ${n} 页文字识别失败，已跳过（${(e as Error).message}）`);
      }
      onPage?.(i + 1, total);
    }
  } finally {
    src.close();
  }
  // Every page failed: say why, not that the scan holds no text.
  if (!pages.length && failures.length)
    throw new UnreadableError(`${file}：文字识别失败（${failures.slice(0, 2).join('；')}）`, file);
  notes.push(
    `扫描${o.only ? `页（第 ${o.only.join('、')} 页）` : '件'}，经文字识别（OCR）读取 ${pages.length} 页${pages.some((p) => Math.abs(p.page.angle) >= 0.1) ? '（已校正倾斜）' : ''}；识别不确定的单元格已标为不确定`,
  );
  const doc = assemble(pages, notes);
  if (pages.length && !pages.some((p) => p.page.grids.length))
    notes.push('扫描件中未找到带框线的表格，表格数字可能未能读取');
  return { doc, pages };
}

/** The reader entry for photos (PNG/JPEG), in the readers' signature. */
export async function read(bytes: Uint8Array, file: string): Promise<SourceDocument> {
  const kind = imageKind(bytes);
  if (!kind) throw new UnreadableError(`${file}：不是 PNG 或 JPEG 图片`, file);
  return readScanned(bytes, file, kind);
}
