// `gongkai ingest` as a user runs it: the Chinese summary, a progress line only on a terminal, usage errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { runCli } from './support/cli.ts';
import { SEEDS } from './support/seeds.ts';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-ingest-cli-'));
for (const s of SEEDS.slice(0, 3)) writeFileSync(join(dir, `${s.name}.txt`), s.text);
writeFileSync(join(dir, 'broken.pdf'), '%PDF-1.7\n这不是一个完整的 PDF');

it('prints a Chinese summary, with the files it could not read, and no progress line when not on a terminal', async () => {
  const out = join(dir, 'r1.jsonl');
  const { code, stdout, stderr } = await runCli(['ingest', dir, '--out', out, '--jobs', '2']);
  expect(code).toBe(0);
  expect(stdout).toContain('导入完成：共 4 个文件');
  expect(stdout).toContain('读取成功 3');
  expect(stdout).toContain('无法读取 1');
  expect(stdout).toContain('按版式：2021 版 3');
  expect(stdout).toMatch(/broken\.pdf：PDF 文件已损坏或不完整/);
  expect(stdout).toContain(`结果已写入 ${out}`);
  expect(stderr).toBe('');
  expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(4);
});

it('on a terminal, rewrites one progress line on stderr with the count and the rate', async () => {
  let stderr = '';
  const code = await main(['ingest', dir, '--out', join(dir, 'r2.jsonl'), '--jobs', '1', '--no-provenance'], {
    stdout: () => {},
    stderr: (s) => {
      stderr += s;
    },
    cwd: process.cwd(),
    env: process.env,
    isTTY: true,
  });
  expect(code).toBe(0);
  expect(stderr).toMatch(/\r\x1b\[K已处理 \d+/);
  expect(stderr).toContain('个/秒');
  // The line is cleared at the end so the summary starts on a clean line.
  expect(stderr.endsWith('\r\x1b[K')).toBe(true);
});

it.each([
  [['ingest', dir], /请用 --out 指定结果文件/],
  [['ingest', '--out', 'x.jsonl'], /请指定要读取的目录或文件/],
  [['ingest', join(dir, 'nope'), '--out', 'x.jsonl'], /nope 不存在/],
  [['ingest', dir, '--out', dir], /是一个目录/],
  [['ingest', dir, '--out', 'x.jsonl', '--jobs', 'two'], /--jobs 应为非负整数/],
  [['ingest', dir, '--out', 'x.jsonl', '--frobnicate'], /未知选项 --frobnicate/],
])('%j is a usage error with a Chinese message and exit code 2', async (args, message) => {
  const { code, stderr } = await runCli(args);
  expect(code).toBe(2);
  expect(stderr).toMatch(message);
});
