// WebAssembly tiering for `serve` and `collect` on PGlite (ADR 0010). V8 runs each WebAssembly function first as
// Liftoff's quick code and recompiles it with TurboFan, on background threads, once it has run "enough":
// --wasm-tiering-budget, V8's default 1,800,000 (a rough count of bytes of code executed). PostgreSQL's start inside
// PGlite runs hundreds of functions that often, once; at the default their TurboFan compiles took ~0.4–0.7 s of the
// machine's two cores during every start (docs/benchmarks.md, session 8). A budget of 60,000,000 leaves the start's
// once-run code on Liftoff and still optimises what every request runs (the uncached staff pages kept their speed).
// V8 reads the flag when it instantiates a module, so it is set before PGlite's module is (on its own thread too: a
// process has one set of V8 flags).
import { setFlagsFromString } from 'node:v8';

export const WASM_TIERING_BUDGET = 60_000_000;

/** A tiering option given to node itself (command line or NODE_OPTIONS): then it is the operator's, left alone. */
function givenToNode(execArgv, nodeOptions) {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((a) =>
    /^--(wasm[-_]tiering[-_]budget|liftoff[-_]only|(no[-_])?wasm[-_]dynamic[-_]tiering)\b/.test(a),
  );
}

/**
 * What to do, from GONGKAI_WASM_TIERING: unset → WASM_TIERING_BUDGET; `default` → V8's own; a positive integer →
 * that budget. `{ budget }` to set, `{ keep: why }` to leave V8's flags alone, `{ error }` (Chinese) for a bad value.
 */
export function wasmTieringFor(env = process.env, execArgv = process.execArgv) {
  const v = env.GONGKAI_WASM_TIERING;
  if (v !== undefined && v !== '' && v !== 'default' && !/^[1-9]\d{0,9}$/.test(v))
    return {
      error: `GONGKAI_WASM_TIERING 的值"${v}"无效：应为 default（使用 V8 的默认值）或正整数（WebAssembly 分层编译预算，例如 60000000）`,
    };
  if (givenToNode(execArgv, env.NODE_OPTIONS)) return { keep: 'as given to node' };
  if (v === 'default') return { keep: 'V8 default (GONGKAI_WASM_TIERING=default)' };
  return { budget: v ? Number(v) : WASM_TIERING_BUDGET };
}

/** Applies wasmTieringFor's answer; returns a line for the start trace, or throws its error. */
export function applyWasmTiering(env = process.env, execArgv = process.execArgv) {
  const t = wasmTieringFor(env, execArgv);
  if (t.error) throw new Error(t.error);
  if (t.keep) return `WebAssembly tiering budget: ${t.keep}`;
  setFlagsFromString(`--wasm-tiering-budget=${t.budget}`);
  return `WebAssembly tiering budget ${t.budget}`;
}
