import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError } from './errors.ts';
import { acquireDataDirLock, bootId, LOCK_FILE, processStart, readLockOwner } from './lock.ts';
import { openDatabase } from './open.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gongkai-lock-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid!;
}

describe('data folder lock', () => {
  it('writes the owner pid, start time and boot id, and removes the lock on release', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    const owner = readLockOwner(join(dir, LOCK_FILE))!;
    expect(owner.pid).toBe(process.pid);
    expect(owner.start).toBe(processStart(process.pid));
    expect(owner.bootId).toBe(bootId());
    lock.release();
    expect(() => readFileSync(join(dir, LOCK_FILE))).toThrow();
  });

  it('when this process already holds the folder, a second lock is refused', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    try {
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dir)).toThrow(`数据目录 ${dir} 已被进程 ${process.pid} 使用`);
    } finally {
      lock.release();
    }
  });

  it('when another live process holds the folder, the lock is refused with its pid', async () => {
    const dir = tempDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, LOCK_FILE), `${other.pid}\n`);
      let err: unknown;
      try {
        acquireDataDirLock(dir);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DataDirLockedError);
      expect((err as DataDirLockedError).pid).toBe(other.pid);
      expect((err as Error).message).toContain(`已被进程 ${other.pid} 使用`);
      // The live owner's lock is left alone.
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(other.pid));
    } finally {
      other.kill();
    }
  });

  it('when the lock was left by a dead process, it is taken over', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), `${deadPid()}\n`);
    const lock = acquireDataDirLock(dir);
    expect(readLockOwner(join(dir, LOCK_FILE))!.pid).toBe(process.pid);
    lock.release();
  });

  // A server that died as pid 1 in a container comes back as pid 1; a pid is reused by another process: the pid
  // names a live process, but not the one that took the lock.
  it.runIf(processStart(process.pid) !== null)(
    'when the lock names a live pid that started at another time (a reused pid), it is taken over',
    () => {
      const dir = tempDir();
      writeFileSync(
        join(dir, LOCK_FILE),
        JSON.stringify({
          pid: process.pid,
          start: '1',
          bootId: bootId(),
          host: 'old',
          since: null,
          command: 'serve',
        }),
      );
      const lock = acquireDataDirLock(dir);
      expect(readLockOwner(join(dir, LOCK_FILE))!.start).toBe(processStart(process.pid));
      lock.release();
    },
  );

  it.runIf(bootId() !== null)('when the lock was written before a reboot, it is taken over', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: process.pid, start: processStart(process.pid), bootId: 'another-boot' }),
    );
    acquireDataDirLock(dir).release();
  });

  it('when the lock file is garbage, it is taken over', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), 'not a pid');
    acquireDataDirLock(dir).release();
  });

  it('a second openDatabase on one PGlite folder is refused until the first closes', async () => {
    const dir = tempDir();
    const first = await openDatabase({ dataDir: dir, migrate: true });
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(DataDirLockedError);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir: dir, requireCurrent: true });
    expect(again.kind).toBe('pglite');
    await again.close();
  });
});
