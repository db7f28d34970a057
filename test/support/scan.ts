// The scan recipe: turn a PDF with a text layer into an image-only PDF as an office scanner would, so the OCR
// reader is tested on what agencies publish (盖章版 scans) without committing large binaries. Steps per page:
// rasterise at 150 dpi (pdftoppm), stamp a translucent red seal over some text, rotate by a random angle within
// ±1°, add Gaussian noise, blur slightly, save as JPEG quality ~70, then wrap the pages into a PDF (img2pdf).
// Needs poppler-utils, imagemagick and img2pdf (Debian packages; see .ci/run).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** ImageMagick's own binary: /usr/local/bin/convert may be a stand-in on these machines. */
export const CONVERT = existsSync('/usr/bin/convert') ? '/usr/bin/convert' : 'convert';

export const scanToolsPresent = (): boolean =>
  ['/usr/bin/pdftoppm', '/usr/bin/img2pdf', CONVERT].every((p) => !p.startsWith('/') || existsSync(p));

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { maxBuffer: 16 << 20, timeout: 120_000 }, (err, _o, stderr) =>
      err ? reject(new Error(`${cmd} ${args.join(' ')}: ${stderr || err.message}`)) : resolve(),
    ),
  );
}

/** A small seeded generator (mulberry32), so a failing scan can be made again from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ScanOptions {
  readonly seed: number;
  readonly dpi?: number;
  /** Largest tilt in degrees (random within ±maxAngle). */
  readonly maxAngle?: number;
  readonly jpegQuality?: number;
  /** Photo-like: uneven lighting (a gradient multiplied over the page). */
  readonly unevenLight?: boolean;
  /** A fixed angle instead of a random one. */
  readonly angle?: number;
}

/** Degrade one page image in place of `out` (JPEG). */
export async function degradePage(
  png: string,
  out: string,
  o: ScanOptions & { page: number },
): Promise<void> {
  const r = rng(o.seed * 1009 + o.page);
  const angle = o.angle ?? (r() * 2 - 1) * (o.maxAngle ?? 1);
  // The seal: a red ring with a translucent fill, somewhere in the page body (over text or the table).
  const cx = 250 + Math.round(r() * 700);
  const cy = 300 + Math.round(r() * 1100);
  const rad = 110 + Math.round(r() * 40);
  const args = [
    png,
    '-fill',
    'rgba(225,20,20,0.28)',
    '-stroke',
    'rgba(225,20,20,0.75)',
    '-strokewidth',
    '7',
    '-draw',
    `circle ${cx},${cy} ${cx + rad},${cy}`,
    '-stroke',
    'none',
    '-fill',
    'rgba(225,20,20,0.7)',
    '-draw',
    `polygon ${cx},${cy - 40} ${cx + 12},${cy - 8} ${cx + 38},${cy - 8} ${cx + 16},${cy + 10} ${cx + 24},${cy + 40} ${cx},${cy + 22} ${cx - 24},${cy + 40} ${cx - 16},${cy + 10} ${cx - 38},${cy - 8} ${cx - 12},${cy - 8}`,
  ];
  if (o.unevenLight)
    args.push(
      '(',
      '+clone',
      '-sparse-color',
      'Barycentric',
      `0,0 gray(62%) %w,%h white`,
      ')',
      '-compose',
      'Multiply',
      '-composite',
    );
  args.push(
    '-background',
    'white',
    '-rotate',
    angle.toFixed(3),
    '+repage',
    '-seed',
    String(o.seed + o.page),
    '-attenuate',
    '0.35',
    '+noise',
    'Gaussian',
    '-blur',
    '0x0.5',
    '-quality',
    String(o.jpegQuality ?? 70),
    out,
  );
  await run(CONVERT, args);
}

/** Scan a PDF: an image-only PDF at `outPdf`, each page degraded by the recipe above. */
export async function scanPdf(pdf: string, outPdf: string, o: ScanOptions): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'gongkai-scan-'));
  try {
    await run('pdftoppm', ['-r', String(o.dpi ?? 150), '-png', pdf, join(dir, 'p')]);
    const pages = (await readdir(dir)).filter((f) => f.endsWith('.png')).sort();
    const jpgs: string[] = [];
    for (const [i, p] of pages.entries()) {
      const out = join(dir, p.replace(/\.png$/, '.jpg'));
      await degradePage(join(dir, p), out, { ...o, page: i });
      jpgs.push(out);
    }
    await run('img2pdf', [...jpgs, '-o', outPdf]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One page as a photo-like JPEG: tilted by `angle` degrees, lit unevenly. */
export async function photoOfPage(pdf: string, page: number, outJpg: string, angle: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'gongkai-photo-'));
  try {
    await run('pdftoppm', ['-r', '150', '-png', '-f', String(page), '-l', String(page), pdf, join(dir, 'p')]);
    const [p] = (await readdir(dir)).filter((f) => f.endsWith('.png'));
    await degradePage(join(dir, p!), outJpg, { seed: 7, page, angle, unevenLight: true });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
