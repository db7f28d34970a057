// One process per PGlite data folder. PGlite itself takes no cross-process lock (two processes can open one folder
// and both write, corrupting it — ../shared/stack-notes.md), so we keep a lock file holding the owner's pid.
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirLockedError } from './errors.ts';

export const LOCK_FILE = 'gongkai.lock';

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number | null {
  try {
    const n = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

/**
 * Take the lock of `dir` for this process. A lock left by a dead process is taken over; a lock held by a live
 * process (this one included: a second handle on one folder is as unsafe as a second process) throws
 * DataDirLockedError.
 */
export function acquireDataDirLock(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    // Write the pid to a private file, then hard-link it into place: link() fails when the lock exists, so
    // creation is an atomic test-and-set and nobody ever sees a half-written lock.
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${process.pid}\n`);
    try {
      linkSync(tmp, path);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          if (readPid(path) === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      rmSync(tmp, { force: true });
    }
    const holder = readPid(path);
    if (holder !== null && isAlive(holder)) throw new DataDirLockedError(dir, holder);
    // Stale lock of a dead process (or garbage): remove it and try again; a rival doing the same at the same
    // moment loses the link() race on the next round.
    rmSync(path, { force: true });
  }
  throw new DataDirLockedError(dir, readPid(path) ?? 0);
}
