// Supervision at scale: collect N generated reports into the database (PGlite in a temp folder, or PostgreSQL from
// DATABASE_URL), then aggregate a year and rank agencies. BENCH_REPORTS sets N (default 100,000). The year's sums
// are read from report_year_sums (kept on write); the same sums computed from the reports the choice rule picks (the
// path before it) are timed beside them and compared field by field.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyWasmTiering } from '../bin/wasm-tiering.js';
import { openDatabase } from '../src/db/open.ts';
import { toParsedJson } from '../src/domain/report/model.ts';
import { prng, synthesizeReport } from '../src/domain/report/synthesize.ts';
import { aggregateByChoice, aggregateInDb, rankAgencies } from '../src/supervision/aggregate-sql.ts';
import { type BulkItem, collectBatch } from '../src/supervision/collect-bulk.ts';
import { aimById, repeatCount } from './_repeat.ts';
import { peakRssMiB, printTable, repeated } from './_table.ts';

const N = Number(process.env.BENCH_REPORTS ?? 100_000);
// As `gongkai serve` sets it (bin/gongkai.js, ADR 0010), before PGlite's module is compiled; GONGKAI_WASM_TIERING=
// default (or a number) measures V8's own (or another) budget.
process.stderr.write(`(${applyWasmTiering()})\n`);
const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-sup-'));
const handle = await openDatabase(
  // As `serve` opens it: PGlite on its own thread when GONGKAI_PGLITE_WORKER=1 (ADR 0009).
  process.env.DATABASE_URL ? { migrate: true } : { dataDir: dir, migrate: true, thread: true },
);
try {
  const rand = prng(7);
  const t0 = performance.now();
  const BATCH = 1000;
  for (let i = 0; i < N; i += BATCH) {
    const batch: BulkItem[] = [];
    for (let j = i; j < Math.min(N, i + BATCH); j++) {
      const r = synthesizeReport(rand, { format: '2021', year: 2023, agency: `机关${j}` });
      batch.push({
        parsed: { ...toParsedJson(r, { provenance: false }), sections: {} },
        findings: [],
        sha256: `bench-${Date.now()}-${j}`,
        sourceName: `r${j}.txt`,
        sourceForm: 'text',
      });
    }
    await handle.db.transaction((tx) => collectBatch(tx, batch, 'ingest', 'bench'));
  }
  const ingestS = (performance.now() - t0) / 1000;
  // BENCH_REPEAT runs each (default 3; the first read of a cold table is among them): the median, the range and, for
  // the year's aggregate, the verdict against issue 18's aim (bench/_repeat.ts).
  const REPEAT = repeatCount();
  const timed = async <T>(f: () => Promise<T>): Promise<[T, number[]]> => {
    let v: T | undefined;
    const times: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const t0 = performance.now();
      v = await f();
      times.push((performance.now() - t0) / 1000);
    }
    return [v!, times];
  };
  const [agg, aggS] = await timed(() => aggregateInDb(handle.db, { year: 2023 }));
  const [slow, slowS] = await timed(() => aggregateByChoice(handle.db, { year: 2023 }));
  const equal =
    agg.reports === slow.reports &&
    Object.keys({ ...agg.fields, ...slow.fields }).every((k) => agg.fields[k] === slow.fields[k]);
  let t = performance.now();
  t = performance.now();
  await rankAgencies(handle.db, { year: 2023, key: 't3.received.total', limit: 50 });
  const rankS = (performance.now() - t) / 1000;
  printTable([
    {
      what: `collect ${N} reports into ${handle.kind}`,
      value: N / ingestS,
      unit: 'reports/s',
      note: `${ingestS.toFixed(1)} s`,
    },
    repeated('aggregate a year (all fields)', aggS, 's', {
      aim: aimById('aggregate'),
      size: agg.reports,
      note: `${agg.reports} reports, report_year_sums kept on write`,
    }),
    repeated('same, summed from the copies that stand (before)', slowS, 's', {
      note: `${slow.reports} reports; sums ${equal ? 'equal field by field' : 'DIFFER'}`,
    }),
    { what: 'rank agencies by one field', value: rankS, unit: 's' },
    { what: 'peak RSS', value: peakRssMiB(), unit: 'MiB' },
  ]);
} finally {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
}
