// `gongkai backup` / `gongkai restore` from one embedded data folder to another, as an administrator moving an
// installation: the rows and the stored files (uploaded annual-report files, scans behind OCR crops) both arrive,
// and what the CLI prints says how many files it carried.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoredFiles, storedPathOf } from '../src/web/reports/stored-files.ts';
import { runCli } from './support/cli.ts';

describe('gongkai backup / restore with stored files', () => {
  it('moves the files/ folder with the database, checked by SHA-256', { timeout: 300_000 }, async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gongkai-backup-cli-'));
    const a = join(tmp, 'a');
    const b = join(tmp, 'b');
    const envA = { ...process.env, GONGKAI_DATA: a, DATABASE_URL: undefined };
    const envB = { ...process.env, GONGKAI_DATA: b, DATABASE_URL: undefined };
    expect((await runCli(['db:migrate'], envA)).code).toBe(0);
    const bytes = new TextEncoder().encode('某某镇人民政府2024年政府信息公开工作年度报告\n');
    const stored = await new StoredFiles(join(a, 'files')).put(bytes);

    const file = join(tmp, 'backup.jsonl.gz');
    const out = await runCli(['backup', file], envA);
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/1 个文件/);

    const back = await runCli(['restore', file], envB);
    expect(back.stderr).toMatch(/已恢复 .*1 个文件/);
    expect(back.code).toBe(0);
    expect(readFileSync(join(b, 'files', storedPathOf(stored.sha256)))).toEqual(Buffer.from(bytes));
  });
});
