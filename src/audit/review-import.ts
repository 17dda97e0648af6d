import type { DB } from '../store/db.js';
import type { ReviewFile, ReviewFileRow } from '../input/review-file.js';
import { findSeriesId } from '../store/reviews.js';
import { applyReview, parseStatus, REVIEW_STATUSES, type ReviewInput } from './reviews.js';
import { MIXED } from './missing.js';
import { InputError } from '../errors.js';

/**
 * `review import`: the rows of an edited export turned into reviews, all or nothing. A row
 * is identified by store, doc_type, series and sequential (gap_from..gap_to for a range
 * row), never by its dates, which Excel rewrites; a doc_type `1` is read as `01` and a
 * series `1-1` as `001-001`, as Excel leaves them. Rows with neither status nor comment
 * are skipped, and so is a range row still `mixed`. Consecutive numbers given the same
 * status and comment become one change, so the log has one row per run, not per number.
 */
export interface ImportOutcome {
  rows: number;
  skipped: number;
  unchanged: number;
  changes: number;
  logged: number;
}

const REQUIRED = ['store', 'doc_type', 'series', 'gap_from', 'gap_to', 'review_status'];

interface Pending {
  seriesId: number;
  input: ReviewInput;
  firstLine: number;
  lastLine: number;
}

export function importReviews(db: DB, path: string, file: ReviewFile, options: { by: string; at?: string }): ImportOutcome {
  const lacking = REQUIRED.filter((c) => !file.columns.has(c));
  if (lacking.length) {
    throw new InputError(`${path}: not an export CSV with reviews (no column ${lacking.join(', ')}; export writes them)`);
  }
  const at = options.at ?? new Date().toISOString();
  const fail = (row: ReviewFileRow, reason: string) => new InputError(`${path}: line ${row.line}: ${reason}`);
  const seriesIds = new Map<string, number | undefined>();
  const pending: Pending[] = [];
  let skipped = 0;

  for (const row of file.rows) {
    const statusText = row.cell('review_status');
    const comment = row.cell('review_comment');
    if (statusText === '' && comment === '') {
      skipped++;
      continue;
    }
    if (statusText.toLowerCase() === MIXED && comment === '') {
      skipped++;
      continue;
    }
    const status = parseStatus(statusText);
    if (status === undefined) {
      throw fail(
        row,
        statusText === ''
          ? 'review_comment given without a review_status'
          : `review_status '${statusText}': expected ${REVIEW_STATUSES.join(', ')}`,
      );
    }
    const store = row.cell('store');
    const docType = /^\d$/.test(row.cell('doc_type')) ? `0${row.cell('doc_type')}` : row.cell('doc_type');
    const key = `${store}\u0000${docType}\u0000${row.cell('series')}`;
    if (!seriesIds.has(key)) seriesIds.set(key, lookupSeries(db, store, docType, row.cell('series')));
    const found = seriesIds.get(key);
    if (found === undefined) throw fail(row, `no series ${store} / ${docType} / ${row.cell('series')} in the database`);
    const { from, to } = numbersOf(row, fail);
    const last = pending[pending.length - 1];
    if (last && last.seriesId === found && last.input.status === status && last.input.comment === comment && last.input.to + 1 === from) {
      last.input.to = to;
      last.lastLine = row.line;
      continue;
    }
    pending.push({
      seriesId: found,
      firstLine: row.line,
      lastLine: row.line,
      input: { store, docType, series: row.cell('series'), from, to, status, comment, by: options.by, at, source: '' },
    });
  }

  let changes = 0;
  let logged = 0;
  let unchanged = 0;
  db.transaction(() => {
    for (const p of pending) {
      p.input.source = `import ${path}:${p.firstLine}${p.lastLine === p.firstLine ? '' : `-${p.lastLine}`}`;
      const outcome = applyReview(db, p.seriesId, p.input);
      if (outcome.changed) {
        changes++;
        logged += outcome.logged;
      } else {
        unchanged++;
      }
    }
  }).immediate();
  return { rows: file.rows.length, skipped, unchanged, changes, logged };
}

/** A series as Excel may have left it: the label as exported, or with its parts' zeros restored. */
function lookupSeries(db: DB, store: string, docType: string, label: string): number | undefined {
  const exact = findSeriesId(db, { store, docType, series: label });
  if (exact !== undefined) return exact;
  const sri = /^(\d{1,3})-(\d{1,3})$/.exec(label);
  if (!sri) return undefined;
  return findSeriesId(db, { store, docType, series: `${sri[1].padStart(3, '0')}-${sri[2].padStart(3, '0')}` });
}

function numbersOf(row: ReviewFileRow, fail: (row: ReviewFileRow, reason: string) => InputError): { from: number; to: number } {
  const whole = (column: string): number => {
    const text = row.cell(column);
    if (!/^\d+$/.test(text) || Number(text) < 1) throw fail(row, `${column} '${text}' is not a whole number`);
    return Number(text);
  };
  const sequential = row.cell('sequential');
  if (sequential !== '' && row.cell('listed').toLowerCase() !== 'range') {
    const seq = whole('sequential');
    return { from: seq, to: seq };
  }
  const from = whole('gap_from');
  const to = whole('gap_to');
  if (to < from) throw fail(row, `gap_to ${to} is before gap_from ${from}`);
  return { from, to };
}
