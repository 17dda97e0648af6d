import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openDatabase, SCHEMA_VERSION, type DB } from '../../src/store/db.js';
import { INVOICES_VIEW_OF_BLOCKS } from '../../src/store/migrations.js';
import { InvoiceWriter } from '../../src/store/invoices.js';
import { startRun } from '../../src/store/runs.js';
import type { InvoiceRow } from '../../src/input/rows.js';
import { buildReport } from '../../src/audit/report.js';
import { buildFindings } from '../../src/audit/findings/index.js';
import { scratch, type Scratch } from '../helpers/cli.js';
import { BLOCKS_MIGRATION, INVOICES_VIEW_OF_INVOICES, toPreviousLayout } from '../helpers/previous-layout.js';

let work: Scratch;
beforeEach(() => {
  work = scratch();
});
afterEach(() => work.cleanup());

const row = (over: Partial<InvoiceRow>): InvoiceRow => ({
  store: 'S',
  docType: '01',
  series: '001-001',
  sequential: 1,
  date: 20240301,
  amount: 10,
  net: null,
  amountUnreadable: false,
  authDateUnreadable: false,
  void: false,
  accessKey: null,
  authDate: null,
  line: 2,
  ...over,
});

function load(db: DB, file: string, rows: Partial<InvoiceRow>[]): InvoiceWriter {
  const w = new InvoiceWriter(db, startRun(db, file, 0));
  rows.forEach((r, i) => w.add(row({ line: i + 2, ...r })));
  w.flush();
  return w;
}

/** Every kind of field an invoice can carry, a gap, a late arrival, a conflict and a second series. */
const FIRST: Partial<InvoiceRow>[] = [
  { sequential: 1, amount: 10.1 },
  { sequential: 2, amount: 0.29, net: 0.25 },
  { sequential: 5, amount: 1234.57, date: 20240305, accessKey: '1'.repeat(49), authDate: 20240309 },
  { sequential: 6, amount: null, date: 20240305, void: true },
  { sequential: 2, amount: 0.3 },
  { series: '001-002', sequential: 700, amount: 5, date: 20240302 },
];

const everyInvoice = (db: DB) => db.prepare(`SELECT * FROM invoices ORDER BY series_id, seq`).all();

describe('the blocks migration', () => {
  it('migrates a database of the previous release in place: every invoice, field for field, and what depends on them', () => {
    const path = join(work.dir, 'old.db');
    const db = openDatabase(path);
    load(db, 'a.csv', FIRST);
    load(db, 'b.csv', [{ sequential: 3, date: 20240302, line: 7 }]);
    const invoices = everyInvoice(db);
    const report = buildReport(db, { from: 20240301, to: 20240331 });
    db.close();
    const raw = new Database(path);
    toPreviousLayout(raw);
    expect(raw.prepare(`SELECT count(*) FROM invoices`).pluck().get()).toBe(6);
    expect(raw.prepare(`SELECT type FROM sqlite_master WHERE name = 'invoices'`).pluck().get()).toBe('table');
    raw.close();

    const again = openDatabase(path);
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(BLOCKS_MIGRATION + 3);
    expect(everyInvoice(again)).toEqual(invoices);
    // Each series' date range, from its day totals, as the writer would have kept it.
    expect(again.prepare(`SELECT id, min_date, max_date FROM series ORDER BY id`).raw().all()).toEqual(
      again.prepare(`SELECT series_id, min(date), max(date) FROM invoices GROUP BY series_id ORDER BY series_id`).raw().all(),
    );
    expect(invoices).toContainEqual({
      series_id: 1,
      seq: 5,
      date: 20240305,
      amount: 1234.57,
      void: 0,
      access_key: '1'.repeat(49),
      run_id: 1,
      line: 4,
      auth_date: 20240309,
      total_cents: 123457,
      net_cents: null,
    });
    expect(buildReport(again, { from: 20240301, to: 20240331 })).toEqual(report);
    expect(buildFindings(again, { from: 20240301, to: 20240331 }, { kinds: ['late_authorisation'] }).findings).toHaveLength(1);
    // The migrated invoices are found as duplicates: the same rows again change nothing, a different one conflicts.
    const w = load(again, 'c.csv', [...FIRST.slice(0, 4), { sequential: 3, date: 20240302 }, { sequential: 1, amount: 99 }]);
    expect(w.counts).toMatchObject({ loaded: 0, alreadyPresent: 5, conflicts: 1 });
    expect(everyInvoice(again)).toEqual(invoices);
    again.close();
  });

  it('adds recent_blocks to a database of the release before it: the invoices unchanged, and the next small load kept there', () => {
    const path = join(work.dir, 'before-recent.db');
    const db = openDatabase(path);
    load(db, 'a.csv', FIRST);
    const invoices = everyInvoice(db);
    db.close();
    const raw = new Database(path);
    raw.exec(`
      DROP VIEW invoices_view;
      DROP TABLE recent_blocks;
      DROP VIEW invoices;
      ${INVOICES_VIEW_OF_BLOCKS}
      ${INVOICES_VIEW_OF_INVOICES}
      PRAGMA user_version = ${SCHEMA_VERSION - 1};
    `);
    raw.close();

    const again = openDatabase(path);
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(everyInvoice(again)).toEqual(invoices);
    const w = new InvoiceWriter(again, startRun(again, 'b.csv', 0), undefined, { share: 1, rowsPerBlock: 100 });
    w.add(row({ sequential: 3, date: 20240302, line: 7 }));
    w.add(row({ sequential: 1, amount: 99, line: 8 }));
    w.flush();
    expect(w.counts).toMatchObject({ loaded: 1, conflicts: 1 });
    expect(again.prepare(`SELECT count(*) FROM recent_blocks`).pluck().get()).toBe(1);
    expect(everyInvoice(again)).toHaveLength(invoices.length + 1);
    expect(again.prepare(`SELECT count(*) FROM invoices_view`).pluck().get()).toBe(invoices.length + 1);
    again.close();
  });
});
