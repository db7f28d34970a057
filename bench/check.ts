// Parse and check rates of the report engine on text reports (seeds and synthetic ones), single core.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng, synthesizeReport } from '../src/domain/report/synthesize.ts';
import { checkReport } from '../src/domain/rules/index.ts';
import { readReportBytes } from '../src/parse/index.ts';
import { peakRssMiB, printTable } from './_table.ts';

const seedsDir = join(import.meta.dirname, '..', '..', 'shared', 'seeds');
const seeds = readdirSync(seedsDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(join(seedsDir, f)));

const N = 2000;
let t = performance.now();
for (let i = 0; i < N; i++) await readReportBytes(seeds[i % seeds.length]!, 'seed.txt');
const parseMs = performance.now() - t;

const reports = Array.from({ length: N }, (_, i) => synthesizeReport(prng(i)));
t = performance.now();
let findings = 0;
for (const r of reports) findings += checkReport(r).length;
const checkMs = performance.now() - t;

const parsed = await Promise.all(seeds.map((b) => readReportBytes(b, 'seed.txt')));
t = performance.now();
for (let i = 0; i < N; i++)
  checkReport(parsed[i % parsed.length]!.report, { prev: parsed[(i + 1) % parsed.length]!.report });
const prevMs = performance.now() - t;

printTable([
  {
    what: 'parse text report (seeds)',
    value: (N / parseMs) * 1000,
    unit: 'reports/s',
    note: `${N} reports, 1 core`,
  },
  {
    what: 'check report (all rules)',
    value: (N / checkMs) * 1000,
    unit: 'reports/s',
    note: `${findings} findings`,
  },
  { what: 'check with --prev', value: (N / prevMs) * 1000, unit: 'reports/s' },
  { what: 'peak RSS', value: peakRssMiB(), unit: 'MiB' },
]);
