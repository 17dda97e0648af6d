import { BROWSING_VIEWS, INVOICES_VIEW_OVER_BLOCKS } from './views.js';
import { INVOICES_VIEW } from './invoice-blocks.js';

/** The `invoices` view as the blocks migration made it, over invoice_blocks alone (a released migration never changes). */
export const INVOICES_VIEW_OF_BLOCKS = `
  CREATE VIEW invoices AS
  SELECT b.series_id AS series_id, b.first_seq + (r.value ->> 0) AS seq, b.min_date + (r.value ->> 1) AS date,
         (r.value ->> 3) / 100.0 AS amount, coalesce(r.value ->> 4, 0) AS void, r.value ->> 6 AS access_key,
         b.run_id AS run_id, b.first_line + (r.value ->> 2) AS line, r.value ->> 7 AS auth_date,
         r.value ->> 3 AS total_cents, r.value ->> 5 AS net_cents
    FROM invoice_blocks b, json_each(b.rows) r;
`;

/**
 * The schema, one migration per version (PRAGMA user_version). Never edit a released
 * migration: add the next one.
 *
 * Dates are integers yyyymmdd (see input/dates.ts); timestamps are ISO-8601 text.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE stores (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE
  );

  -- The unit whose numbers must be consecutive, with its current sequential:
  -- the highest and lowest numbers seen, and their dates.
  CREATE TABLE series (
    id          INTEGER PRIMARY KEY,
    store_id    INTEGER NOT NULL REFERENCES stores(id),
    doc_type    TEXT NOT NULL,
    label       TEXT NOT NULL,
    first_seq   INTEGER,
    first_date  INTEGER,
    last_seq    INTEGER,
    last_date   INTEGER,
    last_run    INTEGER NOT NULL,
    UNIQUE (store_id, doc_type, label)
  );

  CREATE TABLE invoices (
    series_id  INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    date       INTEGER NOT NULL,
    amount     REAL,
    void       INTEGER NOT NULL,
    access_key TEXT,
    run_id     INTEGER NOT NULL,
    line       INTEGER NOT NULL,
    PRIMARY KEY (series_id, seq)
  ) WITHOUT ROWID;

  -- Open gaps: maximal runs of missing numbers from..to between two present invoices.
  -- A gap belongs to the period of next_date, the date of the invoice that revealed it.
  CREATE TABLE gaps (
    series_id  INTEGER NOT NULL,
    from_seq   INTEGER NOT NULL,
    to_seq     INTEGER NOT NULL,
    prev_date  INTEGER NOT NULL,
    next_date  INTEGER NOT NULL,
    opened_run INTEGER NOT NULL,
    PRIMARY KEY (series_id, from_seq)
  ) WITHOUT ROWID;
  CREATE INDEX gaps_by_next_date ON gaps (next_date);

  -- Invoices per series and issue day, kept as rows arrive, so that a period's counts
  -- never scan the invoices table.
  CREATE TABLE series_days (
    date      INTEGER NOT NULL,
    series_id INTEGER NOT NULL,
    invoices  INTEGER NOT NULL,
    voids     INTEGER NOT NULL,
    PRIMARY KEY (date, series_id)
  ) WITHOUT ROWID;

  -- Numbers that were missing and arrived in a later upload.
  CREATE TABLE late_arrivals (
    series_id         INTEGER NOT NULL,
    seq               INTEGER NOT NULL,
    date              INTEGER NOT NULL,
    run_id            INTEGER NOT NULL,
    missing_since_run INTEGER NOT NULL,
    gap_next_date     INTEGER NOT NULL,
    PRIMARY KEY (series_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX late_arrivals_by_date ON late_arrivals (date);

  -- The same number uploaded again with different content: the first is kept.
  CREATE TABLE conflicts (
    id          INTEGER PRIMARY KEY,
    series_id   INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    kept_date   INTEGER NOT NULL,
    kept_amount REAL,
    kept_void   INTEGER NOT NULL,
    kept_run    INTEGER NOT NULL,
    kept_line   INTEGER NOT NULL,
    dup_date    INTEGER NOT NULL,
    dup_amount  REAL,
    dup_void    INTEGER NOT NULL,
    dup_run     INTEGER NOT NULL,
    dup_line    INTEGER NOT NULL
  );
  CREATE INDEX conflicts_by_date ON conflicts (kept_date);
  CREATE INDEX conflicts_by_number ON conflicts (series_id, seq);

  CREATE TABLE runs (
    id              INTEGER PRIMARY KEY,
    file            TEXT NOT NULL,
    sha256          TEXT,
    size            INTEGER,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    status          TEXT NOT NULL,
    rows_read       INTEGER NOT NULL DEFAULT 0,
    loaded          INTEGER NOT NULL DEFAULT 0,
    already_present INTEGER NOT NULL DEFAULT 0,
    conflicts       INTEGER NOT NULL DEFAULT 0,
    rejected        INTEGER NOT NULL DEFAULT 0,
    gaps_opened     INTEGER NOT NULL DEFAULT 0,
    missing_opened  INTEGER NOT NULL DEFAULT 0,
    recovered_late  INTEGER NOT NULL DEFAULT 0,
    encoding        TEXT,
    message         TEXT
  );
  CREATE INDEX runs_by_sha256 ON runs (sha256);

  CREATE TABLE rejects (
    run_id INTEGER NOT NULL,
    line   INTEGER NOT NULL,
    reason TEXT NOT NULL,
    raw    TEXT NOT NULL
  );
  CREATE INDEX rejects_by_run ON rejects (run_id);
  `,
  `
  -- Reviews belong to numbers, not to gaps: the current review of each number, as disjoint
  -- ranges per series, so a late arrival that splits a gap leaves the rest with theirs.
  CREATE TABLE reviews (
    series_id   INTEGER NOT NULL,
    from_seq    INTEGER NOT NULL,
    to_seq      INTEGER NOT NULL,
    status      TEXT NOT NULL,
    comment     TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    log_id      INTEGER NOT NULL,
    PRIMARY KEY (series_id, from_seq)
  ) WITHOUT ROWID;

  -- Every change, append-only: one row per run of numbers whose previous status was one.
  CREATE TABLE review_log (
    id          INTEGER PRIMARY KEY,
    change_id   INTEGER NOT NULL,
    series_id   INTEGER NOT NULL,
    from_seq    INTEGER NOT NULL,
    to_seq      INTEGER NOT NULL,
    old_status  TEXT,
    old_comment TEXT,
    new_status  TEXT NOT NULL,
    comment     TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    source      TEXT NOT NULL
  );
  CREATE TRIGGER review_log_append_only_update BEFORE UPDATE ON review_log
    BEGIN SELECT RAISE(ABORT, 'review_log is append-only'); END;
  CREATE TRIGGER review_log_append_only_delete BEFORE DELETE ON review_log
    BEGIN SELECT RAISE(ABORT, 'review_log is append-only'); END;

  -- Reports as they were issued (report --save, run daily|monthly).
  CREATE TABLE snapshots (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    period_from INTEGER NOT NULL,
    period_to   INTEGER NOT NULL,
    store       TEXT,
    top         INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    version     TEXT NOT NULL,
    json        TEXT NOT NULL,
    sha256      TEXT NOT NULL
  );
  `,
  // Findings beyond gaps (SPEC §9): what their evidence needs, kept as rows arrive.
  `
  -- FECHA_AUTORIZACION of SRI portal rows (yyyymmdd), null when the export has none. The
  -- partial index holds only invoices authorised after their issue day: the candidates of
  -- late_authorisation, so a period's query never scans the invoices.
  ALTER TABLE invoices ADD COLUMN auth_date INTEGER;
  CREATE INDEX invoices_authorised_after_issue ON invoices (date) WHERE auth_date > date;

  -- Where each access key was first seen (its store, series and number).
  CREATE TABLE access_keys (
    key       TEXT PRIMARY KEY,
    store_id  INTEGER NOT NULL,
    series_id INTEGER NOT NULL,
    seq       INTEGER NOT NULL
  ) WITHOUT ROWID;

  -- An access key met on a present invoice of a second store: one row per key.
  CREATE TABLE key_reuses (
    key       TEXT PRIMARY KEY,
    series_id INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    date      INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX key_reuses_by_date ON key_reuses (date);

  -- Adjacent present numbers of a series whose dates go back: the number seq is dated
  -- earlier than lower_seq, the next lower present number. Kept as rows arrive, like gaps.
  CREATE TABLE descents (
    series_id  INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    lower_seq  INTEGER NOT NULL,
    date       INTEGER NOT NULL,
    lower_date INTEGER NOT NULL,
    PRIMARY KEY (series_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX descents_by_date ON descents (date);

  -- A store's first and last invoice dates (silent_day) by seeks, not a scan of the day counts.
  CREATE INDEX series_days_by_series ON series_days (series_id, date);

  -- Each access key already loaded becomes its first sighting.
  INSERT OR IGNORE INTO access_keys (key, store_id, series_id, seq)
    SELECT i.access_key, se.store_id, i.series_id, i.seq
      FROM invoices i JOIN series se ON se.id = i.series_id
     WHERE i.access_key IS NOT NULL
     ORDER BY i.run_id, i.line;
  INSERT OR IGNORE INTO key_reuses (key, series_id, seq, date)
    SELECT i.access_key, i.series_id, i.seq, i.date
      FROM invoices i JOIN series se ON se.id = i.series_id JOIN access_keys k ON k.key = i.access_key
     WHERE se.store_id <> k.store_id
     ORDER BY i.run_id, i.line;
  -- And the descents of the invoices already loaded.
  INSERT INTO descents (series_id, seq, lower_seq, date, lower_date)
    SELECT series_id, seq, lower_seq, date, lower_date FROM (
      SELECT series_id, seq, date,
             lag(seq) OVER (PARTITION BY series_id ORDER BY seq) AS lower_seq,
             lag(date) OVER (PARTITION BY series_id ORDER BY seq) AS lower_date
        FROM invoices)
     WHERE lower_seq IS NOT NULL AND date < lower_date;
  `,
  // 4: money (SPEC §8). Amounts in integer cents: the total and the pre-tax amount of each
  // invoice (the REAL amount stays, for the duplicate check); each series-day's sales value
  // (non-void invoices), so a month's invoiced sales never scan the invoices; the lease
  // register and the declared sales, with the imports that brought them.
  `
  ALTER TABLE invoices ADD COLUMN total_cents INTEGER;
  ALTER TABLE invoices ADD COLUMN net_cents INTEGER;
  UPDATE invoices SET total_cents = CAST(round(amount * 100) AS INTEGER) WHERE amount IS NOT NULL;

  ALTER TABLE series_days ADD COLUMN sales_cents INTEGER NOT NULL DEFAULT 0;
  UPDATE series_days SET sales_cents = a.sales
    FROM (SELECT series_id, date, sum(total_cents) AS sales FROM invoices
           WHERE void = 0 AND total_cents IS NOT NULL GROUP BY series_id, date) AS a
   WHERE a.series_id = series_days.series_id AND a.date = series_days.date;

  -- Rows loaded whose amount could not be read (loaded without one, counted under a warning).
  ALTER TABLE runs ADD COLUMN amounts_unreadable INTEGER NOT NULL DEFAULT 0;

  CREATE TABLE lease_imports (
    id          INTEGER PRIMARY KEY,
    file        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    leases      INTEGER NOT NULL
  );

  -- The lease register: replaced whole by each import. Store codes need not be known yet.
  -- Months are 'YYYY-MM'; to_month NULL is open-ended; rate is an exact decimal fraction.
  CREATE TABLE leases (
    id            INTEGER PRIMARY KEY,
    import_id     INTEGER NOT NULL REFERENCES lease_imports(id),
    line          INTEGER NOT NULL,
    store         TEXT NOT NULL,
    scheme        TEXT NOT NULL CHECK (scheme IN ('commission', 'fixed')),
    rate          TEXT,
    minimum_cents INTEGER NOT NULL,
    from_month    TEXT NOT NULL,
    to_month      TEXT
  );
  CREATE INDEX leases_by_store ON leases (store, from_month);

  CREATE TABLE sales_imports (
    id          INTEGER PRIMARY KEY,
    file        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    figures     INTEGER NOT NULL
  );

  -- The sales each store declared for a month; a later import replaces the figure.
  CREATE TABLE declared_sales (
    store          TEXT NOT NULL,
    month          TEXT NOT NULL,
    declared_cents INTEGER NOT NULL,
    import_id      INTEGER NOT NULL REFERENCES sales_imports(id),
    line           INTEGER NOT NULL,
    PRIMARY KEY (store, month)
  ) WITHOUT ROWID;
  `,
  // Who runs a load (so the next writer can tell a dead one and mark it interrupted), and the
  // scheduled run it belongs to (`run daily` writes the day's rejects from the table).
  `
  ALTER TABLE runs ADD COLUMN pid INTEGER;
  ALTER TABLE runs ADD COLUMN host TEXT;
  ALTER TABLE runs ADD COLUMN batch TEXT;
  CREATE INDEX runs_by_status ON runs (status);
  CREATE INDEX runs_by_batch ON runs (batch);
  `,
  BROWSING_VIEWS,
  // The invoices in blocks (SPEC §7, store/invoice-blocks.ts): a load appends a row per block
  // of up to 256 invoices of one series and run, spanning fewer than 1024 numbers (BLOCK_SPAN),
  // instead of an index entry per invoice. The
  // `invoices` view keeps every column the table had, for SQL and for the browsing views.
  // The invoices authorised after their issue day (late_authorisation's candidates) get a
  // table of their own in place of the partial index.
  `
  CREATE TABLE invoice_blocks (
    id         INTEGER PRIMARY KEY,
    series_id  INTEGER NOT NULL,
    first_seq  INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL,
    run_id     INTEGER NOT NULL,
    first_line INTEGER NOT NULL,
    min_date   INTEGER NOT NULL,
    max_date   INTEGER NOT NULL,
    rows       TEXT NOT NULL
  );
  CREATE INDEX invoice_blocks_by_first ON invoice_blocks (series_id, first_seq, last_seq);

  CREATE TABLE late_authorisations (
    series_id INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    date      INTEGER NOT NULL,
    auth_date INTEGER NOT NULL,
    run_id    INTEGER NOT NULL,
    line      INTEGER NOT NULL,
    PRIMARY KEY (series_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX late_authorisations_by_date ON late_authorisations (date);

  INSERT INTO late_authorisations (series_id, seq, date, auth_date, run_id, line)
    SELECT series_id, seq, date, auth_date, run_id, line FROM invoices WHERE auth_date > date;

  INSERT INTO invoice_blocks (series_id, first_seq, last_seq, run_id, first_line, min_date, max_date, rows)
    SELECT i.series_id, b.first_seq, max(i.seq), i.run_id, b.first_line, b.min_date, max(i.date),
           json_group_array(json_array(i.seq - b.first_seq, i.date - b.min_date, i.line - b.first_line, i.total_cents,
                                       i.void, i.net_cents, i.access_key, i.auth_date) ORDER BY i.seq)
      FROM invoices i
      JOIN (SELECT series_id, run_id, seq / 256 AS part, min(seq) AS first_seq, min(line) AS first_line,
                   min(date) AS min_date
              FROM invoices GROUP BY series_id, run_id, seq / 256) b
        ON b.series_id = i.series_id AND b.run_id = i.run_id AND b.part = i.seq / 256
     GROUP BY i.series_id, i.run_id, i.seq / 256;

  DROP INDEX invoices_authorised_after_issue;
  DROP TABLE invoices;
  ${INVOICES_VIEW_OF_BLOCKS}
  `,
  // A series' earliest and latest issue dates, kept by the writer as it writes each batch:
  // silent days read them here instead of seeking series_days_by_series, an index that
  // doubled the cost of writing the day totals (600,000 rows on the 10M benchmark: 1.3 s → 0.65 s).
  `
  ALTER TABLE series ADD COLUMN min_date INTEGER;
  ALTER TABLE series ADD COLUMN max_date INTEGER;
  UPDATE series SET min_date = (SELECT min(d.date) FROM series_days d WHERE d.series_id = series.id),
                    max_date = (SELECT max(d.date) FROM series_days d WHERE d.series_id = series.id);
  DROP INDEX series_days_by_series;
  `,
  // The newest small loads' blocks, with an index of their own (RecentLimits in
  // store/invoice-blocks.ts): a daily load no longer rewrites every page of invoice_blocks_by_first.
  // The `invoices` view lists the invoices of both tables; so does invoices_view, one join per table.
  `
  CREATE TABLE recent_blocks (
    id         INTEGER PRIMARY KEY,
    series_id  INTEGER NOT NULL,
    first_seq  INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL,
    run_id     INTEGER NOT NULL,
    first_line INTEGER NOT NULL,
    min_date   INTEGER NOT NULL,
    max_date   INTEGER NOT NULL,
    rows       TEXT NOT NULL
  );
  CREATE INDEX recent_blocks_by_first ON recent_blocks (series_id, first_seq, last_seq);
  DROP VIEW invoices;
  ${INVOICES_VIEW}
  ${INVOICES_VIEW_OVER_BLOCKS}
  `,
];
