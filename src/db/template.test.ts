// A new data folder made from the template database is the same database a fresh initdb + every migration makes
// (ADR 0004), and what must stay per folder (the first administrator, the calendar seed) is not in it.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { appliedMigrations, runMigrations, shippedMigrations } from './migrate.ts';
import { openDatabase, PGLITE_SUBDIR } from './open.ts';
import { queryRows } from './query.ts';
import { templatePath } from './template.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gongkai-template-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tables = (db: Parameters<typeof queryRows>[0]) =>
  queryRows<{ t: string }>(
    db,
    sql`select table_schema || '.' || table_name as t from information_schema.tables
        where table_schema in ('public', 'drizzle') order by 1`,
  );

describe('migrations at a start', () => {
  it('a current database is left as it is; one whose newest migration is missing gets it again', async () => {
    const h = await openDatabase({ memory: true, migrate: true });
    try {
      const n = shippedMigrations();
      expect(await runMigrations(h)).toEqual({ before: n, after: n });
      // The newest migration not recorded: drizzle's rule (apply what is dated after the last applied) applies it
      // again. Its statements meet their own objects, so it may fail — either way it was not skipped.
      await h.db.execute(sql`delete from drizzle.__drizzle_migrations
                             where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`);
      const again = await runMigrations(h).catch((e: Error) => e);
      if (again instanceof Error) expect(again.message).toMatch(/^Failed query: /);
      else expect(again).toEqual({ before: n - 1, after: n });
    } finally {
      await h.close();
    }
  }, 120_000);
});

describe('template database', () => {
  it('a new folder is made from the template: every migration applied, no administrator, no calendar yet', async () => {
    const env = { GONGKAI_DB_TEMPLATE_DIR: tempDir() };
    const a = await openDatabase({ dataDir: join(tempDir(), 'a'), env, migrate: true });
    expect(existsSync(templatePath(env))).toBe(true);
    const b = await openDatabase({ dataDir: join(tempDir(), 'b'), env, migrate: true });
    const plain = await openDatabase({
      dataDir: join(tempDir(), 'plain'),
      env: { ...env, GONGKAI_DB_TEMPLATE: '0' },
      migrate: true,
    });
    try {
      for (const h of [a, b]) {
        expect(await appliedMigrations(h)).toBe(shippedMigrations());
        expect(await tables(h.db)).toEqual(await tables(plain.db));
        // The first administrator and the calendar seed are made (and audited) by each folder's first start.
        const [n] = await queryRows<{ users: number; years: number; audit: number }>(
          h.db,
          sql`select (select count(*)::int from users) as users, (select count(*)::int from calendar_years) as years,
                     (select count(*)::int from audit_log) as audit`,
        );
        expect(n).toEqual({ users: 0, years: 0, audit: 0 });
      }
      // Two folders from one template are two databases.
      await a.db.execute(sql`insert into calendar_years (year, holidays, workdays, source, version, loaded_by)
                             values (2030, '{}', '{}', '[]', 'v', 'test')`);
      const [inB] = await queryRows<{ n: number }>(b.db, sql`select count(*)::int as n from calendar_years`);
      expect(inB?.n).toBe(0);
    } finally {
      await Promise.all([a.close(), b.close(), plain.close()]);
    }
  }, 180_000);

  it('a template damaged on disk is discarded and the folder made the ordinary way', async () => {
    const env = { GONGKAI_DB_TEMPLATE_DIR: tempDir() };
    mkdirSync(templatePath(env));
    writeFileSync(join(templatePath(env), 'PG_VERSION'), 'not a version\n');
    const dir = join(tempDir(), 'data');
    const h = await openDatabase({ dataDir: dir, env, migrate: true });
    try {
      expect(await appliedMigrations(h)).toBe(shippedMigrations());
      expect(existsSync(templatePath(env))).toBe(false);
    } finally {
      await h.close();
    }
    expect(readdirSync(join(dir, PGLITE_SUBDIR))).toContain('PG_VERSION');
  }, 180_000);

  it('is used only by a start that migrates: a folder opened without --migrate stays as it was', async () => {
    const env = { GONGKAI_DB_TEMPLATE_DIR: tempDir() };
    const h = await openDatabase({ dataDir: join(tempDir(), 'data'), env });
    try {
      expect(await appliedMigrations(h)).toBe(0);
      expect(existsSync(templatePath(env))).toBe(false);
    } finally {
      await h.close();
    }
  }, 180_000);
});
