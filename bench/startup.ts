// `npm start` on a new data folder, timed from spawn to the first 200 from /health; then a second start on the same
// folder (migrations applied, calendar seeded). Each in a process of its own, on a free loopback port.
// The new folder starts from the installation's template database (ADR 0004), made here first into a folder of this
// bench's own, as `npm ci`'s postinstall makes it; the same start without a template (GONGKAI_DB_TEMPLATE=0, what
// every first start paid before) runs in the same bench, the machine being shared. Likewise the production bundle
// (ADR 0006): built here into this bench's folder, as postinstall builds it, and the same starts run through tsx
// (GONGKAI_BUNDLE=0, what every start paid before) for comparison. A later start with V8's default WebAssembly
// tiering (GONGKAI_WASM_TIERING=default, ADR 0010) and one with PGlite on its own thread (ADR 0009) run beside it.
// The two rows with an aim of issue 18 run BENCH_REPEAT times (default 3) and print their median, range and verdict
// (bench/_repeat.ts). Under DATABASE_URL only the first run migrates the server's database; the later ones find it
// migrated, as a second installation on the same server would.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aimById, median, repeatCount } from './_repeat.ts';
import { type Figure, printTable, repeated } from './_table.ts';

const root = join(import.meta.dirname, '..');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** CPU seconds (user + system) a process has used so far, every thread — or only its main thread's (`task`, whose
 *  id is the process's) — from /proc (Linux); NaN elsewhere. V8's background threads (WebAssembly tier-up,
 *  concurrent GC) run beside the main thread on an idle machine; the main thread is what delays /health. */
