import type { DB } from './db.js';

/**
 * How the invoices are stored (SPEC §7): not one B-tree row per invoice but blocks of up to
 * BLOCK_ROWS invoices of one series and one ingest run, spanning fewer than BLOCK_SPAN numbers,
 * each a row of `invoice_blocks` (or, for the newest small loads, of `recent_blocks`: RecentLimits)
 * with its lowest and highest number and the invoices as a JSON array in number order. A load
 * appends one row per block instead of inserting millions of index entries, and the database stays smaller than
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

/**
 * The newest small loads' blocks wait in `recent_blocks`, whose index is small, instead of going
 * into `invoice_blocks_by_first`: a daily load adds a block to each of its series (599 on the
 * benchmark), and those inserts fall all over the large index: on the 10M benchmark every daily
 * run rewrote all 224 of its pages, more than half of the pages the run wrote, each written to
 * the WAL and again, scattered, at the checkpoint. The batch that would take recent_blocks past
 * their share moves them into invoice_blocks first, in index order (store/invoices.ts), so that
 * the large index takes several days' blocks in one pass.
 */
export interface RecentLimits {
  /** recent_blocks hold at most this share of invoice_blocks' blocks. */
  share: number;
  /**
   * A batch goes there only with at most this many rows per block of invoice_blocks: moving it
   * later rewrites its rows (about 19 bytes each), which is worth it while they are fewer than
   * the index pages saved hold entries (about 200 a page). On the 10M benchmark a day's 11,535
   * rows go there (47,600 blocks); a bulk load's 250,000-row batches go straight into invoice_blocks.
   */
  rowsPerBlock: number;
}

export const RECENT: RecentLimits = { share: 1 / 16, rowsPerBlock: 1 };

/** The tables that hold blocks: every invoice is in exactly one block of one of them. */
export const BLOCK_TABLES = ['invoice_blocks', 'recent_blocks'] as const;
export type BlockTable = (typeof BLOCK_TABLES)[number];

/** One block table's invoices, with the `invoices` view's columns. */
export const invoicesOf = (table: BlockTable) => `
  SELECT b.series_id AS series_id, b.first_seq + (r.value ->> 0) AS seq, b.min_date + (r.value ->> 1) AS date,
         (r.value ->> 3) / 100.0 AS amount, coalesce(r.value ->> 4, 0) AS void, r.value ->> 6 AS access_key,
         b.run_id AS run_id, b.first_line + (r.value ->> 2) AS line, r.value ->> 7 AS auth_date,
         r.value ->> 3 AS total_cents, r.value ->> 5 AS net_cents
    FROM ${table} b, json_each(b.rows) r`;

/** The SQL of the `invoices` view over the blocks of both tables (migrations.ts). */
export const INVOICES_VIEW = `
  CREATE VIEW invoices AS${BLOCK_TABLES.map(invoicesOf).join('\n  UNION ALL')};
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
  const loading = (table: BlockTable) =>
    `SELECT b.run_id FROM ${table} b
      WHERE b.max_date >= @from AND b.min_date <= @to
        AND EXISTS (SELECT 1 FROM json_each(b.rows) r WHERE b.min_date + (r.value ->> 1) BETWEEN @from AND @to)`;
  return db
    .prepare(`SELECT DISTINCT run_id FROM (${BLOCK_TABLES.map(loading).join(' UNION ALL ')})`)
    .pluck()
    .all({ from, to }) as number[];
}

/** Parsed blocks kept between lookups: neighbouring numbers are usually in the same block. */
const CACHED_BLOCKS = 64;

/** Reads stored invoices by series and number, from both block tables. */
export class InvoiceLookup {
  private readonly covering;
  private readonly blockRows;
  /** Parsed blocks by id; a recent block's id is negated (the two tables number their rows apart). */
  private readonly cache = new Map<number, ParsedBlock>();

  constructor(db: DB) {
    const covering = (table: BlockTable, id: string) =>
      `SELECT ${id} FROM ${table} INDEXED BY ${table}_by_first
        WHERE series_id = @series AND first_seq BETWEEN @from - ${BLOCK_SPAN - 1} AND @to AND last_seq >= @from`;
    this.covering = db.prepare(`${covering('invoice_blocks', 'id')} UNION ALL ${covering('recent_blocks', '-id')}`).pluck();
    // A block's invoices are read only when it is not in the cache.
    const rows = (table: BlockTable) => db.prepare(`SELECT id, first_seq, first_line, min_date, run_id, rows FROM ${table} WHERE id = ?`);
    this.blockRows = { settled: rows('invoice_blocks'), recent: rows('recent_blocks') };
  }

  /** Forgets the blocks read: the writer calls it once it has moved the recent blocks (their ids change). */
  forget(): void {
    this.cache.clear();
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
      const row = (id > 0 ? this.blockRows.settled.get(id) : this.blockRows.recent.get(-id)) as BlockRow;
      parsed = new ParsedBlock(row);
      if (this.cache.size >= CACHED_BLOCKS) this.cache.delete(this.cache.keys().next().value as number);
      this.cache.set(id, parsed);
    }
    return parsed;
  }
}
