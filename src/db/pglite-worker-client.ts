// The main thread's side of PGlite on a thread of its own (bin/pglite-worker.js; issue 18, ADR 0009): the part of
// PGlite's interface that drizzle (`drizzle-orm/pglite`: query, transaction) and the change feed (listen) use, each
// call one message to the PGlite thread and one answer. PostgreSQL's start and every statement's execution run on
// the other core; the rows come back as plain data (structured clone).
//
// Order and transactions, as in-process PGlite: the thread runs statements one at a time in the order sent; while a
// transaction is open (from its BEGIN to its COMMIT or ROLLBACK) statements from outside it wait here, so none runs
// inside another's transaction. A statement's own type parsers (drizzle's keep dates and numerics as text) are
// applied here to PostgreSQL's text, which the thread returns for those types.
import type { Worker } from 'node:worker_threads';

/** What a statement answers (PGlite's `Results`). */
export interface Results<T = Record<string, unknown>> {
  rows: T[];
  affectedRows?: number;
  fields: { name: string; dataTypeID: number }[];
}

export interface QueryOptions {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, (value: string, typeId: number) => unknown>;
  paramTypes?: number[];
}

/** What `transaction`'s callback receives (PGlite's `Transaction`, but `sql`). */
export interface WorkerTransaction {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<Results<T>>;
  exec(sql: string, options?: QueryOptions): Promise<Results[]>;
  rollback(): Promise<void>;
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
  readonly closed: boolean;
}

/** An error PostgreSQL (or PGlite) raised on the other thread, with its fields (code, detail, constraint, …). */
export class PgliteWorkerError extends Error {
  [field: string]: unknown;
  constructor(fields: Record<string, unknown>) {
    super(String(fields.message ?? 'PGlite error'));
    const { message: _m, stack, name, ...rest } = fields;
    Object.assign(this, rest);
    this.name = typeof name === 'string' ? name : 'DatabaseError';
    if (typeof stack === 'string') this.stack = stack;
  }
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/** PostgreSQL's name of a channel: unquoted names fold to lower case (as PGlite's `listen`). */
function postgresName(channel: string): string {
  return channel.startsWith('"') && channel.endsWith('"') ? channel.slice(1, -1) : channel.toLowerCase();
}

export class PgliteWorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly channels = new Map<string, Set<(payload: string) => void>>();
  private readonly notificationListeners = new Set<(channel: string, payload: string) => void>();
  /** Settles when the transaction last begun (or waiting to begin) has ended: statements from outside wait for it. */
  private gate: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private exited: Promise<void>;
  #closed = false;

