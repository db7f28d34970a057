// The JSON Lines output of an ingest run, and what makes a run resumable: the sha256 of every file already in it.
// Each result is appended with one write, so an interrupted run leaves at most one partial last line; the next run
// cuts that line off before appending.
import {
  closeSync,
  createReadStream,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import { createInterface } from 'node:readline';

export interface Resumed {
  /** Hashes of the files already in the output, with whether their line is an error line. */
  readonly done: Map<string, 'ok' | 'error'>;
  /** Lines in the output that were not valid JSON (left in place, ignored). */
  readonly badLines: number;
  /** Bytes of a partial last line that were cut off. */
  readonly truncated: number;
}

/** Read an existing output file's hashes; a missing file is an empty result. */
export async function readDone(path: string): Promise<Resumed> {
  const done = new Map<string, 'ok' | 'error'>();
  let badLines = 0;
  let truncated = 0;
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { done, badLines, truncated };
    throw e;
  }
  try {
    // Cut a partial last line (no trailing newline) left by an interrupted run.
    const size = fstatSync(fd).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) {
        let end = size;
        const chunk = Buffer.alloc(65536);
        while (end > 0) {
          const start = Math.max(0, end - chunk.length);
          readSync(fd, chunk, 0, end - start, start);
          const nl = chunk.subarray(0, end - start).lastIndexOf(0x0a);
          if (nl >= 0) {
            end = start + nl + 1;
            break;
          }
          end = start;
        }
        truncated = size - end;
        ftruncateSync(fd, end);
      }
    }
  } finally {
    closeSync(fd);
  }
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (!line.trim()) continue;
    try {
      const j = JSON.parse(line) as { sha256?: unknown; error?: unknown };
      if (typeof j.sha256 === 'string') done.set(j.sha256, j.error !== undefined ? 'error' : 'ok');
      else badLines++;
    } catch {
      badLines++;
    }
  }
  return { done, badLines, truncated };
}

/** Appends one JSON object per line, each with a single write. */
export class JsonlWriter {
  private readonly fd: number;
  constructor(path: string) {
    this.fd = openSync(path, 'a');
  }
  write(obj: unknown): void {
    this.writeJson(JSON.stringify(obj));
  }
  /** An object already serialised (by a reading worker). */
  writeJson(json: string): void {
    writeSync(this.fd, `${json}\n`);
  }
  close(): void {
    closeSync(this.fd);
  }
}
