import type { DB } from './db.js';
import type { InvoiceRow } from '../input/rows.js';
import { SeriesMap } from '../series-map.js';
import { planBatch, splitGap, type Gap, type Present, type SeriesBounds } from './gaps.js';
import { descentsIn } from './descents.js';
import { BatchedInsert, placeholders } from './batched-insert.js';
import { BLOCK_ROWS, InvoiceLookup, RECENT, type NewInvoice, type RecentLimits, type StoredInvoice } from './invoice-blocks.js';
import { PendingInvoices } from './pending-invoices.js';
import { DayTotals, type SeriesDays } from './day-totals.js';

/** What became of the rows of one ingest. */
export interface WriteCounts {
  loaded: number;
  voids: number;
  alreadyPresent: number;
  conflicts: number;
  recoveredLate: number;
}

interface SeriesEntry {
  id: number;
  storeId: number;
  bounds: SeriesBounds | undefined;
  /** The invoices of the current batch: not yet written, nor in the gap bookkeeping. */
  pending: PendingInvoices;
  /** Invoices, voids and sales value in cents (non-void) of the load per issue date. */
  days: SeriesDays;
}

/**
 * Rows between two passes of gap bookkeeping: large enough to amortise, small enough for memory
 * (a batch's rows take about 45 bytes each). In a mall-wide export a batch is shared by every
 * series, so its size sets the size of the blocks written: 50,000 rows over 599 series gave
 * blocks of 83 invoices on the 10M date-ordered benchmark, 250,000 give blocks of about 230 (2.3×
 * fewer block rows, for 12 MB more at the peak).
 */
export const BATCH_ROWS = 250_000;

/**
 * Writes the invoices of one ingest run and keeps every touched series' current sequential
 * and open gaps up to date, batch by batch, so the cost follows the new rows and never
 * the history. Call inside the run's transaction; call flush() before committing.
 */
export class InvoiceWriter {
  readonly counts: WriteCounts = { loaded: 0, voids: 0, alreadyPresent: 0, conflicts: 0, recoveredLate: 0 };
  /** Series met so far. */
  private readonly series = new SeriesMap<SeriesEntry>();
  /** Series met so far by the reader's seriesKey (InvoiceRow), for rows that have one. */
  private readonly byKey: SeriesEntry[] = [];
  private readonly touched = new Set<SeriesEntry>();
  private pendingRows = 0;
  private readonly sql;
  private readonly stored: InvoiceLookup;
  private readonly dayTotals = new DayTotals();
  /** Blocks in invoice_blocks (its rows are never deleted: the highest id counts them) and in recent_blocks. */
  private settledBlocks: number;
  private recentBlocks: number;

