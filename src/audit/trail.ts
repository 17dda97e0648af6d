import type { DB } from '../store/db.js';
import { formatDay } from '../input/dates.js';
import type { GapEntry } from './report.js';

/**
 * The evidence around a gap: the present invoices just before and just after it (the one
 * that closes the numbering before the hole and the one that revealed it), with the file
 * and line each was loaded from, so an auditor can open the export at that line.
 */
export interface InvoiceRef {
  sequential: number;
  date: string;
  amount: number | null;
  void: boolean;
  file: string;
  line: number;
}

export interface GapTrail {
  doc_type: string;
  series: string;
  from: number;
  to: number;
  prev: InvoiceRef | null;
  next: InvoiceRef | null;
}

/** The neighbours of each of a store's gaps, in the order given. */
export function gapTrails(db: DB, store: string, gaps: readonly Pick<GapEntry, 'doc_type' | 'series' | 'from' | 'to'>[]): GapTrail[] {
  const lookup = db.prepare(
    `SELECT i.seq, i.date, i.amount, i.void, r.file, i.line
       FROM invoices i
       JOIN series se ON se.id = i.series_id JOIN stores st ON st.id = se.store_id
       JOIN runs r ON r.id = i.run_id
      WHERE st.code = @store AND se.doc_type = @doc_type AND se.label = @series AND i.seq = @seq`,
  );
  const invoice = (doc_type: string, series: string, seq: number): InvoiceRef | null => {
    const row = lookup.get({ store, doc_type, series, seq }) as
      | { seq: number; date: number; amount: number | null; void: number; file: string; line: number }
      | undefined;
    return row
      ? { sequential: row.seq, date: formatDay(row.date), amount: row.amount, void: row.void === 1, file: row.file, line: row.line }
      : null;
  };
  return gaps.map((g) => ({
    doc_type: g.doc_type,
    series: g.series,
    from: g.from,
    to: g.to,
    prev: invoice(g.doc_type, g.series, g.from - 1),
    next: invoice(g.doc_type, g.series, g.to + 1),
  }));
}
