// gongkai backup <file>: a logical backup of the whole database (PGlite or PostgreSQL).
import { BackupError, backupDatabase } from '../../backup/backup.ts';
import { openDatabase } from '../../db/open.ts';
import { storedFilesFor } from '../../web/reports/stored-files.ts';
import { parseArgs } from '../args.ts';
import { CliError, type Command } from '../io.ts';

export const command: Command = {
  name: 'backup',
  summary: '备份数据库（内嵌 PGlite 或 PostgreSQL）到一个文件',
  usage: `用法：gongkai backup <文件>

把全部数据写入一个压缩文件（gzip 压缩的 JSON lines），可用 gongkai restore 恢复到 PGlite 或 PostgreSQL。
数据目录下 files/ 中保存的文件（上传的年报原件、扫描件）一并写入备份；案件的告知书和公开的文件本就在数据库中。
数据库由 DATABASE_URL（PostgreSQL）或 GONGKAI_DATA（内嵌数据库目录，默认 ./data）指定。
写入过程中文件名带 .partial 后缀，完成后才改名：中途失败不会留下看似完整的备份。`,
  async run(args, io) {
    const { positionals } = parseArgs(args, {}, 'backup');
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new CliError('backup：请指定一个备份文件名');
    const handle = await openDatabase({ env: io.env, cwd: io.cwd, requireCurrent: true });
    try {
      const filesDir = storedFilesFor(handle, io.env, io.cwd);
      const h = await backupDatabase(handle, file, { filesDir });
      const rows = h.tables.reduce((a, t) => a + t.rows, 0);
      const files = h.files ? `、${h.files.count} 个文件（${(h.files.bytes / 2 ** 20).toFixed(1)} MB）` : '';
      io.stderr(`已备份 ${h.tables.length} 张表、${rows} 行${files}到 ${file}（来源：${handle.location}）\n`);
      return 0;
    } catch (e) {
      if (e instanceof BackupError) throw new CliError(e.message);
      throw e;
    } finally {
      await handle.close();
    }
  },
};
