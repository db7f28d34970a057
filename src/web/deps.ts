// What the web adapter is given from outside: the database, the working-day calendar and the clock. Nothing is read
// from a global, so tests pass a fixed "today" and a fresh database, and `serve` passes the real ones.
import type { DatabaseHandle } from '../db/handle.ts';
import type { CalendarData } from '../domain/calendar/index.ts';
import type { ReadingPipeline } from '../reading/pipeline.ts';
import type { Logger } from './observability/logger.ts';
import { LOOPBACK_PROXIES, NO_PROXIES, parseTrustedProxies, type TrustedProxies } from './proxy.ts';
import type { StoredFiles } from './reports/stored-files.ts';
import type { UploadQueue } from './reports/upload-queue.ts';

export interface WebOptions {
  /** Served over HTTPS (behind the proxy): cookies are marked Secure and HSTS is sent. Off for plain-HTTP local
   *  use and tests. */
  readonly secureCookies: boolean;
  /** Shorthand for trustedProxies = loopback (a reverse proxy on the same machine). */
  readonly trustProxy: boolean;
  /** The reverse proxies whose X-Forwarded-For and X-Request-Id are believed (src/web/proxy.ts). */
  readonly trustedProxies?: TrustedProxies;
  /** A bearer token a Prometheus scraper may present for /metrics (administrators may always read it). */
  readonly metricsToken?: string;
  /** Session lifetime, idle timeout, in milliseconds. */
  readonly sessionIdleMs: number;
  readonly sessionMaxMs: number;
  /** Rate limits per client address: attempts per window. */
  readonly loginLimit: { readonly max: number; readonly windowMs: number };
  readonly applyLimit: { readonly max: number; readonly windowMs: number };
  /** The open-data API (/api/v1): requests per window per address. */
  readonly apiLimit: { readonly max: number; readonly windowMs: number };
  /** Bulk upload of annual reports. */
  readonly upload: {
    readonly maxFiles: number;
    readonly maxFileBytes: number;
    readonly maxTotalBytes: number;
  };
  /** Allow the administrator's "load demo data" button. */
  readonly demo: boolean;
}

export const DEFAULT_WEB_OPTIONS: WebOptions = Object.freeze({
  secureCookies: false,
  trustProxy: false,
  sessionIdleMs: 2 * 60 * 60 * 1000,
  sessionMaxMs: 12 * 60 * 60 * 1000,
  loginLimit: { max: 10, windowMs: 15 * 60 * 1000 },
  applyLimit: { max: 20, windowMs: 60 * 60 * 1000 },
  apiLimit: { max: 120, windowMs: 60 * 1000 },
  upload: { maxFiles: 200, maxFileBytes: 20 * 1024 * 1024, maxTotalBytes: 200 * 1024 * 1024 },
  demo: true,
});

export interface WebDeps {
  readonly handle: DatabaseHandle;
  /** The working-day calendar as stored, with the local adjustments of `agencyId` (and its ancestors) when given:
   *  passed to every deadline computation. */
  readonly calendar: (agencyId?: number | null) => Promise<CalendarData>;
  /** The current instant (sessions, rate limits, audit). */
  readonly now: () => Date;
  /** Today's date in China ('YYYY-MM-DD'): due dates, report deadlines. */
  readonly today: () => string;
  readonly options: WebOptions;
  /** Where diagnostic lines go (the server's stderr); silent by default. */
  readonly log?: (line: string) => void;
  /** Structured JSON log (pino): one line per request and per error, each with its request id. */
  readonly logger?: Logger;
  /** The background reader of bulk uploads (src/web/reports/upload-queue.ts); without it uploads wait in the table. */
  readonly uploads?: UploadQueue;
  /** The bytes of uploaded report files, on disk by hash (src/web/reports/stored-files.ts): `readStoredSource`. */
  readonly files: StoredFiles;
  /** The server's one reading pipeline (src/reading), for whatever else reads a report file (the demo loader). */
  readonly pipeline?: ReadingPipeline;
}

/** The proxies to believe: the configured list, or loopback when only `trustProxy` is set. */
export function trustedProxiesOf(o: WebOptions): TrustedProxies {
  if (o.trustedProxies?.list.length) return o.trustedProxies;
  return o.trustProxy ? LOOPBACK : NO_PROXIES;
}
const LOOPBACK = parseTrustedProxies(LOOPBACK_PROXIES);

/** The date in China Standard Time (UTC+8, no daylight saving) of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
