import type Database from 'better-sqlite3';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { hostname } from 'node:os';
import { InputError } from '../errors.js';
import { makeDirectory } from '../make-directory.js';
import { newDatabase } from './sqlite.js';

/**
 * One unattended run at a time per database. A slow `run daily` still going when cron starts
 * the next one must not race it for the inbox: the second waits, or stops with exit 2.
 *
 * The lock is an exclusive SQLite lock held on a small file beside the database for the
 * whole run. The kernel drops it when the process ends, however it ends, so a dead run
 * never leaves a stale lock behind: the file may stay, the lock does not. A second file
 * names the holder, for the message a waiting run prints.
 */
export interface RunLock {
  path: string;
  /** Milliseconds spent waiting for another run. */
  waitedMs: number;
  release(): void;
}

export interface Holder {
  pid: number;
  host: string;
  started: string;
  command: string;
}

export function lockPathFor(dbPath: string): string {
  return `${dbPath}.run-lock`;
}

/**
 * Takes the run lock of `dbPath`, waiting up to `waitMs` for a run that holds it. `onWait`
 * is called once, before waiting, with whoever holds it (when known). Throws an InputError
 * (exit 2) when the other run is still going after the wait.
 */
export function acquireRunLock(
  dbPath: string,
  options: { waitMs: number; command: string; onWait?: (holder: Holder | undefined) => void },
): RunLock {
  const path = lockPathFor(dbPath);
  let db: Database.Database;
  try {
    makeDirectory(dirname(path));
    db = newDatabase(path);
  } catch (error) {
    throw new InputError(`${path}: cannot open the run lock: ${(error as Error).message}`);
  }
  const started = performance.now();
  const take = (timeoutMs: number): boolean => {
    db.pragma(`busy_timeout = ${Math.min(timeoutMs, 2 ** 31 - 1)}`);
    try {
      db.exec('BEGIN EXCLUSIVE');
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
      db.close();
      throw error;
    }
  };
  if (!take(0)) {
    const holder = readHolder(path);
    options.onWait?.(holder);
    if (options.waitMs <= 0 || !take(options.waitMs)) {
      db.close();
      const who = holder ? ` (pid ${holder.pid} on ${holder.host}, ${holder.command}, started ${holder.started})` : '';
      const waited = options.waitMs > 0 ? `after waiting ${Math.round(options.waitMs / 1000)} s` : 'without waiting (--wait 0)';
      throw new InputError(`another smo-gaps run is using ${dbPath}${who}; stopped ${waited}; nothing was changed`);
    }
  }
  const waitedMs = performance.now() - started;
  const holder: Holder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command: options.command };
  try {
    writeFileSync(`${path}.holder`, `${JSON.stringify(holder)}\n`);
  } catch {
    // Naming the holder is a courtesy to a waiting run; the lock itself is what matters.
  }
  let released = false;
  return {
    path,
    waitedMs,
    release() {
      if (released) return;
      released = true;
      rmSync(`${path}.holder`, { force: true });
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

function readHolder(lockPath: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(`${lockPath}.holder`, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}
