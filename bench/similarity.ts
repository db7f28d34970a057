// Copy detection over a generated corpus: MinHash + LSH candidate search and exact check.

import { prng } from '../src/domain/report/synthesize.ts';
import { findSimilar, type SimDoc } from '../src/domain/similarity/index.ts';
import { peakRssMiB, printTable } from './_table.ts';

const WORDS =
  '政府信息公开工作主动公开依申请公开平台建设监督保障教育培训组织领导制度建设门户网站新媒体政务服务办理答复'.split(
    '',
  );
const N = Number(process.env.BENCH_SIM_N ?? 20000);
const r = prng(42);
const docs: SimDoc[] = [];
for (let i = 0; i < N; i++) {
  const sentences = Array.from({ length: 30 }, () =>
    Array.from({ length: 25 + Math.floor(r() * 20) }, () => WORDS[Math.floor(r() * WORDS.length)]).join(''),
  );
  docs.push({ id: String(i), text: sentences.join('。') });
}
// Plant 1% copies.
for (let i = 0; i < N / 100; i++) docs.push({ id: `copy-${i}`, text: docs[i * 7]!.text });
const t = performance.now();
const pairs = findSimilar(docs, { threshold: 0.6 });
const ms = performance.now() - t;
printTable([
  { what: 'similarity search', value: ms / 1000, unit: 's', note: `${docs.length} reports × 30 sentences` },
  { what: 'pairs found (planted)', value: pairs.length, unit: 'pairs', note: `${N / 100} planted` },
  { what: 'peak RSS', value: peakRssMiB(), unit: 'MiB' },
]);
