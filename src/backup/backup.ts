// Logical backup and restore that work the same on embedded PGlite and on a PostgreSQL server, so a town's
// embedded installation can move to a district's server and back. The file is gzip'd JSON lines: a header, then
// each table's rows in primary-key order, tables in foreign-key order. PostgreSQL does the type conversions both
// ways (row_to_json out, json_populate_recordset in), so bytea, dates and jsonb survive unchanged.
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle, Executor } from '../db/handle.ts';
import { appliedMigrations, runMigrations } from '../db/migrate.ts';
import { queryRows } from '../db/query.ts';

export const BACKUP_FORMAT = 'gongkai-backup';
export const BACKUP_VERSION = 1;
const BATCH = 1000;

export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: number;
  readonly createdAt: string;
  readonly source: 'pglite' | 'postgres';
  readonly migrations: number;
  readonly tables: { name: string; rows: number }[];
}

export class BackupError extends Error {}

interface TableInfo {
  name: string;
  pk: string[];
}

/**
 * Tables derived from others by a trigger, left out of the backup: restoring their source rebuilds them
 * (report_numbers from annual_reports.fields, drizzle/0004_report_numbers.sql; report_year_sums from report_numbers,
 * drizzle/…_report_year_sums.sql; case_counts from cases, drizzle/…_dashboard_counts.sql — restored too, its rows
 * would be counted twice).
 */
const DERIVED_TABLES = ['report_numbers', 'report_year_sums', 'case_counts'];

