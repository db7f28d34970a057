// The embedded PostgreSQL (PGlite) of `gongkai serve`, on a thread of its own (issue 18, ADR 0009): its start —
// reading and compiling the 9 MB WebAssembly, starting PostgreSQL inside it (`callMain`, ~0.5 s) — runs on the
// second core while the main thread loads the web server's modules, and every statement after runs here too.
// The main thread's side is src/db/pglite-worker-client.ts; what goes across is plain data (structured clone).
//
// Started by bin/gongkai.js at the process's first moment (before the bundle is even checked), it loads PGlite and
// compiles its WebAssembly at once, then waits for `open`: the main thread sends it once it holds the data folder's
// lock (src/db/lock.ts) and has copied the template into a new folder (ADR 0004), so this thread never touches a
// folder another process may own. Plain JavaScript, no TypeScript: it runs the same under the bundle and tsx.
//
// Messages are handled one at a time, in the order sent; the main thread keeps other statements back while a
// transaction of its own is open, so the one PostgreSQL session sees exactly the order the app asked for.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

const port = parentPort;
if (!port) throw new Error('bin/pglite-worker.js runs only as a worker thread');
const timeOrigin = workerData?.timeOrigin;
/** GONGKAI_START_TRACE=1: marks on the main thread's clock (src/start-trace.ts). */
const trace =
  workerData?.trace && typeof timeOrigin === 'number'
    ? (what) =>
        process.stderr.write(
          `[start] ${(performance.timeOrigin + performance.now() - timeOrigin).toFixed(0).padStart(5)} ms  (PGlite thread) ${what}\n`,
        )
    : () => {};
trace('running');

// From the first moment: the module graph, the WebAssembly (read and compiled by V8's background threads) and the
// extensions every instance loads (the main thread names them in `open`; pg_trgm is the one there is).
const pglite = import('@electric-sql/pglite');
const wasm = (async () => {
  try {
    const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    return await WebAssembly.compile(await readFile(join(dist, 'pglite.wasm')));
  } catch {
    return undefined; // PGlite reads and compiles it itself
  }
})();
const extensionModules = new Map();
const extension = (name) => {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`unknown PGlite extension ${name}`);
  if (!extensionModules.has(name))
    extensionModules.set(
      name,
      import(`@electric-sql/pglite/contrib/${name}`).then((m) => m[name]),
    );
  return extensionModules.get(name);
};
// Failures surface when `open` awaits them.
extension('pg_trgm').catch(() => {});
pglite.then(
  () => trace('PGlite modules loaded'),
  () => {},
);

/** @type {import('@electric-sql/pglite').PGlite | null} */
let db = null;
/** The open interactive transaction: its PGlite transaction object and how to end its callback. */
let tx = null;

/** An error as plain data: the message and PostgreSQL's fields (code, detail, constraint, …), no functions. */
function plainError(e) {
  if (!(e instanceof Error)) return { message: String(e) };
  const out = { name: e.name, message: e.message, stack: e.stack };
  for (const [k, v] of Object.entries(e)) {
    if (k === 'queryOptions' || typeof v === 'function') continue;
    try {
      structuredClone(v);
      out[k] = v;
    } catch {
      // not clonable: left out
    }
  }
  return out;
}

const identity = (v) => v;
/** Query options from the main thread: the types it parses itself come back as PostgreSQL's text. */
function queryOptions(m) {
  const options = {};
  if (m.rowMode) options.rowMode = m.rowMode;
  if (m.raw?.length) options.parsers = Object.fromEntries(m.raw.map((oid) => [oid, identity]));
  if (m.paramTypes) options.paramTypes = m.paramTypes;
  return options;
}

async function open(m) {
  const [{ PGlite }, module, ...exts] = await Promise.all([
    pglite,
    wasm,
    ...m.extensions.map((name) => extension(name)),
  ]);
  trace('open: modules and WebAssembly ready');
  const extensions = Object.fromEntries(m.extensions.map((name, i) => [name, exts[i]]));
  const startParams = [...PGlite.defaultStartParams, ...m.startParams];
  const options = {
    extensions,
    startParams,
    ...(module ? { pgliteWasmModule: module } : {}),
    // Tests: an in-memory database loaded from a dump (src/db/testing.ts).
    ...(m.loadDataDir ? { loadDataDir: new Blob([m.loadDataDir]) } : {}),
  };
  db = m.dataDir ? await PGlite.create(m.dataDir, options) : await PGlite.create(options);
  trace('PGlite started');
  // Every notification this session receives goes to the main thread, before the answer of the statement that
  // delivered it (one port, in order), as in-process PGlite calls its listeners before that statement returns.
  db.onNotification((channel, payload) => port.postMessage({ op: 'notify', channel, payload }));
}

async function handle(m) {
  switch (m.op) {
    case 'open':
      return open(m);
    case 'query':
      return (m.tx ? tx.tx : db).query(m.sql, m.params, queryOptions(m));
    case 'exec':
      return (m.tx ? tx.tx : db).exec(m.sql, queryOptions(m));
    case 'begin': {
      // PGlite's own transaction (BEGIN, COMMIT and its check, ROLLBACK on failure), its callback held open until
      // the main thread's callback has finished.
      let started;
      const begun = new Promise((r) => {
        started = r;
      });
      const current = { tx: null, end: null, done: null };
      current.done = db.transaction(
        (t) =>
          new Promise((resolve, reject) => {
            current.tx = t;
            current.end = (commit) => (commit ? resolve() : reject(ROLLBACK));
            started();
          }),
      );
      // A BEGIN that failed never calls back: its error is the answer.
      await Promise.race([begun, current.done]);
      tx = current;
      return undefined;
    }
    case 'rollback-now':
      return tx.tx.rollback();
    case 'end': {
      const current = tx;
      tx = null;
      current.end(m.commit);
      try {
        await current.done;
      } catch (e) {
        if (e !== ROLLBACK) throw e;
      }
      return undefined;
    }
    case 'close':
      if (db && !db.closed) await db.close();
      return undefined;
    default:
      throw new Error(`unknown message ${m.op}`);
  }
}
const ROLLBACK = Symbol('rollback');

let queue = Promise.resolve();
port.on('message', (m) => {
  queue = queue.then(async () => {
    try {
      const result = await handle(m);
      port.postMessage({ id: m.id, result });
    } catch (e) {
      port.postMessage({ id: m.id, error: plainError(e) });
    }
    // After `close` this thread has nothing more to do: it ends, and with it its hold on the process.
    if (m.op === 'close') port.close();
  });
});
