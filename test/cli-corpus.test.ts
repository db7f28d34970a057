// The corpus verbs: aggregate, similar, export.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from './support/cli.ts';
import { SEEDS, seed } from './support/seeds.ts';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-corpus-'));
for (const s of SEEDS) writeFileSync(join(dir, `${s.name}.txt`), s.text);
const prevFile = join(dir, '000-2022.txt');
writeFileSync(
  prevFile,
  seed('000').text.replace('2023年政府信息公开工作年度报告', '2022年政府信息公开工作年度报告'),
);

it('aggregate --json sums every field of the reports', async () => {
  const files = SEEDS.filter((s) => s.expected.format === '2021').map((s) => s.file);
  const { code, stdout } = await runCli(['aggregate', '--json', ...files]);
  expect(code).toBe(0);
  const j = JSON.parse(stdout);
  expect(j.reports).toBe(4);
  for (const key of ['t3.received.total', 't2.penalty.decisions', 't4.review.total']) {
    const want = SEEDS.filter((s) => s.expected.format === '2021').reduce(
      (a, s) => a + s.expected.fields[key]!,
      0,
    );
    expect(j.fields[key], key).toBe(want);
  }
});

it('aggregate --against names the cells of a combined report that does not sum its units', async () => {
  const units = [seed('000').file, seed('001').file];
  const { code, stdout } = await runCli(['aggregate', '--json', ...units, '--against', seed('000').file]);
  expect(code).toBe(1);
  const { mismatches } = JSON.parse(stdout);
  expect(mismatches.map((m: { key: string }) => m.key)).toContain('t3.received.total');
});

it('similar finds a report copied from the year before and cites passages', async () => {
  const { code, stdout } = await runCli(['similar', '--json', dir]);
  expect(code).toBe(0);
  const pairs = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(pairs).toHaveLength(1);
  expect(pairs[0].kind).toBe('previousYear');
  expect(pairs[0].passages.join()).toContain('庞各庄镇');
});

it('export writes one row per report and one column per field key', async () => {
  const out = join(dir, 'ds.csv');
  const findings = join(dir, 'findings.csv');
  const { code } = await runCli([
    'export',
    dir,
    '--to',
    'csv',
    '--out',
    out,
    '--findings',
    findings,
    '--year',
    '2023',
  ]);
  expect(code).toBe(0);
  const lines = readFileSync(out, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines).toHaveLength(1 + 3);
  const header = lines[0]!.split(',');
  expect(header.slice(0, 4)).toEqual(['file', 'agency', 'year', 'format']);
  expect(header).toContain('t3.other.feeUnpaid.total');
  const row = Object.fromEntries(
    header.map((h, i) => [h, lines.find((l) => l.includes('000_'))!.split(',')[i]]),
  );
  expect(row['t2.penalty.decisions']).toBe('1038');
  expect(readFileSync(findings, 'utf8')).toContain('file,agency,year,rule,severity,cells,message');
});

it('collect loads reports into the database once; export --db writes them back out', async () => {
  const data = mkdtempSync(join(tmpdir(), 'gongkai-collect-'));
  const env = { ...process.env, GONGKAI_DATA: data, DATABASE_URL: '' };
  const first = await runCli(['collect', ...SEEDS.map((s) => s.file)], env);
  expect(first.code).toBe(0);
  expect(first.stderr).toContain('新收 5 份');
  const again = await runCli(['collect', ...SEEDS.map((s) => s.file)], env);
  expect(again.stderr).toContain('新收 0 份');
  const out = join(data, 'ds.csv');
  const ex = await runCli(['export', '--db', '--year', '2023', '--to', 'csv', '--out', out], env);
  expect(ex.code).toBe(0);
  expect(readFileSync(out, 'utf8').trim().split('\r\n')).toHaveLength(1 + 3);
});
