// gongkai serve [--port N] [--demo]: the web platform. Opens the database (embedded PGlite in GONGKAI_DATA, or
// PostgreSQL from DATABASE_URL), applies pending migrations, creates the first administrator on first run (its
// one-time password is printed here once and never again), optionally loads the demo, and serves until SIGINT or
// SIGTERM, then closes the server and the database (releasing the data folder's lock).
import type { AddressInfo } from 'node:net';
import { startMark } from '../../start-trace.ts';
import { intOption, parseArgs } from '../args.ts';
import { CliError, type Command } from '../io.ts';

/**
 * For the listen-first test only, never in production: with GONGKAI_TEST_HOLD_DATABASE=<file> (and NODE_ENV not
 * 'production') the database is opened only once that file exists, so a test can send requests to a server whose
 * database is not ready. Without the variable, nothing waits.
 */
async function heldForTest(env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const file = env.GONGKAI_TEST_HOLD_DATABASE;
  if (!file || env.NODE_ENV === 'production') return;
  const { existsSync } = await import('node:fs');
  while (!existsSync(file)) await new Promise((r) => setTimeout(r, 20));
}

export const command: Command = {
  name: 'serve',
  summary: '启动网站：公众门户、办理工作台、监督工作台',
  usage: `用法：gongkai serve [--port <端口>] [--host <地址>] [--demo] [--secure-cookies] [--trust-proxy]

启动政府信息公开平台网站。
  --port <端口>       监听端口，默认取环境变量 PORT，否则 3000（0 表示随机端口）
  --host <地址>       监听地址，默认取环境变量 HOST，否则 0.0.0.0
  --demo              载入演示数据（一个区、五份年度报告、示例案件和演示账号）
  --secure-cookies    经 HTTPS 提供服务：Cookie 只经 HTTPS 发送，并发送 HSTS（同 GONGKAI_SECURE_COOKIES=1）
  --trust-proxy       信任本机的反向代理（127.0.0.1、::1）转发的访问者地址（X-Forwarded-For）
环境变量（部署方法见 docs/deploy.md；用 gongkai config check 检查）：
  GONGKAI_TRUSTED_PROXIES   受信任的反向代理地址或网段，逗号分隔，如 127.0.0.1,10.0.0.0/8；只有来自这些地址的
                            请求，其 X-Forwarded-For 才用作访问者地址（频率限制和审计日志据此记录）
  GONGKAI_SECURE_COOKIES=1  同 --secure-cookies
  GONGKAI_UPLOAD_MAX_MB     批量上传年度报告一次的总量上限（默认 200）；nginx 的 client_max_body_size 应比它大 1 MB
  GONGKAI_UPLOAD_FILE_MAX_MB 单个报告文件上限（默认 20）
  GONGKAI_METRICS_TOKEN     Prometheus 抓取 /metrics 用的令牌（Authorization: Bearer …）；管理员登录后也可查看
  GONGKAI_LOG_LEVEL         日志级别（默认 info）；日志为 JSON 行，写到标准错误输出
  GONGKAI_WASM_TIERING      WebAssembly 分层编译预算（默认 60000000，加快内嵌 PGlite 的启动）；default 表示用 V8 的默认值
数据库：设置 DATABASE_URL 使用 PostgreSQL；否则使用内嵌 PGlite，数据目录为 GONGKAI_DATA（默认 ./data）。
首次启动会创建管理员账号并打印一次性密码（只显示一次，首次登录时必须修改）。
按 Ctrl+C 停止。`,
  async run(args, io) {
    startMark('serve: command loaded');
    const { options } = parseArgs(
      args,
      {
        port: { type: 'string' },
        host: { type: 'string' },
        demo: { type: 'boolean' },
        'secure-cookies': { type: 'boolean' },
        'trust-proxy': { type: 'boolean' },
      },
      'serve',
    );
    const port = intOption(options.port ?? io.env.PORT, 'port', 'serve', 3000);
    if (port > 65535) throw new CliError(`serve：端口 ${port} 超出范围（0–65535）`);
    const hostname = typeof options.host === 'string' ? options.host : (io.env.HOST ?? '0.0.0.0');

    const { webOptionsFromEnv, SettingError } = await import('../../web/settings.ts');
    let webOptions: Awaited<ReturnType<typeof webOptionsFromEnv>>;
    try {
      webOptions = webOptionsFromEnv(io.env, {
        secureCookies: Boolean(options['secure-cookies']),
        trustProxy: Boolean(options['trust-proxy']),
      });
    } catch (e) {
      if (e instanceof SettingError) throw new CliError(`serve：${e.message}`);
      throw e;
    }
    // The database opens first (PGlite reads and compiles its WebAssembly off the main thread), the web server's
    // modules load meanwhile, and the server binds its port before the database is ready: /health says 503 and
    // other requests wait until it is (src/web/server.ts; issue 18, ADR 0006).
    const { loadPglite, openDatabase, pgliteThreadWanted } = await import('../../db/open.ts');
    const { DataDirLockedError, SchemaOutdatedError } = await import('../../db/errors.ts');
    // PGlite in this thread: its modules load first. On its own thread (GONGKAI_PGLITE_WORKER=1, ADR 0009) it starts
    // there instead.
    if (!io.env.DATABASE_URL && !pgliteThreadWanted(io.env)) await loadPglite();
    const opening = heldForTest(io.env).then(() =>
      openDatabase({ migrate: true, thread: true, env: io.env, cwd: io.cwd }),
    );
    opening.then(() => startMark('serve: database open and migrated')).catch(() => {});
    let server: Awaited<ReturnType<typeof import('../../web/server.ts').startServer>>;
    try {
      const { startServer } = await import('../../web/server.ts');
      startMark('serve: web server modules loaded');
      server = await startServer(opening, {
        port,
        hostname,
        demo: Boolean(options.demo),
        secureCookies: Boolean(options['secure-cookies']),
        trustProxy: Boolean(options['trust-proxy']),
        webOptions,
        ...(io.env.GONGKAI_LOG_LEVEL ? { logLevel: io.env.GONGKAI_LOG_LEVEL } : {}),
        out: io.stdout,
        err: io.stderr,
      });
    } catch (e) {
      // Whatever failed, a database that did open is closed (its data-folder lock released).
      await opening.then(
        (h) => h.close(),
        () => {},
      );
      if (e instanceof DataDirLockedError || e instanceof SchemaOutdatedError)
        throw new CliError(e.message, 3);
      throw e;
    }
    const handle = await opening;
    try {
      const addr = server.address() as AddressInfo;
      const shown = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
      io.stdout(
        `Gongkai 已启动：http://${shown}:${addr.port}/  （数据库：${handle.kind === 'pglite' ? `PGlite ${handle.location}` : handle.location}；按 Ctrl+C 停止）\n`,
      );
      await server.stopped;
      io.stdout('已停止。\n');
      return 0;
    } finally {
      await handle.close();
    }
  },
};
