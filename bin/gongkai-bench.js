#!/usr/bin/env node
// `npm run bench`: run every bench/*.ts (or the ones named) in its own process and print their figures, with the
// machine they ran on. Benchmarks print; they never assert. The rows with an aim of issue 18 are measured
// BENCH_REPEAT times (default 3) and judged by their median (bench/_repeat.ts); each bench records them in a file
// of this run, and the run ends with one line per aim (row, median, range, aim, verdict), also written as JSON to
// BENCH_JSON (or a file in the OS temp folder, whose path is printed).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
// The same rule as bench/_repeat.ts repeatCount, checked here before any bench starts.
const repeat = process.env.BENCH_REPEAT;
if (repeat !== undefined && repeat !== '' && !/^\s*[1-9]\d*\s*$/.test(repeat)) {
  console.error(`环境变量 BENCH_REPEAT 应为正整数（如 3），收到“${repeat}”`);
  process.exit(2);
}
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`# Gongkai benchmarks — ${new Date().toISOString().slice(0, 10)}`);
console.log(
  `# machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
);
console.log(`# database: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'PGlite (embedded)'}`);
console.log(
  `# load average at start: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}; aim rows measured BENCH_REPEAT=${repeat || 3} times\n`,
);
const aimsDir = mkdtempSync(join(os.tmpdir(), 'gongkai-bench-aims-'));
const env = { ...process.env, BENCH_AIMS_FILE: join(aimsDir, 'aims.jsonl') };
const started = performance.now();
let failed = 0;
for (const f of files) {
  console.log(`## ${f}`);
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', f)], {
    stdio: 'inherit',
    cwd: root,
    env,
  });
  if (r.status !== 0) {
    failed++;
    console.log(`(${f} exited with ${r.status})`);
  }
  // Each bench's time, for keeping a full run within its budget as BENCH_REPEAT grows.
  console.log(`(${f}: ${((performance.now() - t) / 60_000).toFixed(1)} min)\n`);
}
console.log(
  `# ${files.length} benches in ${((performance.now() - started) / 60_000).toFixed(1)} min; load average at the end: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);
const summary = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', '_summary.ts')], {
  stdio: 'inherit',
  cwd: root,
  env,
});
rmSync(aimsDir, { recursive: true, force: true });
process.exitCode = failed || summary.status !== 0 ? 1 : 0;
