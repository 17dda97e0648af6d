import type { DB } from './db.js';

/**
 * The SQL of reviews: the current review of each number as disjoint ranges per series
 * (`reviews`), and the append-only history of every change (`review_log`). The range
 * arithmetic that decides what to write is audit/reviews.ts's.
 */
export interface StoredReview {
  from_seq: number;
  to_seq: number;
  status: string;
  comment: string;
  reviewer: string;
  reviewed_at: string;
  log_id: number;
}

export interface SeriesKey {
  store: string;
  docType: string;
  series: string;
}

/** The id of a series, if the database has it. */
export function findSeriesId(db: DB, key: SeriesKey): number | undefined {
  const row = db
    .prepare(
      `SELECT se.id FROM series se JOIN stores st ON st.id = se.store_id
        WHERE st.code = ? AND se.doc_type = ? AND se.label = ?`,
    )
    .get(key.store, key.docType, key.series) as { id: number } | undefined;
  return row?.id;
}

/** The reviews of a series that touch from..to, in number order. */
export function reviewsOverlapping(db: DB, seriesId: number, from: number, to: number): StoredReview[] {
  return db
    .prepare(
      `SELECT from_seq, to_seq, status, comment, reviewer, reviewed_at, log_id FROM reviews
        WHERE series_id = ? AND from_seq <= ? AND to_seq >= ? ORDER BY from_seq`,
    )
    .all(seriesId, to, from) as StoredReview[];
}

/** Every review of a series, in number order. */
export function reviewsOfSeries(db: DB, seriesId: number): StoredReview[] {
  return db
    .prepare(
      `SELECT from_seq, to_seq, status, comment, reviewer, reviewed_at, log_id FROM reviews
        WHERE series_id = ? ORDER BY from_seq`,
    )
    .all(seriesId) as StoredReview[];
}

/** Replaces the reviews of a series that touch from..to with `rows` (which cover what they covered, and more). */
export function replaceReviews(db: DB, seriesId: number, from: number, to: number, rows: readonly StoredReview[]): void {
  db.prepare(`DELETE FROM reviews WHERE series_id = ? AND from_seq <= ? AND to_seq >= ?`).run(seriesId, to, from);
  const insert = db.prepare(
    `INSERT INTO reviews (series_id, from_seq, to_seq, status, comment, reviewer, reviewed_at, log_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of rows) insert.run(seriesId, r.from_seq, r.to_seq, r.status, r.comment, r.reviewer, r.reviewed_at, r.log_id);
}

export interface LogEntry {
  changeId: number;
  seriesId: number;
  from: number;
  to: number;
  oldStatus: string | null;
  oldComment: string | null;
  newStatus: string;
  comment: string;
  reviewer: string;
  at: string;
  source: string;
}

export function nextChangeId(db: DB): number {
  return (db.prepare(`SELECT coalesce(max(change_id), 0) + 1 AS id FROM review_log`).get() as { id: number }).id;
}

/** Appends one row to the log; returns its id. */
export function appendLog(db: DB, e: LogEntry): number {
  const row = db
    .prepare(
      `INSERT INTO review_log (change_id, series_id, from_seq, to_seq, old_status, old_comment, new_status, comment, reviewer, reviewed_at, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(e.changeId, e.seriesId, e.from, e.to, e.oldStatus, e.oldComment, e.newStatus, e.comment, e.reviewer, e.at, e.source) as {
    id: number;
  };
  return row.id;
}

/** One row of the log with its store and series, as `review log` and the evidence pack show it. */
export interface LogRow {
  id: number;
  change: number;
  at: string;
  by: string;
  store: string;
  doc_type: string;
  series: string;
  from: number;
  to: number;
  old_status: string | null;
  new_status: string;
  old_comment: string | null;
  comment: string;
  source: string;
}

/** The log's columns, for `review log --format csv` and the evidence pack's reviews.csv. */
export const LOG_COLUMNS = [
  'id',
  'change',
  'at',
  'by',
  'store',
  'doc_type',
  'series',
  'from',
  'to',
  'old_status',
  'new_status',
  'old_comment',
  'comment',
  'source',
] as const;

/** The whole log in the order it was written, optionally for one store. */
export function logRows(db: DB, options: { store?: string } = {}): LogRow[] {
  return db
    .prepare(
      `SELECT l.id, l.change_id AS change, l.reviewed_at AS at, l.reviewer AS by, st.code AS store, se.doc_type, se.label AS series,
              l.from_seq AS "from", l.to_seq AS "to", l.old_status, l.new_status, l.old_comment, l.comment, l.source
         FROM review_log l JOIN series se ON se.id = l.series_id JOIN stores st ON st.id = se.store_id
        ${options.store === undefined ? '' : 'WHERE st.code = @store'}
        ORDER BY l.id`,
    )
    .all(options.store === undefined ? {} : { store: options.store }) as LogRow[];
}
