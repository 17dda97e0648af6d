import type Database from 'better-sqlite3';
import { SCHEMA_VERSION } from '../../src/store/db.js';
import { BROWSING_VIEWS } from '../../src/store/views.js';

/** invoices_view as the releases before recent_blocks had it: over the `invoices` table or view. */
export const INVOICES_VIEW_OF_INVOICES = /DROP VIEW IF EXISTS invoices_view;[\s\S]*?(?=DROP VIEW IF EXISTS)/.exec(BROWSING_VIEWS)![0];

/** The schema version whose migration put the invoices in blocks (before the series' date range and recent_blocks). */
export const BLOCKS_MIGRATION = SCHEMA_VERSION - 3;

/**
 * Puts a database written by this release back into the invoice layout of the release before
 * the blocks: one row per invoice in a (series_id, seq) WITHOUT ROWID table, with the columns
 * and the partial index that release's migrations made (MIGRATIONS[0..BLOCKS_MIGRATION-1]),
 * the same values its writer stored (amount REAL = cents / 100), and without the series' date
 * range (the index on series_days by series in its place). A migration test then opens
 * the result as a database of the previous release.
 */
export function toPreviousLayout(raw: Database.Database): void {
  raw.exec(`
    CREATE TEMP TABLE copied AS
      SELECT series_id, seq, date, amount, void, access_key, run_id, line, auth_date, total_cents, net_cents FROM invoices;
    DROP VIEW invoices;
    DROP VIEW invoices_view;
    DROP TABLE invoice_blocks;
    DROP TABLE recent_blocks;
    DROP TABLE late_authorisations;
    CREATE TABLE invoices (
      series_id  INTEGER NOT NULL,
      seq        INTEGER NOT NULL,
      date       INTEGER NOT NULL,
      amount     REAL,
      void       INTEGER NOT NULL,
      access_key TEXT,
      run_id     INTEGER NOT NULL,
      line       INTEGER NOT NULL,
      auth_date  INTEGER,
      total_cents INTEGER,
      net_cents  INTEGER,
      PRIMARY KEY (series_id, seq)
    ) WITHOUT ROWID;
    INSERT INTO invoices SELECT * FROM temp.copied;
    DROP TABLE temp.copied;
    CREATE INDEX invoices_authorised_after_issue ON invoices (date) WHERE auth_date > date;
    ALTER TABLE series DROP COLUMN min_date;
    ALTER TABLE series DROP COLUMN max_date;
    CREATE INDEX series_days_by_series ON series_days (series_id, date);
    ${INVOICES_VIEW_OF_INVOICES}
    PRAGMA user_version = ${BLOCKS_MIGRATION};
  `);
}
