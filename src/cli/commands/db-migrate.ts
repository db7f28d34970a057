// `gongkai db:migrate`: apply the pending migrations (./drizzle) to the database — PostgreSQL when DATABASE_URL
// is set, else the embedded PGlite in GONGKAI_DATA — and load the national working-day calendar if it is empty.
import { seedCalendarIfEmpty } from '../../cases/calendar.ts';
import { toCliError } from '../../cases/cli-support.ts';
import { cliActor } from '../../cases/session.ts';
import { assignMissingTrackingCodes } from '../../cases/tracking-code.ts';
import { runMigrations, shippedMigrations } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { parseArgs } from '../args.ts';
import type { Command } from '../io.ts';

export const command: Command = {
  name: 'db:migrate',
  summary: '升级数据库结构（应用迁移），并初始化工作日历',
  usage: `用法：gongkai db:migrate [--as <用户名>]

对 DATABASE_URL 指定的 PostgreSQL，或 GONGKAI_DATA（默认 ./data）中的内嵌数据库，应用尚未执行的迁移
（drizzle/ 目录中的 SQL 文件），并在工作日历为空时载入内置的全国节假日数据。可重复运行。`,
  async run(args, io) {
    const { options } = parseArgs(args, { as: { type: 'string' } }, 'db:migrate');
    const actor = cliActor(io.env, typeof options.as === 'string' ? options.as : undefined);
    let handle: Awaited<ReturnType<typeof openDatabase>>;
    try {
      handle = await openDatabase({ env: io.env, cwd: io.cwd });
    } catch (e) {
      throw toCliError(e);
    }
    try {
      const { before, after } = await runMigrations(handle);
      const seeded = await handle.db.transaction((tx) => seedCalendarIfEmpty(tx, { actor }));
      await assignMissingTrackingCodes(handle.db);
      io.stdout(
        `${handle.kind === 'pglite' ? '内嵌数据库' : 'PostgreSQL'}（${handle.location}）：` +
          (after > before ? `已应用 ${after - before} 个迁移` : '已是最新') +
          `（共 ${shippedMigrations()} 个）` +
          (seeded ? `；已载入 ${seeded} 年的全国节假日数据` : '') +
          '\n',
      );
      return 0;
    } catch (e) {
      throw toCliError(e);
    } finally {
      await handle.close();
    }
  },
};
