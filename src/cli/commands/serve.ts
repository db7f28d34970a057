// gongkai serve [--port N] [--demo]: the web platform. Opens the database (embedded PGlite in GONGKAI_DATA, or
// PostgreSQL from DATABASE_URL), applies pending migrations, creates the first administrator on first run (its
// one-time password is printed here once and never again), optionally loads the demo, and serves until SIGINT or
// SIGTERM, then closes the server and the database (releasing the data folder's lock).
import type { AddressInfo } from 'node:net';
import { intOption, parseArgs } from '../args.ts';
import { CliError, type Command } from '../io.ts';

export const command: Command = {
  name: 'serve',
  summary: '启动网站：公众门户、办理工作台、监督工作台',
  usage: `用法：gongkai serve [--port <端口>] [--host <地址>] [--demo] [--secure-cookies] [--trust-proxy]

启动政府信息公开平台网站。
  --port <端口>       监听端口，默认取环境变量 PORT，否则 3000（0 表示随机端口）
  --host <地址>       监听地址，默认取环境变量 HOST，否则 0.0.0.0
  --demo              载入演示数据（一个区、五份年度报告、示例案件和演示账号）
  --secure-cookies    Cookie 只经 HTTPS 发送（部署在 HTTPS 反向代理之后时使用）
  --trust-proxy       以 X-Forwarded-For 的第一个地址作为访问者地址（仅在自己的反向代理之后使用）
数据库：设置 DATABASE_URL 使用 PostgreSQL；否则使用内嵌 PGlite，数据目录为 GONGKAI_DATA（默认 ./data）。
首次启动会创建管理员账号并打印一次性密码（只显示一次，首次登录时必须修改）。
按 Ctrl+C 停止。`,
  async run(args, io) {
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

    const { openDatabase } = await import('../../db/open.ts');
    const { DataDirLockedError, SchemaOutdatedError } = await import('../../db/errors.ts');
    let handle: Awaited<ReturnType<typeof openDatabase>>;
    try {
      handle = await openDatabase({ migrate: true, env: io.env, cwd: io.cwd });
    } catch (e) {
      if (e instanceof DataDirLockedError || e instanceof SchemaOutdatedError)
        throw new CliError(e.message, 3);
      throw e;
    }
    try {
      const { startServer } = await import('../../web/server.ts');
      const server = await startServer(handle, {
        port,
        hostname,
        demo: Boolean(options.demo),
        secureCookies: Boolean(options['secure-cookies']),
        trustProxy: Boolean(options['trust-proxy']),
        out: io.stdout,
        err: io.stderr,
      });
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
