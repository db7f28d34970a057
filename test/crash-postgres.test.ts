// The PostgreSQL server drops the connections of a running `gongkai serve` (a restart, a failover,
// pg_terminate_backend, idle_session_timeout): the web server must survive it and answer again on fresh connections.
// Runs only when DATABASE_URL is set (scripts/with-postgres.sh), on a database of its own.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedAt } from './support/serve.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'gongkai.js');
const url = process.env.DATABASE_URL;
const name = `gongkai_crash_${process.pid}_${randomBytes(3).toString('hex')}`;

async function admin<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

describe.skipIf(!url)('serve on PostgreSQL when the server drops its connections', () => {
  let server: ChildProcess | null = null;
  let base = '';
  let exited: number | null | undefined;

  beforeAll(async () => {
    await admin((c) => c.query(`create database "${name}"`));
    const u = new URL(url!);
    u.pathname = `/${name}`;
    server = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, DATABASE_URL: u.toString(), PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = server;
    proc.on('exit', (code) => {
      exited = code;
    });
    base = await servedAt(proc).url;
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const done = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await done;
    }
    await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
  });

  // When PostgreSQL ends an idle pooled connection, node-postgres emits 'error' on the pool; src/db/open.ts listens
  // for it, so `gongkai serve` survives and the pool opens fresh connections.
  it('keeps running and answers /health on fresh connections', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const terminated = await admin(async (c) => {
      const r = await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [
        name,
      ]);
      return r.rowCount;
    });
    expect(terminated).toBeGreaterThan(0);
    // The pool hears of it on the next turn of its socket; give the event a moment to arrive, then ask again.
    await new Promise((r) => setTimeout(r, 500));
    const health = await fetch(`${base}/health`).catch(() => null);
    expect(exited).toBeUndefined();
    expect(health?.status).toBe(200);
  });
});
