// The database handle every adapter (CLI, web, tests, bench) uses, whichever engine is underneath.
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** Drizzle on PGlite or on node-postgres: the same query builder, the same schema. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export interface DatabaseHandle {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** PGlite: the data folder (absent in memory); PostgreSQL: the URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}
