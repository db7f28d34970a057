// One process per PGlite data folder. PGlite itself takes no cross-process lock (two processes can open one folder
// and both write, corrupting it — ../shared/stack-notes.md), so we keep a lock file naming the owner.
//
// A pid alone goes stale: a server that died as pid 1 in a container comes back as pid 1, and a pid is reused by
// an unrelated process after a while. The lock therefore records the pid, the process's start time (field 22 of
// /proc/<pid>/stat, in clock ticks since boot) and the boot id (/proc/sys/kernel/random/boot_id): the owner is alive
// only when a process with that pid exists now, on this boot, and started at that moment. Where /proc is missing
// (not Linux), the pid alone is checked, as before.
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataDirLockedError } from './errors.ts';

export const LOCK_FILE = 'gongkai.lock';

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/** Who holds a lock, as written in the file. */
export interface LockOwner {
  readonly pid: number;
  /** Clock ticks after boot at which the process started (Linux), or null. */
  readonly start: string | null;
  readonly bootId: string | null;
  readonly host: string | null;
  /** When the lock was taken (ISO time), for the message. */
  readonly since: string | null;
  readonly command: string | null;
}

function readOr(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

export const bootId = (): string | null => readOr('/proc/sys/kernel/random/boot_id');

/** The start time of a process in clock ticks after boot, or null when it does not exist or /proc is absent. */
export function processStart(pid: number): string | null {
  const stat = readOr(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return rest[19] ?? null; // field 22 overall
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process that wrote `owner` is still running. */
export function ownerAlive(owner: LockOwner): boolean {
  const boot = bootId();
  if (owner.bootId && boot && owner.bootId !== boot) return false; // written before a reboot
  if (owner.start && boot) {
    const now = processStart(owner.pid);
    return now !== null && now === owner.start; // same pid, same start: the same process
  }
  return pidExists(owner.pid);
}

export function readLockOwner(path: string): LockOwner | null {
  const text = readOr(path);
  if (!text) return null;
  // Older lock files hold the pid alone.
  if (/^\d+$/.test(text))
    return { pid: Number(text), start: null, bootId: null, host: null, since: null, command: null };
  try {
    const j = JSON.parse(text) as Partial<LockOwner>;
    if (!Number.isInteger(j.pid) || (j.pid as number) <= 0) return null;
    return {
      pid: j.pid as number,
      start: typeof j.start === 'string' ? j.start : null,
      bootId: typeof j.bootId === 'string' ? j.bootId : null,
      host: typeof j.host === 'string' ? j.host : null,
      since: typeof j.since === 'string' ? j.since : null,
      command: typeof j.command === 'string' ? j.command : null,
    };
  } catch {
    return null;
  }
}

function me(): LockOwner {
  return {
    pid: process.pid,
    start: processStart(process.pid),
    bootId: bootId(),
    host: hostname(),
    since: new Date().toISOString(),
    command: process.argv.slice(2, 4).join(' ') || null,
  };
}

const isMine = (o: LockOwner | null, mine: LockOwner) =>
  o !== null && o.pid === mine.pid && o.start === mine.start && o.bootId === mine.bootId;

/**
 * Take the lock of `dir` for this process. A lock left by a process that no longer runs is taken over; a lock held
 * by a live process (this one included: a second handle on one folder is as unsafe as a second process) throws
 * DataDirLockedError naming it.
 */
export function acquireDataDirLock(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const mine = me();
  for (let attempt = 0; attempt < 5; attempt++) {
    // Write the owner to a private file, then hard-link it into place: link() fails when the lock exists, so
    // creation is an atomic test-and-set and nobody ever sees a half-written lock.
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(mine)}\n`);
    try {
      linkSync(tmp, path);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          if (isMine(readLockOwner(path), mine)) rmSync(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      rmSync(tmp, { force: true });
    }
    const holder = readLockOwner(path);
    if (holder !== null && ownerAlive(holder))
      throw new DataDirLockedError(dir, holder.pid, describe(holder));
    // Stale lock of a process that is gone (or garbage): remove it and try again; a rival doing the same at the
    // same moment loses the link() race on the next round.
    rmSync(path, { force: true });
  }
  const h = readLockOwner(path);
  throw new DataDirLockedError(dir, h?.pid ?? 0, h ? describe(h) : '');
}

/** "（主机 x，自 2026-12-05 07:00 起运行 gongkai serve）" — what an operator needs to find the owner. */
function describe(o: LockOwner): string {
  const parts = [
    o.host ? `主机 ${o.host}` : null,
    o.since ? `自 ${o.since.replace('T', ' ').slice(0, 19)}（UTC）起` : null,
    o.command ? `运行 gongkai ${o.command}` : null,
  ].filter(Boolean);
  return parts.length ? `（${parts.join('，')}）` : '';
}
