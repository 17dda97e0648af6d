import type { DB } from './db.js';

/**
 * How the invoices are stored (SPEC §7): not one B-tree row per invoice but blocks of up to
 * BLOCK_ROWS invoices of one series and one ingest run, spanning fewer than BLOCK_SPAN numbers,
 * each a row of `invoice_blocks` with its lowest and highest number and the invoices as a JSON
 * array in number order. A load appends one row per
 * block instead of inserting millions of index entries, and the database stays smaller than
 * the exports it was loaded from. Whether a number is present is known without reading the
 * blocks (a series' bounds and open gaps say it: store/invoices.ts); the blocks are read only
 * for the few invoices a report or a duplicate needs, through InvoiceLookup, and by SQL
 * through the `invoices` view, which lists every invoice with the columns it always had.
 *
 * One invoice of a block is `[seq - first_seq, date - min_date, line - first_line, total_cents,
 * void, net_cents, access_key, auth_date]`, its trailing empty fields (null, or void 0) left
 * out; dates are the YYYYMMDD integers, so date - min_date is a plain difference (a few digits
 * where the date took eight).
 */
export const BLOCK_ROWS = 256;

/**
 * A block's highest number is less than BLOCK_SPAN above its lowest, so the blocks holding a
 * number start at most BLOCK_SPAN - 1 below it: one range of the (series_id, first_seq,
 * last_seq) index finds them, however many blocks the series has.
 */
export const BLOCK_SPAN = 1024;

/** An invoice as stored: every field the export gave, and where it was read. */
export interface StoredInvoice {
  seq: number;
  date: number;
  totalCents: number | null;
  netCents: number | null;
  void: 0 | 1;
  accessKey: string | null;
  authDate: number | null;
  runId: number;
  line: number;
}

/** An invoice to be written: a StoredInvoice of the writer's run. */
export type NewInvoice = Omit<StoredInvoice, 'runId'>;

/** The SQL of the `invoices` view over the blocks (migrations.ts). */
export const INVOICES_VIEW = `
  CREATE VIEW invoices AS
  SELECT b.series_id AS series_id, b.first_seq + (r.value ->> 0) AS seq, b.min_date + (r.value ->> 1) AS date,
         (r.value ->> 3) / 100.0 AS amount, coalesce(r.value ->> 4, 0) AS void, r.value ->> 6 AS access_key,
         b.run_id AS run_id, b.first_line + (r.value ->> 2) AS line, r.value ->> 7 AS auth_date,
         r.value ->> 3 AS total_cents, r.value ->> 5 AS net_cents
    FROM invoice_blocks b, json_each(b.rows) r;
`;

type Encoded = [number, number, number, (number | null)?, (0 | 1 | null)?, (number | null)?, (string | null)?, (number | null)?];

interface BlockRow {
  id: number;
  first_seq: number;
  first_line: number;
  min_date: number;
  run_id: number;
  rows: string;
}

/**
 * A block read: its row, where each invoice's text starts and its number. An invoice's text
 * is parsed only when asked for: a median or a piece of evidence needs some fifty of a
 * block's 256 invoices, and parsing whole blocks was half of a full-history report's money.
 * Nothing inside an invoice's array holds a `[` (its one string, the access key, is 49 digits),
 * so each invoice starts at the next one.
 */
class ParsedBlock {
  /** Each invoice's `seq - first_seq`, in number order. */
  readonly offsets: number[] = [];
  /** Where each invoice's `[` is; one more entry, one past the block's closing `]`, so that every invoice ends 1 before the next start. */
  private readonly starts: number[] = [];

  constructor(readonly block: BlockRow) {
    const text = block.rows;
    for (let at = text.indexOf('[', 1); at >= 0; at = text.indexOf('[', at + 1)) {
      this.starts.push(at);
      let offset = 0;
      for (let i = at + 1, code = text.charCodeAt(i); code >= 0x30 && code <= 0x39; code = text.charCodeAt(++i)) {
        offset = offset * 10 + code - 0x30;
      }
      this.offsets.push(offset);
    }
    this.starts.push(text.length);
  }

