// Opening the database for the case commands. The embedded PGlite is a single-user store: it is migrated and its
// calendar seeded on first use. A PostgreSQL server is migrated explicitly (gongkai db:migrate) — a command never
// changes a shared server's schema behind the administrator's back.
import type { DatabaseHandle } from '../db/handle.ts';
import { openDatabase } from '../db/open.ts';
import { seedCalendarIfEmpty } from './calendar.ts';

export interface SessionEnv {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export async function openCaseDatabase(io: SessionEnv, actor: string): Promise<DatabaseHandle> {
  const pglite = !io.env.DATABASE_URL;
  const handle = await openDatabase({ env: io.env, cwd: io.cwd, migrate: pglite, requireCurrent: !pglite });
  try {
    if (pglite) await handle.db.transaction((tx) => seedCalendarIfEmpty(tx, { actor }));
  } catch (e) {
    await handle.close();
    throw e;
  }
  return handle;
}

/** Today in China, 'YYYY-MM-DD' (the agencies' calendar day, whatever the server's time zone). */
export function chinaToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

/** The audit actor of a command-line user. */
export function cliActor(env: Readonly<Record<string, string | undefined>>, as?: string): string {
  return as ? `user:${as}` : `cli:${env.USER ?? env.USERNAME ?? 'unknown'}`;
}
