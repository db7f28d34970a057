// A pool of worker threads with a time limit and a heap limit per file. A worker that runs past the time limit is
// terminated and replaced, and so is one that runs out of memory or dies: the file gets an error line, the run
// goes on. Idle workers do not keep the process alive (a server's pool waits for uploads; a CLI closes its pool).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReadLimits } from '../parse/limits.ts';
import { reasonOf } from './errors.ts';
import type { OcrProgress, TaskResult, WorkerTask } from './protocol.ts';

/**
 * Worker threads start without the main thread's TypeScript loader, so each one registers tsx before importing
 * worker.ts. (Node 20 runs `--import` in a worker only after the entry module is resolved, too late for a .ts
 * entry, hence an inline bootstrap.) tsx's ESM API is found through its package exports.
 */
export function bootstrap(entry: URL): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const api = pathToFileURL(join(dirname(pkgPath), pkg.exports['./esm/api']!.import.default)).href;
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
}

/**
 * The code a reading worker starts with. A command run from the production bundle (bin/gongkai.js, ADR 0006) has
 * its worker there too, as the entry `reading-worker.js` beside `main.js`, built from the same sources in the same
 * build (the bundle is used only while every one of them is unchanged): loading it skips tsx's loader, ~1–2 s of CPU
 * per worker (issue 18). Otherwise — tests, a stale or missing bundle, one built before the worker was an entry, one
 * removed while this process runs — the sources through tsx, as before.
 */
export function workerCode(
  bundleMain = (globalThis as Record<symbol, unknown>)[Symbol.for('gongkai.bundle')],
): string {
  if (typeof bundleMain === 'string') {
    const entry = new URL('./reading-worker.js', bundleMain);
    if (existsSync(fileURLToPath(entry))) return `import(${JSON.stringify(entry.href)});`;
  }
  return bootstrap(new URL('./worker.ts', import.meta.url));
}

/** How long a worker may take to load its modules before the file's own time limit starts (a busy machine). */
const LOAD_ALLOWANCE_MS = 60_000;

export interface PoolOptions {
  readonly size: number;
  readonly limits: ReadLimits;
  readonly provenance: boolean;
  /** A scanned file's OCR progress (pages done of all). */
  readonly onOcrPage?: (file: string, done: number, total: number) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  task: { task: WorkerTask; resolve: (r: TaskResult) => void; timer: NodeJS.Timeout; ocr?: boolean } | null;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: { task: WorkerTask; resolve: (r: TaskResult) => void }[] = [];
  private closed = false;
  /** Workers that died before they could load: after a few, something is wrong with the installation. */
  private startFailures = 0;
  private broken: string | null = null;

  constructor(private readonly opts: PoolOptions) {
    for (let i = 0; i < opts.size; i++) this.slots.push(this.spawn());
  }

