#!/usr/bin/env node
// Entry point of the `gongkai` command. A start runs the production bundle when it is current for the sources
// (bin/bundle.js, ADR 0006: made by `npm ci`'s postinstall and `npm run build`), else the TypeScript sources through
// tsx's loader (ADR 0001): a clone works after `npm ci` without a build step, and an edited source never runs stale.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBundle } from './bundle.js';
import { applyWasmTiering } from './wasm-tiering.js';

// `gongkai parse … | head`: the reader went away; stop quietly instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
const argv = process.argv.slice(2);
// GONGKAI_START_TRACE=1: a timeline of the start on standard error (src/start-trace.ts prints the rest).
const trace =
  process.env.GONGKAI_START_TRACE === '1'
    ? (what) => process.stderr.write(`[start] ${performance.now().toFixed(0).padStart(5)} ms  ${what}\n`)
    : () => {};
trace('bin/gongkai.js running');
// The WebAssembly tiering budget (bin/wasm-tiering.js, ADR 0010) of the server and of `collect`, the commands that
// start PGlite and then run many statements; set before PGlite's module is compiled.
if (argv[0] === 'serve' || argv[0] === 'collect') {
  try {
    trace(applyWasmTiering());
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
}
// A server on embedded PGlite compiles PostgreSQL's WebAssembly (9 MB) at once: the read and V8's compile run off
// the main thread while it checks and loads the bundle and the web server's modules; src/db/open.ts hands the
// module to PGlite (issue 18, ADR 0006). With GONGKAI_PGLITE_WORKER=1 PGlite runs on a thread of its own instead
// (bin/pglite-worker.js, ADR 0009), started now; src/db/open.ts takes it and sends it the data folder once it holds
// the folder's lock. Off by default: it lowers the main thread's CPU, but adds the process's, and on this shared
// machine the start was not faster (ADR 0009).
if (argv[0] === 'serve' && !process.env.DATABASE_URL) {
  if (process.env.GONGKAI_PGLITE_WORKER === '1') {
    const { Worker } = await import('node:worker_threads');
    const thread = new Worker(new URL('./pglite-worker.js', import.meta.url), {
      workerData: { timeOrigin: performance.timeOrigin, trace: process.env.GONGKAI_START_TRACE === '1' },
    });
    // Until src/db/open.ts takes it, it must not keep a process that ends early (a bad option) alive.
    thread.unref();
    // A thread that fails before src/db/open.ts takes it must not end this process as an unhandled 'error': the
    // client finds it gone (threadId -1) and the start fails with its own message.
    thread.on('error', () => {});
    globalThis[Symbol.for('gongkai.pgliteThread')] = thread;
  } else {
    let compiling;
    try {
      const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
      compiling = readFile(join(dist, 'pglite.wasm')).then((bytes) => WebAssembly.compile(bytes));
    } catch (e) {
      compiling = Promise.reject(e);
    }
    compiling.then(
      () => trace('PGlite WebAssembly compiled'),
      () => {},
    );
    globalThis[Symbol.for('gongkai.pgliteWasm')] = compiling;
  }
}
const bundle = freshBundle();
trace(bundle ? 'bundle is current' : 'no current bundle: tsx');
let main;
if (bundle) {
  // The reading workers start from the same bundle (src/reading/pool.ts).
  globalThis[Symbol.for('gongkai.bundle')] = bundle;
  ({ main } = await import(bundle));
  trace('bundle imported');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
  // A server on sources newer than the bundle rebuilds it for the next start, once it has started itself.
  if (argv[0] === 'serve' && process.env.GONGKAI_BUNDLE !== '0')
    setTimeout(() => {
      spawn(process.execPath, [fileURLToPath(new URL('./build.js', import.meta.url)), '--background'], {
        detached: true,
        stdio: 'ignore',
      }).unref();
    }, 10_000).unref();
}
process.exitCode = await main(argv);
