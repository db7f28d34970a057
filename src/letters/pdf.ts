// A letter as PDF, for printing and sealing: its DOCX converted by LibreOffice headless, with the faces installed
// where LibreOffice runs named explicitly (without that it picks the Japanese Noto face for Chinese text; see
// ../shared/stack-notes.md). Finding soffice and the fonts is shared with the report renderer (src/render/pdf.ts).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveFonts } from '../render/fonts.ts';
import {
  CJK_FONT_PACKAGE,
  findSoffice,
  installedFamilies,
  RenderError,
  SOFFICE_PACKAGE,
} from '../render/pdf.ts';
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
  const soffice = await findSoffice(opts.env ?? process.env);
  if (!soffice)
    throw new RenderError(
      `未找到 LibreOffice（soffice），无法生成 PDF。请安装 Debian 软件包 ${SOFFICE_PACKAGE}` +
        `（apt-get install -y ${SOFFICE_PACKAGE}），或用环境变量 GONGKAI_SOFFICE 指定 soffice 的路径。`,
      'soffice-missing',
    );
  const families = await installedFamilies();
  const fonts = resolveFonts(families);
  const absent = [...new Set(Object.values(fonts))].filter((f) => !families.has(f));
  if (absent.length)
    opts.warn?.(
      `未安装公文字体，也未安装 ${absent.join('、')}：PDF 中的中文可能缺字。请安装 ${CJK_FONT_PACKAGE}。`,
    );

  const dir = await mkdtemp(join(tmpdir(), 'gongkai-letter-'));
  try {
    const docx = join(dir, 'letter.docx');
    await writeFile(docx, await docxOfLetter(l, { fonts }));
    const profile = pathToFileURL(join(dir, 'profile')).href;
    await new Promise<void>((resolve, reject) => {
      execFile(
        soffice,
        [
          '--headless',
          '--norestore',
          `-env:UserInstallation=${profile}`,
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          docx,
        ],
        { cwd: dir, timeout: opts.timeout ?? 120_000, encoding: 'utf8' },
        (err, _stdout, stderr) =>
          err
            ? reject(
                new RenderError(
                  `LibreOffice 转换 PDF 失败：${stderr.trim() || err.message}`,
                  'convert-failed',
                ),
              )
            : resolve(),
      );
    });
    try {
      return new Uint8Array(await readFile(join(dir, 'letter.pdf')));
    } catch {
      throw new RenderError('LibreOffice 未生成 PDF 文件（转换无输出）', 'convert-failed');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
