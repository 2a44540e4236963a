/**
 * An exclusive, cross-process lock on the ledger folder for compaction: a lock file created with `wx`
 * (atomic create-if-absent on every platform) naming its owner. A lock whose owner process is gone, or
 * which is older than {@link STALE_LOCK_MS}, is stale and is broken.
 */
import fs from 'node:fs';
import os from 'node:os';
import { randomBytes } from 'node:crypto';

export const STALE_LOCK_MS = 10 * 60_000;

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  acquiredAtMs: number;
}

export interface HeldLock {
  /** True while the lock file still names this holder (another process may have broken it as stale). */
  stillHeld(): boolean;
  release(): void;
}

/** True when a process with this id runs on this machine (EPERM: it runs, under another user). */
export function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockPath: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isStale(lockPath: string, now: number): boolean {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(lockPath).mtimeMs;
  } catch {
    return false; // gone already: the next attempt simply creates it
  }
  if (now - mtimeMs > STALE_LOCK_MS) return true;
  const owner = readOwner(lockPath);
  // A half-written lock file (its creator died between create and write) is stale once it is a few seconds old.
  if (owner === undefined) return now - mtimeMs > 5_000;
  return owner.host === os.hostname() && !processIsAlive(owner.pid);
}

/** Takes the lock without waiting; undefined when a live process holds it. */
export function tryLock(lockPath: string, now: number = Date.now()): HeldLock | undefined {
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), token: randomBytes(8).toString('hex'), acquiredAtMs: now };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      try {
        fs.writeSync(fd, JSON.stringify(owner));
      } finally {
        fs.closeSync(fd);
      }
      return {
        stillHeld: () => readOwner(lockPath)?.token === owner.token,
        release: () => {
          if (readOwner(lockPath)?.token === owner.token) fs.rmSync(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (attempt > 0 || !isStale(lockPath, now)) return undefined;
      // Move the stale lock aside under a unique name: only one of several breakers wins the rename.
      const aside = `${lockPath}.stale-${owner.token}`;
      try {
        fs.renameSync(lockPath, aside);
        fs.rmSync(aside, { force: true });
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
