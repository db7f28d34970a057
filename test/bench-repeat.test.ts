// The bench's repeated rows (bench/_repeat.ts, bench/_table.ts, bin/gongkai-bench.js): what a reader of
// `npm run bench` relies on — the printed figure of a repeated row is the median of its runs, its range is the
// runs' min–max, the verdict against issue 18's aim comes from the median (an aim is met at exactly its figure), the
// rows keep the names tools grep for, and the run ends with one line per aim, also written as JSON.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  aimById,
  aimResult,
  formatSummary,
  ISSUE_18_AIMS,
  median,
  meets,
  range,
  repeatCount,
  summarize,
  verdict,
} from '../bench/_repeat.ts';
import { printTable, repeated } from '../bench/_table.ts';

const root = join(import.meta.dirname, '..');

describe('median and range', () => {
  it('a median of three runs is the middle one, whatever their order', () => {
    // The reference row's four quiet runs of session 9 (docs/benchmarks.md): 331, 345, 221, 291.
    expect(median([221, 345, 331])).toBe(331);
    expect(median([345, 221, 331])).toBe(331);
    expect(range([221, 345, 331])).toEqual([221, 345]);
  });
  it('an even count takes the mean of the two middle runs; one run is its own median', () => {
    expect(median([331, 345, 221, 291])).toBe(311);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });
  it('does not reorder the caller’s runs', () => {
    const runs = [3, 1, 2];
    median(runs);
    expect(runs).toEqual([3, 1, 2]);
  });
});

describe('verdict against an aim', () => {
  it('"≥" aims (reading rates, req/s, the page ratio) are met at exactly the aim and not below it', () => {
    const html = aimById('html');
    expect(html).toMatchObject({ cmp: '≥', value: 700 });
    expect(verdict(700, html)).toBe('met');
    expect(verdict(699.9, html)).toBe('NOT met');
    expect(verdict(852, html)).toBe('met');
  });
  it('"≤" aims (start-up, aggregation, p99, memory) are met at exactly the aim and not above it', () => {
    const start = aimById('start-new');
    expect(start).toMatchObject({ cmp: '≤', value: 2 });
    expect(meets(2, start)).toBe(true);
    expect(meets(2.01, start)).toBe(false);
    expect(verdict(1, aimById('start-later'))).toBe('met');
    expect(verdict(1.001, aimById('start-later'))).toBe('NOT met');
  });
  it('comes from the median, not from the best run', () => {
    const r = aimResult(aimById('html'), 'parse html', [650, 720, 690]);
    expect(r).toMatchObject({ median: 690, min: 650, max: 720, verdict: 'NOT met' });
  });
  it('gives no verdict for a figure measured at fewer reports or cases than the aim is set at', () => {
    // supervision.ts run with BENCH_REPORTS=5000: 0.02 s says nothing about a year of 100,000 reports.
    const small = aimResult(
      aimById('aggregate'),
      'aggregate a year (all fields)',
      [0.02, 0.04, 0.02],
      '',
      5000,
    );
    expect(small.caveat).toBe('measured at 5,000 reports, the aim is at 100,000: no verdict');
    const text = formatSummary(summarize([small], { date: '', database: 'PostgreSQL', repeat: 3 }));
    expect(text.find((l) => l.startsWith('aggregate a year'))).toContain('no verdict');
    expect(text.find((l) => l.startsWith('aggregate a year'))).not.toMatch(/\bmet\b/);
    // At the aim's size (or more: 100,042 cases) the verdict stands.
    expect(aimResult(aimById('case-list-rate'), 'x', [1171], '', 100_042)).toMatchObject({ verdict: 'met' });
    expect(aimResult(aimById('case-list-rate'), 'x', [1171], '', 100_042).caveat).toBeUndefined();
  });

  it('has every aim of issue 18’s table, with the issue’s figures', () => {
    const byId = Object.fromEntries(ISSUE_18_AIMS.map((a) => [a.id, `${a.cmp} ${a.value} ${a.unit}`]));
    expect(byId).toEqual({
      'corpus-pdf': '≥ 15 files/s/core',
      html: '≥ 700 files/s/core',
      ingest: '≥ 300 files/s',
      aggregate: '≤ 0.5 s',
      'copy-time': '≤ 30 s',
      'copy-rss': '≤ 1024 MiB',
      'report-ratio': '≥ 30 %',
      'case-list-rate': '≥ 1000 req/s',
      'case-list-p99': '≤ 50 ms',
      'start-new': '≤ 2 s',
      'start-later': '≤ 1 s',
    });
  });
});

describe('BENCH_REPEAT', () => {
  it('defaults to 3 and takes a whole number from 1 up', () => {
    expect(repeatCount({})).toBe(3);
    expect(repeatCount({ BENCH_REPEAT: '' })).toBe(3);
    expect(repeatCount({ BENCH_REPEAT: '5' })).toBe(5);
    expect(repeatCount({ BENCH_REPEAT: '1' })).toBe(1);
  });
  it.each(['0', '-2', '2.5', 'abc', '3x'])('refuses %s with a message naming the variable', (v) => {
    expect(() => repeatCount({ BENCH_REPEAT: v })).toThrow(
      `环境变量 BENCH_REPEAT 应为正整数（如 3），收到“${v}”`,
    );
  });
});

