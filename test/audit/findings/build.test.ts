import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS, openDatabase, SCHEMA_VERSION, type DB } from '../../../src/store/db.js';
import { InvoiceWriter } from '../../../src/store/invoices.js';
import { startRun } from '../../../src/store/runs.js';
import type { InvoiceRow } from '../../../src/input/rows.js';
import { toPreviousLayout } from '../../helpers/previous-layout.js';
import { buildFindings } from '../../../src/audit/findings/index.js';
import { buildReport } from '../../../src/audit/report.js';

/** The findings migration's place in MIGRATIONS (money's, after it, is rolled back with it). */
const FINDINGS_MIGRATION = MIGRATIONS.findIndex((m) => m.includes('ADD COLUMN auth_date'));

const row = (over: Partial<InvoiceRow>): InvoiceRow => ({
  net: null,
  amountUnreadable: false,
  authDateUnreadable: false,
  store: 'S',
  docType: '01',
  series: '001-001',
  sequential: 1,
  date: 20240301,
  amount: 10,
  void: false,
  accessKey: null,
  authDate: null,
  line: 2,
  ...over,
});

/** Loads each file's rows as one ingest run, in the order given. */
function load(db: DB, files: Record<string, Partial<InvoiceRow>[]>): void {
  for (const [file, rows] of Object.entries(files)) {
    const w = new InvoiceWriter(db, startRun(db, file, 0));
    rows.forEach((r, i) => w.add(row({ line: i + 2, ...r })));
    w.flush();
  }
}

const MARCH = { from: 20240301, to: 20240331 };

describe('buildFindings', () => {
  it('flags a jump of more than --jump numbers with its two invoices, not one of exactly N', () => {
    const db = openDatabase(':memory:');
    load(db, { 'a.csv': [{ sequential: 1 }, { sequential: 102, date: 20240302 }, { sequential: 204, date: 20240303 }] });
    // 2..101 is 100 numbers, 103..203 is 101.
    const found = buildFindings(db, MARCH, { jump: 100, kinds: ['jump'] });
    expect(found.totals).toEqual({ jump: 1 });
    expect(found.findings).toEqual([
      {
        kind: 'jump',
        store: 'S',
        doc_type: '01',
        series: '001-001',
        from: 103,
        to: 203,
        date: '2024-03-03',
        detail: { count: 101, prev_date: '2024-03-02', next_date: '2024-03-03' },
        evidence: ['a.csv:3', 'a.csv:4'],
      },
    ]);
    const report = buildReport(db, MARCH, { jump: 100 });
    expect(report.totals).toMatchObject({ missing: 100, gaps: 1, jumps: 1, jump_numbers: 101 });
    expect(report.stores[0].gaps.map((g) => g.jump)).toEqual([false, true]);
    expect(report.top).toEqual([{ store: 'S', missing: 100, invoices: 3, missing_rate: 0.9709, unexplained: 100 }]);
  });

  it('keeps backdated invoices current as late arrivals change the neighbours', () => {
    const db = openDatabase(':memory:');
    // 10 is dated before 3, across the gap 4..9.
    load(db, {
      'a.csv': [
        { sequential: 3, date: 20240305 },
        { sequential: 10, date: 20240302 },
      ],
    });
    expect(buildFindings(db, MARCH, { kinds: ['backdated'] }).findings).toEqual([
      {
        kind: 'backdated',
        store: 'S',
        doc_type: '01',
        series: '001-001',
        from: 3,
        to: 10,
        date: '2024-03-02',
        detail: { lower_date: '2024-03-05', days_back: 3, numbers_between: 6 },
        evidence: ['a.csv:2', 'a.csv:3'],
      },
    ]);
    // 7 arrives dated 1 March: now 7 goes back from 3, and 10 no longer goes back from its new neighbour.
    load(db, { 'b.csv': [{ sequential: 7, date: 20240301 }] });
    expect(buildFindings(db, MARCH, { kinds: ['backdated'] }).findings.map((f) => [f.from, f.to, f.evidence])).toEqual([
      [3, 7, ['a.csv:2', 'b.csv:2']],
    ]);
    // Across a jump it is not backdated.
    expect(buildFindings(db, MARCH, { kinds: ['backdated'], jump: 2 }).findings).toEqual([]);
  });

  it('lists conflicts with both rows, key reuse naming the second store, and late authorisations', () => {
    const db = openDatabase(':memory:');
    const key = '0403201301179226110400110015010000000081234567816';
    load(db, {
      'a.csv': [
        { sequential: 1, accessKey: key, authDate: 20240301 },
        { sequential: 2, date: 20240301, authDate: 20240302 },
        { sequential: 3, date: 20240301, authDate: 20240303 },
      ],
      'b.csv': [
        { sequential: 1, amount: 11 },
        { store: 'T', sequential: 9, date: 20240304, accessKey: key },
        { store: 'U', sequential: 9, accessKey: key },
      ],
    });
    const found = buildFindings(db, MARCH, { kinds: ['conflict', 'key_reuse', 'late_authorisation'] });
    expect(found.totals).toEqual({ conflict: 1, key_reuse: 1, late_authorisation: 1 });
    expect(found.findings).toEqual([
      {
        kind: 'conflict',
        store: 'S',
        doc_type: '01',
        series: '001-001',
        from: 1,
        to: 1,
        date: '2024-03-01',
        detail: {
          kept_date: '2024-03-01',
          kept_amount: 10,
          kept_status: 'valid',
          duplicate_date: '2024-03-01',
          duplicate_amount: 11,
          duplicate_status: 'valid',
        },
        evidence: ['a.csv:2', 'b.csv:2'],
      },
      {
        kind: 'key_reuse',
        store: 'T',
        doc_type: '01',
        series: '001-001',
        from: 9,
        to: 9,
        date: '2024-03-04',
        detail: { access_key: key, first_store: 'S', first_doc_type: '01', first_series: '001-001', first_number: 1 },
        evidence: ['a.csv:2', 'b.csv:3'],
      },
      {
        kind: 'late_authorisation',
        store: 'S',
        doc_type: '01',
        series: '001-001',
        from: 3,
        to: 3,
        date: '2024-03-01',
        detail: { authorisation_date: '2024-03-03', days_after_issue: 2 },
        evidence: ['a.csv:4'],
      },
    ]);
    // --store filters by the finding's store.
    expect(buildFindings(db, MARCH, { store: 'T' }).findings.map((f) => f.kind)).toEqual(['key_reuse']);
    expect(buildFindings(db, { from: 20240305, to: 20240331 }).findings).toEqual([]);
  });

  it('computes void_rate and silent_day over every store, from the day counts', () => {
    const db = openDatabase(':memory:');
    const rows = (store: string, days: number[], perDay: number, voidsPerDay = 0) => {
      let seq = 1;
      return days.flatMap((date) => Array.from({ length: perDay }, (_, i) => ({ store, date, sequential: seq++, void: i < voidsPerDay })));
    };
    const weeks = [20240305, 20240312, 20240319, 20240326];
    load(db, {
      'a.csv': rows('A', weeks.slice(0, 3).concat([20240327]), 30, 1), // silent on the 26th; 4 voids / 120
      'b.csv': rows('B', weeks, 30, 1),
      'c.csv': rows('C', weeks, 30, 4), // 16 voids / 120: over 3 × 1/30
    });
    const found = buildFindings(db, MARCH, { kinds: ['void_rate', 'silent_day'] });
    expect(found.findings).toEqual([
      {
        kind: 'void_rate',
        store: 'C',
        doc_type: null,
        series: null,
        from: null,
        to: null,
        date: '2024-03-31',
        detail: { voids: 16, documents: 120, rate: 0.1333, median_rate: 0.0333, stores_in_median: 3 },
        evidence: [],
      },
      {
        kind: 'silent_day',
        store: 'A',
        doc_type: null,
        series: null,
        from: null,
        to: null,
        date: '2024-03-26',
        detail: { documents_7_days_before: 30, documents_14_days_before: 30, documents_21_days_before: 30, other_stores: 2 },
        evidence: [],
      },
    ]);
    expect(buildFindings(db, MARCH, { store: 'B' }).findings).toEqual([]);
    expect(buildReport(db, MARCH).totals.findings).toMatchObject({ void_rate: 1, silent_day: 1, jump: 0 });
    // The report hands its series_days to void_rate (read over every store, whatever the filter): filtered to one store, the answer is the same.
    expect(buildReport(db, MARCH, { store: 'C' }).totals.findings).toMatchObject({ void_rate: 1 });
    expect(buildReport(db, MARCH, { store: 'B' }).totals.findings).toMatchObject({ void_rate: 0 });
  });
});

