// The `gongkai` command line. Each verb lives in commands/<verb>.ts and is loaded on demand, so a verb's
// dependencies (database, PDF, DOCX) cost nothing to the others. HTTP and CLI call the same use cases.
import { randomBytes } from 'node:crypto';
import { CliError, type CliIO, type Command, processIO } from './io.ts';
import '../zod-zh.ts';

/** The verbs, in the order `gongkai help` lists them. */
export const VERBS = [
  'parse',
  'check',
  'render',
  'ingest',
  'aggregate',
  'similar',
  'collect',
  'crosscheck',
  'deadline',
  'fee',
  'case',
  'calendar',
  'report',
  'publish',
  'status',
  'export',
  'serve',
  'user',
  'agency',
  'config',
  'db:migrate',
  'backup',
  'restore',
] as const;

/**
 * Typed errors of the use cases and the domain carry a Chinese message meant for the user (a case that does not
 * exist, a data folder in use, an event the clock refuses): the CLI prints it and exits 2, without a stack trace.
 */
const USER_ERRORS = new Set([
  'CaseError',
  'CalendarError',
  'ClockError',
  'LetterError',
  'ReviewError',
  'UnreadableError',
  'BackupError',
  'DataDirLockedError',
  'SchemaOutdatedError',
  'DatabaseSettingError',
  'PublishingError',
  'ReportBuilderError',
  'AdminError',
]);

/**
 * Each verb's module, imported on first use. The specifiers are literal so that a bundler (bin/bundle.js, ADR 0006)
 * sees every verb and keeps each one's dependencies out of the others' start.
 */
const LOADERS: Readonly<Record<(typeof VERBS)[number], () => Promise<{ command: Command }>>> = {
  parse: () => import('./commands/parse.ts'),
  check: () => import('./commands/check.ts'),
  render: () => import('./commands/render.ts'),
  ingest: () => import('./commands/ingest.ts'),
  aggregate: () => import('./commands/aggregate.ts'),
  similar: () => import('./commands/similar.ts'),
  collect: () => import('./commands/collect.ts'),
  crosscheck: () => import('./commands/crosscheck.ts'),
  deadline: () => import('./commands/deadline.ts'),
  fee: () => import('./commands/fee.ts'),
  case: () => import('./commands/case.ts'),
  calendar: () => import('./commands/calendar.ts'),
  report: () => import('./commands/report.ts'),
  publish: () => import('./commands/publish.ts'),
  status: () => import('./commands/status.ts'),
  export: () => import('./commands/export.ts'),
  serve: () => import('./commands/serve.ts'),
  user: () => import('./commands/user.ts'),
  agency: () => import('./commands/agency.ts'),
  config: () => import('./commands/config.ts'),
  'db:migrate': () => import('./commands/db-migrate.ts'),
  backup: () => import('./commands/backup.ts'),
  restore: () => import('./commands/restore.ts'),
};

async function loadCommand(verb: string): Promise<Command | null> {
  if (!Object.hasOwn(LOADERS, verb)) return null;
  return (await LOADERS[verb as keyof typeof LOADERS]()).command;
}

async function help(io: CliIO, verb?: string): Promise<number> {
  if (verb) {
    const c = await loadCommand(verb);
    if (!c) throw new CliError(`未知命令：${verb}`);
    io.stdout(`${c.usage.trimEnd()}\n`);
    return 0;
  }
  const lines = ['gongkai — 政府信息公开工作平台', '', '用法：gongkai <命令> [参数]', '', '命令：'];
  for (const v of VERBS) {
    const c = await loadCommand(v);
    if (c) lines.push(`  ${v.padEnd(12)} ${c.summary}`);
  }
  lines.push('', '用 gongkai help <命令> 查看某个命令的详细用法。');
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [verb, ...rest] = argv;
  try {
    if (!verb || verb === 'help' || verb === '--help' || verb === '-h') return await help(io, rest[0]);
    const command = await loadCommand(verb);
    if (!command) throw new CliError(`未知命令：${verb}（用 gongkai help 查看所有命令）`);
    if (rest.includes('--help') || rest.includes('-h')) return await help(io, verb);
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`错误：${e.message}\n`);
      return e.code;
    }
    if (e instanceof Error && USER_ERRORS.has(e.constructor.name)) {
      io.stderr(`错误：${e.message}\n`);
      // A data folder in use or a database not migrated is not bad input: exit 3, as `case` and `serve` document.
      return e.constructor.name === 'DataDirLockedError' || e.constructor.name === 'SchemaOutdatedError'
        ? 3
        : 2;
    }
    // A file or folder the operating system refused (`backup /no/such/dir/b.gz`): the user can fix that.
    const fsMessage = fileSystemMessage(e);
    if (fsMessage) {
      io.stderr(`错误：${fsMessage}\n`);
      return 2;
    }
    // A bug: an id to quote, the detail only when asked for (no stack trace on a user's terminal by default).
    const id = randomBytes(4).toString('hex');
    io.stderr(
      `内部错误（编号 ${id}）：程序遇到意外情况，操作未完成。请把此编号和所执行的命令告知维护人员。\n`,
    );
    if (io.env.GONGKAI_DEBUG)
      io.stderr(`[${id}] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 70;
  }
}

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: '文件或目录不存在',
  EACCES: '没有权限',
  EPERM: '没有权限',
  EISDIR: '这是一个目录，不是文件',
  ENOTDIR: '路径中有一段不是目录',
  ENOSPC: '磁盘空间不足',
  EROFS: '文件系统只读',
  EEXIST: '已存在',
  EMFILE: '打开的文件过多',
};

/** A Chinese message for an error of the file system (with the path it names), or null for any other error. */
export function fileSystemMessage(e: unknown): string | null {
  const err = e as NodeJS.ErrnoException | null;
  const reason = err && typeof err.code === 'string' ? FS_REASONS[err.code] : undefined;
  if (!reason) return null;
  return err!.path ? `${err!.path}：${reason}` : `文件操作失败：${reason}`;
}