  /** The index of the first invoice numbered at least `seq` (its length when there is none). */
  firstAtLeast(seq: number): number {
    const offset = seq - this.block.first_seq;
    const { offsets } = this;
    let low = 0;
    let high = offsets.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (offsets[mid] < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The invoices from index `from` up to, not including, `to`: their text parsed in one piece. */
  invoices(from: number, to: number): StoredInvoice[] {
    if (from >= to) return [];
    const text = this.block.rows;
    const rows = JSON.parse(`[${text.slice(this.starts[from], this.starts[to] - 1)}]`) as Encoded[];
    return rows.map((r) => invoiceOf(this.block, r));
  }
}

function invoiceOf(block: BlockRow, r: Encoded): StoredInvoice {
  return {
    seq: block.first_seq + r[0],
    date: block.min_date + r[1],
    line: block.first_line + r[2],
    totalCents: r[3] ?? null,
    void: r[4] ?? 0,
    netCents: r[5] ?? null,
    accessKey: r[6] ?? null,
    authDate: r[7] ?? null,
    runId: block.run_id,
  };
}

/** The ingest runs that loaded invoices dated from..to. */
export function runsLoadingDates(db: DB, from: number, to: number): number[] {
  return db
    .prepare(
      `SELECT DISTINCT b.run_id FROM invoice_blocks b
        WHERE b.max_date >= @from AND b.min_date <= @to
          AND EXISTS (SELECT 1 FROM json_each(b.rows) r WHERE b.min_date + (r.value ->> 1) BETWEEN @from AND @to)`,
    )
    .pluck()
    .all({ from, to }) as number[];
}

/** Parsed blocks kept between lookups: neighbouring numbers are usually in the same block. */
const CACHED_BLOCKS = 64;

/** Reads stored invoices by series and number. */
export class InvoiceLookup {
  private readonly covering;
  private readonly blockRows;
  private readonly cache = new Map<number, ParsedBlock>();

  constructor(db: DB) {
    this.covering = db
      .prepare(
        `SELECT id FROM invoice_blocks INDEXED BY invoice_blocks_by_first
        WHERE series_id = @series AND first_seq BETWEEN @from - ${BLOCK_SPAN - 1} AND @to AND last_seq >= @from`,
      )
      .pluck();
    // A block's invoices are read only when it is not in the cache.
    this.blockRows = db.prepare(`SELECT id, first_seq, first_line, min_date, run_id, rows FROM invoice_blocks WHERE id = ?`);
  }

  /** The present invoice (series, number), if any. */
  at(seriesId: number, seq: number): StoredInvoice | undefined {
    for (const id of this.covering.all({ series: seriesId, from: seq, to: seq }) as number[]) {
      const parsed = this.parsed(id);
      const i = parsed.firstAtLeast(seq);
      if (i < parsed.offsets.length && parsed.block.first_seq + parsed.offsets[i] === seq) return parsed.invoices(i, i + 1)[0];
    }
    return undefined;
  }

  /** The present invoices of a series numbered from..to, by number. */
  between(seriesId: number, from: number, to: number): StoredInvoice[] {
    const found: StoredInvoice[] = [];
    for (const id of this.covering.all({ series: seriesId, from, to }) as number[]) {
      const parsed = this.parsed(id);
      found.push(...parsed.invoices(parsed.firstAtLeast(from), parsed.firstAtLeast(to + 1)));
    }
    return found.sort((a, b) => a.seq - b.seq);
  }

  /**
   * Up to `count` present invoices of a series nearest below (or above) a number that pass
   * `keep`, nearest first; `limit` is the series' lowest (or highest) number.
   */
  nearest(
    seriesId: number,
    seq: number,
    direction: -1 | 1,
    count: number,
    limit: number,
    keep: (i: StoredInvoice) => boolean,
  ): StoredInvoice[] {
    const found: StoredInvoice[] = [];
    let near = seq + direction;
    // Nearly every number is present: a window a little wider than `count` is usually enough.
    for (let width = count + 16; found.length < count && (direction < 0 ? near >= limit : near <= limit); width *= 4) {
      const far = direction < 0 ? Math.max(limit, near - width + 1) : Math.min(limit, near + width - 1);
      const window = direction < 0 ? this.between(seriesId, far, near).reverse() : this.between(seriesId, near, far);
      for (const invoice of window) if (found.length < count && keep(invoice)) found.push(invoice);
      near = far + direction;
    }
    return found;
  }

  private parsed(id: number): ParsedBlock {
    let parsed = this.cache.get(id);
    if (!parsed) {
      parsed = new ParsedBlock(this.blockRows.get(id) as BlockRow);
      if (this.cache.size >= CACHED_BLOCKS) this.cache.delete(this.cache.keys().next().value as number);
      this.cache.set(id, parsed);
    }
    return parsed;
  }
}