/** The project's tables in an order where every table comes after the tables it references. */
export async function tablesInDependencyOrder(db: Executor): Promise<TableInfo[]> {
  const tables = (
    await queryRows<{ name: string }>(
      db,
      sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'r' order by c.relname`,
    )
  ).filter((t) => !DERIVED_TABLES.includes(t.name));
  const deps = await queryRows<{ child: string; parent: string }>(
    db,
    sql`select distinct tc.relname as child, tp.relname as parent from pg_constraint k
        join pg_class tc on tc.oid = k.conrelid join pg_class tp on tp.oid = k.confrelid
        join pg_namespace n on n.oid = tc.relnamespace
        where k.contype = 'f' and n.nspname = 'public' and tc.relname <> tp.relname`,
  );
  const pks = await queryRows<{ table: string; column: string; pos: number }>(
    db,
    sql`select c.relname as "table", a.attname as "column", array_position(k.conkey, a.attnum) as pos
        from pg_constraint k join pg_class c on c.oid = k.conrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum = any(k.conkey)
        where k.contype = 'p' and n.nspname = 'public'`,
  );
  const parents = new Map<string, Set<string>>();
  for (const d of deps) (parents.get(d.child) ?? parents.set(d.child, new Set()).get(d.child)!).add(d.parent);
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, path: Set<string>) => {
    if (seen.has(t) || path.has(t)) return;
    path.add(t);
    for (const p of parents.get(t) ?? []) visit(p, path);
    seen.add(t);
    order.push(t);
  };
  for (const t of tables) visit(t.name, new Set());
  return order.map((name) => ({
    name,
    pk: pks
      .filter((p) => p.table === name)
      .sort((a, b) => Number(a.pos) - Number(b.pos))
      .map((p) => p.column),
  }));
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Write a backup of every table to `file` (atomically: a partial backup never carries the final name). */
export async function backupDatabase(
  handle: DatabaseHandle,
  file: string,
  onProgress?: (table: string, rows: number) => void,
): Promise<BackupHeader> {
  const db = handle.db;
  const tables = await tablesInDependencyOrder(db);
  const counts: { name: string; rows: number }[] = [];
  for (const t of tables) {
    const [r] = await queryRows<{ n: number }>(
      db,
      sql.raw(`select count(*)::int as n from ${ident(t.name)}`),
    );
    counts.push({ name: t.name, rows: Number(r?.n ?? 0) });
  }
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: new Date().toISOString(),
    source: handle.kind,
    migrations: await appliedMigrations(handle),
    tables: counts,
  };
  async function* lines(): AsyncGenerator<string> {
    yield `${JSON.stringify(header)}\n`;
    for (const t of tables) {
      const order = t.pk.length ? t.pk.map(ident).join(', ') : '1';
      let offset = 0;
      for (;;) {
        // Keyset pagination would be faster for huge tables; offset keeps this generic over composite keys.
        const rows = await queryRows<{ r: unknown }>(
          db,
          sql.raw(
            `select row_to_json(gk_row_) as r from ${ident(t.name)} gk_row_ order by ${order} limit ${BATCH} offset ${offset}`,
          ),
        );
        if (!rows.length) break;
        offset += rows.length;
        yield `${JSON.stringify({ table: t.name, rows: rows.map((x) => x.r) })}\n`;
        onProgress?.(t.name, offset);
        if (rows.length < BATCH) break;
      }
    }
  }
  const tmp = `${file}.partial`;
  try {
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(tmp));
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return header;
}

/**
 * Restore a backup into an empty database (migrated here first). All in one transaction: a failed restore leaves
 * the database as it was.
 */
export async function restoreDatabase(
  handle: DatabaseHandle,
  file: string,
  onProgress?: (table: string, rows: number) => void,
): Promise<BackupHeader> {
  const input = createReadStream(file).pipe(createGunzip());
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let header: BackupHeader | null = null;
  const batches: { table: string; rows: unknown[] }[] = [];
  try {
    for await (const line of rl) {
      if (!line.trim()) continue;
      const j = JSON.parse(line);
      if (!header) {
        if (j.format !== BACKUP_FORMAT) throw new BackupError(`${file}：不是 Gongkai 备份文件`);
        if (j.version > BACKUP_VERSION)
          throw new BackupError(`${file}：备份格式版本 ${j.version} 高于本程序支持的版本`);
        header = j as BackupHeader;
        continue;
      }
      batches.push(j);
    }
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(`${file}：备份文件已损坏或不完整（${(e as Error).message}）`);
  }
  if (!header) throw new BackupError(`${file}：备份文件为空`);
  const h = header;
  await runMigrations(handle);
  const tables = await tablesInDependencyOrder(handle.db);
  const known = new Set(tables.map((t) => t.name));
  for (const t of h.tables)
    if (!known.has(t.name) && t.rows > 0)
      throw new BackupError(`备份中的表 ${t.name} 在当前数据库中不存在（版本不符？）`);
  for (const t of tables) {
    const [r] = await queryRows<{ n: number }>(
      handle.db,
      sql.raw(`select count(*)::int as n from ${ident(t.name)}`),
    );
    if (Number(r?.n ?? 0) > 0 && h.tables.some((x) => x.name === t.name && x.rows > 0))
      throw new BackupError(`目标数据库的表 ${t.name} 已有数据：请恢复到一个空的数据库`);
  }
  await handle.db.transaction(async (tx) => {
    const restored = new Map<string, number>();
    for (const b of batches) {
      const t = ident(b.table);
      // Only the columns the backup has: a column added by a later migration keeps its default (a backup of
      // an older release restores into this one) instead of receiving an explicit NULL.
      const cols = Object.keys((b.rows[0] ?? {}) as object)
        .map(ident)
        .join(', ');
      await tx.execute(
        sql`${sql.raw(`insert into ${t} (${cols}) overriding system value select ${cols} from json_populate_recordset(null::${t}, `)}${JSON.stringify(b.rows)}${sql.raw('::json)')}`,
      );
      restored.set(b.table, (restored.get(b.table) ?? 0) + b.rows.length);
      onProgress?.(b.table, restored.get(b.table)!);
    }
    // Identity columns continue after the restored rows.
    const ids = await queryRows<{ table: string; column: string }>(
      tx,
      sql`select c.relname as "table", a.attname as "column" from pg_attribute a
          join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and a.attidentity in ('a', 'd') and not a.attisdropped`,
    );
    for (const { table, column } of ids) {
      const [m] = await queryRows<{ m: number | null }>(
        tx,
        sql.raw(`select max(${ident(column)})::bigint as m from ${ident(table)}`),
      );
      if (m?.m !== null && m?.m !== undefined)
        await tx.execute(
          sql.raw(
            `alter table ${ident(table)} alter column ${ident(column)} restart with ${Number(m.m) + 1}`,
          ),
        );
    }
    for (const t of h.tables) {
      const got = restored.get(t.name) ?? 0;
      if (got !== t.rows)
        throw new BackupError(`表 ${t.name}：备份声明 ${t.rows} 行，文件中只有 ${got} 行（文件不完整）`);
    }
  });
  return h;
}
