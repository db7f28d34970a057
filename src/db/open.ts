// Opening the database: PostgreSQL when DATABASE_URL (or opts.url) is set, else embedded PGlite in the data
// folder (GONGKAI_DATA, default ./data), guarded by a lock file so only one process ever opens it.
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startMark } from '../start-trace.ts';
import { DatabaseSettingError } from './errors.ts';
import type { DatabaseHandle, Db } from './handle.ts';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';
import { assertSchemaCurrent, runMigrations } from './migrate.ts';
import { PgliteWorkerClient } from './pglite-worker-client.ts';
import * as schema from './schema/index.ts';
import { copyTemplate, discardTemplate, templatesEnabled } from './template.ts';

export interface OpenOptions {
  /** PostgreSQL connection string; defaults to env.DATABASE_URL. */
  url?: string;
  /** PGlite data folder; defaults to env.GONGKAI_DATA, then ./data (resolved against cwd). */
  dataDir?: string;
  /** An in-memory PGlite (no folder, no lock): tests and benchmarks. */
  memory?: boolean;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  /** Apply pending migrations after opening. */
  migrate?: boolean;
  /** Refuse (SchemaOutdatedError) when migrations are pending; ignored when `migrate` is set. */
  requireCurrent?: boolean;
  /**
   * PGlite on a thread of its own (bin/pglite-worker.js, ADR 0009): `serve`, whose start it overlaps with loading
   * the web server — when GONGKAI_PGLITE_WORKER=1 (pgliteThreadWanted); ignored for PostgreSQL and in memory.
   */
  thread?: boolean;
}

/** The PGlite data lives in a sub-folder so the data folder can also hold the lock file and exports. */
export const PGLITE_SUBDIR = 'pglite';

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(无效的 DATABASE_URL)';
  }
}

