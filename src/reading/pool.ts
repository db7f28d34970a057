// A pool of reading child processes with a time limit and a heap limit per file (ADR 0007). A child that runs past
// the time limit is killed and replaced, and so is one that runs out of memory or dies (a V8 heap abort, a native
// crash, a signal): the file gets an error line, the run goes on. Processes, not worker threads: a worker's heap
// limit is not an isolation boundary — V8 can end the whole process when a worker keeps allocating near its limit
// (nodejs/node#47224) — while a child's abort is only the child's. Idle children do not keep the process alive (a
// server's pool waits for uploads; a CLI closes its pool), and a child ends with its parent.
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ReadLimits } from '../parse/limits.ts';
import type { ChildConfig, OcrProgress, TaskResult, WorkerTask } from './protocol.ts';

const tsxPackage = () => {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
    exports: Record<string, string | { import: { default: string } }>;
  };
  return { dir: dirname(pkgPath), exports: pkg.exports };
};

/**
 * Worker threads start without the main thread's TypeScript loader, so each one registers tsx before importing its
 * entry (the OCR crop worker, src/web/reports/crops.ts). (Node 20 runs `--import` in a worker only after the entry
 * module is resolved, too late for a .ts entry, hence an inline bootstrap.) tsx's ESM API is found through its
 * package exports.
 */
