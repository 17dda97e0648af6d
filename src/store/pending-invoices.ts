import { BLOCK_ROWS, BLOCK_SPAN, type NewInvoice } from './invoice-blocks.js';
import { AsciiText } from './ascii-text.js';
import { NumberIndex } from './number-index.js';
import { Slab } from './slab.js';

const INITIAL = 64;
/** Columns grown past this many rows are given back when the batch is written. */
const KEPT_CAPACITY = 4096;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const COMMA = 0x2c;
/** Bytes an encoded invoice can take, its access key aside (AsciiText.string reserves for that). */
const ROOM_PER_ROW = 8 * 24;
/** Rows and numbers below which a row's place and its number pack into one double (sortedOrder). */
const PACKED_ROWS = 2 ** 18;
const PACKED_NUMBERS = 2 ** 35;
/** The text of the block being encoded: one buffer for every series' blocks, encoded one at a time. */
const blockText = new AsciiText();

/** A batch's columns of one series, all of one length. */
interface Columns {
  seq: Float64Array;
  date: Int32Array;
  line: Int32Array;
  /** NaN: no amount. */
  total: Float64Array;
  net: Float64Array;
  isVoid: Uint8Array;
}

const BYTES_PER_ROW = 8 + 4 + 4 + 8 + 8 + 1;
/** Bytes of given-back columns kept for the next series that grows: about a batch's rows, twice. */
const SPARE_BYTES = 32 * 1024 * 1024;

/**
 * Columns given back (a series' batch written, or grown out of), by length, to be taken again:
 * every series of every batch grows its columns from INITIAL by doubling, and left to the garbage
 * collector the old ones piled up as tens of megabytes of dead buffers before V8 collected them,
 * which is where the ingest's peak memory varied from run to run.
 */
class SpareColumns {
  private readonly byLength = new Map<number, Columns[]>();
  private bytes = 0;

  take(length: number): Columns {
    const spare = this.byLength.get(length)?.pop();
    if (spare === undefined) return newColumns(length);
    this.bytes -= length * BYTES_PER_ROW;
    return spare;
  }

  give(columns: Columns): void {
    const length = columns.seq.length;
    if (length <= INITIAL || this.bytes + length * BYTES_PER_ROW > SPARE_BYTES) return;
    let list = this.byLength.get(length);
    if (list === undefined) this.byLength.set(length, (list = []));
    list.push(columns);
    this.bytes += length * BYTES_PER_ROW;
  }
}

function newColumns(length: number): Columns {
  return {
    seq: new Float64Array(length),
    date: new Int32Array(length),
    line: new Int32Array(length),
    total: new Float64Array(length),
    net: new Float64Array(length),
    isVoid: new Uint8Array(length),
  };
}

/** A series' first columns: views of shared buffers (store/slab.ts), since every series of a load needs them. */
const initialSlab = new Slab();

function initialColumns(): Columns {
  return {
    seq: initialSlab.float64(INITIAL),
    date: initialSlab.int32(INITIAL),
    line: initialSlab.int32(INITIAL),
    total: initialSlab.float64(INITIAL),
    net: initialSlab.float64(INITIAL),
    isVoid: initialSlab.uint8(INITIAL),
  };
}

const spareColumns = new SpareColumns();
/** The sort keys and the order of the series being written (sortedOrder), grown to the largest. */
let sortKeys = new Float64Array(0);
let sortOrder = new Uint32Array(0);

/**
 * A series' new invoices of the current batch, column by column in typed arrays: a batch
 * holds tens of thousands of rows until it is written, and an object per row would live
 * long enough for V8 to promote it, which made garbage collection the writer's largest cost.
 * Access keys and authorisation dates, absent from most exports, get a column only when met.
 */
export class PendingInvoices {
  count = 0;
  private columns = initialColumns();
  // The columns' arrays, each a field of its own for the row loops.
  private seq = this.columns.seq;
  private date = this.columns.date;
  private line = this.columns.line;
  private total = this.columns.total;
  private net = this.columns.net;
  private isVoid = this.columns.isVoid;
  private key: (string | null)[] | undefined;
  private auth: (number | null)[] | undefined;
  /** The highest number added: a number above it needs no look-up. */
  private highest = Number.NEGATIVE_INFINITY;
  /** Number → index, built only when a number at or below `highest` is asked about. */
  private readonly index = new NumberIndex();
  private indexed = 0;

