// Running the app under Node: first-run administrator, optional demo, the HTTP server, graceful shutdown.
//
// Listen first (issue 18): the port is bound before the database is open, so the two overlap; until the database
// has answered, `/health` says 503 (tools poll it) and every other request waits for it rather than failing.

import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { loadCalendar, seedCalendarIfEmpty } from '../cases/calendar.ts';
import { assignMissingTrackingCodes } from '../cases/tracking-code.ts';
import type { DatabaseHandle } from '../db/handle.ts';
import { ROLE_LABELS } from '../db/schema/vocabulary.ts';
import { loadDemo } from '../demo/load.ts';
import { limitsFromEnv, ReadingPipeline } from '../reading/pipeline.ts';
import { startMark } from '../start-trace.ts';
import { createApp } from './app.tsx';
import { ensureAdministrator } from './auth/accounts.ts';
import { pruneSessions } from './auth/sessions.ts';
import { chinaDate, DEFAULT_WEB_OPTIONS, trustedProxiesOf, type WebDeps, type WebOptions } from './deps.ts';
import { createLogger } from './observability/logger.ts';
import { poolStatsOf, setPoolSource } from './observability/metrics.ts';
import { reportPageListener } from './reports/anonymous-page.ts';
import { reportPages } from './reports/page-cache.ts';
import { StoredFiles, storedFilesFor } from './reports/stored-files.ts';
import { UploadQueue } from './reports/upload-queue.ts';
import { installSafetyNet, testEscapeRoutes } from './safety-net.tsx';

export interface ServerOptions {
  readonly port: number;
  readonly hostname: string;
  readonly demo: boolean;
  readonly secureCookies: boolean;
  readonly trustProxy: boolean;
  /** The full web options (src/web/settings.ts, from the environment); secureCookies/trustProxy above are then
   *  ignored. */
  readonly webOptions?: WebOptions;
  /** pino level for the JSON log on `err` (GONGKAI_LOG_LEVEL); default info. */
  readonly logLevel?: string;
  /** Where uploaded report files are kept (default: `files` in GONGKAI_DATA, else ./data; StoredFiles). */
  readonly filesDir?: string;
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
}

export interface RunningServer {
  address(): ReturnType<Server['address']>;
  /** Resolves once the server has shut down (SIGINT/SIGTERM or stop()). */
  readonly stopped: Promise<void>;
  stop(): Promise<void>;
}

/** What `/health` and a waiting request get while the database is not open yet, or could not be opened. */
function unavailable(res: ServerResponse, message: string): void {
  const body = JSON.stringify({ ok: false, message });
  res.writeHead(503, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'Retry-After': '1',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

export const STARTING_MESSAGE = '正在启动：数据库尚未就绪，请稍后再试';
const FAILED_MESSAGE = '启动失败：数据库未能打开';

/** How long after the server serves the expired and idle sessions are removed (startServer). */
const PRUNE_AFTER_MS = 5_000;
/** After the sessions' prune: the recheck of stored reports (ms after the server serves). */
const RECHECK_AFTER_MS = 8_000;

const isHealth = (req: IncomingMessage) => req.url === '/health' || req.url?.startsWith('/health?') === true;

/** Binds the port at once; requests wait (but `/health`) until `ready` is given the real listener. */
function listenFirst(o: ServerOptions, onListening: (s: Server) => void) {
  let listener: RequestListener | null = null;
  let failed = false;
  const waiting: Array<() => void> = [];
  const server = createServer((req, res) => {
    if (listener) return listener(req, res);
    if (failed) return unavailable(res, FAILED_MESSAGE);
    // Never 200 before the database has answered: a tool polling /health must not send work too early.
    if (isHealth(req)) return unavailable(res, STARTING_MESSAGE);
    // The body (if any) stays in the socket's buffer, unread, until the real listener reads it.
    waiting.push(() => (listener ? listener(req, res) : unavailable(res, FAILED_MESSAGE)));
  });
  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.hostname, () => {
      server.off('error', reject);
      onListening(server);
      resolve();
    });
  });
  return {
    server,
    listening,
    ready(l: RequestListener) {
      listener = l;
      for (const w of waiting.splice(0)) w();
    },
    fail() {
      failed = true;
      for (const w of waiting.splice(0)) w();
      server.close();
      server.closeAllConnections();
    },
  };
}

/**
 * Starts the web server. `database` may still be opening (a promise): the port is bound first and the database
 * awaited after (see the top of this file); the returned promise resolves once the server answers requests, and
 * rejects — the port released — if the database cannot be opened (its error, e.g. DataDirLockedError) or the port
 * cannot be bound.
 */
