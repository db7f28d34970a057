// `gongkai report uncertain` and `gongkai report confirm`: the cells of a collected report left to confirm, and the
// same use case as the supervisor's web pages (src/supervision/cell-confirm.ts), against a PGlite data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.ts';
import { SHARED } from './support/seeds.ts';

let dir: string;
let env: Record<string, string | undefined>;
const cli = (args: string[]) => runCli(args, { ...env, GONGKAI_TODAY: '2025-02-01' });
const ROW = 't2.normativeDocuments';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-confirm-cli-'));
  env = { ...process.env, GONGKAI_DATA: join(dir, 'data'), DATABASE_URL: '' };
  const r = await cli(['collect', join(SHARED, 'corpus', 'crawled', 'pt-lyy-2024.txt')]);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gongkai report uncertain / confirm', () => {
  it('lists the cells to confirm with reason and candidates', async () => {
    const r = await cli(['report', 'uncertain', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('待核对 3 格');
    expect(r.stdout).toContain(`${ROW}.issued`);
    // `collect` reads in bulk without source positions: the reason names the printed run all the same.
    expect(r.stdout).toContain('数字连写（“7030”）');
    expect(r.stdout).toContain('候选值：7、70');
  }, 60_000);

  it('confirms a candidate, a typed number and a blank (overridden: a glued run prints no blank); then lists none left', async () => {
    for (const [k, v, more] of [
      ['issued', '7', []],
      ['repealed', 'blank', ['--override']],
      ['inForce', '30', []],
    ] as const) {
      const r = await cli(['report', 'confirm', '1', `${ROW}.${k}`, v, '--note', '核对原网页', ...more]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('已核对');
    }
    const j = await cli(['report', 'uncertain', '1', '--json']);
    const out = JSON.parse(j.stdout) as { pending: unknown[]; confirmed: { field: string }[] };
    expect(out.pending).toEqual([]);
    expect(out.confirmed.map((c) => c.field).sort()).toEqual(
      [`${ROW}.inForce`, `${ROW}.issued`, `${ROW}.repealed`].sort(),
    );
    const restore = await cli(['report', 'confirm', '1', `${ROW}.repealed`, '--restore']);
    expect(restore.code, restore.stderr).toBe(0);
    expect((await cli(['report', 'uncertain', '1'])).stdout).toContain('待核对 1 格');
  }, 120_000);

  it('bad input: exit 2 and a Chinese message naming the field', async () => {
    const noNote = await cli(['report', 'confirm', '1', `${ROW}.repealed`, '0']);
    expect(noNote.code).toBe(2);
    expect(noNote.stderr).toContain('--note');
    const word = await cli(['report', 'confirm', '1', `${ROW}.repealed`, '零', '--note', '核对']);
    expect(word.code).toBe(2);
    expect(word.stderr).toContain('本年废止件数');
    expect(word.stderr).toContain('“零”');
    const key = await cli(['report', 'confirm', '1', 't2.nothing.issued', '1', '--note', '核对']);
    expect(key.code).toBe(2);
    expect(key.stderr).toContain('t2.nothing.issued');
    const report = await cli(['report', 'confirm', '99', `${ROW}.repealed`, '0', '--note', '核对']);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('未找到年度报告 99');
  }, 120_000);

  it('a glued run: values that do not spell the printed "7030" are refused (exit 2) unless --override; the row at once', async () => {
    const listed = await cli(['report', 'uncertain', '1']);
    expect(listed.stdout).toContain('原文连写“7030”');
    expect(listed.stdout).toContain('7|0|30、70|3|0');
    const all = (a: string, b: string, c: string) => [
      'report',
      'confirm',
      '1',
      `${ROW}.issued`,
      a,
      `${ROW}.repealed`,
      b,
      `${ROW}.inForce`,
      c,
      '--note',
      '整行核对原网页',
    ];
    const wrong = await cli(all('70', '0', '30'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('“7030”');
    expect(wrong.stderr).toContain('本年制发件数”为70');
    expect(wrong.stderr).toContain('--override');
    expect(wrong.stderr).not.toMatch(/at .*\.ts:/);
    const right = await cli(all('7', '0', '30'));
    expect(right.code, right.stderr).toBe(0);
    expect(right.stdout.match(/已核对/g)).toHaveLength(3);
    const j = JSON.parse((await cli(['report', 'uncertain', '1', '--json'])).stdout) as {
      pending: unknown[];
      confirmed: { field: string; confirmed: { value: number; note: string } }[];
    };
    expect(j.pending).toEqual([]);
    expect(j.confirmed.map((c) => c.confirmed.value)).toEqual([7, 0, 30]);
  }, 120_000);
});