  constructor(private readonly worker: Worker) {
    worker.on(
      'message',
      (m: { id?: number; op?: string; result?: unknown; error?: Record<string, unknown> }) => {
        if (m.op === 'notify')
          return this.notify((m as { channel: string }).channel, (m as { payload: string }).payload);
        const p = m.id === undefined ? undefined : this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id!);
        if (m.error) p.reject(new PgliteWorkerError(m.error));
        else p.resolve(m.result);
      },
    );
    this.exited = new Promise((resolve) => {
      if (worker.threadId === -1) resolve();
      worker.once('exit', (code) => {
        this.fail(new Error(`PGlite 线程已退出（代码 ${code}）`));
        resolve();
      });
    });
    worker.on('error', (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
    // Ended before this client was made (bin/gongkai.js starts it early): no 'exit' event will come.
    if (worker.threadId === -1) this.fail(new Error('PGlite 线程已退出'));
  }

  /** Opens the data folder (the caller holds its lock) or, without one, an in-memory database. */
  async open(o: {
    dataDir?: string;
    loadDataDir?: Uint8Array;
    startParams: string[];
    extensions: string[];
  }): Promise<void> {
    this.worker.ref();
    await this.call({ op: 'open', ...o });
  }

  get closed(): boolean {
    return this.#closed;
  }
  get ready(): boolean {
    return !this.#closed && !this.failure;
  }

  private fail(e: Error): void {
    if (!this.failure) this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private call(message: Record<string, unknown>): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  private notify(channel: string, payload: string): void {
    // PGlite calls its listeners in microtasks; this message came before the answer of the statement that caused it.
    for (const f of this.channels.get(channel) ?? []) queueMicrotask(() => f(payload));
    for (const f of this.notificationListeners) queueMicrotask(() => f(channel, payload));
  }

  /** Waits until no transaction holds the session; the caller sends at once after (no await in between). */
  private async outsideTransactions(): Promise<void> {
    let g: Promise<void>;
    do {
      g = this.gate;
      await g;
    } while (g !== this.gate);
  }

  private async statement<T>(
    op: 'query' | 'exec',
    inTx: boolean,
    sql: string,
    params: unknown[] | undefined,
    options: QueryOptions | undefined,
  ): Promise<T> {
    if (!inTx) await this.outsideTransactions();
    const raw = options?.parsers ? Object.keys(options.parsers).map(Number) : undefined;
    const result = await this.call({
      op,
      tx: inTx,
      sql,
      ...(params ? { params } : {}),
      ...(options?.rowMode ? { rowMode: options.rowMode } : {}),
      ...(options?.paramTypes ? { paramTypes: options.paramTypes } : {}),
      ...(raw?.length ? { raw } : {}),
    }).catch((e) => {
      if (e instanceof PgliteWorkerError) {
        // As PGlite attaches them to its errors.
        e.query = sql;
        e.params = params;
        e.queryOptions = options;
      }
      throw e;
    });
    if (options?.parsers) {
      for (const r of op === 'query' ? [result as Results] : (result as Results[]))
        applyParsers(r, options.parsers, options.rowMode ?? 'object');
    }
    return result as T;
  }

  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<Results<T>> {
    return this.statement('query', false, sql, params, options);
  }

  exec(sql: string, options?: QueryOptions): Promise<Results[]> {
    return this.statement('exec', false, sql, undefined, options);
  }

  async transaction<T>(fn: (tx: WorkerTransaction) => Promise<T>): Promise<T> {
    const before = this.gate;
    let end!: () => void;
    this.gate = new Promise((r) => {
      end = r;
    });
    try {
      await before;
      await this.call({ op: 'begin' });
      let closed = false;
      const open = () => {
        if (closed) throw new Error('Transaction is closed');
      };
      const tx: WorkerTransaction = {
        query: (sql, params, options) => {
          open();
          return this.statement('query', true, sql, params, options);
        },
        exec: (sql, options) => {
          open();
          return this.statement('exec', true, sql, undefined, options);
        },
        rollback: async () => {
          open();
          await this.call({ op: 'rollback-now' });
          closed = true;
        },
        listen: (channel, callback) => {
          open();
          return this.listen(channel, callback, tx);
        },
        get closed() {
          return closed;
        },
      };
      let value: T;
      try {
        value = await fn(tx);
      } catch (e) {
        closed = true;
        await this.call({ op: 'end', commit: false });
        throw e;
      }
      closed = true;
      // COMMIT, and PGlite's check that it did not roll back (a failed statement inside): its error if it did.
      await this.call({ op: 'end', commit: true });
      return value;
    } finally {
      end();
    }
  }

  async listen(
    channel: string,
    callback: (payload: string) => void,
    tx?: WorkerTransaction,
  ): Promise<() => Promise<void>> {
    const name = postgresName(channel);
    const set = this.channels.get(name) ?? new Set();
    this.channels.set(name, set);
    set.add(callback);
    await (tx ?? this).exec(`LISTEN ${channel}`);
    return async (t?: WorkerTransaction) => {
      await this.unlisten(name, callback, t);
    };
  }

  async unlisten(
    channel: string,
    callback?: (payload: string) => void,
    tx?: WorkerTransaction,
  ): Promise<void> {
    const set = this.channels.get(channel);
    if (callback) set?.delete(callback);
    else this.channels.delete(channel);
    if (!callback || set?.size === 0) {
      this.channels.delete(channel);
      await (tx ?? this).exec(`UNLISTEN "${channel.replaceAll('"', '""')}"`);
    }
  }

  onNotification(callback: (channel: string, payload: string) => void): () => void {
    this.notificationListeners.add(callback);
    return () => this.notificationListeners.delete(callback);
  }

  offNotification(callback: (channel: string, payload: string) => void): void {
    this.notificationListeners.delete(callback);
  }

  /** PostgreSQL's own shutdown on the other thread (the data folder left consistent), then the thread ends. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.failure) {
      await this.outsideTransactions();
      await this.call({ op: 'close' });
    }
    await this.exited;
  }
}

function applyParsers(
  r: Results,
  parsers: NonNullable<QueryOptions['parsers']>,
  rowMode: 'array' | 'object',
): void {
  r.fields.forEach((f, i) => {
    const parse = parsers[f.dataTypeID];
    if (!parse) return;
    const key = rowMode === 'array' ? i : f.name;
    for (const row of r.rows as unknown as Record<string | number, unknown>[]) {
      const v = row[key];
      if (v !== null && v !== undefined) row[key] = parse(v as string, f.dataTypeID);
    }
  });
}
