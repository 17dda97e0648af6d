import type { DB } from '../../store/db.js';
import { InvoiceLookup, type StoredInvoice } from '../../store/invoice-blocks.js';
import type { Period } from '../period.js';
import { medianCents, type Cents } from './rules.js';
import { ReviewLookup } from '../reviews.js';
import { DEFAULT_JUMP, isJump } from '../jumps.js';

/**
 * The gaps whose numbers count for money in a period (attribution rule of SPEC §2: by the
 * next invoice's date), with what may not be counted.
 *
 * THE ONE PLACE where jumps (SPEC §9, `--jump N`) and numbers reviewed `explained` (SPEC §10)
 * are taken out of money: `missing` and `estimated_unreported` follow everywhere (money,
 * report, HTML, run monthly). Numbers reviewed `explained` are counted here from the review
 * ranges, jumps by the one jump rule (audit/jumps.ts, `--jump N`, default 10,000).
 */
export interface CountableGap {
  store: string;
  seriesId: number;
  docType: string;
  from: number;
  to: number;
  count: number;
  nextDate: number;
  /** A jump (§9): left out of `missing` and of money. */
  jump: boolean;
  /** Numbers of the gap reviewed `explained` (§10): left out of the estimate. */
  explained: number;
}

export function countableGaps(db: DB, period: Period, store?: string, jump: number = DEFAULT_JUMP): CountableGap[] {
  const rows = db
    .prepare(
      `SELECT st.code AS store, g.series_id, se.doc_type, g.from_seq, g.to_seq, g.next_date
         FROM gaps g JOIN series se ON se.id = g.series_id JOIN stores st ON st.id = se.store_id
        WHERE g.next_date BETWEEN @from AND @to AND (@store IS NULL OR st.code = @store)
        ORDER BY st.code, g.series_id, g.from_seq`,
    )
    .all({ from: period.from, to: period.to, store: store ?? null }) as {
    store: string;
    series_id: number;
    doc_type: string;
    from_seq: number;
    to_seq: number;
    next_date: number;
  }[];
  const reviews = new ReviewLookup(db);
  return rows.map((g) => ({
    store: g.store,
    seriesId: g.series_id,
    docType: g.doc_type,
    from: g.from_seq,
    to: g.to_seq,
    count: g.to_seq - g.from_seq + 1,
    nextDate: g.next_date,
    jump: isJump(g.to_seq - g.from_seq + 1, jump),
    explained: reviews.explained(g.series_id, g.from_seq, g.to_seq),
  }));
}

/** Nearest present, non-void invoices with an amount taken on each side of a gap for its median ticket. */
export const MEDIAN_NEIGHBOURS = 50;

/** A statement pair for the median ticket: prepared once per computation. */
export function medianTicketReader(db: DB): (gap: { seriesId: number; from: number; to: number }) => Cents {
  const invoices = new InvoiceLookup(db);
  const bounds = db.prepare(`SELECT first_seq, last_seq FROM series WHERE id = ?`);
  const value = (i: StoredInvoice) => i.netCents ?? i.totalCents;
  const keep = (i: StoredInvoice) => i.void === 0 && value(i) !== null;
  return (gap) => {
    const { first_seq, last_seq } = bounds.get(gap.seriesId) as { first_seq: number; last_seq: number };
    const below = invoices.nearest(gap.seriesId, gap.from, -1, MEDIAN_NEIGHBOURS, first_seq, keep);
    const above = invoices.nearest(gap.seriesId, gap.to, 1, MEDIAN_NEIGHBOURS, last_seq, keep);
    return medianCents([...below, ...above].map((i) => value(i) as Cents));
  };
}

/** The numbers of a gap that the estimate counts: type-01 gaps, not jumps, less the explained numbers. */
export function estimableNumbers(gap: CountableGap): number {
  if (gap.docType !== '01' || gap.jump) return 0;
  return gap.count - gap.explained;
}

/** Σ numbers × median ticket over the period's countable gaps, per store (the report's `estimated_unreported`). */
export function estimatedUnreportedByStore(db: DB, period: Period, store?: string, jump: number = DEFAULT_JUMP): Map<string, Cents> {
  const median = medianTicketReader(db);
  const result = new Map<string, Cents>();
  for (const gap of countableGaps(db, period, store, jump)) {
    const numbers = estimableNumbers(gap);
    if (numbers <= 0) continue;
    result.set(gap.store, (result.get(gap.store) ?? 0) + numbers * median(gap));
  }
  return result;
}
