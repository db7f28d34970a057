// Bulk `gongkai collect` keeps, for each cell the reader could not read with certainty, where it stood and a bounded
// excerpt of the row's printed line (src/supervision/cell-excerpts.ts) — not the document — so the confirm page has
// context for a report collected in bulk. The page is the real crawled pt-lyy-2024, whose body is one line of 5,652
// characters: the excerpt is the 表二 row around "行政规范性文件7030", at most 400 characters.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open.ts';
import { annualReports } from '../src/db/schema/annual-reports.ts';
import { EXCERPT_MAX } from '../src/supervision/cell-excerpts.ts';
import { runCli } from './support/cli.ts';
import { SHARED } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';

const ROW = 't2.normativeDocuments';
let dir: string;
let env: Record<string, string | undefined>;
let t: WebTest;
let row: typeof annualReports.$inferSelect;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-excerpt-'));
  env = { ...process.env, GONGKAI_DATA: join(dir, 'data'), DATABASE_URL: '' };
  const r = await runCli(['collect', join(SHARED, 'corpus', 'crawled', 'pt-lyy-2024.txt')], env);
  expect(r.code, r.stderr).toBe(0);
  const h = await openDatabase({ env, cwd: dir });
  try {
    row = (await h.db.select().from(annualReports))[0]!;
  } finally {
    await h.close();
  }
  t = await openWebTest();
}, 180_000);
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a crawled page collected in bulk', () => {
  it('keeps each flagged cell’s place and the row’s printed line, bounded, not the document', () => {
    const r = row.readings[`${ROW}.issued`]!;
    expect(r.text).toBe('7030');
    expect(r.line).toBe(10);
    expect(r.excerpt).toContain('行政规范性文件7030');
    expect(r.excerpt).toContain('本年制发件数本年废止件数现行有效件数');
    expect([...r.excerpt!].length).toBeLessThanOrEqual(EXCERPT_MAX);
    // The whole row's kept text stays small: three excerpts, not three copies of the 5,652-character line.
    expect(JSON.stringify(row.readings).length).toBeLessThan(4 * EXCERPT_MAX * 4);
  });

  it('`report uncertain` prints the excerpt', async () => {
    const r = await runCli(['report', 'uncertain', '1'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('原文此行：');
    expect(r.stdout).toContain('行政规范性文件7030');
  }, 60_000);

  it('the confirm pages over HTTP show the excerpt', async () => {
    // The row exactly as `gongkai collect` stored it, placed in the web test's database.
    const { id: _id, agencyId: _a, ...values } = row;
    const [ins] = await t.handle.db
      .insert(annualReports)
      .values({ ...values, agencyId: t.agency.B })
      .returning({ id: annualReports.id });
    const list = await (await t.request(`/supervise/reports/${ins!.id}/cells`, { as: 'supervisor' })).text();
    expect(list).toContain('原文此行：');
    expect(list).toContain('行政规范性文件7030');
    const cell = await (
      await t.request(`/supervise/reports/${ins!.id}/cells/${ROW}.repealed`, { as: 'supervisor' })
    ).text();
    expect(cell).toContain('行政规范性文件7030');
    const run = await (
      await t.request(`/supervise/reports/${ins!.id}/runs/${ROW}.issued`, { as: 'supervisor' })
    ).text();
    expect(run).toContain('行政规范性文件7030');
  });

  it('`gongkai ingest` then `collect` of its .jsonl keeps the same excerpt', async () => {
    const out = join(dir, 'results.jsonl');
    const i = await runCli(
      ['ingest', join(SHARED, 'corpus', 'crawled', 'pt-lyy-2024.txt'), '--out', out],
      env,
    );
    expect(i.code, i.stderr).toBe(0);
    const env2 = { ...env, GONGKAI_DATA: join(dir, 'data2') };
    const c = await runCli(['collect', out], env2);
    expect(c.code, c.stderr).toBe(0);
    const h = await openDatabase({ env: env2, cwd: dir });
    try {
      const [r] = await h.db.select().from(annualReports);
      expect(r!.readings[`${ROW}.issued`]!.excerpt).toBe(row.readings[`${ROW}.issued`]!.excerpt);
    } finally {
      await h.close();
    }
  }, 120_000);
});