describe('the findings migration', () => {
  it('migrates a database of the previous schema in place, keeping its keys and descents', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smo-gaps-migrate-'));
    try {
      const path = join(dir, 'old.db');
      // A database as the previous version left it: migrate it fully, then roll this migration (and the runs columns after it) back by hand.
      const db = openDatabase(path);
      load(db, {
        'a.csv': [
          { sequential: 3, date: 20240305, accessKey: 'K'.repeat(49) },
          { sequential: 4, date: 20240302 },
        ],
      });
      load(db, { 'b.csv': [{ store: 'T', sequential: 1, accessKey: 'K'.repeat(49) }] });
      db.close();
      const raw = new Database(path);
      toPreviousLayout(raw);
      raw.exec(`DROP TABLE access_keys; DROP TABLE key_reuses; DROP TABLE descents; DROP INDEX invoices_authorised_after_issue; DROP INDEX series_days_by_series;
                ALTER TABLE invoices DROP COLUMN auth_date;
                DROP INDEX runs_by_status; DROP INDEX runs_by_batch;
                ALTER TABLE runs DROP COLUMN pid; ALTER TABLE runs DROP COLUMN host; ALTER TABLE runs DROP COLUMN batch;
                DROP TABLE declared_sales; DROP TABLE sales_imports; DROP TABLE leases; DROP TABLE lease_imports;
                ALTER TABLE runs DROP COLUMN amounts_unreadable; ALTER TABLE series_days DROP COLUMN sales_cents;
                ALTER TABLE invoices DROP COLUMN total_cents; ALTER TABLE invoices DROP COLUMN net_cents;
                PRAGMA user_version = ${FINDINGS_MIGRATION};`);
      raw.close();
      const again = openDatabase(path);
      expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(
        buildFindings(again, MARCH, { kinds: ['backdated', 'key_reuse'] }).findings.map((f) => [f.kind, f.store, f.from, f.to]),
      ).toEqual([
        ['backdated', 'S', 3, 4],
        ['key_reuse', 'T', 1, 1],
      ]);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
