// `gongkai serve` (and `collect`) raises V8's WebAssembly tiering budget before PGlite's module is compiled (bin/wasm-tiering.js,
// ADR 0010); GONGKAI_WASM_TIERING=default turns it off, a number sets another budget, a tiering option given to node
// itself is left alone, and a bad value stops the start with a message naming the variable.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WASM_TIERING_BUDGET, wasmTieringFor } from '../bin/wasm-tiering.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'gongkai.js');
const data = mkdtempSync(join(tmpdir(), 'gongkai-wasm-tiering-'));
afterAll(() => rmSync(data, { recursive: true, force: true }));

/** Starts `serve` with the start trace on and the database held (never opened), and returns what it printed up to
 *  the line `until` (then stops it), or everything if it exits first. */
function startTrace(
  env: Record<string, string>,
  until: RegExp,
  nodeArgs: string[] = [],
): Promise<{ out: string; code: number | null }> {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    GONGKAI_START_TRACE: '1',
    GONGKAI_DATA: data,
    GONGKAI_TEST_HOLD_DATABASE: join(data, 'never'),
    PORT: '0',
    HOST: '127.0.0.1',
  };
  delete e.DATABASE_URL;
  delete e.NODE_ENV;
  if (!('NODE_OPTIONS' in env)) delete e.NODE_OPTIONS;
  const proc = spawn(process.execPath, [...nodeArgs, BIN, 'serve'], {
    env: e,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      if (until.test(out)) proc.kill('SIGKILL');
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => resolve({ out, code }));
  });
}

describe('WebAssembly tiering budget of `serve`', () => {
  it('is raised by default, kept at V8’s own with default, set to a number as given', () => {
    expect(wasmTieringFor({}, [])).toEqual({ budget: WASM_TIERING_BUDGET });
    expect(WASM_TIERING_BUDGET).toBeGreaterThan(1_800_000);
    expect(wasmTieringFor({ GONGKAI_WASM_TIERING: 'default' }, []).keep).toMatch(/default/);
    expect(wasmTieringFor({ GONGKAI_WASM_TIERING: '200000000' }, [])).toEqual({ budget: 200_000_000 });
  });

  it('leaves a tiering option given to node alone', () => {
    expect(wasmTieringFor({}, ['--liftoff-only']).keep).toBeDefined();
    expect(wasmTieringFor({ NODE_OPTIONS: '--wasm-tiering-budget=5' }, []).keep).toBeDefined();
    expect(wasmTieringFor({ NODE_OPTIONS: '--max-old-space-size=512' }, [])).toEqual({
      budget: WASM_TIERING_BUDGET,
    });
  });

  it('refuses a bad value with a message naming the variable', () => {
    for (const v of ['abc', '0', '-5', '6e7', '60 000 000'])
      expect(wasmTieringFor({ GONGKAI_WASM_TIERING: v }, []).error).toMatch(/GONGKAI_WASM_TIERING.*无效/);
  });

  it('the start sets the budget, and honours GONGKAI_WASM_TIERING=default', {
    timeout: 120_000,
  }, async () => {
    const raised = await startTrace({}, /serve: command loaded/);
    expect(raised.out).toContain(`WebAssembly tiering budget ${WASM_TIERING_BUDGET}`);
    const off = await startTrace({ GONGKAI_WASM_TIERING: 'default' }, /serve: command loaded/);
    expect(off.out).toContain('WebAssembly tiering budget: V8 default (GONGKAI_WASM_TIERING=default)');
    expect(off.out).not.toContain(`budget ${WASM_TIERING_BUDGET}`);
    const given = await startTrace({}, /serve: command loaded/, ['--liftoff-only']);
    expect(given.out).toContain('WebAssembly tiering budget: as given to node');
  });

  it('collect reads it too: a bad value stops it before anything is read', { timeout: 60_000 }, async () => {
    const r = spawnSync(process.execPath, [BIN, 'collect', join(data, 'nothing-here')], {
      env: { ...process.env, GONGKAI_DATA: data, GONGKAI_WASM_TIERING: '-1', DATABASE_URL: '' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('GONGKAI_WASM_TIERING 的值"-1"无效');
  });

  it('a bad value ends the start non-zero, naming the variable', { timeout: 60_000 }, async () => {
    const r = await startTrace({ GONGKAI_WASM_TIERING: 'fast' }, /never matches/);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('GONGKAI_WASM_TIERING 的值"fast"无效');
    expect(r.out).not.toMatch(/\bat .*\.js:\d+/);
  });
});