  constructor(
    db: DB,
    private readonly runId: number,
    /** Rows per pass of gap bookkeeping (tests make it small, to cross batch boundaries cheaply). */
    private readonly batchRows = BATCH_ROWS,
    /** When a batch goes to recent_blocks (tests make the limits large, to move them often). */
    private readonly recent: RecentLimits = RECENT,
  ) {
    this.stored = new InvoiceLookup(db);
    this.settledBlocks = db.prepare(`SELECT coalesce(max(id), 0) FROM invoice_blocks`).pluck().get() as number;
    this.recentBlocks = db.prepare(`SELECT count(*) FROM recent_blocks`).pluck().get() as number;
    const blockColumns = 'series_id, first_seq, last_seq, run_id, first_line, min_date, max_date, rows';
    this.sql = {
      // Looked up before inserting: an upsert rewrote every known store's row and index entry,
      // 3–8 ms of a daily run on 10M (300 stores), against 1–2 ms for the look-ups.
      findStore: db.prepare(`SELECT id FROM stores WHERE code = ?`).pluck(),
      addStore: db.prepare(`INSERT INTO stores (code) VALUES (?) RETURNING id`).pluck(),
      findSeries: db.prepare(
        `SELECT id, first_seq, first_date, last_seq, last_date FROM series
          WHERE store_id = ? AND doc_type = ? AND label = ?`,
      ),
      addSeries: db.prepare(`INSERT INTO series (store_id, doc_type, label, last_run) VALUES (?, ?, ?, ?) RETURNING id`),
      updateSeries: db.prepare(
        `UPDATE series SET first_seq = ?, first_date = ?, last_seq = ?, last_date = ?, last_run = ?,
                min_date = coalesce(min(min_date, ?), ?), max_date = coalesce(max(max_date, ?), ?) WHERE id = ?`,
      ),
      block: db.prepare(`INSERT INTO invoice_blocks (${blockColumns}) VALUES (?, ?, ?, ${runId}, ?, ?, ?, CAST(? AS TEXT))`),
      recentBlock: db.prepare(`INSERT INTO recent_blocks (${blockColumns}) VALUES (?, ?, ?, ${runId}, ?, ?, ?, CAST(? AS TEXT))`),
      // In index order, so that the large index takes them in one pass from its first page to its last.
      settleRecent: db.prepare(
        `INSERT INTO invoice_blocks (${blockColumns}) SELECT ${blockColumns} FROM recent_blocks ORDER BY series_id, first_seq`,
      ),
      clearRecent: db.prepare(`DELETE FROM recent_blocks`),
      lateAuthorisation: db.prepare(
        `INSERT INTO late_authorisations (series_id, seq, date, auth_date, run_id, line) VALUES (?, ?, ?, ?, ${runId}, ?)`,
      ),
      knownConflict: db.prepare(
        `SELECT 1 FROM conflicts WHERE series_id = ? AND seq = ? AND dup_date = ? AND dup_void = ?
            AND (dup_amount IS ? OR abs(dup_amount - ?) < 0.005)`,
      ),
      conflict: db.prepare(
        `INSERT INTO conflicts (series_id, seq, kept_date, kept_amount, kept_void, kept_run, kept_line,
                                dup_date, dup_amount, dup_void, dup_run, dup_line)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      gapAt: db.prepare(
        `SELECT from_seq, to_seq, prev_date, next_date, opened_run FROM gaps
          WHERE series_id = ? AND from_seq <= ? ORDER BY from_seq DESC LIMIT 1`,
      ),
      addGap: db.prepare(`INSERT INTO gaps (series_id, from_seq, to_seq, prev_date, next_date, opened_run) VALUES (?, ?, ?, ?, ?, ?)`),
      dropGap: db.prepare(`DELETE FROM gaps WHERE series_id = ? AND from_seq = ?`),
      late: db.prepare(
        `INSERT INTO late_arrivals (series_id, seq, date, run_id, missing_since_run, gap_next_date)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      addKey: db.prepare(`INSERT INTO access_keys (key, store_id, series_id, seq) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
      keyStore: db.prepare(`SELECT store_id FROM access_keys WHERE key = ?`).pluck(),
      keyReuse: db.prepare(`INSERT INTO key_reuses (key, series_id, seq, date) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
      addDescent: db.prepare(`INSERT OR REPLACE INTO descents (series_id, seq, lower_seq, date, lower_date) VALUES (?, ?, ?, ?, ?)`),
      dropDescent: db.prepare(`DELETE FROM descents WHERE series_id = ? AND seq = ?`),
      day: new BatchedInsert(
        db,
        (rows) =>
          `INSERT INTO series_days (date, series_id, invoices, voids, sales_cents) VALUES ${placeholders(rows, 5)}
           ON CONFLICT (date, series_id) DO UPDATE
             SET invoices = invoices + excluded.invoices, voids = voids + excluded.voids,
                 sales_cents = sales_cents + excluded.sales_cents`,
        5,
      ),
    };
  }

  /** Writes one invoice: loaded, already present (identical), or a conflicting duplicate. */
  add(row: InvoiceRow): 'loaded' | 'present' | 'conflict' {
    const key = row.seriesKey;
    let entry = key === undefined ? undefined : this.byKey[key];
    if (entry === undefined) {
      entry = this.entryFor(row.store, row.docType, row.series);
      if (key !== undefined) this.byKey[key] = entry;
    }
    const seq = row.sequential;
    const isVoid = row.void ? 1 : 0;
    const totalCents = row.amount === null ? null : Math.round(row.amount * 100);
    const netCents = row.net == null ? null : Math.round(row.net * 100);
    const kept = entry.pending.find(seq) ?? (this.isMissing(entry, seq) ? undefined : this.stored.at(entry.id, seq));
    if (kept) return this.duplicate(entry, kept, row, totalCents);
    entry.pending.add(seq, row.date, row.line, totalCents, netCents, isVoid, row.accessKey, row.authDate);
    if (row.accessKey !== null) this.sightKey(entry, row);
    if (row.authDate !== null && row.authDate > row.date) this.sql.lateAuthorisation.run(entry.id, seq, row.date, row.authDate, row.line);
    this.counts.loaded++;
    if (row.void) this.counts.voids++;
    // The sales value (SPEC §8): the pre-tax amount when known, else the total; voids have none.
    const sales = isVoid ? 0 : (netCents ?? totalCents ?? 0);
    entry.days.add(row.date, isVoid, sales);
    if (entry.pending.count === 1) this.touched.add(entry);
    if (++this.pendingRows >= this.batchRows) {
      this.flushBatch();
      if (this.dayTotals.full) this.writeDays();
    }
    return 'loaded';
  }

  /**
   * Whether a number not in the current batch is missing from the series: outside its bounds,
   * or inside an open gap. Nearly every row of a load is above its series' last number, so it
   * needs no look-up at all; a number inside the bounds costs one probe of the gaps.
   */
  private isMissing(entry: SeriesEntry, seq: number): boolean {
    const bounds = entry.bounds;
    if (!bounds || seq > bounds.last.seq || seq < bounds.first.seq) return true;
    const gap = this.sql.gapAt.get(entry.id, seq) as { to_seq: number } | undefined;
    return gap !== undefined && gap.to_seq >= seq;
  }

  /** Brings invoices, gaps, bounds and day counts up to date with every row added so far. */
  flush(): void {
    this.flushBatch();
    this.writeDays();
  }

  /** Writes the batch's invoices and brings gaps and bounds up to date with them. */
  private flushBatch(): void {
    const recent = this.toRecent();
    const insert = recent ? this.sql.recentBlock : this.sql.block;
    let written = 0;
    for (const entry of this.touched) {
      const order = entry.pending.sortedOrder();
      this.applyArrivals(entry, order);
      for (const b of entry.pending.blocks(order)) {
        insert.run(entry.id, b.firstSeq, b.lastSeq, b.firstLine, b.minDate, b.maxDate, b.rows);
        written++;
      }
      entry.pending.clear();
    }
    if (recent) this.recentBlocks += written;
    else this.settledBlocks += written;
    this.touched.clear();
    this.pendingRows = 0;
  }

  /**
   * Whether the batch's blocks go to recent_blocks (RecentLimits): a batch small against
   * invoice_blocks, while it and the recent blocks stay within their share. Otherwise the recent
   * blocks move into invoice_blocks first (its index is rewritten by the batch anyway), and the
   * batch goes there too. A batch writes a block or more for each series it touched, and one
   * for every BLOCK_ROWS rows at least.
   */
  private toRecent(): boolean {
    const { share, rowsPerBlock } = this.recent;
    const blocks = this.touched.size + Math.ceil(this.pendingRows / BLOCK_ROWS);
    if (this.pendingRows <= this.settledBlocks * rowsPerBlock && this.recentBlocks + blocks <= this.settledBlocks * share) return true;
    if (this.recentBlocks > 0) {
      this.sql.settleRecent.run();
      this.sql.clearRecent.run();
      this.settledBlocks += this.recentBlocks;
      this.recentBlocks = 0;
      this.stored.forget();
    }
    return false;
  }

  private writeDays(): void {
    const day = this.sql.day;
    this.dayTotals.write((date, seriesId, invoices, voids, sales) => {
      day.push(date);
      day.push(seriesId);
      day.push(invoices);
      day.push(voids);
      day.push(sales);
    });
    day.flush();
  }

  /** Records where an access key was first seen; the same key on a second store is a reuse. */
  private sightKey(entry: SeriesEntry, row: InvoiceRow): void {
    if (this.sql.addKey.run(row.accessKey, entry.storeId, entry.id, row.sequential).changes === 1) return;
    if (this.sql.keyStore.get(row.accessKey) !== entry.storeId) {
      this.sql.keyReuse.run(row.accessKey, entry.id, row.sequential, row.date);
    }
  }

  private entryFor(store: string, docType: string, label: string): SeriesEntry {
    return this.series.get(store, docType, label) ?? this.newEntry(store, docType, label);
  }

  private newEntry(store: string, docType: string, label: string): SeriesEntry {
    let entry: SeriesEntry;
    const storeId = (this.sql.findStore.get(store) ?? this.sql.addStore.get(store)) as number;
    const found = this.sql.findSeries.get(storeId, docType, label) as
      | { id: number; first_seq: number | null; first_date: number; last_seq: number; last_date: number }
      | undefined;
    if (found) {
      const bounds =
        found.first_seq === null
          ? undefined
          : { first: { seq: found.first_seq, date: found.first_date }, last: { seq: found.last_seq, date: found.last_date } };
      entry = { id: found.id, storeId, bounds, pending: new PendingInvoices(), days: this.dayTotals.forSeries(found.id) };
    } else {
      const { id } = this.sql.addSeries.get(storeId, docType, label, this.runId) as { id: number };
      entry = { id, storeId, bounds: undefined, pending: new PendingInvoices(), days: this.dayTotals.forSeries(id) };
    }
    this.series.set(store, docType, label, entry);
    return entry;
  }

  private duplicate(
    entry: SeriesEntry,
    kept: NewInvoice | StoredInvoice,
    row: InvoiceRow,
    totalCents: number | null,
  ): 'present' | 'conflict' {
    const isVoid = row.void ? 1 : 0;
    // The same invoice again, or the same conflicting row uploaded again: nothing new.
    if (
      (kept.date === row.date && kept.totalCents === totalCents && kept.void === isVoid) ||
      this.sql.knownConflict.get(entry.id, row.sequential, row.date, isVoid, row.amount, row.amount)
    ) {
      this.counts.alreadyPresent++;
      return 'present';
    }
    this.sql.conflict.run(
      entry.id,
      row.sequential,
      kept.date,
      kept.totalCents === null ? null : kept.totalCents / 100,
      kept.void,
      'runId' in kept ? kept.runId : this.runId,
      kept.line,
      row.date,
      row.amount,
      isVoid,
      this.runId,
      row.line,
    );
    this.counts.conflicts++;
    return 'conflict';
  }

  private applyArrivals(entry: SeriesEntry, order: Uint32Array): void {
    const { pending, bounds } = entry;
    if (bounds === undefined || pending.seqAt(order[0]) > bounds.last.seq) {
      this.appendArrivals(entry, order);
      return;
    }
    // Only the numbers at or below the series' last, the late ones, need the plan; those above
    // it (most of a day's batch) are appended from the columns, as a batch all above would be.
    let late = order.length;
    while (pending.seqAt(order[late - 1]) > bounds.last.seq) late--;
    const arrivals: Present[] = Array.from(order.subarray(0, late), (i) => ({ seq: pending.seqAt(i), date: pending.dateAt(i) }));
    const plan = planBatch(bounds, arrivals, this.runId);
    for (const gap of plan.opened) this.insertGap(entry.id, gap);
    if (plan.below.length) this.addDescents(entry.id, [...plan.below, bounds.first]);
    this.fillGaps(entry.id, plan.inside);
    entry.bounds = plan.bounds;
    if (late < order.length) this.appendArrivals(entry, order.subarray(late));
    else this.updateSeries(entry, plan.bounds.first, plan.bounds.last);
  }

  /**
   * The common case, a batch all above the series' last number (or a new series' first batch,
   * or the part of a batch above the last number):
   * the gaps and descents between neighbours, read from the batch's columns. The general path
   * (planBatch) made an object per arrival, which on a per-store export's 250,000-row batches
   * was tens of megabytes at the peak.
   */
  private appendArrivals(entry: SeriesEntry, order: Uint32Array): void {
    const { pending, bounds } = entry;
    const runId = this.runId;
    let start = 0;
    let lowerSeq = bounds === undefined ? pending.seqAt(order[0]) : bounds.last.seq;
    let lowerDate = bounds === undefined ? pending.dateAt(order[0]) : bounds.last.date;
    if (bounds === undefined) start = 1;
    for (let k = start; k < order.length; k++) {
      const seq = pending.seqAt(order[k]);
      const date = pending.dateAt(order[k]);
      if (seq > lowerSeq + 1) this.sql.addGap.run(entry.id, lowerSeq + 1, seq - 1, lowerDate, date, runId);
      if (date < lowerDate) this.sql.addDescent.run(entry.id, seq, lowerSeq, date, lowerDate);
      lowerSeq = seq;
      lowerDate = date;
    }
    const first = bounds?.first ?? { seq: pending.seqAt(order[0]), date: pending.dateAt(order[0]) };
    entry.bounds = { first, last: { seq: lowerSeq, date: lowerDate } };
    this.updateSeries(entry, first, entry.bounds.last);
  }

  /** The series' bounds and date range once the batch is in. */
  private updateSeries(entry: SeriesEntry, first: Present, last: Present): void {
    const [min, max] = entry.pending.dateRange();
    this.sql.updateSeries.run(first.seq, first.date, last.seq, last.date, this.runId, min, min, max, max, entry.id);
  }

  /** Numbers inside a series' bounds that were not present: each fills an open gap. */
  private fillGaps(seriesId: number, inside: Present[]): void {
    let i = 0;
    while (i < inside.length) {
      const row = this.sql.gapAt.get(seriesId, inside[i].seq) as
        | { from_seq: number; to_seq: number; prev_date: number; next_date: number; opened_run: number }
        | undefined;
      if (!row || row.to_seq < inside[i].seq) {
        throw new Error(`gap bookkeeping out of step: series ${seriesId} has no open gap holding ${inside[i].seq}`);
      }
      const gap: Gap = { from: row.from_seq, to: row.to_seq, prevDate: row.prev_date, nextDate: row.next_date, openedRun: row.opened_run };
      let j = i;
      while (j < inside.length && inside[j].seq <= gap.to) j++;
      const filling = inside.slice(i, j);
      this.sql.dropGap.run(seriesId, gap.from);
      for (const piece of splitGap(gap, filling)) this.insertGap(seriesId, piece);
      // The invoice after the gap has a new lower neighbour: its descent, if any, is re-decided.
      // It has one only if it is dated before the invoice below the gap (most gaps: no statement).
      const next = { seq: gap.to + 1, date: gap.nextDate };
      if (gap.nextDate < gap.prevDate) this.sql.dropDescent.run(seriesId, next.seq);
      this.addDescents(seriesId, [{ seq: gap.from - 1, date: gap.prevDate }, ...filling, next]);
      if (gap.openedRun !== this.runId) {
        for (const arrival of filling) {
          this.sql.late.run(seriesId, arrival.seq, arrival.date, this.runId, gap.openedRun, gap.nextDate);
        }
        this.counts.recoveredLate += filling.length;
      }
      i = j;
    }
  }

  private addDescents(seriesId: number, chain: Present[]): void {
    for (const d of descentsIn(chain)) this.sql.addDescent.run(seriesId, d.seq, d.lowerSeq, d.date, d.lowerDate);
  }

  private insertGap(seriesId: number, gap: Gap): void {
    this.sql.addGap.run(seriesId, gap.from, gap.to, gap.prevDate, gap.nextDate, gap.openedRun);
  }
}
