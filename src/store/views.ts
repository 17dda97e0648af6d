import { BLOCK_TABLES, invoicesOf } from './invoice-blocks.js';

/**
 * Views for people who browse the database with SQLite tools (Datasette, sqlite-utils, the
 * sqlite3 shell): store codes and series labels instead of ids, dates as yyyy-MM-dd. Their
 * columns are part of the contract (README, "Browsing the database"). `review_status` is a
 * gap's review when one review covers all of it (as the export's range rows), `mixed` when its
 * numbers differ, NULL when none is reviewed. Until jumps and findings have tables of their own,
 * `jump` is a gap of more than 10,000 numbers and the findings are the conflicting duplicates and
 * the jumps; a later migration drops and recreates the views over those tables, same columns.
 */
export const BROWSING_VIEWS = `
  DROP VIEW IF EXISTS missing_numbers_by_gap;
  CREATE VIEW missing_numbers_by_gap AS
  SELECT st.code AS store, se.doc_type AS doc_type, se.label AS series,
         g.from_seq AS gap_from, g.to_seq AS gap_to, g.to_seq - g.from_seq + 1 AS gap_count,
         printf('%04d-%02d-%02d', g.prev_date / 10000, g.prev_date / 100 % 100, g.prev_date % 100) AS prev_date,
         printf('%04d-%02d-%02d', g.next_date / 10000, g.next_date / 100 % 100, g.next_date % 100) AS next_date,
         g.to_seq - g.from_seq + 1 > 10000 AS jump,
         CASE
           WHEN rv.reviews = 0 THEN NULL
           WHEN rv.covered = g.to_seq - g.from_seq + 1 AND rv.kinds = 1 THEN rv.status
           ELSE 'mixed'
         END AS review_status
  FROM gaps g
  JOIN (
    SELECT g2.series_id, g2.from_seq, count(r.series_id) AS reviews,
           sum(min(r.to_seq, g2.to_seq) - max(r.from_seq, g2.from_seq) + 1) AS covered,
           count(DISTINCT r.status || char(0) || r.comment) AS kinds, min(r.status) AS status
    FROM gaps g2
    LEFT JOIN reviews r ON r.series_id = g2.series_id AND r.to_seq >= g2.from_seq AND r.from_seq <= g2.to_seq
    GROUP BY g2.series_id, g2.from_seq
  ) rv ON rv.series_id = g.series_id AND rv.from_seq = g.from_seq
  JOIN series se ON se.id = g.series_id
  JOIN stores st ON st.id = se.store_id
  ORDER BY st.code, se.doc_type, se.label, g.from_seq;

  DROP VIEW IF EXISTS invoices_view;
  CREATE VIEW invoices_view AS
  SELECT st.code AS store, se.doc_type AS doc_type, se.label AS series, i.seq AS sequential,
         printf('%04d-%02d-%02d', i.date / 10000, i.date / 100 % 100, i.date % 100) AS date,
         i.amount AS amount, i.void AS void, i.access_key AS access_key,
         r.file AS file, i.line AS line, i.run_id AS run_id
  FROM invoices i
  JOIN series se ON se.id = i.series_id
  JOIN stores st ON st.id = se.store_id
  LEFT JOIN runs r ON r.id = i.run_id;

  DROP VIEW IF EXISTS findings_view;
  CREATE VIEW findings_view AS
  SELECT 'conflict' AS kind, st.code AS store, se.doc_type AS doc_type, se.label AS series,
         c.seq AS "from", c.seq AS "to",
         printf('%04d-%02d-%02d', c.kept_date / 10000, c.kept_date / 100 % 100, c.kept_date % 100) AS date,
         'kept_date=' || printf('%04d-%02d-%02d', c.kept_date / 10000, c.kept_date / 100 % 100, c.kept_date % 100) ||
           ' kept_amount=' || coalesce(c.kept_amount, '') || ' kept_void=' || c.kept_void ||
           ' dup_date=' || printf('%04d-%02d-%02d', c.dup_date / 10000, c.dup_date / 100 % 100, c.dup_date % 100) ||
           ' dup_amount=' || coalesce(c.dup_amount, '') || ' dup_void=' || c.dup_void AS detail,
         coalesce(kr.file, '?') || ':' || c.kept_line || ';' || coalesce(dr.file, '?') || ':' || c.dup_line AS evidence
  FROM conflicts c
  JOIN series se ON se.id = c.series_id
  JOIN stores st ON st.id = se.store_id
  LEFT JOIN runs kr ON kr.id = c.kept_run
  LEFT JOIN runs dr ON dr.id = c.dup_run
  UNION ALL
  SELECT 'jump', st.code, se.doc_type, se.label, g.from_seq, g.to_seq,
         printf('%04d-%02d-%02d', g.next_date / 10000, g.next_date / 100 % 100, g.next_date % 100),
         'count=' || (g.to_seq - g.from_seq + 1),
         coalesce(pr.file || ':' || p.line, '') || ';' || coalesce(nr.file || ':' || n.line, '')
  FROM gaps g
  JOIN series se ON se.id = g.series_id
  JOIN stores st ON st.id = se.store_id
  LEFT JOIN invoices p ON p.series_id = g.series_id AND p.seq = g.from_seq - 1
  LEFT JOIN runs pr ON pr.id = p.run_id
  LEFT JOIN invoices n ON n.series_id = g.series_id AND n.seq = g.to_seq + 1
  LEFT JOIN runs nr ON nr.id = n.run_id
  WHERE g.to_seq - g.from_seq + 1 > 10000;
`;

/**
 * invoices_view over both block tables (store/invoice-blocks.ts), one join per table: over the
 * `invoices` view, a UNION ALL, SQLite could not take a store and series condition into the join,
 * and `invoices_view WHERE store = … AND series = …` scanned all 10M invoices (7.5 s instead of
 * a few milliseconds).
 */
export const INVOICES_VIEW_OVER_BLOCKS = `
  DROP VIEW IF EXISTS invoices_view;
  CREATE VIEW invoices_view AS${BLOCK_TABLES.map(
    (table) => `
  SELECT st.code AS store, se.doc_type AS doc_type, se.label AS series, i.seq AS sequential,
         printf('%04d-%02d-%02d', i.date / 10000, i.date / 100 % 100, i.date % 100) AS date,
         i.amount AS amount, i.void AS void, i.access_key AS access_key,
         r.file AS file, i.line AS line, i.run_id AS run_id
  FROM (${invoicesOf(table)}) i
  JOIN series se ON se.id = i.series_id
  JOIN stores st ON st.id = se.store_id
  LEFT JOIN runs r ON r.id = i.run_id`,
  ).join('\n  UNION ALL')};
`;