  add(
    seq: number,
    date: number,
    line: number,
    totalCents: number | null,
    netCents: number | null,
    isVoid: 0 | 1,
    accessKey: string | null,
    authDate: number | null,
  ): void {
    if (this.count === this.seq.length) this.grow();
    const i = this.count++;
    this.seq[i] = seq;
    this.date[i] = date;
    this.line[i] = line;
    this.total[i] = totalCents ?? Number.NaN;
    this.net[i] = netCents ?? Number.NaN;
    this.isVoid[i] = isVoid;
    if (accessKey !== null || this.key) (this.key ??= new Array(i).fill(null))[i] = accessKey;
    if (authDate !== null || this.auth) (this.auth ??= new Array(i).fill(null))[i] = authDate;
    if (seq > this.highest) this.highest = seq;
  }

  /** The pending invoice numbered seq, if any. */
  find(seq: number): NewInvoice | undefined {
    if (seq > this.highest) return undefined;
    for (; this.indexed < this.count; this.indexed++) this.index.set(this.seq[this.indexed], this.indexed);
    const i = this.index.get(seq);
    return i < 0 ? undefined : this.at(i);
  }

  at(i: number): NewInvoice {
    return {
      seq: this.seq[i],
      date: this.date[i],
      line: this.line[i],
      totalCents: Number.isNaN(this.total[i]) ? null : this.total[i],
      netCents: Number.isNaN(this.net[i]) ? null : this.net[i],
      void: this.isVoid[i] as 0 | 1,
      accessKey: this.key?.[i] ?? null,
      authDate: this.auth?.[i] ?? null,
    };
  }

  /**
   * Numbers and dates, sorted by number: the batch's arrivals for the gap bookkeeping. The order
   * is valid until the next series' is asked for (one buffer serves every series).
   */
  sortedOrder(): Uint32Array {
    const count = this.count;
    if (sortOrder.length < count) sortOrder = new Uint32Array(Math.max(count, sortOrder.length * 2));
    const order = sortOrder.subarray(0, count);
    const seq = this.seq;
    // A mall-wide export in date order brings each series' numbers already in order.
    let sorted = 1;
    while (sorted < count && seq[sorted] > seq[sorted - 1]) sorted++;
    if (sorted >= count) {
      for (let i = 0; i < count; i++) order[i] = i;
      return order;
    }
    if (count <= PACKED_ROWS && this.highest < PACKED_NUMBERS) {
      // number * 2^18 + row: exact in a double, sorted natively (a comparator sort was 0.1 µs a row).
      if (sortKeys.length < count) sortKeys = new Float64Array(Math.max(count, sortKeys.length * 2));
      const keys = sortKeys.subarray(0, count);
      for (let i = 0; i < count; i++) keys[i] = seq[i] * PACKED_ROWS + i;
      keys.sort();
      for (let i = 0; i < count; i++) order[i] = keys[i] % PACKED_ROWS;
      return order;
    }
    for (let i = 0; i < count; i++) order[i] = i;
    return order.sort((a, b) => seq[a] - seq[b]);
  }

  /** The earliest and latest issue dates of the batch (not empty). */
  dateRange(): [min: number, max: number] {
    let min = this.date[0];
    let max = min;
    for (let i = 1; i < this.count; i++) {
      const date = this.date[i];
      if (date < min) min = date;
      else if (date > max) max = date;
    }
    return [min, max];
  }

  seqAt(i: number): number {
    return this.seq[i];
  }

  dateAt(i: number): number {
    return this.date[i];
  }

