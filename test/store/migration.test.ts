import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION, openDatabase } from '../../src/store/db.js';
import { buildMoney } from '../../src/audit/money/build.js';
import { scratch, type Scratch } from '../helpers/cli.js';

let work: Scratch;
beforeEach(() => {
  work = scratch();
});
afterEach(() => work.cleanup());

/** A database as the first release wrote it: schema 1, amounts as REAL. */
function firstReleaseDb(path: string): void {
  const db = new Database(path);
  db.exec(MIGRATIONS[0]);
  db.pragma('user_version = 1');
  db.exec(`
    INSERT INTO stores (id, code) VALUES (1, 'L-1');
    INSERT INTO series (id, store_id, doc_type, label, first_seq, first_date, last_seq, last_date, last_run)
      VALUES (1, 1, '01', '001-001', 1, 20240301, 4, 20240305, 1);
    INSERT INTO runs (id, file, started_at, status) VALUES (1, 'old.csv', '2024-03-06T00:00:00Z', 'finished');
    INSERT INTO invoices (series_id, seq, date, amount, void, access_key, run_id, line) VALUES
      (1, 1, 20240301, 10.1, 0, NULL, 1, 2),
      (1, 2, 20240301, 0.29, 0, NULL, 1, 3),
      (1, 4, 20240305, 1234.57, 0, NULL, 1, 4);
    INSERT INTO invoices (series_id, seq, date, amount, void, access_key, run_id, line) VALUES (1, 5, 20240305, 99, 1, NULL, 1, 5);
    INSERT INTO gaps (series_id, from_seq, to_seq, prev_date, next_date, opened_run) VALUES (1, 3, 3, 20240301, 20240305, 1);
    INSERT INTO series_days (date, series_id, invoices, voids) VALUES (20240301, 1, 2, 0), (20240305, 1, 2, 1);
  `);
  db.close();
}

describe('schema 2 (money) migrates a first-release database in place', () => {
  it('adds the cents, the series-day sales and the money tables, keeping every row', () => {
    const path = join(work.dir, 'old.db');
    firstReleaseDb(path);
    const db = openDatabase(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
      expect(db.prepare('SELECT seq, amount, total_cents, net_cents FROM invoices ORDER BY seq').all()).toEqual([
        { seq: 1, amount: 10.1, total_cents: 1010, net_cents: null },
        { seq: 2, amount: 0.29, total_cents: 29, net_cents: null },
        { seq: 4, amount: 1234.57, total_cents: 123457, net_cents: null },
        { seq: 5, amount: 99, total_cents: 9900, net_cents: null },
      ]);
      // The void's 99.00 is not a sale.
      expect(db.prepare('SELECT date, sales_cents FROM series_days ORDER BY date').all()).toEqual([
        { date: 20240301, sales_cents: 1039 },
        { date: 20240305, sales_cents: 123457 },
      ]);
      for (const table of ['leases', 'lease_imports', 'declared_sales', 'sales_imports']) {
        expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
      }
      const [row] = buildMoney(db, ['2024-03']).stores;
      // Median of 10.10, 0.29, 1,234.57 (the void left out) = 10.10.
      expect(row).toMatchObject({ store: 'L-1', invoices: 4, missing: 1, invoiced_sales: 1244.96, estimated_unreported: 10.1 });
    } finally {
      db.close();
    }
    // Opening again changes nothing.
    const again = openDatabase(path);
    expect(again.prepare('SELECT sum(total_cents) AS s FROM invoices').get()).toEqual({ s: 134396 });
    again.close();
  });
});
