// Raw SQL helpers. PGlite and node-postgres both answer `execute` with an object holding `rows`; the types of
// the two drivers differ, so the cast lives here once.
import type { SQL } from 'drizzle-orm';
import type { Executor } from './handle.ts';

export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}
