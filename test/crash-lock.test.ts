// One process per PGlite data folder (PGlite itself would let two processes write one folder and corrupt it): while
// `gongkai serve` holds a folder, a second command on it — `case list`, another `serve` — is refused with a Chinese
// message naming the folder and the holder's pid, a non-zero exit code, and without disturbing the holder.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, readLockOwner } from '../src/db/lock.ts';
import { servedAt } from './support/serve.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'gongkai.js');

let dir: string;
let data: string;
let server: ChildProcess | null = null;
let url = '';

const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA: data, PORT: '0', HOST: '127.0.0.1' };
  delete e.DATABASE_URL;
  return e;
};

/** Start `serve` on the folder and wait for its address. */
async function startServer(): Promise<void> {
  server = spawn(process.execPath, [BIN, 'serve'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = server;
  url = await servedAt(proc).url;
}

beforeAll(async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'gongkai-crash-lock-')));
  data = join(dir, 'data');
  await startServer();
});

afterAll(async () => {
  // Whatever failed above, the folder is released: the server is stopped (killed if need be) before it is removed.
  if (server && server.exitCode === null && server.signalCode === null) {
    const done = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await done;
  }
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { env: env(), cwd: dir, encoding: 'utf8' });
}

describe('a data folder held by a running server', () => {
  it('is locked with the server’s pid', () => {
    expect(readLockOwner(join(data, LOCK_FILE))!.pid).toBe(server!.pid);
  });

  // Every verb exits 3 for a folder in use (src/cli/main.ts maps DataDirLockedError; `case` and `serve` too).
  it.each([
    ['case list', ['case', 'list', '--agency', 'x'], 3],
    ['a second serve', ['serve'], 3],
    ['backup', ['backup', 'b.tar.gz'], 3],
  ])('%s on it is refused with a message naming the folder and the pid', (_, args, code) => {
    const r = run(args as string[]);
    expect(r.status).toBe(code);
    expect(r.stderr).toContain(`数据目录 ${data} 已被进程 ${server!.pid} 使用`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('the server goes on answering and keeps its lock', async () => {
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(readLockOwner(join(data, LOCK_FILE))!.pid).toBe(server!.pid);
  });

  it('once the server has stopped, the folder is free for the next command', async () => {
    const done = new Promise((r) => server!.once('exit', r));
    server!.kill('SIGTERM');
    await done;
    expect(existsSync(join(data, LOCK_FILE))).toBe(false);
    const r = run(['case', 'agency', 'list']);
    expect(r.status, r.stderr).toBe(0);
  });
});

describe('a server killed with SIGKILL', () => {
  it('leaves its lock behind, and the next server starts on the folder all the same', async () => {
    await startServer();
    const killed = server!;
    const done = new Promise((r) => killed.once('exit', r));
    killed.kill('SIGKILL');
    await done;
    // No handler ran: the lock file still names the dead server.
    expect(readLockOwner(join(data, LOCK_FILE))!.pid).toBe(killed.pid);
    await startServer();
    expect(server!.pid).not.toBe(killed.pid);
    expect(readLockOwner(join(data, LOCK_FILE))!.pid).toBe(server!.pid);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });
});
