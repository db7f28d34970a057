// Running the app under Node: first-run administrator, optional demo, the HTTP server, graceful shutdown.

import { createServer, type Server } from 'node:http';
import { serve } from '@hono/node-server';
import { loadCalendar, seedCalendarIfEmpty } from '../cases/calendar.ts';
import { assignMissingTrackingCodes } from '../cases/tracking-code.ts';
import type { DatabaseHandle } from '../db/handle.ts';
import { loadDemo } from '../demo/load.ts';
import { limitsFromEnv, ReadingPipeline } from '../reading/pipeline.ts';
import { createApp } from './app.tsx';
import { ensureAdministrator } from './auth/accounts.ts';
import { pruneSessions } from './auth/sessions.ts';
import { chinaDate, DEFAULT_WEB_OPTIONS, trustedProxiesOf, type WebDeps, type WebOptions } from './deps.ts';
import { createLogger } from './observability/logger.ts';
import { poolStatsOf, setPoolSource } from './observability/metrics.ts';
import { reportPageListener } from './reports/anonymous-page.ts';
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

export async function startServer(handle: DatabaseHandle, o: ServerOptions): Promise<RunningServer> {
  // The working-day calendar lives in the database (src/cases/calendar.ts); a new installation starts from the
  // national seed, and an administrator adds each year's notice as it appears.
  await seedCalendarIfEmpty(handle.db, { actor: 'system' });
  // Cases from before 查询码 existed get one (src/cases/tracking-code.ts).
  await assignMissingTrackingCodes(handle.db);
  const log = (line: string) => o.err(`${line}\n`);
  // Uploaded files are read in a worker thread with time and memory limits (GONGKAI_READ_TIMEOUT,
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

  const admin = await ensureAdministrator(handle.db);
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
    for (const u of r.users) o.out(`  演示账号 ${u.username}，一次性密码：${u.password}\n`);
  }
  await pruneSessions(handle.db, {
    now: deps.now(),
    idleMs: deps.options.sessionIdleMs,
    maxMs: deps.options.sessionMaxMs,
  });

  // Files a stopped server had not read yet are read now.
  await uploads.resume();
  const app = createApp(deps);
  const escapeHook = testEscapeRoutes(process.env);
  const fetch = net.wrap((req: Request, env: unknown) => escapeHook?.(req) ?? app.fetch(req, env));
  // A cached report page for an anonymous visitor is answered in Node's request listener, ahead of Hono
  // (src/web/reports/anonymous-page.ts); every other request goes to Hono as before.
  const reportPage = await reportPageListener(deps);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve(
      {
        fetch,
        port: o.port,
        hostname: o.hostname,
        createServer: ((options, listener) =>
          createServer(
            options,
            (req, res) => reportPage(req, res) || listener?.(req, res),
          )) as typeof createServer,
      },
      () => resolve(s as Server),
    );
    (s as Server).once('error', reject);
  });

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
