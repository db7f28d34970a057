// Upgrading and moving, as docs/deploy.md tells the operator to:
//  1. A database made by the previous release's schema — the migrations folder at commit 8c65b5c, taken from git —
//     and filled with a district's data (the demo: agencies, users, annual reports, a year of cases, sessions, the
//     audit log) upgrades with `gongkai db:migrate` and keeps every row: each column the old release had, in every
//     table, is what it was.
//  2. The upgraded embedded database moves to PostgreSQL by `gongkai backup` and `gongkai restore` with every row
//     of every table the same on both sides.
// The old database is filled without running the old release: the demo is loaded by this release into a scratch
// database and its rows copied into the old schema's columns (a column the old schema lacks is left out; one it
// has that this release no longer writes would fail loudly).
// PostgreSQL: DATABASE_URL when set, else a throwaway cluster started here (Debian's postgresql 15); the move is
// skipped, saying so, when neither is available.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tablesInDependencyOrder } from '../src/backup/backup.ts';
import { seedCalendarIfEmpty } from '../src/cases/calendar.ts';
import type { DatabaseHandle, Executor, Schema } from '../src/db/handle.ts';
import { MIGRATIONS_FOLDER } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/open.ts';
import { queryRows } from '../src/db/query.ts';
import { openTestDatabase } from '../src/db/testing.ts';
import { loadDemo } from '../src/demo/load.ts';
import { ensureAdministrator } from '../src/web/auth/accounts.ts';
import { createSession } from '../src/web/auth/sessions.ts';
import { runCli } from './support/cli.ts';

const PREVIOUS_RELEASE = '8c65b5c';
const ROOT = join(import.meta.dirname, '..');
const T = 600_000;

let tmp = '';
let oldFolder = '';
let oldSource = '';

/** The previous release's migrations folder, from git; without the history (a shallow clone), this release's
 *  folder cut back to the journal entries that release had is the same files — migrations are append-only. */
