// PGlite on its own thread (ADR 0009) must behave as in-process PGlite for what the app relies on: drizzle's
// queries and interactive transactions (rollback on throw), statements from outside an open transaction kept out
// of it, LISTEN/NOTIFY delivered before the notifying statement returns, PostgreSQL's error fields, and a clean
// shutdown that leaves the data folder readable by another PGlite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { PGLITE_EXTENSIONS, pgliteExtensions, startPgliteThread } from './open.ts';
import { PgliteWorkerClient } from './pglite-worker-client.ts';

const opened: PgliteWorkerClient[] = [];
async function open(dataDir?: string): Promise<PgliteWorkerClient> {
  const c = new PgliteWorkerClient(startPgliteThread());
  opened.push(c);
  await c.open({ ...(dataDir ? { dataDir } : {}), startParams: [], extensions: PGLITE_EXTENSIONS });
  return c;
}
afterEach(async () => {
  for (const c of opened.splice(0)) await c.close();
});

describe('PGlite on its own thread', () => {
  it('answers drizzle queries with the types drizzle asks for', async () => {
    const c = await open();
    const db = drizzle(c as never);
    await db.execute(sql`create table t (id int primary key, at timestamptz, n numeric, j jsonb, d date)`);
    await db.execute(
      sql`insert into t values (1, '2026-12-05 10:00:00+08', 12.50, ${JSON.stringify({ a: [1, '二'] })}, '2026-01-02')`,
    );
    const rows = await db.execute<{ id: number; at: string; n: string; j: unknown; d: string }>(
      sql`select id, at, n, j, d from t`,
    );
    // drizzle keeps timestamps and dates as PostgreSQL's text (its parsers), jsonb parsed, numeric as text.
    expect(rows.rows).toEqual([
      { id: 1, at: '2026-12-05 02:00:00+00', n: '12.50', j: { a: [1, '二'] }, d: '2026-01-02' },
    ]);
    const { rows: plain } = await c.query<{ x: number }>('select $1::int + 1 as x', [41]);
    expect(plain).toEqual([{ x: 42 }]);
  });

  it('rolls a transaction back when its callback throws, and commits otherwise', async () => {
    const c = await open();
    await c.exec('create table t (id int primary key)');
    await expect(
      c.transaction(async (tx) => {
        await tx.query('insert into t values (1)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await c.transaction(async (tx) => {
      await tx.query('insert into t values (2)');
    });
    expect((await c.query('select id from t')).rows).toEqual([{ id: 2 }]);
    // drizzle's transaction and a nested savepoint
    const db = drizzle(c as never);
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into t values (3)`);
        // drizzle rolls back to the savepoint and rethrows its Rollback
        await tx
          .transaction(async (inner) => {
            await inner.execute(sql`insert into t values (4)`);
            inner.rollback();
          })
          .catch(() => {});
        await tx.execute(sql`insert into t values (5)`);
      }),
    ).resolves.toBeUndefined();
    expect((await c.query('select id from t order by id')).rows).toEqual([{ id: 2 }, { id: 3 }, { id: 5 }]);
  });

  it('keeps statements from outside out of an open transaction', async () => {
    const c = await open();
    await c.exec('create table t (id int primary key)');
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const tx = c.transaction(async (t) => {
      await t.query('insert into t values (1)');
      await held;
      throw new Error('undo');
    });
    // Sent while the transaction is open: it must run after it, not inside it (the rollback must not undo it).
    const outside = c.query('insert into t values (2)');
    release();
    await expect(tx).rejects.toThrow('undo');
    await outside;
    expect((await c.query('select id from t')).rows).toEqual([{ id: 2 }]);
  });

  it('fails a COMMIT that PostgreSQL turned into a ROLLBACK', async () => {
    const c = await open();
    await c.exec('create table t (id int primary key)');
    await expect(
      c.transaction(async (tx) => {
        await tx.query('insert into t values (1)');
        await tx.query('insert into t values (1)').catch(() => {});
      }),
    ).rejects.toThrow();
    expect((await c.query('select count(*)::int as n from t')).rows).toEqual([{ n: 0 }]);
  });

  it("gives PostgreSQL's error fields and stays usable", async () => {
    const c = await open();
    await c.exec('create table t (id int primary key)');
    await c.query('insert into t values (1)');
    const e = await c.query('insert into t values ($1)', [1]).catch((x) => x);
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ code: '23505', constraint: 't_pkey', query: 'insert into t values ($1)' });
    expect((await c.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('delivers notifications before the notifying statement returns', async () => {
    const c = await open();
    const seen: string[] = [];
    const unlisten = await c.listen('gongkai_changes', (p) => seen.push(p));
    await c.query("select pg_notify('gongkai_changes', 'cases')");
    expect(seen).toEqual(['cases']);
    await unlisten();
    await c.query("select pg_notify('gongkai_changes', 'users')");
    expect(seen).toEqual(['cases']);
  });

  it('closes PostgreSQL cleanly: the data folder opens again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-pglite-thread-'));
    try {
      const c = await open(join(dir, 'pglite'));
      await c.exec("create table t (v text); insert into t values ('留存')");
      await c.close();
      expect(c.closed).toBe(true);
      await expect(c.query('select 1')).rejects.toThrow();
      const again = await PGlite.create(join(dir, 'pglite'), { extensions: await pgliteExtensions() });
      try {
        expect((await again.query('select v from t')).rows).toEqual([{ v: '留存' }]);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
