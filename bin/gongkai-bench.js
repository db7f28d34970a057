#!/usr/bin/env node
// `npm run bench`: run every bench/*.ts (or the ones named) in its own process and print their figures, with the
// machine they ran on. Benchmarks print; they never assert.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`# Gongkai benchmarks — ${new Date().toISOString().slice(0, 10)}`);
console.log(
  `# machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
);
console.log(`# database: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'PGlite (embedded)'}\n`);
let failed = 0;
for (const f of files) {
  console.log(`## ${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', f)], {
    stdio: 'inherit',
    cwd: root,
  });
  if (r.status !== 0) {
    failed++;
    console.log(`(${f} exited with ${r.status})`);
  }
  console.log('');
}
process.exitCode = failed ? 1 : 0;
