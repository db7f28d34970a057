// The end of `npm run bench`: read the aim rows the benches recorded (BENCH_AIMS_FILE, one JSON object a line),
// print one line per aim of issue 18 (row, median, range, aim, verdict) and write the same as JSON to BENCH_JSON,
// or to a file in the OS temp folder whose path is printed. Run by bin/gongkai-bench.js, not a bench itself.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AimResult, formatSummary, repeatCount, summarize } from './_repeat.ts';

const file = process.env.BENCH_AIMS_FILE;
const results: AimResult[] =
  file && existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as AimResult)
    : [];
const summary = summarize(results, {
  date: new Date().toISOString(),
  database: process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite',
  repeat: repeatCount(),
});
for (const line of formatSummary(summary)) console.log(line);
const out =
  process.env.BENCH_JSON || join(tmpdir(), `gongkai-bench-${summary.date.replace(/[:.]/g, '-')}.json`);
try {
  writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`# the same as JSON: ${out}`);
} catch (e) {
  console.error(`无法写入 BENCH_JSON 指定的文件“${out}”：${(e as Error).message}`);
  process.exitCode = 1;
}
