import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS, openDatabase, SCHEMA_VERSION } from '../../src/store/db.js';

/** A database written before the audit trail gains its tables in place, keeping everything. */
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the audit trail migration', () => {
  it('migrates a database of the schema before it in place', () => {
    dir = mkdtempSync(join(tmpdir(), 'smo-migrate-'));
    const path = join(dir, 'old.db');
    // The schema as it was before the trail's migration, as an older smo-gaps left it.
    const trail = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE review_log'));
    expect(trail).toBeGreaterThan(0);
    const raw = new Database(path);
    for (const m of MIGRATIONS.slice(0, trail)) raw.exec(m);
    raw.pragma(`user_version = ${trail}`);
    raw.exec(`INSERT INTO stores (code) VALUES ('L-1')`);
    raw.close();

    const db = openDatabase(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare(`SELECT code FROM stores`).pluck().all()).toEqual(['L-1']);
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['reviews', 'review_log', 'snapshots']));
    } finally {
      db.close();
    }
  });
});
