// What tells a server's in-memory caches (the staff case list and dashboard, the sessions) that the database has
// changed: PostgreSQL LISTEN/NOTIFY on the channel `gongkai_changes`, fed by statement triggers on every table
// those caches read (migration 0014_change_notify), so a write by this process, another server process or the CLI
// ends them. Two generations, bumped on every change that concerns them: a cached value is served only while the
// generation it was computed under is current — and only while the listener is connected (fail safe: with the
// listener gone nothing is served from a cache, every request reads the database, until it is back and every
// cache has been emptied).
//
// Read-your-writes: a write of this process's request bumps both generations when the request ends, before its
// answer leaves (src/web/middleware/session.ts), so the redirect after a POST never meets an older page even when
// PostgreSQL's notification is still on its way. PGlite delivers its notifications before the writing query
// returns.
import type { Socket } from 'node:net';
import type { DatabaseHandle } from '../db/handle.ts';

export const CHANGE_CHANNEL = 'gongkai_changes';

/** Tables whose change ends cached sessions (a user's roles, agency, activity, password; ended sessions). */
const SESSION_TABLES = new Set(['sessions', 'users', 'agencies', 'audit_log']);
/** Tables whose change ends cached staff pages (cases and what their lines show; the calendar). */
const PAGE_TABLES = new Set([
  'cases',
  'applicants',
  'agencies',
  'users',
  'calendar_years',
  'calendar_adjustments',
]);

type Unlisten = () => Promise<void> | void;

/** The listener connection is asked how it is this often, and lost when it has not answered in time. */
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

interface PgClientLike {
  connect(): Promise<unknown>;
  query(q: string): Promise<unknown>;
  end(): Promise<void>;
  on(event: string, f: (...a: unknown[]) => void): unknown;
  removeAllListeners?(): unknown;
}

export class ChangeFeed {
  /** Bumped on every change that can end a cached page. */
  pages = 0;
  /** Bumped on every change that can end a cached session. */
  sessions = 0;
  private connected = false;
  private stopped = false;
  private unlisten: Unlisten | null = null;
  private retryMs = 500;
  private retry: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<() => void>();
  private first: Promise<void>;

  constructor(private readonly handle: DatabaseHandle) {
    this.first = this.connect();
  }

  /** Serve nothing from memory whatever the listener's state (the benchmark's uncached rows; an operator's test). */
  bypass = process.env.GONGKAI_CACHE === 'off';

  /** Whether cached values may be served: the listener is connected (notifications are arriving). */
  get live(): boolean {
    return this.connected && !this.stopped && !this.bypass;
  }

  /** Resolves once the first attempt to listen has ended (either way). */
  started(): Promise<void> {
    return this.first;
  }

  /** Called with no argument whenever a generation moves (caches drop their entries). */
  onChange(f: () => void): void {
    this.listeners.add(f);
  }

  /** A change of `table` (a notification's payload); unknown tables end everything. */
  changed(table?: string): void {
    const all = table === undefined || (!SESSION_TABLES.has(table) && !PAGE_TABLES.has(table));
    if (all || SESSION_TABLES.has(table)) this.sessions++;
    if (all || PAGE_TABLES.has(table)) this.pages++;
    for (const f of this.listeners) f();
  }

