// `npm start` on a new data folder, timed from spawn to the first 200 from /health; then a second start on the same
// folder (migrations applied, calendar seeded). Each in a process of its own, on a free loopback port.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable } from './_table.ts';

const root = join(import.meta.dirname, '..');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function start(dataDir: string): Promise<number> {
  const port = await freePort();
  const t = performance.now();
  // Under scripts/with-postgres.sh DATABASE_URL passes through: the start then migrates an existing server.
  const env = { ...process.env, GONGKAI_DATA: dataDir, PORT: String(port), HOST: '127.0.0.1' };
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bin', 'gongkai.js'), 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return (performance.now() - t) / 1000;
      if (performance.now() - t > 120_000) throw new Error('serve did not answer /health within 120 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-start-'));
try {
  const first = await start(join(dir, 'data'));
  const later = await start(join(dir, 'data'));
  printTable([
    { what: '`npm start` on a new data folder, to /health', value: first, unit: 's', note: 'aim ≤ 2 s' },
    { what: '`npm start` again, same folder', value: later, unit: 's', note: 'aim ≤ 1 s' },
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