function previousMigrations(dir: string): string {
  mkdirSync(join(dir, 'meta'), { recursive: true });
  try {
    const files = execFileSync('git', ['ls-tree', '-r', '--name-only', PREVIOUS_RELEASE, 'drizzle/'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\n')
      .filter(Boolean);
    for (const f of files)
      writeFileSync(
        join(dir, f.replace(/^drizzle\//, '')),
        execFileSync('git', ['show', `${PREVIOUS_RELEASE}:${f}`], { cwd: ROOT, maxBuffer: 64 << 20 }),
      );
    return `git ${PREVIOUS_RELEASE}`;
  } catch {
    cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
    const journal = JSON.parse(readFileSync(join(dir, 'meta/_journal.json'), 'utf8')) as {
      entries: { tag: string }[];
    };
    journal.entries = journal.entries.filter((e) => /^000[0-3]_/.test(e.tag));
    writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify(journal));
    return 'drizzle/ cut to 0000–0003 (no git history)';
  }
}

/** Every row of every table, old columns only when `columns` is given, as JSON in primary-key order. */
async function snapshot(db: Executor, columns?: Map<string, string[]>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  await (db as DatabaseHandle['db']).transaction(async (tx) => {
    // One time zone on both engines, so a timestamp prints the same.
    await tx.execute(sql`set local timezone = 'UTC'`);
    for (const t of await tablesInDependencyOrder(tx)) {
      const cols = columns ? columns.get(t.name) : undefined;
      if (columns && !cols) continue;
      const order = t.pk.length ? t.pk.map((c) => `"${c}"`).join(', ') : '1';
      const pick = cols
        ? `json_build_object(${cols.map((c) => `'${c}', "${c}"`).join(', ')})`
        : 'row_to_json(x)';
      const rows = await queryRows<{ r: unknown }>(
        tx,
        sql.raw(`select ${pick}::text as r from "${t.name}" x order by ${order}`),
      );
      out.set(
        t.name,
        rows.map((r) => String(r.r)),
      );
    }
  });
  return out;
}

async function columnsOf(db: Executor): Promise<Map<string, string[]>> {
  const rows = await queryRows<{ t: string; c: string }>(
    db,
    sql`select table_name as t, column_name as c from information_schema.columns
        where table_schema = 'public' order by table_name, ordinal_position`,
  );
  const m = new Map<string, string[]>();
  for (const r of rows) (m.get(r.t) ?? m.set(r.t, []).get(r.t)!).push(r.c);
  return m;
}

const total = (s: Map<string, string[]>) => [...s.values()].reduce((a, r) => a + r.length, 0);

let before = new Map<string, string[]>();
let oldColumns = new Map<string, string[]>();
let dataDir = '';
let env: Record<string, string | undefined> = {};

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gongkai-migration-'));
  chmodSync(tmp, 0o755);
  oldFolder = join(tmp, 'old-drizzle');
  oldSource = previousMigrations(oldFolder);
  dataDir = join(tmp, 'data');
  env = { ...process.env, GONGKAI_DATA: dataDir, DATABASE_URL: undefined, USER: 'operator' };

  // A district's data, made by this release in a scratch database.
  const scratch = await openTestDatabase({});
  try {
    await seedCalendarIfEmpty(scratch.db, { actor: 'system' });
    await ensureAdministrator(scratch.db);
    const { loadCalendar } = await import('../src/cases/calendar.ts');
    await loadDemo(scratch, {
      actor: 'system:demo',
      today: '2024-06-28',
      calendar: await loadCalendar(scratch.db, null),
    });
    const [admin] = await queryRows<{ id: number }>(
      scratch.db,
      sql`select id from users order by id limit 1`,
    );
    await createSession(scratch.db, Number(admin!.id), {
      now: new Date(),
      idleMs: 3_600_000,
      maxMs: 36_000_000,
    });
    const data = await snapshot(scratch.db);

    // The previous release's database: its migrations, then the data in its columns.
    const old = await openDatabase({ dataDir });
    try {
      await migratePglite(old.db as unknown as PgliteDatabase<Schema>, { migrationsFolder: oldFolder });
      oldColumns = await columnsOf(old.db);
      await old.db.transaction(async (tx) => {
        for (const t of await tablesInDependencyOrder(tx)) {
          const rows = (data.get(t.name) ?? []).map((r) => JSON.parse(r) as Record<string, unknown>);
          const cols = oldColumns
            .get(t.name)!
            .map((c) => `"${c}"`)
            .join(', ');
          for (let i = 0; i < rows.length; i += 500)
            await tx.execute(
              sql`${sql.raw(`insert into "${t.name}" (${cols}) overriding system value select ${cols} from json_populate_recordset(null::"${t.name}", `)}${JSON.stringify(rows.slice(i, i + 500))}${sql.raw('::json)')}`,
            );
        }
      });
      before = await snapshot(old.db, oldColumns);
    } finally {
      await old.close();
    }
  } finally {
    await scratch.close();
  }
}, T);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe(`upgrading a database of the previous release (${PREVIOUS_RELEASE})`, () => {
  it(
    'db:migrate applies the new migrations and keeps every row of every table',
    async () => {
      expect(oldSource).toBeTruthy();
      expect(total(before)).toBeGreaterThan(300);
      for (const t of [
        'agencies',
        'users',
        'cases',
        'case_events',
        'annual_reports',
        'sessions',
        'audit_log',
      ])
        expect(before.get(t)?.length ?? 0, t).toBeGreaterThan(0);
      const r = await runCli(['db:migrate'], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/已应用 \d+ 个迁移/);
      const h = await openDatabase({ env, cwd: ROOT });
      try {
        const after = await snapshot(h.db, oldColumns);
        for (const [t, rows] of before) expect(after.get(t), t).toEqual(rows);
        // A column added since then has its default on the old rows: every agency still receives applications.
        const [n] = await queryRows<{ n: number }>(
          h.db,
          sql`select count(*)::int as n from agencies where not receives_applications`,
        );
        expect(Number(n!.n)).toBe(0);
      } finally {
        await h.close();
      }
      const again = await runCli(['db:migrate'], env);
      expect(again.stdout).toContain('已是最新');
    },
    T,
  );
});

// PostgreSQL for the move: the server of DATABASE_URL, or a throwaway cluster.
const PGBIN = process.env.PGBIN ?? '/usr/lib/postgresql/15/bin';
const canStart = existsSync(join(PGBIN, 'initdb'));
if (!process.env.DATABASE_URL && !canStart)
  console.warn(`跳过 PGlite → PostgreSQL 迁移测试：未设置 DATABASE_URL，也找不到 ${PGBIN}/initdb`);

async function startPostgres(dir: string): Promise<{ url: string; stop(): void }> {
  const runAs = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  mkdirSync(join(dir, 'pg'));
  mkdirSync(join(dir, 'sock'));
  if (runAs.length) execFileSync('chown', ['-R', 'postgres:postgres', join(dir, 'pg'), join(dir, 'sock')]);
  const port = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const run = (cmd: string, args: string[]) =>
    execFileSync(runAs[0] ?? cmd, [...runAs.slice(1), ...(runAs.length ? [cmd] : []), ...args], {
      stdio: 'ignore',
    });
  run(join(PGBIN, 'initdb'), [
    '-D',
    join(dir, 'pg'),
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  run(join(PGBIN, 'pg_ctl'), [
    '-D',
    join(dir, 'pg'),
    '-l',
    join(dir, 'sock', 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${join(dir, 'sock')} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => run(join(PGBIN, 'pg_ctl'), ['-D', join(dir, 'pg'), '-m', 'immediate', '-w', 'stop']),
  };
}

describe.skipIf(!process.env.DATABASE_URL && !canStart)(
  'moving from the embedded database to PostgreSQL',
  () => {
    it(
      'backup from PGlite, restore into an empty PostgreSQL database: every row of every table is the same',
      async () => {
        const server = process.env.DATABASE_URL ? null : await startPostgres(tmp);
        const adminUrl = process.env.DATABASE_URL ?? server!.url;
        const { default: pg } = await import('pg');
        const name = `gongkai_move_${process.pid}_${randomBytes(3).toString('hex')}`;
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(
          `create database "${name}" encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8' template template0`,
        );
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        try {
          // The embedded database as the upgrade left it (the previous test), or upgraded here when run alone.
          await runCli(['db:migrate'], env);
          const file = join(tmp, 'from-pglite.jsonl.gz');
          const b = await runCli(['backup', file], env);
          expect(b.code).toBe(0);
          const r = await runCli(['restore', file], { ...env, DATABASE_URL: url.toString() });
          expect(r.stderr).toContain('已恢复');
          expect(r.code).toBe(0);
          const src = await openDatabase({ env, cwd: ROOT });
          const dst = await openDatabase({ url: url.toString() });
          try {
            const a = await snapshot(src.db);
            const z = await snapshot(dst.db);
            expect(total(a)).toBeGreaterThan(300);
            expect([...z.keys()].sort()).toEqual([...a.keys()].sort());
            for (const [t, rows] of a) expect(z.get(t), t).toEqual(rows);
            // The moved installation works on: it is current, and a new row gets a fresh id.
            const c = await runCli(['config', 'check'], { ...env, DATABASE_URL: url.toString() });
            expect(c.stdout).toContain('结构已是最新');
            const add = await runCli(
              [
                'agency',
                'add',
                'moved-ok',
                '--name',
                '迁移后新增机关',
                '--level',
                'region',
                '--kind',
                'other',
              ],
              {
                ...env,
                DATABASE_URL: url.toString(),
              },
            );
            expect(add.code).toBe(0);
          } finally {
            await src.close();
            await dst.close();
          }
        } finally {
          await admin.query(`drop database if exists "${name}" with (force)`);
          await admin.end();
          server?.stop();
        }
      },
      T,
    );
  },
);
