import type { DB } from '../store/db.js';
import { formatDay } from '../input/dates.js';
import type { Period } from './period.js';
import { checkStoreKnown } from './report.js';
import { DEFAULT_JUMP, isJump } from './jumps.js';
import { ReviewLookup, type ReviewPiece } from './reviews.js';

/** One gap of the period with everything the export's rows repeat. */
export interface MissingGap {
  store: string;
  doc_type: string;
  series: string;
  gap_from: number;
  gap_to: number;
  gap_count: number;
  prev_date: string;
  next_date: string;
  /** `gap`, or `jump` for a gap of more than --jump numbers (SPEC §9). */
  kind: 'gap' | 'jump';
  /** The gap cut by review (SPEC §10): status '' where nobody reviewed it. */
  reviews: ReviewPiece[];
}

/**
 * The period's gaps in the export's order (store, doc_type, series, sequential), read
 * lazily so a large history never sits in memory at once.
 */
export function* missingGaps(db: DB, period: Period, options: { store?: string; jump?: number } = {}): Generator<MissingGap> {
  checkStoreKnown(db, options.store);
  const jump = options.jump ?? DEFAULT_JUMP;
  const rows = db
    .prepare(
      `SELECT st.code AS store, g.series_id, se.doc_type, se.label AS series, g.from_seq, g.to_seq, g.prev_date, g.next_date
         FROM gaps g JOIN series se ON se.id = g.series_id JOIN stores st ON st.id = se.store_id
        WHERE g.next_date BETWEEN @from AND @to ${options.store === undefined ? '' : 'AND st.code = @store'}
        ORDER BY st.code, se.doc_type, se.label, g.from_seq`,
    )
    .iterate({ from: period.from, to: period.to, store: options.store }) as IterableIterator<{
    store: string;
    series_id: number;
    doc_type: string;
    series: string;
    from_seq: number;
    to_seq: number;
    prev_date: number;
    next_date: number;
  }>;
  const reviews = new ReviewLookup(db);
  for (const r of rows) {
    yield {
      store: r.store,
      doc_type: r.doc_type,
      series: r.series,
      gap_from: r.from_seq,
      gap_to: r.to_seq,
      gap_count: r.to_seq - r.from_seq + 1,
      prev_date: formatDay(r.prev_date),
      next_date: formatDay(r.next_date),
      kind: isJump(r.to_seq - r.from_seq + 1, jump) ? 'jump' : 'gap',
      reviews: reviews.pieces(r.series_id, r.from_seq, r.to_seq),
    };
  }
}

/** The export's columns, in SPEC §6's order. */
export const EXPORT_COLUMNS = [
  'store',
  'doc_type',
  'series',
  'sequential',
  'gap_from',
  'gap_to',
  'gap_count',
  'prev_date',
  'next_date',
  'listed',
  'kind',
  'review_status',
  'review_comment',
] as const;
export const RANGE_COLUMNS = EXPORT_COLUMNS.filter((c) => c !== 'sequential');

export type ExportRow = (string | number)[];

/**
 * One row per missing number, in the order of EXPORT_COLUMNS; a gap over `maxList`
 * numbers becomes one row flagged `range` with an empty sequential, so a typo jump to
 * 999,999,999 cannot write a billion rows. With `ranges`, one row per gap.
 */
export function* exportRows(gaps: Iterable<MissingGap>, options: { maxList: number; ranges: boolean }): Generator<ExportRow> {
  for (const g of gaps) {
    const tail = [g.gap_from, g.gap_to, g.gap_count, g.prev_date, g.next_date];
    if (options.ranges || g.gap_count > options.maxList) {
      const review = rangeReview(g.reviews);
      const row = [...tail, 'range', g.kind, review.status, review.comment];
      yield options.ranges ? [g.store, g.doc_type, g.series, ...row] : [g.store, g.doc_type, g.series, '', ...row];
    } else {
      for (const piece of g.reviews) {
        for (let seq = piece.from; seq <= piece.to; seq++) {
          yield [g.store, g.doc_type, g.series, seq, ...tail, 'number', g.kind, piece.status, piece.comment];
        }
      }
    }
  }
}

/**
 * A range row's review: the gap's when one review (or none) covers all of it, else `mixed`
 * (`review import` leaves a `mixed` row as it is; `review log` has the parts).
 */
export function rangeReview(pieces: readonly ReviewPiece[]): { status: string; comment: string } {
  if (pieces.length === 1) return { status: pieces[0].status, comment: pieces[0].comment };
  return { status: MIXED, comment: '' };
}

export const MIXED = 'mixed';