function cpuSeconds(pid: number, mainThread = false): number {
  try {
    const file = mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
    const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Seconds from spawn to the first 200 of /health, and the CPU seconds the server had used by then: on a shared,
 *  loaded machine the wall time measures the neighbours too, the CPU time much less so. */
async function start(
  dataDir: string,
  extraEnv: Record<string, string> = {},
): Promise<{ wall: number; cpu: number; main: number; bound: number }> {
  const port = await freePort();
  const t = performance.now();
  // Under scripts/with-postgres.sh DATABASE_URL passes through: the start then migrates an existing server.
  const env = { ...process.env, ...extraEnv, GONGKAI_DATA: dataDir, PORT: String(port), HOST: '127.0.0.1' };
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bin', 'gongkai.js'), 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // The server binds its port before its database is ready and answers /health 503 until then (issue 18):
  // `bound` is when the first answer of any status came.
  let bound = Number.NaN;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`);
      const status = await fetch(`http://127.0.0.1:${port}/health`)
        .then((r) => r.status)
        .catch(() => 0);
      if (status && Number.isNaN(bound)) bound = (performance.now() - t) / 1000;
      if (status === 200)
        return {
          wall: (performance.now() - t) / 1000,
          cpu: cpuSeconds(child.pid!),
          main: cpuSeconds(child.pid!, true),
          bound,
        };
      if (performance.now() - t > 120_000) throw new Error('serve did not answer /health within 120 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
}

/** When the port answered (503 while the database opened), if before the 200. */
const boundNote = (r: { bound: number; wall: number }) =>
  r.bound < r.wall ? `; port bound at ${r.bound.toFixed(2)} s` : '';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-start-'));
try {
  const templates = { GONGKAI_DB_TEMPLATE_DIR: join(dir, 'template') };
  const rows: Figure[] = [];
  if (!process.env.DATABASE_URL) {
    const t = performance.now();
    const made = spawnSync(process.execPath, [join(root, 'bin', 'make-db-template.js')], {
      cwd: root,
      env: { ...process.env, ...templates },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (made.status !== 0) throw new Error(`make-db-template exited with ${made.status}`);
    rows.push({
      what: 'template database, once per installation (npm ci)',
      value: (performance.now() - t) / 1000,
      unit: 's',
      note: 'was paid by every new folder',
    });
    const plain = await start(join(dir, 'plain'), { GONGKAI_DB_TEMPLATE: '0', GONGKAI_BUNDLE: '0' });
    rows.push({
      what: '`npm start` on a new data folder, no template',
      value: plain.wall,
      unit: 's',
      note: `before ADR 0004 and 0006; CPU ${plain.cpu.toFixed(2)} s`,
    });
  }
  const bundled = { ...templates, GONGKAI_BUNDLE_DIR: join(dir, 'bundle') };
  const t = performance.now();
  const built = spawnSync(process.execPath, [join(root, 'bin', 'build.js')], {
    cwd: root,
    env: { ...process.env, ...bundled },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0 || !readdirSync(bundled.GONGKAI_BUNDLE_DIR).some((f) => f.endsWith('.json')))
    throw new Error('bin/build.js made no bundle');
  rows.push({
    what: 'bundle of the sources, once per installation (npm ci)',
    value: (performance.now() - t) / 1000,
    unit: 's',
    note: 'esbuild; a start uses it while the sources match',
  });
  const tsx = { ...bundled, GONGKAI_BUNDLE: '0' };
  const tsxFirst = await start(join(dir, 'tsx'), tsx);
  const tsxLater = await start(join(dir, 'tsx'), tsx);
  rows.push(
    {
      what: '`npm start` on a new data folder, sources through tsx',
      value: tsxFirst.wall,
      unit: 's',
      note: `before ADR 0006; CPU ${tsxFirst.cpu.toFixed(2)} s`,
    },
    {
      what: '`npm start` again, sources through tsx',
      value: tsxLater.wall,
      unit: 's',
      note: `before ADR 0006; CPU ${tsxLater.cpu.toFixed(2)} s`,
    },
  );
  // The two rows with an aim, BENCH_REPEAT times (default 3), a new folder each time, each first start followed by
  // the later start on its folder (alternating, so a slow minute of the shared machine hits both).
  const REPEAT = repeatCount();
  type Start = Awaited<ReturnType<typeof start>>;
  const firsts: Start[] = [];
  const laters: Start[] = [];
  for (let i = 0; i < REPEAT; i++) {
    firsts.push(await start(join(dir, `data-${i}`), bundled));
    laters.push(await start(join(dir, `data-${i}`), bundled));
  }
  // V8's own WebAssembly tiering budget (GONGKAI_WASM_TIERING=default, ADR 0010: what every start paid before), and
  // PGlite on a thread of its own (GONGKAI_PGLITE_WORKER=1, ADR 0009: off by default), same folder, same run.
  const v8Tiering =
    process.env.DATABASE_URL === undefined
      ? await start(join(dir, 'data-0'), { ...bundled, GONGKAI_WASM_TIERING: 'default' })
      : null;
  const ownThread =
    process.env.DATABASE_URL === undefined
      ? await start(join(dir, 'data-0'), { ...bundled, GONGKAI_PGLITE_WORKER: '1' })
      : null;
  /** The medians of the runs' CPU figures, and the port's binding when it came before the 200 in the median run. */
  const cpuNote = (runs: readonly Start[]) => {
    const mid = [...runs].sort((a, b) => a.wall - b.wall)[(runs.length - 1) >> 1]!;
    return `CPU ${median(runs.map((r) => r.cpu)).toFixed(2)} s, main thread ${median(runs.map((r) => r.main)).toFixed(2)} s${runs.length > 1 ? ' (medians)' : ''}${boundNote(mid)}${runs.length > 1 && boundNote(mid) ? ' in the median run' : ''}`;
  };
  rows.push(
    repeated(
      '`npm start` on a new data folder, to /health',
      firsts.map((r) => r.wall),
      's',
      { aim: aimById('start-new'), note: cpuNote(firsts) },
    ),
    repeated(
      '`npm start` again, same folder',
      laters.map((r) => r.wall),
      's',
      { aim: aimById('start-later'), note: cpuNote(laters) },
    ),
  );
  if (v8Tiering)
    rows.push({
      what: '`npm start` again, V8’s default WebAssembly tiering',
      value: v8Tiering.wall,
      unit: 's',
      note: `GONGKAI_WASM_TIERING=default (before ADR 0010); CPU ${v8Tiering.cpu.toFixed(2)} s, main thread ${v8Tiering.main.toFixed(2)} s`,
    });
  if (ownThread)
    rows.push({
      what: '`npm start` again, PGlite on its own thread',
      value: ownThread.wall,
      unit: 's',
      note: `GONGKAI_PGLITE_WORKER=1 (ADR 0009, off by default); CPU ${ownThread.cpu.toFixed(2)} s, main thread ${ownThread.main.toFixed(2)} s`,
    });
  printTable(rows);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
