import type Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { InputError } from '../errors.js';
import { makeDirectory } from '../make-directory.js';
import { MIGRATIONS } from './migrations.js';
import { newDatabase } from './sqlite.js';

export type DB = Database.Database;

export { MIGRATIONS };

export const SCHEMA_VERSION = MIGRATIONS.length;

export function defaultDbPath(option?: string): string {
  return option ?? process.env.SMO_GAPS_DB ?? 'smo-gaps.db';
}

export interface OpenOptions {
  readonly?: boolean;
  /** False: leave an older schema as it is (a reader checks the version itself). */
  mayMigrate?: boolean;
  /** Milliseconds a run waits for another one that holds the write lock. */
  busyTimeoutMs?: number;
}

/** Opens (creating if needed) and migrates the database. ':memory:' for a scratch one. */
export function openDatabase(path: string, options: OpenOptions = {}): DB {
  let db: DB;
  try {
    if (path !== ':memory:' && !options.readonly) makeDirectory(dirname(path));
    db = newDatabase(path, { readonly: options.readonly === true, fileMustExist: options.readonly === true });
  } catch (error) {
    throw new InputError(`${path}: cannot open database: ${(error as Error).message}`);
  }
  const busyMs = options.busyTimeoutMs ?? busyTimeoutFromEnv();
  db.pragma(`busy_timeout = ${busyMs}`);
  if (!options.readonly) {
    try {
      walMode(db, busyMs);
    } catch (error) {
      db.close();
      throw new InputError(`${path}: not a usable database: ${(error as Error).message}`);
    }
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  if (options.mayMigrate !== false) migrate(db, path);
  else readVersion(db, path);
  return db;
}

/**
 * Switches a database to WAL. A new database's first switch needs it alone, and SQLite does
 * not wait for that (no busy handler): overlapping first runs retry until the busy timeout.
 */
function walMode(db: DB, busyMs: number): void {
  const until = Date.now() + busyMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= until) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}

function busyTimeoutFromEnv(): number {
  const value = Number(process.env.SMO_GAPS_BUSY_TIMEOUT_MS);
  return Number.isFinite(value) && value >= 0 ? value : 10 * 60 * 1000;
}

/** The database's schema version; a newer one than this smo-gaps knows is refused. */
export function readVersion(db: DB, path: string): number {
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    db.close();
    throw new InputError(`${path}: not a smo-gaps database: ${(error as Error).message}`);
  }
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new InputError(`${path}: schema version ${version} was written by a newer smo-gaps (this one knows up to ${SCHEMA_VERSION})`);
  }
  return version;
}

/**
 * Brings the schema up to date under the write lock: overlapping first runs on a new
 * database wait for each other, and the one that comes second finds the schema made.
 */
function migrate(db: DB, path: string): void {
  if (readVersion(db, path) === SCHEMA_VERSION) return;
  db.transaction(() => migrateLocked(db, path)).immediate();
}

function migrateLocked(db: DB, path: string): void {
  const version = readVersion(db, path);
  if (version > SCHEMA_VERSION) {
    throw new InputError(`${path}: schema version ${version} was written by a newer smo-gaps (this one knows up to ${SCHEMA_VERSION})`);
  }
  if (version === SCHEMA_VERSION) return;
  if (version === 0) {
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number };
    if (tables.n > 0) throw new InputError(`${path}: not a smo-gaps database (it has tables but no schema version)`);
  }
  for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}