export async function startServer(
  database: DatabaseHandle | Promise<DatabaseHandle>,
  o: ServerOptions,
): Promise<RunningServer> {
  // Its failure is awaited below; until then it must not count as unhandled.
  Promise.resolve(database).catch(() => {});
  const gate = listenFirst(o, () => startMark('server: listening (database not ready yet)'));
  try {
    await gate.listening;
  } catch (e) {
    // The port is taken: a database that cannot be opened either (the folder in use by another server) is the
    // more useful message, as before the port was bound first.
    await database;
    throw e;
  }
  o.out(
    `Gongkai 正在启动：已在端口 ${(gate.server.address() as { port: number }).port} 监听，数据库就绪后提供服务\n`,
  );
  try {
    return await startOn(gate, await database, o);
  } catch (e) {
    gate.fail();
    throw e;
  }
}

async function startOn(
  gate: ReturnType<typeof listenFirst>,
  handle: DatabaseHandle,
  o: ServerOptions,
): Promise<RunningServer> {
  const server = gate.server;
  const log = (line: string) => o.err(`${line}\n`);
  // Uploaded files are read in a child process with time and memory limits (GONGKAI_READ_TIMEOUT,
  // GONGKAI_READ_MEMORY_MB), one at a time, so the event loop keeps answering whatever a file holds.
  const pipeline = new ReadingPipeline({ limits: limitsFromEnv(process.env), provenance: false });
  const options = o.webOptions ?? {
    ...DEFAULT_WEB_OPTIONS,
    secureCookies: o.secureCookies,
    trustProxy: o.trustProxy,
  };
  const files = new StoredFiles(o.filesDir ?? storedFilesFor(handle, process.env, process.cwd()));
  const uploads = new UploadQueue({
    db: handle.db,
    pipeline,
    files,
    maxFileBytes: options.upload.maxFileBytes,
    log,
  });
  const deps: WebDeps = {
    handle,
    calendar: (agencyId) => loadCalendar(handle.db, agencyId ?? null),
    now: () => new Date(),
    today: () => chinaDate(new Date()),
    options,
    log,
    logger: createLogger(o.err, o.logLevel),
    uploads,
    files,
    pipeline,
  };
  setPoolSource(poolStatsOf(handle.db));
  // The safety net (src/web/safety-net.tsx): an exception that escapes every handler is logged with an id, its
  // request (if any) gets a 500 page naming the id, and the server keeps serving.
  const net = installSafetyNet((fields, message) =>
    deps.logger ? deps.logger.error(fields, message) : log(message),
  );

  // The start-up statements are independent of each other: they are sent together (PostgreSQL runs them on the
  // pool's connections at once; PGlite, one connection, in turn), and the app is built while they run (issue 18).
  // The working-day calendar lives in the database (src/cases/calendar.ts); a new installation starts from the
  // national seed, and an administrator adds each year's notice as it appears.
  const calendarSeeded = seedCalendarIfEmpty(handle.db, { actor: 'system' });
  // Cases from before 查询码 existed get one (src/cases/tracking-code.ts).
  const trackingCodes = assignMissingTrackingCodes(handle.db);
  const administrator = ensureAdministrator(handle.db);
  const building = (async (): Promise<RequestListener> => {
    const app = createApp(deps);
    const escapeHook = testEscapeRoutes(process.env);
    const fetch = net.wrap((req: Request, env: unknown) => escapeHook?.(req) ?? app.fetch(req, env));
    // A cached report page for an anonymous visitor is answered in Node's request listener, ahead of Hono
    // (src/web/reports/anonymous-page.ts); every other request goes to Hono as before.
    const reportPage = await reportPageListener(deps);
    // As @hono/node-server's serve() makes it (it passes the same options).
    const hono = getRequestListener(fetch, { hostname: o.hostname });
    startMark('server: app created');
    return (req, res) => reportPage(req, res) || hono(req, res);
  })();
  // Every one is waited for, whichever fails: a first administrator created beside a failure is still printed (its
  // one-time password is shown this once only); then the first failure ends the start.
  const [listener, calendarDone, codesDone, adminDone] = await Promise.allSettled([
    building,
    calendarSeeded,
    trackingCodes,
    administrator,
  ]);
  startMark('server: calendar, 查询码 and administrator checked');
  const admin = adminDone.status === 'fulfilled' ? adminDone.value : null;
  if (admin)
    o.out(
      [
        '',
        '首次启动：已创建管理员账号。',
        `  用户名：${admin.username}`,
        `  一次性密码：${admin.password}`,
        '  （只显示这一次；首次登录后必须修改密码。请妥善保管。）',
        '',
        '',
      ].join('\n'),
    );
  for (const done of [listener, calendarDone, codesDone, adminDone])
    if (done.status === 'rejected') throw done.reason;
  if (o.demo) {
    const r = await loadDemo(handle, {
      actor: 'system:demo',
      today: deps.today(),
      calendar: await deps.calendar(),
      pipeline,
      files,
      ...(process.env.GONGKAI_DEMO_SEEDS ? { seedsDir: process.env.GONGKAI_DEMO_SEEDS } : {}),
    });
    const collected = r.reports.filter((x) => x.outcome === 'collected').length;
    o.out(`演示数据：新建机关 ${r.agencies} 个，收集年度报告 ${collected} 份，示例案件 ${r.cases} 件。\n`);
    if (r.casesSkipped) o.out(`  （示例案件未载入：${r.casesSkipped}）\n`);
    if (r.seedsMissing)
      o.out(
        `  （示例年报未载入：找不到目录 ${r.seedsMissing}；可设置 GONGKAI_DEMO_SEEDS 指向存放 *.txt 年报的目录）\n`,
      );
    for (const u of r.users)
      o.out(
        // "演示账号 <username>，一次性密码：<password>" first, as scripts and the tests read it; who it is after.
        `  演示账号 ${u.username}，一次性密码：${u.password}  （${u.displayName}，${u.roles.map((x) => ROLE_LABELS[x]).join('、')}）\n`,
      );
  }
  // Files a stopped server had not read yet are read now.
  await uploads.resume();
  gate.ready((listener as PromiseFulfilledResult<RequestListener>).value);
  startMark('server: ready');
  // Expired and idle sessions are removed a few seconds after the server serves, or when it stops if sooner (before
  // the database closes): a lookup ignores them anyway (src/web/auth/sessions.ts). Not at once: the delete fires the
  // sessions' change trigger (migration 0014), whose first run loads PL/pgSQL into PostgreSQL, and on PGlite the first
  // requests (`/health` included) waited behind it — 0.04–0.12 s of CPU in same-run A/Bs (issue 18, ADR 0006).
  let pruned: Promise<void> | undefined;
  const prune = () =>
    (pruned ??= pruneSessions(handle.db, {
      now: deps.now(),
      idleMs: deps.options.sessionIdleMs,
      maxMs: deps.options.sessionMaxMs,
    }).catch((e: unknown) => log(`清理过期会话失败：${e instanceof Error ? e.message : String(e)}`)));
  const pruneLater = setTimeout(prune, PRUNE_AFTER_MS).unref();
  // Stored reports checked by another version of the rules are checked again, in the background once the server has
  // served for a while (its module loaded only then: nothing of it on the start-up path); GONGKAI_RECHECK=0 turns
  // it off (src/supervision/recheck.ts).
  let recheck: { stop: () => Promise<void> } | undefined;
  let recheckStopped = false;
  const recheckLater =
    process.env.GONGKAI_RECHECK === '0'
      ? undefined
      : setTimeout(async () => {
          const { backgroundRecheck } = await import('../supervision/recheck.ts');
          if (recheckStopped) return;
          recheck = backgroundRecheck(handle.db, {
            delayMs: 0,
            log,
            onChanged: () => reportPages.invalidate(),
          });
        }, RECHECK_AFTER_MS).unref();

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => {
    resolveStopped = r;
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return stopped;
    stopping = true;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // Stop accepting connections, let the requests in flight finish, drop idle keep-alive sockets.
    await new Promise<void>((r) => {
      server.close(() => r());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 5000).unref();
    });
    clearTimeout(pruneLater);
    clearTimeout(recheckLater);
    recheckStopped = true;
    await recheck?.stop();
    await prune();
    await uploads.close();
    await pipeline.close();
    net.close();
    resolveStopped();
    return stopped;
  };
  const onSignal = () => {
    o.out('\n正在停止…\n');
    // A shutdown that cannot finish (the database gone, a request or the upload reader waiting on it for ever)
    // must not keep the process alive: systemd and the operator expect SIGTERM to end it. The data-folder lock
    // records pid and start time, so a forced exit leaves nothing stale behind.
    setTimeout(() => {
      o.err('停止超时（15 秒），强制退出\n');
      process.exit(1);
    }, 15_000).unref();
    void stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  deps.logger?.info(
    {
      address: server.address(),
      database: handle.kind,
      https: deps.options.secureCookies,
      trustedProxies: trustedProxiesOf(deps.options).list,
      uploadMaxBytes: deps.options.upload.maxTotalBytes,
    },
    'server started',
  );
  return { address: () => server.address(), stopped, stop };
}