  /**
   * The blocks of the batch, in number order: up to BLOCK_ROWS invoices each, spanning fewer
   * than BLOCK_SPAN numbers, as invoice-blocks.ts describes (offsets from the block's first
   * number and line). A block's `rows` is its JSON text as bytes, valid until the next block.
   */
  *blocks(
    order: Uint32Array,
  ): Generator<{ firstSeq: number; lastSeq: number; firstLine: number; minDate: number; maxDate: number; rows: Buffer }> {
    const text = blockText;
    for (let start = 0, end = 0; start < order.length; start = end) {
      const first = order[start];
      const firstSeq = this.seq[first];
      const limit = Math.min(start + BLOCK_ROWS, order.length);
      end = start + 1;
      while (end < limit && this.seq[order[end]] - firstSeq < BLOCK_SPAN) end++;
      const firstLine = this.line[first];
      let minDate = this.date[first];
      let maxDate = minDate;
      for (let k = start + 1; k < end; k++) {
        const date = this.date[order[k]];
        if (date < minDate) minDate = date;
        else if (date > maxDate) maxDate = date;
      }
      text.reset();
      text.reserve(1);
      text.char(OPEN);
      for (let k = start; k < end; k++) {
        text.reserve(ROOM_PER_ROW);
        if (k > start) text.char(COMMA);
        this.encode(order[k], firstSeq, firstLine, minDate);
      }
      text.reserve(1);
      text.char(CLOSE);
      yield { firstSeq, lastSeq: this.seq[order[end - 1]], firstLine, minDate, maxDate, rows: text.view() };
    }
  }

  /**
   * Empties the batch. A series that took most of a batch (a per-store export) grew its columns
   * to tens of thousands of rows; they are given back, or 600 series would each keep megabytes.
   */
  clear(): void {
    if (this.seq.length > KEPT_CAPACITY) this.reset();
    this.count = 0;
    this.key = undefined;
    this.auth = undefined;
    this.highest = Number.NEGATIVE_INFINITY;
    if (this.indexed > 0) this.index.clear();
    this.indexed = 0;
  }

  /** One invoice as `[seq, date, line, total, void, net, key, auth]`, offsets first, trailing empty fields left out. */
  private encode(i: number, firstSeq: number, firstLine: number, minDate: number): void {
    const text = blockText;
    text.char(OPEN);
    text.int(this.seq[i] - firstSeq);
    text.char(COMMA);
    text.int(this.date[i] - minDate);
    text.char(COMMA);
    text.int(this.line[i] - firstLine);
    const total = this.total[i];
    const net = this.net[i];
    const key = this.key?.[i] ?? null;
    const auth = this.auth?.[i] ?? null;
    const isVoid = this.isVoid[i];
    // How many of total, void, net, key and auth are written: up to the last one present.
    const fields = auth !== null ? 5 : key !== null ? 4 : !Number.isNaN(net) ? 3 : isVoid ? 2 : !Number.isNaN(total) ? 1 : 0;
    if (fields >= 1) {
      text.char(COMMA);
      if (Number.isNaN(total)) text.null();
      else text.int(total);
    }
    if (fields >= 2) {
      text.char(COMMA);
      text.int(isVoid);
    }
    if (fields >= 3) {
      text.char(COMMA);
      if (Number.isNaN(net)) text.null();
      else text.int(net);
    }
    if (fields >= 4) {
      text.char(COMMA);
      if (key === null) text.null();
      else text.string(key);
    }
    if (fields >= 5) {
      text.char(COMMA);
      text.int(auth as number);
    }
    text.char(CLOSE);
  }

  private reset(): void {
    spareColumns.give(this.columns);
    this.use(initialColumns());
  }

  private grow(): void {
    const grown = spareColumns.take(this.seq.length * 2);
    grown.seq.set(this.seq);
    grown.date.set(this.date);
    grown.line.set(this.line);
    grown.total.set(this.total);
    grown.net.set(this.net);
    grown.isVoid.set(this.isVoid);
    spareColumns.give(this.columns);
    this.use(grown);
  }

  private use(columns: Columns): void {
    this.columns = columns;
    this.seq = columns.seq;
    this.date = columns.date;
    this.line = columns.line;
    this.total = columns.total;
    this.net = columns.net;
    this.isVoid = columns.isVoid;
  }
}