export function bootstrap(entry: URL): string {
  const { dir, exports } = tsxPackage();
  const api = exports['./esm/api'] as { import: { default: string } };
  const url = pathToFileURL(join(dir, api.import.default)).href;
  return `import(${JSON.stringify(url)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
}

/** How a reading child starts: its entry module, and the Node options that load it. */
export interface ChildEntry {
  readonly entry: string;
  readonly execArgv: readonly string[];
}

/**
 * The entry a reading child starts from. A command run from the production bundle (bin/gongkai.js, ADR 0006) has the
 * reader there too, as the entry `reading-worker.js` beside `main.js`, built from the same sources in the same build
 * (the bundle is used only while every one of them is unchanged): loading it skips tsx's loader, ~1–2 s of CPU per
 * child (issue 18). Otherwise — tests, a stale or missing bundle, one built before the reader was an entry, one
 * removed while this process runs — the sources through tsx (`--import` of tsx's loader: a child process, unlike a
 * worker thread, runs it before resolving its .ts entry).
 */
export function childEntry(
  bundleMain = (globalThis as Record<symbol, unknown>)[Symbol.for('gongkai.bundle')],
): ChildEntry {
  if (typeof bundleMain === 'string') {
    const entry = fileURLToPath(new URL('./reading-worker.js', bundleMain));
    if (existsSync(entry)) return { entry, execArgv: [] };
  }
  const { dir, exports } = tsxPackage();
  const loader = pathToFileURL(join(dir, exports['.'] as string)).href;
  return { entry: fileURLToPath(new URL('./worker.ts', import.meta.url)), execArgv: ['--import', loader] };
}

/**
 * A child's young generation: V8's semi-spaces raised from their default so that a reader's short-lived garbage
 * (XML nodes, text runs) is collected in fewer scavenges (~10 % less CPU for a mixed ingest, issue 18; the worker
 * threads had `maxYoungGenerationSizeMb: 64`, i.e. semi-spaces of ~21 MB).
 */
const SEMI_SPACE_MB = 32;

/**
 * A child's resident memory beyond which it is stopped as out of memory, over its heap limit: the heap limit bounds
 * V8's heap only, not a file's bytes, a ZIP's inflated parts or MuPDF's WebAssembly memory (ArrayBuffers). Checked
 * while a file is read, every RSS_POLL_MS (Linux's /proc; elsewhere the heap limit alone applies).
 */
export const rssLimitMb = (memoryMb: number) => memoryMb * 2 + 512;
const RSS_POLL_MS = 500;

/** How long a child may take to load its modules before the file's own time limit starts (a busy machine). */
const LOAD_ALLOWANCE_MS = 60_000;

/** What a child writes to stderr when V8 ends it for its heap limit. */
const HEAP_ABORT = /heap out of memory|Reached heap limit|Allocation failed/;

export interface PoolOptions {
  readonly size: number;
  readonly limits: ReadLimits;
  readonly provenance: boolean;
  /** A scanned file's OCR progress (pages done of all). */
  readonly onOcrPage?: (file: string, done: number, total: number) => void;
}

interface Running {
  task: WorkerTask;
  resolve: (r: TaskResult) => void;
  timer: NodeJS.Timeout;
  ocr?: boolean;
}

interface Slot {
  child: ChildProcess;
  ready: Promise<void>;
  task: Running | null;
  /** The end of the child's stderr (V8's "heap out of memory" before an abort). */
  stderr: string;
  /** Set once the pool stopped the child itself (time limit, resident memory), so its exit is not a crash. */
  stopped: boolean;
  rssTimer: NodeJS.Timeout | null;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: { task: WorkerTask; resolve: (r: TaskResult) => void }[] = [];
  private closed = false;
  /** Children that died before they could load: after a few, something is wrong with the installation. */
  private startFailures = 0;
  private broken: string | null = null;
  private readonly entry = childEntry();

  constructor(private readonly opts: PoolOptions) {
    for (let i = 0; i < opts.size; i++) this.slots.push(this.spawn());
  }

  /** Resolves when every child has loaded (for measuring start-up apart from work). */
  async started(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /** The children's process ids (tests: none outlives the pool). */
  pids(): number[] {
    return this.slots.map((s) => s.child.pid).filter((p): p is number => p !== undefined);
  }

  private spawn(): Slot {
    const config: ChildConfig = { limits: this.opts.limits, provenance: this.opts.provenance };
    const child = fork(this.entry.entry, [JSON.stringify(config)], {
      execArgv: [
        ...this.entry.execArgv,
        `--max-old-space-size=${this.opts.limits.memoryMb}`,
        `--max-semi-space-size=${SEMI_SPACE_MB}`,
      ],
      // Structured clone, as between threads: a Report crosses as it is, and a file's bytes as a Uint8Array.
      serialization: 'advanced',
      // Libraries may print warnings; the run's own output stays clean. stderr is kept for V8's out-of-memory line.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // A process group of its own: killing it also ends what it started (tesseract for a scan), and a Ctrl-C in a
      // terminal reaches the parent only, which then ends its children.
      detached: true,
    });
    let markReady: () => void = () => {};
    const slot: Slot = {
      child,
      ready: new Promise((r) => (markReady = r)),
      task: null,
      stderr: '',
      stopped: false,
      rssTimer: null,
    };
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (s: string) => {
      slot.stderr = (slot.stderr + s).slice(-4096);
    });
    this.idle(slot);
    let loaded = false;
    child.on('message', (m: TaskResult | OcrProgress | { ready: true }) => {
      if ('ready' in m) {
        loaded = true;
        this.startFailures = 0;
        markReady();
        return;
      }
      const t = slot.task;
      if (!t || t.task.id !== m.id) return;
      if ('ocr' in m) {
        // OCR has its own time limit (limits.ocrTimeMs), counted from its first page.
        if (!t.ocr) {
          t.ocr = true;
          clearTimeout(t.timer);
          t.timer = this.timeout(slot, t, this.opts.limits.ocrTimeMs);
        }
        this.opts.onOcrPage?.(t.task.file, m.ocr.done, m.ocr.total);
        return;
      }
      this.finish(slot);
      t.resolve(m);
      this.next(slot);
    });
    // A failed spawn ('error' without a pid) or a lost channel ends in 'exit' too, or never: both are handled there,
    // and an 'error' alone must not throw.
    child.on('error', () => {
      if (child.pid === undefined) lost(-1, null);
    });
    const lost = (code: number | null, signal: NodeJS.Signals | null) => {
      if (this.closed || !this.slots.includes(slot) || slot.stopped) return;
      markReady();
      const t = slot.task;
      this.finish(slot);
      if (t) {
        const memory = HEAP_ABORT.test(slot.stderr);
        t.resolve(
          failure(
            t.task,
            memory ? 'memory' : 'crash',
            signal ? `读取进程异常终止：${signal}` : `读取进程异常退出：退出码 ${code}`,
          ),
        );
      }
      if (!loaded && ++this.startFailures >= 3) {
        // Do not respawn in a loop: fail what waits, and everything after, with the reason.
        const why = slot.stderr.trim().split('\n').pop() ?? '';
        this.broken = `无法启动读取进程（${signal ?? `退出码 ${code}`}${why ? `：${why.slice(0, 200)}` : ''}）`;
        for (const w of this.waiting.splice(0)) w.resolve(failure(w.task, 'crash', this.broken));
      }
      this.replace(slot);
    };
    // V8's out-of-memory line may still be in the pipe when 'exit' comes: the end of stderr is awaited (briefly: a
    // grandchild such as tesseract may hold it open).
    child.on('exit', (code, signal) => {
      const stderr = child.stderr!;
      if (stderr.readableEnded || stderr.destroyed) return lost(code, signal);
      const go = () => {
        clearTimeout(t);
        lost(code, signal);
      };
      const t = setTimeout(go, 1000);
      stderr.once('close', go);
    });
    return slot;
  }

  /** An idle child does not keep the process alive; one with a file in hand does, until its answer. */
  private idle(slot: Slot): void {
    slot.child.unref();
    slot.child.channel?.unref();
    (slot.child.stderr as { unref?: () => void } | null)?.unref?.();
  }

  private busy(slot: Slot): void {
    slot.child.ref();
    slot.child.channel?.ref();
  }

  private finish(slot: Slot): void {
    const t = slot.task;
    if (t) clearTimeout(t.timer);
    if (slot.rssTimer) clearInterval(slot.rssTimer);
    slot.rssTimer = null;
    slot.task = null;
    this.idle(slot);
  }

  /** Stop a child at once, with whatever it started (its process group). */
  private kill(slot: Slot): void {
    slot.stopped = true;
    const pid = slot.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      slot.child.kill('SIGKILL');
    }
  }

  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    if (slot.child.exitCode === null && slot.child.signalCode === null) this.kill(slot);
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
    const entry: Running = { task, resolve, timer: undefined as unknown as NodeJS.Timeout };
    slot.task = entry;
    slot.stderr = '';
    this.busy(slot);
    // The clock runs from when the child can start on the file, not while it is still loading its modules; a child
    // that never gets that far is stopped too, after the limit plus a minute for loading.
    entry.timer = this.timeout(slot, entry, this.opts.limits.timeMs + LOAD_ALLOWANCE_MS);
    void slot.ready.then(() => {
      if (slot.task !== entry) return;
      clearTimeout(entry.timer);
      entry.timer = this.timeout(slot, entry, this.opts.limits.timeMs);
    });
    this.watchMemory(slot, entry);
    // A child that died meanwhile: its 'exit' answers for the file.
    slot.child.send(task, (e) => e && undefined);
  }

  private watchMemory(slot: Slot, entry: Running): void {
    const pid = slot.child.pid;
    if (pid === undefined || process.platform !== 'linux') return;
    const limit = rssLimitMb(this.opts.limits.memoryMb) * 1048576;
    slot.rssTimer = setInterval(() => {
      if (slot.task !== entry) return;
      let rss: number;
      try {
        // statm: sizes in pages; the second is the resident set.
        rss = Number(readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]) * 4096;
      } catch {
        return;
      }
      if (rss <= limit) return;
      this.finish(slot);
      entry.resolve(failure(entry.task, 'memory', `占用内存超过 ${Math.round(limit / 1048576)} MB`));
      this.replace(slot);
    }, RSS_POLL_MS);
    slot.rssTimer.unref();
  }

  private timeout(slot: Slot, entry: Running, ms: number): NodeJS.Timeout {
    return setTimeout(() => {
      if (slot.task !== entry) return;
      this.finish(slot);
      entry.resolve(failure(entry.task, 'timeout', `超过 ${Math.round(ms / 100) / 10} 秒`));
      this.replace(slot);
    }, ms);
  }

  /** Read one file in a child. Never rejects: every failure is a result with an error line. */
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

  /** End every child and wait until each has exited: none outlives the pool. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    await Promise.all(
      slots.map(async (slot) => {
        const { child } = slot;
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        // An idle child ends on its own when the channel closes; one busy with a file (the caller gave up on it),
        // or one that does not end within a few seconds, is killed.
        if (slot.task) this.kill(slot);
        else if (child.connected) child.disconnect();
        const t = setTimeout(() => this.kill(slot), 5_000);
        await exited;
        clearTimeout(t);
        this.finish(slot);
      }),
    );
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
