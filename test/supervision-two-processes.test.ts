// Several `gongkai collect` processes on different machines feed one PostgreSQL: shard the file list between them;
// a file given to both is stored once. Needs a server (DATABASE_URL; CI runs the suite under
// scripts/with-postgres.sh) — PGlite allows one process per data folder by design.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/handle.ts';
import { queryRows } from '../src/db/query.ts';
import { openTestDatabase } from '../src/db/testing.ts';
import { prng, synthesizeReport } from '../src/domain/report/synthesize.ts';
import { renderReport } from '../src/render/index.ts';

const URL = process.env.DATABASE_URL;
const ROOT = join(import.meta.dirname, '..');
let h: DatabaseHandle | undefined;
afterAll(async () => {
  await h?.close();
});

function collect(url: string, files: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(ROOT, 'bin', 'gongkai.js'), 'collect', ...files], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

it.skipIf(!URL)('two collect processes with overlapping shards store every report exactly once', async () => {
  h = await openTestDatabase();
  // openTestDatabase made a fresh database on the server: point the processes at it.
  const [row] = await queryRows<{ db: string }>(h.db, sql`select current_database() as db`);
  const url = new globalThis.URL(URL!);
  url.pathname = `/${row!.db}`;
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-shards-'));
  const files: string[] = [];
  for (let i = 0; i < 60; i++) {
    const r = synthesizeReport(prng(500 + i), { format: '2021', year: 2023, agency: `分片测试机关${i}` });
    const f = join(dir, `${i}.txt`);
    writeFileSync(f, await renderReport(r, 'txt'));
    files.push(f);
  }
  // Shards 0–39 and 20–59: the middle third is given to both processes.
  const [a, b] = await Promise.all([
    collect(url.toString(), files.slice(0, 40)),
    collect(url.toString(), files.slice(20)),
  ]);
  expect(a.code, a.stderr).toBe(0);
  expect(b.code, b.stderr).toBe(0);
  const [counts] = await queryRows<{ n: number; distinct: number }>(
    h.db,
    sql`select count(*)::int as n, count(distinct agency_name)::int as distinct from annual_reports`,
  );
  expect(counts).toEqual({ n: 60, distinct: 60 });
});
