import { existsSync, readFileSync, statSync } from 'node:fs';
import { InputError } from '../errors.js';
import { openDatabase, readVersion, SCHEMA_VERSION, type DB, type OpenOptions } from './db.js';
import { newDatabase } from './sqlite.js';

/**
 * Databases that must exist already (SPEC §12): every command but ingest and run. A mistyped
 * --db is refused rather than created, so it cannot pass a check on an empty database.
 */

/**
 * Opens an existing database to read it (every command but ingest and run, SPEC §12): a path
 * that does not exist is refused rather than created, so a mistyped --db cannot pass a check
 * on an empty database, and a database file this process may not write is read all the same.
 */
export function openForReading(path: string, options: Omit<OpenOptions, 'readonly'> = {}): DB {
  if (path === ':memory:') return openDatabase(path, options);
  if (!existsSync(path)) {
    throw new InputError(`${path}: no such database (check --db or $SMO_GAPS_DB; ingest creates it)`);
  }
  let db: DB;
  try {
    db = openDatabase(path, { ...options, readonly: true, mayMigrate: false });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!code?.startsWith('SQLITE_READONLY') && !code?.startsWith('SQLITE_CANTOPEN')) throw error;
    db = readOnlyCopy(path);
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return db;
  db.close();
  if (version === 0) throw new InputError(`${path}: an empty database: nothing has been ingested into it`);
  // An older schema: migrating needs to write.
  try {
    return openDatabase(path, options);
  } catch (error) {
    throw new InputError(`${path}: written by an older smo-gaps and cannot be brought up to date here: ${(error as Error).message}`);
  }
}

/** Opens an existing database to write to it (report --save, review): a path that does not exist is refused, never created. */
export function openExisting(path: string, options: Omit<OpenOptions, 'readonly'> = {}): DB {
  if (path !== ':memory:' && !existsSync(path)) {
    throw new InputError(`${path}: no such database (check --db or $SMO_GAPS_DB; ingest creates it)`);
  }
  return openDatabase(path, options);
}

/** Read-only copies are made of files up to this size. */
const COPY_MAX_BYTES = 256 << 20;

/**
 * A WAL database in a directory this process cannot write (no -shm can be made): read from
 * a copy in memory, its header set back to rollback mode, which a copy can be opened in.
 */
function readOnlyCopy(path: string): DB {
  let bytes: Buffer;
  try {
    if (statSync(path).size > COPY_MAX_BYTES) {
      throw new InputError(
        `${path}: cannot read: the database is in WAL mode and its directory is not writable (a -shm file is needed beside it)`,
      );
    }
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (bytes.length >= 20 && bytes[18] === 2) bytes[18] = bytes[19] = 1;
  try {
    const db = newDatabase(bytes, { readonly: true });
    readVersion(db, path);
    return db;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: not a smo-gaps database: ${(error as Error).message}`);
  }
}
