// What the case and calendar commands share: turning typed errors into the CLI's Chinese error with an exit code,
// and running a command body against the database.
import { CliError, type CliIO } from '../cli/io.ts';
import { DataDirLockedError, SchemaOutdatedError } from '../db/errors.ts';
import type { DatabaseHandle } from '../db/handle.ts';
import { CalendarError } from '../domain/calendar/index.ts';
import { CaseError } from './errors.ts';
import { chinaToday, cliActor, openCaseDatabase } from './session.ts';

/** Exit codes: 2 bad input, 3 conflict / data folder in use / schema outdated, 4 year locked. */
export function toCliError(e: unknown): unknown {
  if (e instanceof CaseError) {
    const code = e.code === 'YEAR_LOCKED' ? 4 : e.code === 'CONFLICT' ? 3 : 2;
    return new CliError(e.message, code);
  }
  if (e instanceof DataDirLockedError || e instanceof SchemaOutdatedError) return new CliError(e.message, 3);
  if (e instanceof CalendarError) return new CliError(e.message, 2);
  return e;
}

export interface CommandSession {
  readonly handle: DatabaseHandle;
  readonly actor: string;
  readonly today: string;
}

export async function withCaseDatabase<T>(
  io: CliIO,
  as: string | undefined,
  body: (s: CommandSession) => Promise<T>,
): Promise<T> {
  const actor = cliActor(io.env, as);
  let handle: DatabaseHandle;
  try {
    handle = await openCaseDatabase(io, actor);
  } catch (e) {
    throw toCliError(e);
  }
  try {
    return await body({ handle, actor, today: io.env.GONGKAI_TODAY ?? chinaToday() });
  } catch (e) {
    throw toCliError(e);
  } finally {
    await handle.close();
  }
}
