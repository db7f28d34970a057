// Prometheus metrics (prom-client), served at /metrics to the operator only: HTTP requests, latency and errors by
// route, the database connection pool, and the reading queue (reports waiting to be read — set by whoever runs the
// readers: `readingQueue.set(n)`). One registry per process, like the process it describes.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'gongkai_' });

export const httpRequests = new Counter({
  name: 'gongkai_http_requests_total',
  help: 'HTTP requests answered, by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: 'gongkai_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method and route',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const httpErrors = new Counter({
  name: 'gongkai_http_errors_total',
  help: 'Requests that ended in an internal error (HTTP 500), by route',
  labelNames: ['route'] as const,
  registers: [registry],
});

/** Reports waiting to be read (bulk upload, ingest): set by the reader pool or the upload route. */
export const readingQueue = new Gauge({
  name: 'gongkai_reading_queue',
  help: 'Annual reports waiting to be read',
  registers: [registry],
});

/** What the pool gauges read at scrape time: node-postgres's Pool counters, or nothing for embedded PGlite. */
export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}
let poolSource: (() => PoolStats | null) | null = null;
export function setPoolSource(source: (() => PoolStats | null) | null): void {
  poolSource = source;
}

const poolGauge = (name: string, help: string, pick: (s: PoolStats) => number) =>
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      const s = poolSource?.();
      if (s) this.set(pick(s));
    },
  });
poolGauge('gongkai_db_pool_connections', 'Open database connections in the pool', (s) => s.total);
poolGauge('gongkai_db_pool_idle', 'Idle database connections in the pool', (s) => s.idle);
poolGauge('gongkai_db_pool_waiting', 'Queries waiting for a database connection', (s) => s.waiting);

/** The pool of a database handle's drizzle instance (node-postgres exposes it as $client). */
export function poolStatsOf(db: unknown): (() => PoolStats | null) | null {
  const client = (db as { $client?: { totalCount?: number; idleCount?: number; waitingCount?: number } })
    .$client;
  if (!client || typeof client.totalCount !== 'number') return null;
  return () => ({
    total: client.totalCount!,
    idle: client.idleCount ?? 0,
    waiting: client.waitingCount ?? 0,
  });
}