  /** The listener is gone: nothing is served from the caches until it is back. */
  private down(): void {
    if (!this.connected && !this.unlisten) return;
    this.connected = false;
    const u = this.unlisten;
    this.unlisten = null;
    this.stall = null;
    this.changed();
    Promise.resolve()
      .then(() => u?.())
      .catch(() => {});
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, this.retryMs);
    // Never what keeps the process alive.
    this.retry.unref();
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      this.unlisten = this.handle.kind === 'pglite' ? await this.listenPglite() : await this.listenPostgres();
      if (this.stopped) {
        await this.unlisten?.();
        return;
      }
      // Whatever happened while nobody listened is unknown: start from empty caches.
      this.changed();
      this.connected = true;
      this.retryMs = 500;
    } catch {
      this.connected = false;
      this.unlisten = null;
      this.scheduleRetry();
    }
  }

  private async listenPglite(): Promise<Unlisten> {
    const client = (this.handle.db as unknown as { $client: PgliteLike }).$client;
    // In-process, PGlite cannot go silent, and a query as the probe would wait behind any long transaction of the
    // one connection: its heartbeat answers at once unless stalled (the test hook), so that a stalled listener takes
    // the same path as a silent PostgreSQL connection.
    let silent = false;
    const unlisten = await client.listen(CHANGE_CHANNEL, (payload) => {
      if (!silent) this.changed(payload);
    });
    const stopHeartbeat = this.heartbeat(
      () => (silent ? new Promise(() => {}) : Promise.resolve()),
      () => this.down(),
    );
    this.stall = () => {
      silent = true;
      return () => {
        silent = false;
      };
    };
    return async () => {
      stopHeartbeat();
      await unlisten();
    };
  }

  /** A connection of its own (a pooled one would be handed to queries): LISTEN, and down on any error or end. */
  private async listenPostgres(): Promise<Unlisten> {
    const { default: pg } = await import('pg');
    const pool = (this.handle.db as unknown as { $client: { options: Record<string, unknown> } }).$client;
    const { max: _max, ...options } = pool.options;
    const client = new pg.Client({ ...options, keepAlive: true }) as unknown as PgClientLike;
    let ended = false;
    const lost = () => {
      if (ended) return;
      ended = true;
      this.down();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (m) => this.changed((m as { payload?: string }).payload));
    await client.connect();
    const socket = (client as unknown as { connection?: { stream?: Socket } }).connection?.stream;
    // The socket must not keep a finished process (a CLI command, a test) alive.
    socket?.unref?.();
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    // A connection that dies without a word (a network partition: no error, no end for as long as TCP keeps
    // retrying) would leave the caches serving unnoticed: ask the server every few seconds, and count a late or
    // failed answer as the connection lost. A silent connection will not answer a polite end either: its socket
    // is destroyed.
    const stopHeartbeat = this.heartbeat(
      () => client.query('select 1'),
      () => {
        lost();
        client.end().catch(() => {});
        socket?.destroy();
      },
    );
    // The test hook: the socket is no longer read, so notifications and the heartbeat's answer wait in the
    // kernel's buffer, as behind a partition.
    this.stall = () => {
      socket?.pause();
      return () => socket?.resume();
    };
    return async () => {
      ended = true;
      stopHeartbeat();
      await client.end().catch(() => {});
    };
  }

  /** Every HEARTBEAT_MS, `probe` the listener's connection; `onSilent` when it has not answered in time. */
  private heartbeat(probe: () => Promise<unknown>, onSilent: () => void): () => void {
    const timer = setInterval(() => {
      let late: NodeJS.Timeout | undefined;
      const timeout = new Promise((_, reject) => {
        late = setTimeout(() => reject(new Error('heartbeat timed out')), HEARTBEAT_TIMEOUT_MS);
        late.unref();
      });
      Promise.race([probe(), timeout])
        .catch(() => {
          clearInterval(timer);
          onSilent();
        })
        .finally(() => clearTimeout(late));
    }, HEARTBEAT_MS);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** The current connection's stall (set by each listen). */
  private stall: (() => () => void) | null = null;

  /** Stop listening for good (the database is closing). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.connected = false;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.first.catch(() => {});
    const u = this.unlisten;
    this.unlisten = null;
    await u?.();
  }

  /** Tests: the listener drops as a lost connection would (reconnecting after the usual delay). */
  simulateLoss(): void {
    this.down();
  }

  /**
   * Tests: the current listener goes silent — it is still connected, but nothing it is sent arrives (neither
   * notifications nor the heartbeat's answer), as over a network partition. The heartbeat is then the only thing
   * that notices. Returns the end of the stall (a later connection is never stalled).
   */
  stallListener(): () => void {
    const resume = this.stall?.();
    if (!resume) throw new Error('the change feed is not listening');
    return resume;
  }
}

interface PgliteLike {
  listen(channel: string, f: (payload: string) => void): Promise<Unlisten>;
}

const feeds = new WeakMap<DatabaseHandle, ChangeFeed>();

/**
 * The change feed of a database handle: one per handle, started on first use, stopped when the handle closes
 * (its close() is wrapped so that no LISTEN connection outlives the pool, nor reconnects to a dropped database).
 */
export function changeFeedOf(handle: DatabaseHandle): ChangeFeed {
  let feed = feeds.get(handle);
  if (!feed) {
    const f = new ChangeFeed(handle);
    feed = f;
    feeds.set(handle, f);
    const close = handle.close.bind(handle);
    (handle as { close: () => Promise<void> }).close = async () => {
      await f.stop();
      await close();
    };
  }
  return feed;
}
