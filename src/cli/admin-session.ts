// What the administration commands (`gongkai agency …`, `gongkai user …`) share: the check of the sub-command, and a
// session on the case database in which the administration's typed errors become exit codes (NOT_FOUND and INVALID
// 2, CONFLICT 3; src/admin/errors.ts).
import { AdminError } from '../admin/index.ts';
import { type CommandSession, withCaseDatabase } from '../cases/cli-support.ts';
import { CliError, type CliIO } from './io.ts';

/** The sub-command given, if the command has it; otherwise a usage error naming what it has. */
export function subcommandOf<S extends string>(
  command: string,
  sub: string | undefined,
  known: readonly S[],
): S {
  if (sub && (known as readonly string[]).includes(sub)) return sub as S;
  throw new CliError(
    sub
      ? `${command}：未知子命令 ${sub}（用 gongkai help ${command} 查看用法）`
      : `${command}：请指定子命令（${known.join('、')}）`,
  );
}

/** Run `body` on the case database as `as`; an AdminError leaves as a CliError with its exit code. */
export function withAdminSession<T>(
  io: CliIO,
  as: string | undefined,
  body: (s: CommandSession) => Promise<T>,
): Promise<T> {
  return withCaseDatabase(io, as, async (s) => {
    try {
      return await body(s);
    } catch (e) {
      throw e instanceof AdminError ? new CliError(e.message, e.code === 'CONFLICT' ? 3 : 2) : e;
    }
  });
}
