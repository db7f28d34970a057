// The real server: `gongkai serve` on a random port with a fresh data folder. It answers /health, prints the first
// administrator's one-time password once, that password logs in and must be changed, SIGTERM stops it cleanly
// (lock released), and a second start prints no password again.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'gongkai.js');
const data = mkdtempSync(join(tmpdir(), 'gongkai-serve-'));
const running: ChildProcess[] = [];

afterAll(() => {
  for (const p of running) if (p.exitCode === null) p.kill('SIGKILL');
  rmSync(data, { recursive: true, force: true });
});

interface Started {
  readonly proc: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

/** Start the server and wait for its "已启动" line. */
function start(): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA: data, PORT: '0', HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  const proc = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(proc);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /Gongkai 已启动：(http:\/\/[^/\s]+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1]!, output: () => out });
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

function stop(s: Started): Promise<number | null> {
  return new Promise((resolve) => {
    s.proc.removeAllListeners('exit');
    s.proc.on('exit', (code) => resolve(code));
    s.proc.kill('SIGTERM');
  });
}

const cookieOf = (r: Response, name: string) =>
  r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`));

describe('gongkai serve', () => {
  let first: Started;
  let password = '';

  it('starts on a random port, migrates, and answers /health', async () => {
    first = await start();
    const r = await fetch(`${first.url}/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true });
  });

  it('prints the administrator’s one-time password once', () => {
    const m = /用户名：(\S+)\s+一次性密码：(\S+)/.exec(first.output());
    expect(m?.[1]).toBe('admin');
    password = m![2]!;
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('the printed password logs in and must be changed first', async () => {
    const form = await fetch(`${first.url}/login`);
    const csrfCookie = cookieOf(form, 'gk_csrf')!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const login = await fetch(`${first.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'admin', password, _csrf: token }).toString(),
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/account/password');
    const session = cookieOf(login, 'gk_session')!;
    const admin = await fetch(`${first.url}/admin`, { redirect: 'manual', headers: { cookie: session } });
    expect(admin.headers.get('location')).toBe('/account/password');
    const page = await fetch(`${first.url}/account/password`, { headers: { cookie: session } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const changed = await fetch(`${first.url}/account/password`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        current: password,
        next: 'a-brand-new-secret-42',
        confirm: 'a-brand-new-secret-42',
        _csrf: csrf,
      }).toString(),
    });
    expect(changed.status).toBe(303);
    const fresh = cookieOf(changed, 'gk_session')!;
    expect((await fetch(`${first.url}/admin`, { headers: { cookie: fresh } })).status).toBe(200);
  });

  it('stops on SIGTERM, releasing the data folder', async () => {
    expect(existsSync(join(data, 'gongkai.lock'))).toBe(true);
    expect(await stop(first)).toBe(0);
    expect(first.output()).toContain('已停止');
    expect(existsSync(join(data, 'gongkai.lock'))).toBe(false);
  });

  it('a second start prints no password', async () => {
    const second = await start();
    expect(second.output()).not.toContain('一次性密码');
    expect((await fetch(`${second.url}/health`)).status).toBe(200);
    expect(await stop(second)).toBe(0);
  });
});
