// The crops of stored scans for the report page (issue 17): rendered in a worker thread of their own
// (src/parse/ocr/crop-worker.ts), one at a time, so a visitor opening many crops costs one core at most and the
// event loop keeps answering. A crop never changes for a given scan and box, so the last ones are kept in memory;
// identical requests in flight share one rendering. Past a queue of MAX_QUEUE the caller is told to come back.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CropAnswer, CropTask } from '../../parse/ocr/crop-worker.ts';
import { bootstrap } from '../../reading/pool.ts';
import { Lru } from '../lru.ts';
import { type StoredFiles, storedPathOf } from './stored-files.ts';

export type CropResult = Uint8Array | 'missing' | 'busy' | 'failed';

export interface CropRendererOptions {
  /** Longest a crop may take before its worker is replaced (a damaged scan). */
  readonly timeoutMs?: number;
  /** Crops waiting beyond this are refused ('busy'): the page asks again later. */
  readonly maxQueue?: number;
  /** Bytes of PNG kept in memory. */
  readonly cacheBytes?: number;
}

interface Pending {
  readonly task: CropTask;
  readonly resolve: (r: CropResult) => void;
}

export class CropRenderer {
  private worker: Worker | null = null;
  private busy: (Pending & { timer: NodeJS.Timeout }) | null = null;
  private readonly queue: Pending[] = [];
  /** The last crops, by PNG bytes. */
  private readonly cache: Lru<Uint8Array>;
  private readonly inFlight = new Map<string, Promise<CropResult>>();
  private nextId = 0;
  private readonly timeoutMs: number;
  private readonly maxQueue: number;

  constructor(
    private readonly files: StoredFiles,
    o: CropRendererOptions = {},
  ) {
    this.timeoutMs = o.timeoutMs ?? 30_000;
    this.maxQueue = o.maxQueue ?? 64;
    this.cache = new Lru(Number.POSITIVE_INFINITY, o.cacheBytes ?? 32 << 20);
  }

  /** The PNG of `box` on `page` of the scan stored under `sha256`; 'missing' when the scan is not stored. */
  crop(sha256: string, page: number, box: readonly [number, number, number, number]): Promise<CropResult> {
    const key = `${sha256}:${page}:${box.join(',')}`;
    const hit = this.cache.get(key);
    if (hit) return Promise.resolve(hit);
    const running = this.inFlight.get(key);
    if (running) return running;
    if (this.queue.length >= this.maxQueue) return Promise.resolve('busy');
    const p = new Promise<CropResult>((resolve) => {
      const task: CropTask = {
        id: this.nextId++,
        sha256,
        path: join(this.files.dir, storedPathOf(sha256)),
        page,
        box,
      };
      this.queue.push({ task, resolve });
      this.pump();
    }).then((r) => {
      this.inFlight.delete(key);
      if (r instanceof Uint8Array) this.cache.set(key, r, r.byteLength);
      return r;
    });
    this.inFlight.set(key, p);
    return p;
  }

  private spawn(): Worker {
    const w = new Worker(bootstrap(new URL('../../parse/ocr/crop-worker.ts', import.meta.url)), {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: 256 },
      stdout: true,
      stderr: true,
    });
    w.stdout.resume();
    w.stderr.resume();
    w.unref();
    w.on('message', (m: CropAnswer | { ready: true }) => {
      if ('ready' in m) return;
      const b = this.busy;
      if (!b || b.task.id !== m.id) return;
      clearTimeout(b.timer);
      this.busy = null;
      w.unref();
      b.resolve('png' in m ? new Uint8Array(m.png) : 'missing' in m ? 'missing' : 'failed');
      this.pump();
    });
    const lost = () => {
      if (this.worker !== w) return;
      this.worker = null;
      const b = this.busy;
      this.busy = null;
      if (b) {
        clearTimeout(b.timer);
        b.resolve('failed');
      }
      void w.terminate();
      this.pump();
    };
    w.on('error', lost);
    w.on('exit', lost);
    return w;
  }

  private pump(): void {
    if (this.busy) return;
    const next = this.queue.shift();
    if (!next) return;
    this.worker ??= this.spawn();
    const w = this.worker;
    // A crop in hand keeps the process alive until its answer (or its time limit).
    w.ref();
    const timer = setTimeout(() => {
      if (this.busy?.task.id !== next.task.id) return;
      this.busy = null;
      this.worker = null;
      w.removeAllListeners('exit');
      void w.terminate();
      next.resolve('failed');
      this.pump();
    }, this.timeoutMs);
    this.busy = { ...next, timer };
    w.postMessage(next.task);
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    for (const p of this.queue.splice(0)) p.resolve('failed');
    await w?.terminate();
  }
}

const renderers = new WeakMap<StoredFiles, CropRenderer>();

/** The one renderer of a stored-files folder (its worker starts with the first crop, and never holds the process). */
export function cropRendererOf(files: StoredFiles): CropRenderer {
  let r = renderers.get(files);
  if (!r) {
    r = new CropRenderer(files);
    renderers.set(files, r);
  }
  return r;
}
