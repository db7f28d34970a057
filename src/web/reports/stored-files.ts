// The bytes of uploaded report files, on disk under the data folder and addressed by their SHA-256: the upload
// request writes them here (not into the database, whose embedded engine runs on the server's event loop: 16 MB
// written into PGlite stalled every request, /health included, for seconds), the upload queue reads them from here,
// and the scan of a collected report stays here for whoever needs its source again (the OCR crop view, a re-read).
//
// Content-addressed: the same file uploaded twice is one file. A file is written to a temporary name in the same
// folder and renamed into place, so a reader never sees half a file and a crash leaves at most a temp file behind
// (swept on start). The database rows keep hash, size, name and the path relative to this folder.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const HASH = /^[0-9a-f]{64}$/;
const TEMP_PREFIX = '.incoming-';

export interface StoredFile {
  readonly sha256: string;
  readonly size: number;
  /** Relative to the store's folder: `ab/abcdef…` */
  readonly path: string;
}

/** Where a hash lives, relative to the store: two levels keep folders small. */
export const storedPathOf = (sha256: string): string => join(sha256.slice(0, 2), sha256);

export class StoredFiles {
  readonly dir: string;
  /** Hashes just written whose rows are not committed yet: remove() leaves them (one process per store's rows). */
  private readonly pins = new Map<string, number>();

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /**
   * Store a file's bytes, streamed to a temp file while hashed, then renamed to its hash. The caller's stream is
   * consumed; the event loop only ever holds one chunk.
   */
  async put(
    source: ReadableStream<Uint8Array> | Uint8Array,
    opts: { pin?: boolean } = {},
  ): Promise<StoredFile> {
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    let pinned: string | null = null;
    const input =
      source instanceof Uint8Array
        ? Readable.from([source])
        : Readable.fromWeb(source as import('node:stream/web').ReadableStream<Uint8Array>);
    try {
      await pipeline(
        input,
        async function* (chunks: AsyncIterable<Uint8Array>) {
          for await (const c of chunks) {
            hash.update(c);
            size += c.byteLength;
            yield c;
          }
        },
        createWriteStream(temp, { flags: 'wx', mode: 0o600 }),
      );
      const sha256 = hash.digest('hex');
      const path = storedPathOf(sha256);
      if (opts.pin) {
        pinned = sha256;
        this.pins.set(sha256, (this.pins.get(sha256) ?? 0) + 1);
      }
      await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      // Same hash, same bytes: replacing an existing copy is harmless, and rename is atomic.
      await rename(temp, join(this.dir, path));
      return { sha256, size, path };
    } catch (e) {
      if (pinned) this.unpin(pinned);
      await rm(temp, { force: true });
      throw e;
    }
  }

  /** Where the bytes of `sha256` are kept, or null when they are not (never stored, or removed). */
  async storedPath(sha256: string): Promise<string | null> {
    if (!HASH.test(sha256)) return null;
    const path = join(this.dir, storedPathOf(sha256));
    return stat(path).then(
      (s) => (s.isFile() ? path : null),
      () => null,
    );
  }

  /** The bytes stored under `sha256`, or null when they are not (never stored, or removed). */
  async readStoredSource(sha256: string): Promise<Uint8Array | null> {
    if (!HASH.test(sha256)) return null;
    try {
      return await readFile(join(this.dir, storedPathOf(sha256)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async has(sha256: string): Promise<boolean> {
    if (!HASH.test(sha256)) return false;
    return stat(join(this.dir, storedPathOf(sha256))).then(
      () => true,
      () => false,
    );
  }

  unpin(sha256: string): void {
    const n = (this.pins.get(sha256) ?? 0) - 1;
    if (n > 0) this.pins.set(sha256, n);
    else this.pins.delete(sha256);
  }

  async remove(sha256: string): Promise<void> {
    if (!HASH.test(sha256) || this.pins.has(sha256)) return;
    await rm(join(this.dir, storedPathOf(sha256)), { force: true });
  }

  /**
   * Temp files a stopped process was writing: never renamed, so no row refers to them. Only old ones, so that a
   * second server on the same folder (PostgreSQL deployments) keeps the upload it is writing.
   */
  async sweepTemp(olderThanMs = 3600_000): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const before = Date.now() - olderThanMs;
    for (const n of names.filter((x) => x.startsWith(TEMP_PREFIX))) {
      const p = join(this.dir, n);
      const s = await stat(p).catch(() => null);
      if (s && s.mtimeMs < before) await rm(p, { force: true });
    }
  }
}

/** The folder of uploaded files: `files` in the data folder (GONGKAI_DATA, default ./data), for either engine. */
export function storedFilesDir(env: Readonly<Record<string, string | undefined>>, cwd: string): string {
  return resolve(cwd, env.GONGKAI_DATA ?? './data', 'files');
}

/**
 * The folder of stored files for a database: `files` inside a PGlite data folder (the database and its files move
 * together), else `files` in GONGKAI_DATA. The server, `gongkai collect`, the demo loader, `backup` and `restore`
 * all use it, so a scan collected from the command line is found by the server's crop view, and a backup restored
 * into another installation puts the files where its server looks.
 */
export function storedFilesFor(
  handle: { readonly kind: string; readonly location?: string },
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): string {
  return handle.kind === 'pglite' && handle.location && handle.location !== ':memory:'
    ? join(handle.location, 'files')
    : storedFilesDir(env, cwd);
}
