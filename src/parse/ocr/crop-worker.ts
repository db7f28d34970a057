// The crop worker thread: renders the crops of stored scans (crop.ts) off the server's event loop, ~50–200 ms of
// CPU each (issue 17). It reads the scan from the stored-files folder itself, so no file's bytes cross threads, and
// keeps the last few scans open: the crops of one report page come from one document.
import { readFile, stat } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { cropOf, type OpenScan, openScan } from './crop.ts';
import { imageKind } from './index.ts';

export interface CropTask {
  readonly id: number;
  readonly sha256: string;
  /** Absolute path of the stored scan. */
  readonly path: string;
  readonly page: number;
  readonly box: readonly [number, number, number, number];
}

export type CropAnswer =
  | { readonly id: number; readonly png: Uint8Array }
  | { readonly id: number; readonly missing: true }
  | { readonly id: number; readonly error: string };

const OPEN = 3;
const open = new Map<string, OpenScan>();

async function scanOf(t: CropTask): Promise<OpenScan | null> {
  const have = open.get(t.sha256);
  // A scan removed from the store (its report deleted, the folder cleaned) has no crops any more, open or not.
  if (
    have &&
    !(await stat(t.path).then(
      () => true,
      () => false,
    ))
  ) {
    open.delete(t.sha256);
    have.destroy();
    return null;
  }
  if (have) {
    open.delete(t.sha256);
    open.set(t.sha256, have);
    return have;
  }
  const bytes = await readFile(t.path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (!bytes) return null;
  const scan = await openScan(bytes, imageKind(bytes) ?? 'application/pdf');
  open.set(t.sha256, scan);
  for (const [k, s] of open) {
    if (open.size <= OPEN) break;
    open.delete(k);
    s.destroy();
  }
  return scan;
}

async function handle(t: CropTask): Promise<CropAnswer> {
  try {
    const scan = await scanOf(t);
    if (!scan) return { id: t.id, missing: true };
    return { id: t.id, png: cropOf(scan, t.page, t.box) };
  } catch (e) {
    return { id: t.id, error: e instanceof Error ? e.message : String(e) };
  }
}

// One task at a time: the renderer sends the next one after the answer.
parentPort!.on('message', (t: CropTask) => {
  // Copied, not transferred: the PNG's buffer may belong to MuPDF's memory.
  void handle(t).then((a) => parentPort!.postMessage(a));
});
parentPort!.postMessage({ ready: true });
