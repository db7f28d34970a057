// Bulk ingest as a use case: walk the inputs lazily, skip files whose content is already in the output (sha256),
// read the rest in reading child processes (src/reading/pool.ts), append one JSON line per file as each finishes.
// Memory stays bounded whatever the number of files: the walk holds one path per directory level, at most 2 × jobs
// files are in flight, and the summary keeps counters (and the first few errors), not results.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FormatVersion } from '../domain/report/layout.ts';
import type { Form } from '../parse/index.ts';
import { type ReadLimits, tooLarge } from '../parse/limits.ts';
import { WorkerPool } from '../reading/pool.ts';
import type { TaskResult } from '../reading/protocol.ts';
import { JsonlWriter, readDone } from './output.ts';
import { countFiles, walkFiles } from './walk.ts';

export interface IngestOptions {
  readonly inputs: readonly string[];
  readonly out: string;
  readonly jobs: number;
  readonly limits: ReadLimits;
  /** Write each number's provenance into the lines (the `parse --json` default). */
  readonly provenance: boolean;
  /** Read again the files whose line in the output is an error line. */
  readonly retryErrors: boolean;
}

export interface Progress {
  /** Files finished: read, unreadable or skipped. */
  readonly finished: number;
  /** Files in the inputs, once counted (null until the count is done). */
  readonly total: number | null;
  readonly unreadable: number;
  readonly elapsedMs: number;
  /** A scanned file being recognised: its name and pages done of all. */
  readonly ocr?: { readonly file: string; readonly page: number; readonly pages: number };
}

export interface IngestHooks {
  /** Called after each file; the caller throttles. */
  readonly onProgress?: (p: Progress) => void;
  /** Count the files in advance, for an estimate of the time left. */
  readonly countTotal?: boolean;
  /** Called once the workers have loaded. */
  readonly onStarted?: () => void;
}

export interface Summary {
  files: number;
  skipped: number;
  read: number;
  withErrors: number;
  unreadable: number;
  timeouts: number;
  outOfMemory: number;
  crashes: number;
  byFormat: Record<FormatVersion | 'none', number>;
  byForm: Partial<Record<Form, number>>;
  /** The first unreadable files with their messages. */
  errors: string[];
  /** Lines of an earlier run that were not JSON, and bytes of a partial last line cut off. */
  badLines: number;
  truncated: number;
  elapsedMs: number;
  jobs: number;
}

const MAX_ERRORS_LISTED = 10;

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export async function runIngest(opts: IngestOptions, hooks: IngestHooks = {}): Promise<Summary> {
  const t0 = performance.now();
  const resumed = await readDone(opts.out);
  const done = new Set<string>();
  for (const [sha, status] of resumed.done) if (status === 'ok' || !opts.retryErrors) done.add(sha);
  const summary: Summary = {
    files: 0,
    skipped: 0,
    read: 0,
    withErrors: 0,
    unreadable: 0,
    timeouts: 0,
    outOfMemory: 0,
    crashes: 0,
    byFormat: { '2019': 0, '2021': 0, none: 0 },
    byForm: {},
    errors: [],
    badLines: resumed.badLines,
    truncated: resumed.truncated,
    elapsedMs: 0,
    jobs: opts.jobs,
  };
  const writer = new JsonlWriter(opts.out);
  const fail = (file: string, sha256: string | null, error: string) => {
    writer.write({ file, sha256, error });
    summary.unreadable++;
    if (summary.errors.length < MAX_ERRORS_LISTED) summary.errors.push(error);
  };
  const walkOpts = {
    exclude: new Set([resolve(opts.out)]),
    onError: (path: string, e: NodeJS.ErrnoException) =>
      fail(
        path,
        null,
        `${path}：无法打开目录（${e.code === 'EACCES' ? '没有读取权限' : e.code === 'ENOENT' ? '目录已不存在' : e.code}）`,
      ),
  };
  let total: number | null = null;
  if (hooks.countTotal)
    void countFiles(opts.inputs, { exclude: walkOpts.exclude }).then(
      (n) => {
        total = n;
      },
      () => {},
    );
  // Workers start with the first file that needs reading: a resumed run with nothing new starts none.
  let pool: WorkerPool | null = null;
  const workers = () => {
    if (!pool) {
      pool = new WorkerPool({
        size: opts.jobs,
        limits: opts.limits,
        provenance: opts.provenance,
        onOcrPage: (file, page, pages) =>
          hooks.onProgress?.({
            finished,
            total,
            unreadable: summary.unreadable,
            elapsedMs: performance.now() - t0,
            ocr: { file, page, pages },
          }),
      });
      void pool.started().then(() => hooks.onStarted?.());
    }
    return pool;
  };
  let finished = 0;
  const tick = () => {
    finished++;
    hooks.onProgress?.({
      finished,
      total,
      unreadable: summary.unreadable,
      elapsedMs: performance.now() - t0,
    });
  };
  const record = (r: TaskResult) => {
    if (r.ok) writer.writeJson(r.json!);
    else writer.write(r.line);
    if (r.ok) {
      summary.read++;
      if (r.errors > 0) summary.withErrors++;
      summary.byFormat[r.format ?? 'none']++;
      summary.byForm[r.form] = (summary.byForm[r.form] ?? 0) + 1;
    } else {
      summary.unreadable++;
      if (r.kind === 'timeout') summary.timeouts++;
      if (r.kind === 'memory') summary.outOfMemory++;
      if (r.kind === 'crash') summary.crashes++;
      if (summary.errors.length < MAX_ERRORS_LISTED) summary.errors.push(r.line.error);
    }
  };

  const inflight = new Set<Promise<void>>();
  let id = 0;
  try {
    for await (const file of walkFiles(opts.inputs, walkOpts)) {
      summary.files++;
      let bytes: Uint8Array | null = null;
      let sha: string;
      let size: number;
      try {
        // Synchronous: a report is tens of kilobytes from the page cache, read in microseconds, while each promise
        // of fs/promises is a round trip through libuv's thread pool — two per file were the largest part of this
        // process's own CPU in an ingest (issue 18). A file over the size limit is still hashed as a stream.
        size = statSync(file).size;
        if (size > opts.limits.maxBytes) sha = await sha256File(file);
        else {
          const buf = readFileSync(file);
          // A buffer of its own, so that it can be handed to the worker without copying.
          bytes =
            buf.byteOffset === 0 && buf.buffer.byteLength === buf.byteLength ? buf : new Uint8Array(buf);
          sha = createHash('sha256').update(bytes).digest('hex');
        }
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        fail(
          file,
          null,
          `${file}：无法打开文件（${code === 'EACCES' ? '没有读取权限' : code === 'ENOENT' ? '文件已不存在' : code}）`,
        );
        tick();
        continue;
      }
      if (done.has(sha)) {
        summary.skipped++;
        tick();
        continue;
      }
      done.add(sha);
      if (!bytes) {
        fail(file, sha, tooLarge(size, file, opts.limits));
        tick();
        continue;
      }
      // The child reads the file itself (from the page cache; its bytes do not cross the IPC channel) and refuses it
      // if it no longer has this hash.
      const p = workers()
        .run({ id: id++, file, sha256: sha, path: file, want: 'line' })
        .then((r) => {
          record(r);
          tick();
        });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      if (inflight.size >= opts.jobs * 2) await Promise.race(inflight);
    }
    await Promise.all(inflight);
  } finally {
    await (pool as WorkerPool | null)?.close();
    writer.close();
  }
  summary.elapsedMs = performance.now() - t0;
  return summary;
}
