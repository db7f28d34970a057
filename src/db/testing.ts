// Fresh, migrated databases for tests. The same test files run on PGlite (default) and on a real PostgreSQL
// server (when DATABASE_URL is set, e.g. under scripts/with-postgres.sh): one database per test file.
//
// PGlite's initdb costs seconds; loading a dump of an already-migrated database costs ~0.4 s. So the first test
// file to need one migrates an in-memory PGlite and dumps it to a template in the temp folder (keyed by the
// migration files' content: src/db/template.ts), and every later one loads that template.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseHandle, Db } from './handle.ts';
import { runMigrations } from './migrate.ts';
import {
  openDatabase,
  PGLITE_EXTENSIONS,
  pgliteExtensions,
  pgliteStartParams,
  redactUrl,
  startPgliteThread,
} from './open.ts';
import { PgliteWorkerClient } from './pglite-worker-client.ts';
import * as schema from './schema/index.ts';
import { dumpMigratedDatabase, templateKey } from './template.ts';

export async function openTestDatabase(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<DatabaseHandle> {
  return env.DATABASE_URL ? openFreshPostgres(env.DATABASE_URL) : openFreshPglite();
}

async function openFreshPglite(): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const template = join(tmpdir(), `gongkai-pglite-template-${templateKey()}.tar`);
  if (!existsSync(template)) {
    const dump = await dumpMigratedDatabase();
    // Write then rename: parallel test workers may race here, and a reader must never see half a file.
    const part = `${template}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(part, dump);
    renameSync(part, template);
    // Templates of older schemas are dead weight (40 MB each); leave recent ones to runs of other checkouts.
    for (const f of readdirSync(tmpdir()))
      if (f.startsWith('gongkai-pglite-template-') && join(tmpdir(), f) !== template) {
        const path = join(tmpdir(), f);
        if (Date.now() - statSync(path).mtimeMs > 86_400_000) rmSync(path, { force: true });
      }
  }
  // GONGKAI_TEST_PGLITE_THREAD=1: the database on a thread of its own, as `serve` runs it (ADR 0009), so that any
  // test file can run against that client too.
  const client =
    process.env.GONGKAI_TEST_PGLITE_THREAD === '1'
      ? await openThread(readFileSync(template))
      : await PGlite.create({
          loadDataDir: new Blob([readFileSync(template)]),
          extensions: await pgliteExtensions(),
        });
  const db = drizzle(client as never, { schema }) as unknown as Db;
  const handle: DatabaseHandle = {
    db,
    kind: 'pglite',
    location: ':memory:',
    async close() {
      if (!client.closed) await client.close();
    },
  };
  // A template from an older schema would have been keyed differently; this is a cheap safety net.
  await runMigrations(handle);
  return handle;
}

async function openThread(dump: Uint8Array): Promise<PgliteWorkerClient> {
  const client = new PgliteWorkerClient(startPgliteThread());
  await client.open({ loadDataDir: dump, startParams: pgliteStartParams([]), extensions: PGLITE_EXTENSIONS });
  return client;
}

async function openFreshPostgres(url: string): Promise<DatabaseHandle> {
  const { default: pg } = await import('pg');
  const name = `gongkai_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  const inner = await openDatabase({ url: u.toString(), migrate: true });
  return {
    db: inner.db,
    kind: 'postgres',
    location: redactUrl(u.toString()),
    async close() {
      await inner.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      try {
        await a.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
