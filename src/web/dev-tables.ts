// TEMPORARY (development only, removed before hand-over): create the web tables until the real migration exists.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';

export async function ensureWebTables(db: Db): Promise<void> {
  const [r] = await queryRows<{ t: string | null }>(
    db,
    sql`select to_regclass('public.annual_reports')::text as t`,
  );
  if (r?.t) return;
  for (const stmt of readFileSync('/tmp/gkdev/web-dev.sql', 'utf8').split('--> statement-breakpoint'))
    if (stmt.trim()) await db.execute(sql.raw(stmt));
}
