// The parse and check verbs: exact output shapes and exit codes that other tools rely on.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.ts';
import { SEEDS, seed } from './support/seeds.ts';

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-cli-'));

describe('gongkai parse', () => {
  it('--json prints one object per file in the documented shape', async () => {
    const { code, stdout, stderr } = await runCli(['parse', '--json', ...SEEDS.map((s) => s.file)]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(SEEDS.length);
    lines.forEach((j, i) => {
      const s = SEEDS[i]!;
      expect(Object.keys(j).slice(0, 8)).toEqual([
        'file',
        'agency',
        'year',
        'format',
        'fields',
        'blank',
        'uncertain',
        'sections',
      ]);
      expect(j.file).toBe(s.file);
      expect(j.fields).toEqual(s.expected.fields);
      expect(j.sections.overview).toMatch(/[\u4e00-\u9fff]/);
    });
  });

  it('exits 2 with a Chinese message naming a file it cannot read, and still prints the others', async () => {
    const { code, stdout, stderr } = await runCli([
      'parse',
      '--json',
      join(tmp, 'missing.txt'),
      SEEDS[0]!.file,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('missing.txt：文件不存在');
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('prints a readable summary without --json', async () => {
    const { code, stdout } = await runCli(['parse', seed('000').file]);
    expect(code).toBe(0);
    expect(stdout).toContain('机关：北京市大兴区庞各庄镇人民政府');
    expect(stdout).toContain('新收 13');
  });

  it('refuses an unknown option in Chinese', async () => {
    const { code, stderr } = await runCli(['parse', '--jsn', seed('000').file]);
    expect(code).toBe(2);
    expect(stderr).toContain('未知选项 --jsn');
  });
});

describe('gongkai check', () => {
  it('exits 0 on the seeds and prints {"file","findings"} per line', async () => {
    const { code, stdout } = await runCli(['check', '--json', ...SEEDS.map((s) => s.file)]);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => Object.keys(l))).toEqual(SEEDS.map(() => ['file', 'findings']));
    for (const l of lines)
      for (const f of l.findings) expect(Object.keys(f)).toEqual(['rule', 'severity', 'cells', 'message']);
  });

  it('exits 1 when a report has an error, and names the cell by label and printed value', async () => {
    const bad = join(tmp, 'bad.txt');
    // 一、本年新收 自然人 10 → 12 in seed 000: the 自然人 column and the row no longer add up.
    writeFileSync(
      bad,
      seed('000').text.replace(
        '一、本年新收政府信息公开申请数量\n\t10',
        '一、本年新收政府信息公开申请数量\n\t12',
      ),
    );
    const json = await runCli(['check', '--json', bad]);
    expect(json.code).toBe(1);
    const { findings } = JSON.parse(json.stdout);
    expect(
      findings
        .filter((f: { severity: string }) => f.severity === 'error')
        .map((f: { rule: string }) => f.rule),
    ).toEqual(expect.arrayContaining(['t3.column-identity', 't3.row-total']));
    const text = await runCli(['check', bad]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('[错误]');
    expect(text.stdout).toContain('表三 一、本年新收政府信息公开申请数量 · 自然人 = 12');
  });

  it('--prev compares with last year', async () => {
    const prev = join(tmp, 'prev.txt');
    writeFileSync(
      prev,
      seed('000').text.replace('2023年政府信息公开工作年度报告', '2022年政府信息公开工作年度报告'),
    );
    const { code, stdout } = await runCli(['check', '--json', '--prev', prev, seed('000').file]);
    // Last year's 结转下年度 (1 + 1) is not this year's 上年结转 (0): an error.
    expect(code).toBe(1);
    const rules = JSON.parse(stdout).findings.map((f: { rule: string }) => f.rule);
    expect(rules).toContain('prev.carry-over');
    expect(rules).toContain('prev.similarity');
    expect(rules).toContain('prev.same-numbers');
  });

  it('--rules lists the catalogue', async () => {
    const { code, stdout } = await runCli(['check', '--rules']);
    expect(code).toBe(0);
    expect(stdout).toContain('t3.column-identity');
    expect(stdout).toContain('官方格式');
  });
});
