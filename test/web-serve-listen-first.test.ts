// `gongkai serve` binds its port before the database is open (issue 18). Until the database has answered, /health
// says 503 with a Chinese message — never 200, so a tool polling it does not send work too early — and any other
// request waits and is answered normally once the database is ready. The database is held back by the serve
// command's test hook (GONGKAI_TEST_HOLD_DATABASE: opened only once the named file exists), so the test decides
// when it becomes ready instead of racing a start-up.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'gongkai.js');
const dir = mkdtempSync(join(tmpdir(), 'gongkai-listen-first-'));
const running: ChildProcess[] = [];

afterAll(() => {
  for (const p of running) if (p.exitCode === null) p.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts serve with the database held until `hold` exists; resolves with the port once it listens. */
function startHeld(
  data: string,
  hold: string,
): Promise<{ proc: ChildProcess; port: number; output: () => string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GONGKAI_DATA: data,
    GONGKAI_TEST_HOLD_DATABASE: hold,
    PORT: '0',
    HOST: '127.0.0.1',
  };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  const proc = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(proc);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not listen:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /Gongkai 正在启动：已在端口 (\d+) 监听/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, port: Number(m[1]), output: () => out });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

/** A plain HTTP GET (no client-side timeout: a request made before the database is ready waits for it). */
function get(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('gongkai serve: listen first, database after', () => {
  it('answers /health 503 until the database is ready, and holds other requests until then', async () => {
    const hold = join(dir, 'release');
    const s = await startHeld(join(dir, 'data'), hold);

    // The database is held: however often it is asked, /health is 503 with a Chinese message, never 200.
    for (let i = 0; i < 5; i++) {
      const h = await get(s.port, '/health');
      expect(h.status).toBe(503);
      expect(h.type).toContain('application/json');
      expect(JSON.parse(h.body)).toEqual({ ok: false, message: expect.stringContaining('数据库尚未就绪') });
    }

    // A page asked for now waits (it is not answered, not failed) ...
    let answered = false;
    const page = get(s.port, '/').then((r) => {
      answered = true;
      return r;
    });
    const head = await get(s.port, '/health');
    expect(head.status).toBe(503);
    await new Promise((r) => setTimeout(r, 300));
    expect(answered).toBe(false);

    // ... and is answered normally once the database is open.
    writeFileSync(hold, '');
    const r = await page;
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/html');
    expect(r.body).toContain('<html');
    const health = await get(s.port, '/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ ok: true });
    // The start-up output is as before once ready: the first administrator, then the "已启动" line.
    await new Promise<void>((resolve) => {
      const check = () => (/Gongkai 已启动：/.test(s.output()) ? resolve() : setTimeout(check, 20));
      check();
    });
    expect(s.output()).toMatch(/一次性密码：/);

    s.proc.kill('SIGTERM');
    const code = await new Promise((r) =>
      s.proc.exitCode !== null ? r(s.proc.exitCode) : s.proc.once('exit', r),
    );
    expect(code).toBe(0);
  }, 120_000);

  it('a database that cannot be opened ends the start: waiting requests get 503, the process exits non-zero', async () => {
    // A data folder held by a lock file of a live process (this test's own pid) cannot be opened.
    const data = join(dir, 'locked');
    const { mkdirSync } = await import('node:fs');
    const { LOCK_FILE } = await import('../src/db/lock.ts');
    mkdirSync(data, { recursive: true });
    const hold = join(dir, 'release-locked');
    const s = await startHeld(data, hold);
    // An older lock file holds the pid alone (src/db/lock.ts reads both forms).
    writeFileSync(join(data, LOCK_FILE), String(process.pid));
    const page = get(s.port, '/').catch(() => null);
    writeFileSync(hold, '');
    const code = await new Promise((r) =>
      s.proc.exitCode !== null ? r(s.proc.exitCode) : s.proc.once('exit', r),
    );
    expect(code).toBe(3);
    expect(s.output()).toContain(`已被进程 ${process.pid} 使用`);
    const r = await page;
    // Either answered 503 before the port closed, or the connection was closed: never a 200 or a hang.
    if (r) expect(r.status).toBe(503);
  }, 120_000);
});