describe('printed table', () => {
  let lines: string[];
  let dir: string;
  beforeEach(() => {
    lines = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void lines.push(s));
    dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-test-'));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the line `report page / bare route  N %`, N the median, with the range and the verdict beside it', () => {
    const file = join(dir, 'aims.jsonl');
    vi.stubEnv('BENCH_AIMS_FILE', file);
    try {
      printTable([
        repeated('bare Hono route', [44_216, 45_139, 40_000], 'req/s'),
        repeated('report page / bare route', [35.6, 28.0, 31.5], '%', {
          aim: aimById('report-ratio'),
          note: 'as a browser asks: brotli',
        }),
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
    const line = lines.find((l) => l.startsWith('report page / bare route'))!;
    expect(line).toMatch(/^report page \/ bare route +31\.5 % +median of 3: 28\.0–35\.6; aim ≥ 30 %: met/);
    expect(line).toContain('(as a browser asks: brotli)');
    expect(lines.find((l) => l.startsWith('bare Hono route'))).toMatch(
      / 44,216 req\/s +median of 3: 40,000–45,139$/,
    );
    // The aim row is recorded for the summary under its printed name; the row without an aim is not.
    const recorded = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      aim: 'report-ratio',
      row: 'report page / bare route',
      samples: [35.6, 28.0, 31.5],
      median: 31.5,
      min: 28,
      max: 35.6,
      verdict: 'met',
    });
  });

  it('a row measured once (BENCH_REPEAT=1) shows its figure and verdict, no range', () => {
    printTable([repeated('`npm start` again, same folder', [1.2], 's', { aim: aimById('start-later') })]);
    expect(lines).toEqual(['`npm start` again, same folder   1.20 s  aim ≤ 1: NOT met']);
  });

  it('prints a table without repeated rows as before', () => {
    printTable([{ what: 'peak RSS', value: 163.4, unit: 'MiB', note: 'one process' }]);
    expect(lines).toEqual(['peak RSS      163 MiB  (one process)']);
  });
});

describe('row names', () => {
  // Tools and docs/benchmarks.md grep these; a repeated row keeps its name and prints its median under it.
  it.each([
    ['parse.ts', "'parse html, parse5 only (before)'"],
    ['parse.ts', "'parse corpus PDFs (WPS, 5-6 pages)'"],
    ['parse.ts', "'ingest, 2 workers, incl. start-up'"],
    ['parse.ts', '`parse \u0024{form}`'],
    ['http.ts', "'report page / bare route'"],
    ['http.ts', "'case list / bare route'"],
    ['http.ts', '`staff case list, \u0024{cases} cases`'],
    ['supervision.ts', "'aggregate a year (all fields)'"],
    ['similarity.ts', '`copy detection, \u0024{texts.length} reports`'],
    ['startup.ts', "'`npm start` on a new data folder, to /health'"],
    ['startup.ts', "'`npm start` again, same folder'"],
  ])('%s still prints %s', (file, name) => {
    expect(readFileSync(join(root, 'bench', file), 'utf8')).toContain(name);
  });
});

describe('summary', () => {
  const meta = { date: '2026-12-06T10:00:00.000Z', database: 'PGlite', repeat: 3 };
  it('has one line per aim of issue 18, in the issue’s order, with median, range, aim and verdict', () => {
    const s = summarize(
      [
        aimResult(aimById('html'), 'parse html', [637, 852, 742], 'parse.ts'),
        aimResult(
          aimById('start-new'),
          '`npm start` on a new data folder, to /health',
          [0.99, 1.27, 0.96],
          'startup.ts',
        ),
      ],
      meta,
    );
    expect(s.aims.map((a) => a.aim)).toEqual(ISSUE_18_AIMS.map((a) => a.id));
    const text = formatSummary(s);
    expect(text).toHaveLength(2 + ISSUE_18_AIMS.length);
    const html = text.find((l) => l.startsWith('HTML reports'))!;
    expect(html).toMatch(
      /HTML reports +742 files\/s\/core +637–852 \(3 runs\) +≥ 700 files\/s\/core +met +parse\.ts: parse html$/,
    );
    expect(text.find((l) => l.startsWith('`npm start` on a new data folder'))).toMatch(
      / 0\.99 s +0\.96–1\.27 \(3 runs\) +≤ 2 s +met /,
    );
    // An aim no bench of this run measured says so, rather than a verdict.
    expect(text.find((l) => l.startsWith('aggregate a year'))).toMatch(/≤ 0\.5 s +not measured in this run$/);
  });

  it('is printed at the end of `npm run bench` and written as JSON to BENCH_JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-test-'));
    try {
      const json = join(dir, 'summary.json');
      // No bench's file name contains this, so the run measures nothing and goes straight to the summary.
      const r = spawnSync(process.execPath, [join(root, 'bin', 'gongkai-bench.js'), 'no-such-bench'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, BENCH_JSON: json, BENCH_REPEAT: '2', DATABASE_URL: '' },
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("# summary: issue 18's aims, PGlite, median of BENCH_REPEAT=2 runs");
      expect(r.stdout).toContain(`# the same as JSON: ${json}`);
      const s = JSON.parse(readFileSync(json, 'utf8'));
      expect(s).toMatchObject({ database: 'PGlite', repeat: 2 });
      expect(s.aims).toHaveLength(ISSUE_18_AIMS.length);
      expect(s.aims.every((a: { measured: boolean }) => !a.measured)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a BENCH_REPEAT that is not a whole number, before running anything, without a stack trace', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'gongkai-bench.js'), 'no-such-bench'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, BENCH_REPEAT: 'three' },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toBe('环境变量 BENCH_REPEAT 应为正整数（如 3），收到“three”');
    expect(r.stdout).not.toContain('## ');
  });
});
