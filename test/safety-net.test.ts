// Issue 12: the process survives an exception that escapes anyway — thrown from a callback outside the request's
// promise, or a promise rejected with nobody to catch it. The server logs it with an id, answers that request 500
// with a Chinese page naming the id, and keeps serving /health. The escaping handlers exist only when the test sets
// GONGKAI_TEST_ESCAPE=1 (src/web/safety-net.tsx); without it their paths are not found.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEscapeRoutes } from '../src/web/safety-net.tsx';
import { servedAt } from './support/serve.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'gongkai.js');
let dir: string;

interface Running {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

async function serve(env: Record<string, string>): Promise<Running> {
  const e: Record<string, string | undefined> = { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' };
  delete e.DATABASE_URL;
  const proc = spawn(process.execPath, [BIN, 'serve'], { env: e, stdio: ['ignore', 'pipe', 'pipe'] });
  const served = servedAt(proc);
  const url = await served.url;
  return { proc, url, output: served.output };
}

async function stop(r: Running | null) {
  if (!r || r.proc.exitCode !== null || r.proc.signalCode !== null) return;
  const done = new Promise((res) => r.proc.once('exit', res));
  r.proc.kill('SIGTERM');
  const t = setTimeout(() => r.proc.kill('SIGKILL'), 30_000);
  await done;
  clearTimeout(t);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-safety-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an exception that escapes every handler', () => {
  let s: Running | null = null;
  beforeAll(async () => {
    s = await serve({ GONGKAI_DATA: join(dir, 'data'), GONGKAI_TEST_ESCAPE: '1', NODE_ENV: 'test' });
  });
  afterAll(async () => stop(s));

  for (const [what, path] of [
    ['thrown from a timer, outside the request’s promise', '/__test/escape/throw'],
    ['an unhandled promise rejection', '/__test/escape/reject'],
  ] as const)
    it(`${what}: logged with an id, that request answered 500 in Chinese with the id, /health still served`, async () => {
      const r = await fetch(`${s!.url}${path}`);
      expect(r.status).toBe(500);
      const page = await r.text();
      expect(page).toContain('服务器处理请求时出错');
      const id = /错误编号：<code>([0-9a-f]{8})<\/code>/.exec(page)?.[1];
      expect(id).toBeDefined();
      // The log line names the id and the request, so the IT office finds it from what the user quotes.
      await expect.poll(() => s!.output(), { timeout: 10_000 }).toContain(id!);
      const line = s!
        .output()
        .split('\n')
        .find((l) => l.includes(id!))!;
      expect(line).toContain('未处理的异常');
      expect(line).toContain(path);
      expect(s!.proc.exitCode).toBeNull();
      expect((await fetch(`${s!.url}/health`)).status).toBe(200);
    });
});

describe('without GONGKAI_TEST_ESCAPE', () => {
  it('the escaping paths do not exist, nor in production with it', () => {
    expect(testEscapeRoutes({})).toBeNull();
    expect(testEscapeRoutes({ GONGKAI_TEST_ESCAPE: '1', NODE_ENV: 'production' })).toBeNull();
  });
});
