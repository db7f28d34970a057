// Copy detection at national scale (issue 18): N generated reports (BENCH_SIM_N, default 100,000) of 30 sentences
// with 1% planted copies. The MinHash signatures are computed once per report when it is collected and stored
// (report_signatures); the search starts from them: LSH candidate pairs, each compared in full. The search runs
// BENCH_REPEAT times (default 3), judged by its median against issue 18's aim; the peak RSS is the process's.
import { prng } from '../src/domain/report/synthesize.ts';
import { findSimilarSketched, type SketchedDoc, sketch } from '../src/domain/similarity/index.ts';
import { aimById, repeatCount } from './_repeat.ts';
import { peakRssMiB, printTable, repeated } from './_table.ts';

const WORDS =
  '政府信息公开工作主动公开依申请公开平台建设监督保障教育培训组织领导制度建设门户网站新媒体政务服务办理答复'.split(
    '',
  );
const N = Number(process.env.BENCH_SIM_N ?? 100_000);
const r = prng(42);
const texts: string[] = [];
for (let i = 0; i < N; i++) {
  const sentences = Array.from({ length: 30 }, () =>
    Array.from({ length: 25 + Math.floor(r() * 20) }, () => WORDS[Math.floor(r() * WORDS.length)]).join(''),
  );
  texts.push(sentences.join('。'));
}
// Plant 1% copies.
const planted = Math.floor(N / 100);
for (let i = 0; i < planted; i++) texts.push(texts[i * 7]!);
const ids = texts.map((_, i) => (i < N ? String(i) : `copy-${i - N}`));

// At collection: one signature per report (the cost each collected report pays once).
let t = performance.now();
const sigs = texts.map((x) => sketch(x));
const sketchMs = performance.now() - t;

// The search, from the stored signatures.
const docs: SketchedDoc[] = texts.map((x, i) => ({ id: ids[i]!, sig: sigs[i]!, text: () => x }));
// BENCH_REPEAT searches (default 3): the median, the range and the verdict against issue 18's aim.
const searchS: number[] = [];
let pairs: ReturnType<typeof findSimilarSketched> = [];
for (let i = 0; i < repeatCount(); i++) {
  t = performance.now();
  pairs = findSimilarSketched(docs, { threshold: 0.6 });
  searchS.push((performance.now() - t) / 1000);
}
printTable([
  repeated(`copy detection, ${texts.length} reports`, searchS, 's', {
    aim: aimById('copy-time'),
    size: N,
    note: `aim at 100,000 reports; from stored signatures: LSH candidates, each pair compared in full`,
  }),
  { what: 'pairs found (planted)', value: pairs.length, unit: 'pairs', note: `${planted} planted` },
  {
    what: 'signature at collect time',
    value: sketchMs / texts.length,
    unit: 'ms/report',
    note: `${(sketchMs / 1000).toFixed(1)} s for all, paid once when each report is collected`,
  },
  {
    what: 'peak RSS',
    value: peakRssMiB(),
    unit: 'MiB',
    aim: aimById('copy-rss'),
    size: N,
    note: 'texts, signatures and the search; 1 GB taken as 1,024 MiB',
  },
]);
