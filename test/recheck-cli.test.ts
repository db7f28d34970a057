// `gongkai report recheck`: the stored reports not checked by this version of the rules are checked again, with
// progress on standard error and a summary; a second run has nothing to do. Against a PGlite data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.ts';
import { SHARED } from './support/seeds.ts';

let dir: string;
let env: Record<string, string | undefined>;
const cli = (args: string[]) => runCli(args, env);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-recheck-cli-'));
  env = { ...process.env, GONGKAI_DATA: join(dir, 'data'), DATABASE_URL: '' };
  const r = await cli(['collect', join(SHARED, 'corpus', 'crawled', 'pt-lyy-2024.txt')]);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gongkai report recheck', () => {
  it('checks the reports of an unknown rules version, then finds nothing to do', async () => {
    const first = await cli(['report', 'recheck']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('已检查 1/1 份');
    // Collected by this version's rules: checked again, nothing changes.
    expect(first.stdout).toMatch(
      /已按现行规则（e\d+-[0-9a-f]{16}）重新检查 1 份年度报告：检查结果有变化 0 份/,
    );
    const second = await cli(['report', 'recheck', '--json']);
    expect(second.code, second.stderr).toBe(0);
    const j = JSON.parse(second.stdout) as { done: number; changed: number; version: string };
    expect(j).toMatchObject({ done: 0, changed: 0 });
    expect(first.stdout).toContain(j.version);
  }, 120_000);
});
