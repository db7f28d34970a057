// Power cut during bulk ingest: `gongkai ingest` is killed with SIGKILL (no chance to clean up) while it writes its
// JSON Lines. The output keeps only whole lines (at most a last partial line, which the next run cuts off), and
// running the same command again resumes: files already in the output are skipped, the rest are read, and in the
// end every file is in the output exactly once.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng, synthesizeReport } from '../src/domain/report/synthesize.ts';
import { renderText } from '../src/render/text.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'gongkai.js');
const FILES = 600;
/** Kill once this many lines are out: far enough in to have written, far enough from the end to be midway. */
const KILL_AT = 60;

let dir: string;
let reports: string;
let out: string;
let child: ChildProcess | null = null;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-crash-ingest-'));
  reports = join(dir, 'reports');
  // Two levels, so the walk is a real one; every report distinct (the agency carries its number).
  for (let i = 0; i < FILES; i++) {
    const sub = join(reports, `batch-${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(sub, { recursive: true });
    const r = synthesizeReport(prng(7000 + i), { agency: `崩溃测试第${i}号镇人民政府` });
    writeFileSync(join(sub, `${String(i).padStart(4, '0')}.txt`), renderText(r));
  }
  out = join(dir, 'results.jsonl');
});

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const countLines = (path: string) => {
  if (!existsSync(path)) return 0;
  const b = readFileSync(path);
  let n = 0;
  for (const c of b) if (c === 0x0a) n++;
  return n;
};

/** Start ingest with one worker and SIGKILL it as soon as KILL_AT lines are in the output. */
function ingestAndKill(): Promise<{ signal: NodeJS.Signals | null; code: number | null }> {
  child = spawn(process.execPath, [BIN, 'ingest', reports, '--out', out, '--jobs', '1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const proc = child;
  return new Promise((resolve, reject) => {
    let stderr = '';
    proc.stderr!.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const poll = setInterval(() => {
      if (countLines(out) >= KILL_AT) {
        clearInterval(poll);
        proc.kill('SIGKILL');
      }
    }, 2);
    proc.on('exit', (code, signal) => {
      clearInterval(poll);
      if (signal !== 'SIGKILL')
        reject(new Error(`ingest ended before it was killed (code ${code}): ${stderr}`));
      else resolve({ signal, code });
    });
  });
}

interface Line {
  readonly file: string;
  readonly sha256: string;
  readonly error?: string;
  readonly agency?: string;
}

describe('ingest killed with SIGKILL midway', () => {
  let before: string;

  it('leaves only whole JSON lines behind (at most one partial last line)', async () => {
    await ingestAndKill();
    before = readFileSync(out, 'utf8');
    const parts = before.split('\n');
    const partial = parts.pop()!; // '' when the file ends with a newline
    expect(parts.length).toBeGreaterThanOrEqual(KILL_AT);
    expect(parts.length).toBeLessThan(FILES);
    for (const l of parts) expect(() => JSON.parse(l)).not.toThrow();
    if (partial) expect(() => JSON.parse(partial)).toThrow();
  });

  it('a rerun cuts a torn last line, skips what is done, reads the rest: every file exactly once', () => {
    // A write torn by the power cut (the kill above rarely lands inside one write): half of a line, no newline.
    const whole = before.endsWith('\n') ? before : before.slice(0, before.lastIndexOf('\n') + 1);
    const done = whole.split('\n').filter(Boolean).length;
    appendFileSync(out, '{"file":"/torn/write.txt","sha256":"00');
    const r = spawnSync(process.execPath, [BIN, 'ingest', reports, '--out', out, '--jobs', '2'], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.startsWith(whole)).toBe(true); // the earlier lines are kept as they were
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line);
    expect(lines).toHaveLength(FILES);
    expect(lines.filter((l) => l.error)).toEqual([]);
    expect(new Set(lines.map((l) => l.file)).size).toBe(FILES);
    expect(new Set(lines.map((l) => l.sha256)).size).toBe(FILES);
    expect(lines.some((l) => l.file.includes('torn'))).toBe(false);
    // Each file's line is about that file.
    for (const l of lines) {
      const i = Number(l.file.slice(-8, -4));
      expect(l.agency).toBe(`崩溃测试第${i}号镇人民政府`);
    }
    // The summary reports the resumed files as skipped and the torn bytes as cut.
    const summary = r.stdout + r.stderr;
    expect(summary).toContain(`本次读取 ${FILES - done}，跳过 ${done}`);
    expect(summary).toMatch(/上次中断留下的不完整末行（\d+ 字节）已删除/);
  });

  it('a third run finds nothing left to do and changes nothing', () => {
    const text = readFileSync(out, 'utf8');
    const r = spawnSync(process.execPath, [BIN, 'ingest', reports, '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(text);
  });
});