  /** Resolves when every worker has loaded (for measuring start-up apart from work). */
  async started(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  private spawn(): Slot {
    const worker = new Worker(workerCode(), {
      eval: true,
      workerData: { limits: this.opts.limits, provenance: this.opts.provenance },
      // The heap limit per file is the old generation's. The young generation is raised from V8's default (16 MB
      // semi-spaces on 64-bit) so that a reader's short-lived garbage (XML nodes, text runs) is collected in fewer
      // scavenges: ~10 % less CPU for a mixed ingest (issue 18, docs/benchmarks.md).
      resourceLimits: { maxOldGenerationSizeMb: this.opts.limits.memoryMb, maxYoungGenerationSizeMb: 64 },
      stdout: true,
      stderr: true,
    });
    // Libraries may print warnings; the run's own output stays clean.
    worker.stdout.resume();
    worker.stderr.resume();
    worker.unref();
    let markReady: () => void = () => {};
    const slot: Slot = { worker, ready: new Promise((r) => (markReady = r)), task: null };
    let loaded = false;
    worker.on('message', (m: TaskResult | OcrProgress | { ready: true }) => {
      if ('ready' in m) {
        loaded = true;
        this.startFailures = 0;
        markReady();
        return;
      }
      if ('ocr' in m) {
        const t = slot.task;
        if (!t || t.task.id !== m.id) return;
        // OCR has its own time limit (limits.ocrTimeMs), counted from its first page.
        if (!t.ocr) {
          t.ocr = true;
          clearTimeout(t.timer);
          t.timer = this.timeout(slot, t, this.opts.limits.ocrTimeMs);
        }
        this.opts.onOcrPage?.(t.task.file, m.ocr.done, m.ocr.total);
        return;
      }
      const t = slot.task;
      if (!t || t.task.id !== m.id) return;
      clearTimeout(t.timer);
      slot.task = null;
      worker.unref();
      t.resolve(m);
      this.next(slot);
    });
    const lost = (kind: 'crash' | 'memory', detail: string) => {
      markReady();
      const t = slot.task;
      slot.task = null;
      if (t) {
        clearTimeout(t.timer);
        t.resolve(failure(t.task, kind, detail));
      }
      if (!loaded && ++this.startFailures >= 3) {
        // Do not respawn in a loop: fail what waits, and everything after, with the reason.
        this.broken = `无法启动读取线程（${detail}）`;
        for (const w of this.waiting.splice(0)) w.resolve(failure(w.task, 'crash', this.broken));
      }
      this.replace(slot);
    };
    worker.on('error', (e: Error & { code?: string }) =>
      lost(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash', reasonOf(e)),
    );
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) lost('crash', `退出码 ${code}`);
    });
    return slot;
  }

  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    slot.worker.removeAllListeners('exit');
    void slot.worker.terminate();
    if (this.closed || this.broken) {
      this.slots.splice(i, 1);
      return;
    }
    const fresh = this.spawn();
    this.slots[i] = fresh;
    this.next(fresh);
  }

  private next(slot: Slot): void {
    const w = this.waiting.shift();
    if (w) this.start(slot, w.task, w.resolve);
  }

  private start(slot: Slot, task: WorkerTask, resolve: (r: TaskResult) => void): void {
    const entry: NonNullable<Slot['task']> = { task, resolve, timer: undefined as unknown as NodeJS.Timeout };
    slot.task = entry;
    // A file in hand keeps the process alive until its answer (or its time limit) comes.
    slot.worker.ref();
    const buf = task.bytes.buffer as ArrayBuffer;
    slot.worker.postMessage(task, buf.byteLength === task.bytes.byteLength ? [buf] : []);
    // The clock runs from when the worker can start on the file, not while it is still loading its modules; a
    // worker that never gets that far is stopped too, after the limit plus a minute for loading.
    entry.timer = this.timeout(slot, entry, this.opts.limits.timeMs + LOAD_ALLOWANCE_MS);
    void slot.ready.then(() => {
      if (slot.task !== entry) return;
      clearTimeout(entry.timer);
      entry.timer = this.timeout(slot, entry, this.opts.limits.timeMs);
    });
  }

  private timeout(slot: Slot, entry: NonNullable<Slot['task']>, ms: number): NodeJS.Timeout {
    return setTimeout(() => {
      if (slot.task !== entry) return;
      slot.task = null;
      entry.resolve(failure(entry.task, 'timeout', `超过 ${Math.round(ms / 100) / 10} 秒`));
      this.replace(slot);
    }, ms);
  }

  /** Read one file in a worker. Never rejects: every failure is a result with an error line. */
  run(task: WorkerTask): Promise<TaskResult> {
    return new Promise((resolve) => {
      if (this.broken) {
        resolve(failure(task, 'crash', this.broken));
        return;
      }
      const free = this.slots.find((s) => s.task === null);
      if (free) this.start(free, task, resolve);
      else this.waiting.push({ task, resolve });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

function failure(task: WorkerTask, kind: 'crash' | 'memory' | 'timeout', detail: string): TaskResult {
  const why =
    kind === 'timeout'
      ? `读取超时（${detail}），已中止（文件可能过于复杂或已损坏）`
      : kind === 'memory'
        ? '读取时内存超限，已中止（文件可能过大或已损坏）'
        : detail.startsWith('无法启动')
          ? detail
          : `读取时出错，已中止（${detail}）`;
  return {
    id: task.id,
    ok: false,
    kind,
    line: { file: task.file, sha256: task.sha256, error: `${task.file}：${why}` },
  };
}
