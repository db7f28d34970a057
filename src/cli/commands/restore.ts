// gongkai restore <file>: restore a backup into an empty database.
import { BackupError, restoreDatabase } from '../../backup/backup.ts';
import { openDatabase } from '../../db/open.ts';
import { storedFilesFor } from '../../web/reports/stored-files.ts';
import { parseArgs } from '../args.ts';
import { CliError, type Command } from '../io.ts';

export const command: Command = {
  name: 'restore',
  summary: '从备份文件恢复到一个空数据库',
  usage: `用法：gongkai restore <文件>

把 gongkai backup 写出的文件恢复到 DATABASE_URL 或 GONGKAI_DATA 指定的数据库。目标数据库必须为空（新建的
数据目录或新建的 PostgreSQL 数据库）；恢复在一个事务中完成，失败时数据库保持原样。备份中的文件写回数据目录
（GONGKAI_DATA，默认 ./data）下的 files/，按 SHA-256 校验。`,
  async run(args, io) {
    const { positionals } = parseArgs(args, {}, 'restore');
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new CliError('restore：请指定一个备份文件');
    const handle = await openDatabase({ env: io.env, cwd: io.cwd });
    try {
      const filesDir = storedFilesFor(handle, io.env, io.cwd);
      const h = await restoreDatabase(handle, file, { filesDir });
      const rows = h.tables.reduce((a, t) => a + t.rows, 0);
      const files = h.files ? `、${h.files.count} 个文件` : '';
      io.stderr(
        `已恢复 ${h.tables.length} 张表、${rows} 行${files}（备份于 ${h.createdAt}，来源 ${h.source}）到 ${handle.location}\n`,
      );
      return 0;
    } catch (e) {
      if (e instanceof BackupError) throw new CliError(e.message);
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`${file}：文件不存在`);
      throw e;
    } finally {
      await handle.close();
    }
  },
};
