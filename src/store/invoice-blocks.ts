import type { DB } from './db.js';

/**
 * How the invoices are stored (SPEC §7): not one B-tree row per invoice but blocks of up to
 * BLOCK_ROWS invoices of one series and one ingest run, each a row of `invoice_blocks` with
 * its lowest and highest number and the invoices as a JSON array. A load appends one row per
 * block instead of inserting millions of index entries, and the database stays smaller than
 * the exports it was loaded from. Whether a number is present is known without reading the
 * blocks (a series' bounds and open gaps say it: store/invoices.ts); the blocks are read only
 * for the few invoices a report or a duplicate needs, through InvoiceLookup, and by SQL
 * through the `invoices` view, which lists every invoice with the columns it always had.
 *
 * One invoice of a block is `[seq - first_seq, date, line - first_line, total_cents, void,
 * net_cents, access_key, auth_date]`, its trailing empty fields (null, or void 0) left out.
 */
export const BLOCK_ROWS = 256;

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
  SELECT b.series_id AS series_id, b.first_seq + (r.value ->> 0) AS seq, r.value ->> 1 AS date,
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
  run_id: number;
  rows: string;
}

function decodeBlock(block: BlockRow): StoredInvoice[] {
  return (JSON.parse(block.rows) as Encoded[]).map((r) => ({
    seq: block.first_seq + r[0],
    date: r[1],
    line: block.first_line + r[2],
    totalCents: r[3] ?? null,
    void: r[4] ?? 0,
    netCents: r[5] ?? null,
    accessKey: r[6] ?? null,
    authDate: r[7] ?? null,
    runId: block.run_id,
  }));
}

/** The ingest runs that loaded invoices dated from..to. */
export function runsLoadingDates(db: DB, from: number, to: number): number[] {
  return db
    .prepare(
      `SELECT DISTINCT b.run_id FROM invoice_blocks b
        WHERE b.max_date >= @from AND b.min_date <= @to
          AND EXISTS (SELECT 1 FROM json_each(b.rows) r WHERE r.value ->> 1 BETWEEN @from AND @to)`,
    )
    .pluck()
    .all({ from, to }) as number[];
}

/** Blocks starting below a number that at() tries before scanning. */
const NEAR_BLOCKS = 4;

/** Decoded blocks kept between lookups: neighbouring numbers are usually in the same block. */
const CACHED_BLOCKS = 64;

/** Reads stored invoices by series and number. */
export class InvoiceLookup {
  private readonly covering;
  private readonly nearBelow;
  private readonly cache = new Map<number, StoredInvoice[]>();

  constructor(db: DB) {
    this.nearBelow = db.prepare(
      `SELECT id, first_seq, last_seq, first_line, run_id, rows FROM invoice_blocks INDEXED BY invoice_blocks_by_first
        WHERE series_id = ? AND first_seq <= ? ORDER BY first_seq DESC LIMIT ${NEAR_BLOCKS}`,
    );
    this.covering = db.prepare(
      `SELECT id, first_seq, first_line, run_id, rows FROM invoice_blocks
        WHERE series_id = ? AND last_seq >= ? AND first_seq <= ?`,
    );
  }

  /** The present invoice (series, number), if any. */
  at(seriesId: number, seq: number): StoredInvoice | undefined {
    // The block starting nearest below the number nearly always holds it; the scan of every
    // block reaching up to it (all of a long series' blocks, for an early number) is the fallback.
    for (const block of this.nearBelow.all(seriesId, seq) as (BlockRow & { last_seq: number })[]) {
      if (block.last_seq < seq) continue;
      const found = this.decoded(block).find((i) => i.seq === seq);
      if (found) return found;
    }
    for (const block of this.covering.all(seriesId, seq, seq) as BlockRow[]) {
      const found = this.decoded(block).find((i) => i.seq === seq);
      if (found) return found;
    }
    return undefined;
  }

  /** The present invoices of a series numbered from..to, by number. */
  between(seriesId: number, from: number, to: number): StoredInvoice[] {
    const found: StoredInvoice[] = [];
    for (const block of this.covering.all(seriesId, from, to) as BlockRow[]) {
      for (const invoice of this.decoded(block)) if (invoice.seq >= from && invoice.seq <= to) found.push(invoice);
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
    for (let width = count * 4; found.length < count && (direction < 0 ? near >= limit : near <= limit); width *= 4) {
      const far = direction < 0 ? Math.max(limit, near - width + 1) : Math.min(limit, near + width - 1);
      const window = direction < 0 ? this.between(seriesId, far, near).reverse() : this.between(seriesId, near, far);
      for (const invoice of window) if (found.length < count && keep(invoice)) found.push(invoice);
      near = far + direction;
    }
    return found;
  }

  private decoded(block: BlockRow): StoredInvoice[] {
    let invoices = this.cache.get(block.id);
    if (!invoices) {
      invoices = decodeBlock(block);
      if (this.cache.size >= CACHED_BLOCKS) this.cache.delete(this.cache.keys().next().value as number);
      this.cache.set(block.id, invoices);
    }
    return invoices;
  }
}