export async function openDatabase(opts: OpenOptions = {}): Promise<DatabaseHandle> {
  const env = opts.env ?? process.env;
  const url = opts.url ?? (opts.memory || opts.dataDir ? undefined : env.DATABASE_URL || undefined);
  const handle = url ? await openPostgres(url) : await openPglite(opts, env);
  startMark('db: open');
  try {
    if (opts.migrate) await runMigrations(handle);
    else if (opts.requireCurrent) await assertSchemaCurrent(handle);
  } catch (e) {
    await handle.close();
    throw e;
  }
  return handle;
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  // An idle connection the server drops (restart, failover, idle timeout) emits 'error' on the pool; unhandled,
  // it would end the process. The pool replaces the connection; the next query sees the server's state.
  pool.on('error', (e) => {
    process.stderr.write(`PostgreSQL 连接中断（${redactUrl(url)}）：${e.message}；连接池将重新连接\n`);
  });
  // Fail now, with the server's message, rather than at the first query.
  const client = await pool.connect().catch(async (e: Error) => {
    await pool.end();
    throw new Error(`无法连接 PostgreSQL（${redactUrl(url)}）：${e.message}`);
  });
  client.release();
  const db = drizzle(pool, { schema }) as unknown as Db;
  let closed = false;
  return {
    db,
    kind: 'postgres',
    location: redactUrl(url),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/**
 * PGlite started by `start` in the data folder of `opts`/`env`, holding the folder's lock (one process per folder).
 * A new folder that is to be migrated starts as a copy of the installation's template (initdb and every migration
 * done once: src/db/template.ts, ADR 0004); runMigrations then finds nothing pending. The lock is released when the
 * start fails. Shared by PGlite in this thread and on its own (ADR 0009).
 */
async function startInDataFolder<C>(
  opts: OpenOptions,
  env: Readonly<Record<string, string | undefined>>,
  start: (pgdata: string) => Promise<C>,
): Promise<{ client: C; dir: string; lock: DataDirLock }> {
  const dir = resolve(opts.cwd ?? process.cwd(), opts.dataDir ?? env.GONGKAI_DATA ?? './data');
  const lock = acquireDataDirLock(dir);
  const pgdata = resolve(dir, PGLITE_SUBDIR);
  try {
    const fresh = opts.migrate && templatesEnabled(env) && !existsSync(resolve(pgdata, 'PG_VERSION'));
    if (fresh && (await copyTemplate(pgdata, env))) {
      startMark('db: template copied');
      try {
        return { client: await start(pgdata), dir, lock };
      } catch {
        // A template damaged on disk: forget it and create the database the ordinary way; the folder was new, so
        // what the copy put in it is ours to remove.
        discardTemplate(env);
        rmSync(pgdata, { recursive: true, force: true });
      }
    }
    return { client: await start(pgdata), dir, lock };
  } catch (e) {
    lock.release();
    throw e;
  }
}

async function openPglite(
  opts: OpenOptions,
  env: Readonly<Record<string, string | undefined>>,
): Promise<DatabaseHandle> {
  if (opts.thread && !opts.memory && pgliteThreadWanted(env)) return openPgliteThread(opts, env);
  const [{ PGlite }, { drizzle }, extensions] = await loadPglite();
  startMark('db: PGlite modules loaded');
  const startParams = pgliteStartParams(PGlite.defaultStartParams, env);
  const pgliteWasmModule = await precompiledWasm();
  if (opts.memory) {
    const client = await PGlite.create({ extensions, startParams, ...pgliteWasmModule });
    const db = drizzle(client, { schema }) as unknown as Db;
    return { db, kind: 'pglite', location: ':memory:', close: () => closeOnce(client) };
  }
  const { client, dir, lock } = await startInDataFolder(opts, env, (pgdata) =>
    PGlite.create(pgdata, { extensions, startParams, ...pgliteWasmModule }),
  );
  startMark('db: PGlite started');
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    location: dir,
    async close() {
      try {
        await closeOnce(client);
      } finally {
        lock.release();
      }
    },
  };
}

/**
 * Whether `serve` runs PGlite on a thread of its own: GONGKAI_PGLITE_WORKER=1. Off by default: in the same-run A/Bs
 * of session 7 it cut the main thread's CPU to `/health` by ~40 % but added ~0.3–0.4 s to the process's, and with
 * the machine's two cores shared the start was slower, not faster; it wants an idle-machine run (ADR 0009).
 */
export function pgliteThreadWanted(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env.GONGKAI_PGLITE_WORKER === '1';
}

/**
 * PGlite on its own thread (ADR 0009): the thread bin/gongkai.js started at the process's first moment (it has been
 * loading PGlite and compiling its WebAssembly since), else one started now. This thread takes the data folder's
 * lock and copies the template into a new folder first, as for in-process PGlite; the other thread then opens it.
 */
async function openPgliteThread(
  opts: OpenOptions,
  env: Readonly<Record<string, string | undefined>>,
): Promise<DatabaseHandle> {
  // PGlite's own start parameters are prepended on its thread (this one need not load PGlite to send them).
  const startParams = pgliteStartParams([], env);
  const { client, dir, lock } = await startInDataFolder(opts, env, async (pgdata) => {
    const c = new PgliteWorkerClient(takePgliteThread());
    try {
      await c.open({ dataDir: pgdata, startParams, extensions: PGLITE_EXTENSIONS });
      return c;
    } catch (e) {
      await c.close().catch(() => {});
      throw e;
    }
  });
  startMark('db: PGlite started (own thread)');
  const { drizzle } = await import('drizzle-orm/pglite');
  const db = drizzle(client as never, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    location: dir,
    async close() {
      try {
        await client.close();
      } finally {
        lock.release();
      }
    },
  };
}

/** The extensions every PGlite instance loads, by name (pgliteExtensions below; the template's key names them). */
export const PGLITE_EXTENSIONS = ['pg_trgm'];

/** The PGlite thread bin/gongkai.js started (taken once), else a new one. */
function takePgliteThread(): Worker {
  const key = Symbol.for('gongkai.pgliteThread');
  const g = globalThis as { [key]?: Worker };
  const started = g[key];
  delete g[key];
  return started ?? startPgliteThread();
}

/** Starts bin/pglite-worker.js (bin/gongkai.js does the same at its first moment). */
export function startPgliteThread(): Worker {
  return new Worker(new URL('../../bin/pglite-worker.js', import.meta.url), {
    workerData: { timeOrigin: performance.timeOrigin, trace: process.env.GONGKAI_START_TRACE === '1' },
  });
}

/**
 * PGlite's shared buffers: 32 MB unless GONGKAI_PGLITE_SHARED_BUFFERS says otherwise (PostgreSQL's units: `64MB`,
 * `1GB`). PostgreSQL's own default, 128 MB, is what the PGlite data folder's postgresql.conf carries; inside the
 * WebAssembly module the whole of it is cleared at every start, ~0.4 s of a 1–2 s start on an idle machine
 * (issue 18, ADR 0006, docs/benchmarks.md session 5), and it is held in the server's memory for its whole life.
 * A page not in the buffers is read from the data folder's files through the kernel's page cache, as PostgreSQL
 * does anyway beyond shared_buffers.
 */
export const PGLITE_SHARED_BUFFERS = '32MB';

export function pgliteStartParams(
  defaults: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  const size = env.GONGKAI_PGLITE_SHARED_BUFFERS || PGLITE_SHARED_BUFFERS;
  if (!/^\d{1,7}(kB|MB|GB)$/.test(size))
    throw new DatabaseSettingError(
      `GONGKAI_PGLITE_SHARED_BUFFERS 的值"${size}"无效：应为数字加单位 kB、MB 或 GB，例如 64MB（不能有空格）`,
    );
  return [...defaults, '-c', `shared_buffers=${size}`];
}

let pgliteModules: Promise<
  [
    typeof import('@electric-sql/pglite'),
    typeof import('drizzle-orm/pglite'),
    Awaited<ReturnType<typeof pgliteExtensions>>,
  ]
> | null = null;

/** PGlite's modules (loaded once): `serve` awaits them before loading the web server's, so that PGlite's start —
 *  its files read, its WebAssembly instantiated — is under way while those load (issue 18). */
export function loadPglite() {
  pgliteModules ??= Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    pgliteExtensions(),
  ]);
  return pgliteModules;
}

/**
 * PostgreSQL's WebAssembly module as `gongkai serve` began compiling it at the process's start (bin/gongkai.js),
 * taken once; else nothing, and PGlite reads and compiles it itself. Same file, same module: only the compile moves
 * earlier, beside the bundle's loading (issue 18).
 */
async function precompiledWasm(): Promise<{ pgliteWasmModule?: WebAssembly.Module }> {
  const key = Symbol.for('gongkai.pgliteWasm');
  const g = globalThis as { [key]?: Promise<WebAssembly.Module> };
  const compiling = g[key];
  if (!compiling) return {};
  delete g[key];
  const pgliteWasmModule = await compiling.catch(() => undefined);
  startMark('db: WebAssembly module ready');
  return pgliteWasmModule ? { pgliteWasmModule } : {};
}

async function closeOnce(client: { closed: boolean; close(): Promise<void> }): Promise<void> {
  if (!client.closed) await client.close();
}

/**
 * Extensions every PGlite instance loads: pg_trgm, for Chinese substring search through a trigram index (the
 * catalogue). Always the same set, so that a data folder whose indexes use an extension is never opened without it.
 */
export async function pgliteExtensions() {
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  return { pg_trgm };
}
