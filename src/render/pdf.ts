// PDF: the DOCX of this project converted by LibreOffice headless, so that the printed form and the Word form are
// one drawing. LibreOffice is a system package, not an npm one: when it is missing the message names the package.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Report } from '../domain/report/model.ts';
import { renderDocx } from './docx.ts';
import { resolveFonts } from './fonts.ts';

export const SOFFICE_PACKAGE = 'libreoffice-writer-nogui';
export const CJK_FONT_PACKAGE = 'fonts-noto-cjk';

import { RenderError } from './errors.ts';

export { RenderError };

const isExecutable = (p: string) =>
  access(p, constants.X_OK).then(
    () => true,
    () => false,
  );

/**
 * Where soffice is: $GONGKAI_SOFFICE when set (and only there), else the first `soffice` on PATH, else the Debian
 * locations.
 */
export async function findSoffice(env: Readonly<Record<string, string | undefined>>): Promise<string | null> {
  const explicit = env.GONGKAI_SOFFICE;
  if (explicit !== undefined) return (await isExecutable(explicit)) ? explicit : null;
  const candidates = [
    ...(env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((d) => join(d, 'soffice')),
    '/usr/bin/soffice',
    '/usr/lib/libreoffice/program/soffice',
  ];
  for (const c of candidates) if (await isExecutable(c)) return c;
  return null;
}

function run(cmd: string, args: string[], opts: { cwd?: string; timeout: number }) {
  return new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(cmd, args, { ...opts, encoding: 'utf8', maxBuffer: 8 << 20 }, (err, stdout, stderr) =>
      err ? reject(Object.assign(err, { stderr })) : resolve({ stdout, stderr }),
    );
  });
}

/** Font families fontconfig knows (LibreOffice finds its fonts through it); empty when fc-list is absent. */
export async function installedFamilies(): Promise<Set<string>> {
  try {
    const { stdout } = await run('fc-list', [':', 'family'], { timeout: 20_000 });
    return new Set(stdout.split('\n').flatMap((l) => l.split(',').map((f) => f.trim())));
  } catch {
    return new Set();
  }
}

export interface PdfOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Time allowed to LibreOffice, in milliseconds. */
  readonly timeout?: number;
  /** Told about what the PDF may lack (e.g. a missing Chinese font). */
  readonly warn?: (message: string) => void;
}

export async function renderPdf(report: Report, opts: PdfOptions = {}): Promise<Uint8Array> {
  return docxToPdf((fonts) => renderDocx(report, { fonts }), 'report', opts);
}

/**
 * A DOCX made with the fonts installed where LibreOffice runs, converted to PDF by LibreOffice headless. `make`
 * receives the resolved font faces (without naming them LibreOffice picks the Japanese Noto face for Chinese text;
 * see ../shared/stack-notes.md). Shared by the annual report and the letters.
 */
export async function docxToPdf(
  make: (fonts: ReturnType<typeof resolveFonts>) => Promise<Uint8Array>,
  name: string,
  opts: PdfOptions = {},
): Promise<Uint8Array> {
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

  const dir = await mkdtemp(join(tmpdir(), 'gongkai-pdf-'));
  try {
    const docx = join(dir, `${name}.docx`);
    await writeFile(docx, await make(fonts));
    // A profile of its own: LibreOffice refuses to run twice on one profile, and the user's stays untouched.
    const profile = pathToFileURL(join(dir, 'profile')).href;
    try {
      await run(
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
        { cwd: dir, timeout: opts.timeout ?? 120_000 },
      );
    } catch (e) {
      const why = (e as { stderr?: string }).stderr?.trim() || (e as Error).message;
      throw new RenderError(`LibreOffice 转换 PDF 失败：${why}`, 'convert-failed');
    }
    try {
      return new Uint8Array(await readFile(join(dir, `${name}.pdf`)));
    } catch {
      throw new RenderError('LibreOffice 未生成 PDF 文件（转换无输出）', 'convert-failed');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
