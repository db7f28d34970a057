// Tesseract (Debian `tesseract-ocr` + `tesseract-ocr-chi-sim`) as a process: a grey image in on stdin (PGM),
// words with boxes and confidences out (TSV). See docs/decisions/0005-ocr-engine.md for why this engine.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Gray, toPgm } from './image.ts';

export const TESSERACT_PACKAGES = 'tesseract-ocr tesseract-ocr-chi-sim';

/** The OCR engine is missing or failed; the message is Chinese and says what to install. */
export class OcrUnavailableError extends Error {}

export interface Word {
  readonly text: string;
  readonly conf: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** Block, paragraph and line numbers as tesseract found them (one key per printed line). */
  readonly line: string;
}

export interface TessOptions {
  readonly lang: string;
  readonly psm: number;
  /** Extra `-c name=value` settings. */
  readonly config?: Readonly<Record<string, string>>;
  /** Milliseconds before the process is killed. */
  readonly timeoutMs: number;
}

const binary = (): string => process.env.GONGKAI_TESSERACT ?? 'tesseract';

const checked = new Map<string, Promise<void>>();

/** Check once per process (and binary) that tesseract and its Chinese and English data are there. */
export function ensureTesseract(): Promise<void> {
  const bin = binary();
  let p = checked.get(bin);
  if (p) return p;
  p = (async () => {
    const langs = await exec(['--list-langs'], new Uint8Array(0), 20_000).catch((e: Error) => {
      throw new OcrUnavailableError(
        `未找到文字识别程序 tesseract（${e.message}），无法识别扫描件。请安装：apt-get install ${TESSERACT_PACKAGES}`,
      );
    });
    if (!/^chi_sim$/m.test(langs))
      throw new OcrUnavailableError(
        `文字识别程序 tesseract 缺少简体中文数据（chi_sim），无法识别扫描件。请安装：apt-get install tesseract-ocr-chi-sim`,
      );
    if (!/^eng$/m.test(langs))
      throw new OcrUnavailableError(
        `文字识别程序 tesseract 缺少英文数据（eng，用于核对数字），无法识别扫描件。请安装：apt-get install tesseract-ocr-eng`,
      );
  })();
  checked.set(bin, p);
  p.catch(() => checked.delete(bin));
  return p;
}

function exec(args: string[], input: Uint8Array, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const bin = binary();
    if (bin.startsWith('/') && !existsSync(bin)) {
      reject(new Error(`${bin} 不存在`));
      return;
    }
    // One thread per process: the ingest workers already run files in parallel.
    const child = spawn(bin, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`识别超时（${Math.round(timeoutMs / 1000)} 秒）`));
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(Buffer.concat(err).toString('utf8').trim().slice(0, 300) || `退出码 ${code}`));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** Recognise one image; words in reading order. */
export async function recognise(img: Gray, o: TessOptions): Promise<Word[]> {
  await ensureTesseract();
  const args = ['stdin', 'stdout', '-l', o.lang, '--psm', String(o.psm)];
  for (const [k, v] of Object.entries(o.config ?? {})) args.push('-c', `${k}=${v}`);
  args.push('tsv');
  const tsv = await exec(args, toPgm(img), o.timeoutMs);
  return parseTsv(tsv);
}

export function parseTsv(tsv: string): Word[] {
  const words: Word[] = [];
  for (const line of tsv.split('\n').slice(1)) {
    const f = line.split('\t');
    if (f.length < 12 || f[0] !== '5') continue;
    const text = f.slice(11).join('\t').trim();
    if (!text) continue;
    words.push({
      text,
      conf: Number(f[10]),
      left: Number(f[6]),
      top: Number(f[7]),
      width: Number(f[8]),
      height: Number(f[9]),
      line: `${f[2]}.${f[3]}.${f[4]}`,
    });
  }
  return words;
}
