import { blankRow, type InvoiceRow } from '../rows.js';
import type { ReadSummary, RowSink } from '../row-source.js';
import type { SourceStats } from '../record-stream.js';
import { SeriesMap } from '../../series-map.js';

/**
 * The packet format of the reading thread: rows packed column by column into typed arrays
 * (moved between threads, not copied), and unpacked into the same rows on the other side.
 * Pure: no thread, no timing; the flow control is the two ends' business (worker-end.ts,
 * writer-end.ts).
 */

/** Rows of one packet, column by column. */
export interface RowPacket {
  type: 'rows';
  count: number;
  /** Series first met in this packet, in index order: store, document type, label, … */
  newSeries: string[];
  series: Int32Array;
  sequential: Float64Array;
  date: Int32Array;
  /** 0: no authorisation date; empty when no row of the packet has one. */
  authDate: Int32Array;
  /** NaN: no amount. */
  amount: Float64Array;
  /** NaN: no pre-tax amount; empty when no row of the packet has one. */
  net: Float64Array;
  line: Int32Array;
  /** VOID | HAS_KEY | AMOUNT_UNREADABLE | AUTH_DATE_UNREADABLE per row. */
  flags: Uint8Array;
  /** The access keys of the rows that have one, 49 characters each, one after the other. */
  keys: string;
  rejects: Array<[line: number, reason: string, raw: string]>;
  bytesRead: number;
  /** A workbook's sheet the rows are on (rejects are placed as sheet!row). */
  sheet?: string;
  /** Records read so far, known at the end of a batch; 0 for a packet sent because it was full. */
  rowsRead: number;
}

/**
 * A written packet's columns, moved back to the reading thread to be filled again: a new set
 * per packet (600 packets of 0.45 MB for 10 million rows), made on the reading thread and freed
 * on the writer's whenever its garbage collector got to them, grew the reading thread's C heap
 * through a long load.
 */
export type SpentColumns = Pick<RowPacket, 'series' | 'sequential' | 'date' | 'amount' | 'line' | 'flags'>;

/** What the worker posts to the writer. */
export type ThreadMessage =
  | RowPacket
  | { type: 'end'; summary: ReadSummary; stats: SourceStats }
  | { type: 'error'; message: string; input: boolean };

const VOID = 1;
const HAS_KEY = 2;
const AMOUNT_UNREADABLE = 4;
const AUTH_DATE_UNREADABLE = 8;
const KEY_LENGTH = 49;
/** Rows per packet: big enough that messaging costs nothing, small enough to stay flat. */
export const PACKET_ROWS = 16_384;
/**
 * Rejected text a packet holds before it is worth sending: rejects of lines up to 1 MB each
 * must not pile up in the reading thread, whose heap is bounded (writer-end.ts).
 */
const REJECT_CHARS = 4 << 20;

/** Packs rows into packets; a series crosses once, as an index after that. */
export class PacketEncoder {
  private readonly seriesIndex = new SeriesMap<number>();
  private seriesCount = 0;
  private packet: RowPacket;
  private keys: string[] = [];
  /** The series of the last row: most rows are in the series of the row before (the same strings, from fast-rows.ts). */
  private lastStore = '';
  private lastDocType = '';
  private lastLabel = '';
  private lastIndex = -1;
  /** Packet series index by the reader's seriesKey, for rows that have one. */
  private readonly byKey: number[] = [];
  /** Columns of written packets, to be filled again (recycle). */
  private readonly spent: SpentColumns[] = [];
  /** The rejected lines' text in the packet: a few long ones are worth sending too. */
  private rejectChars = 0;

  constructor(private readonly rowsPerPacket = PACKET_ROWS) {
    this.packet = emptyPacket(rowsPerPacket);
  }

  /** Takes back a written packet's columns for a packet to come (they are overwritten, never read first). */
  recycle(columns: SpentColumns): void {
    if (columns.series.length === this.rowsPerPacket) this.spent.push(columns);
  }

  /** Adds a row; returns whether the packet is now full (take it). */
  row(row: InvoiceRow): boolean {
    const packet = this.packet;
    const i = packet.count++;
    const key = row.seriesKey;
    let index = key === undefined ? undefined : this.byKey[key];
    if (index === undefined) {
      index = this.indexOf(row.store, row.docType, row.series);
      if (key !== undefined) this.byKey[key] = index;
    }
    packet.series[i] = index;
    packet.sequential[i] = row.sequential;
    packet.date[i] = row.date;
    // Most exports have neither column: a packet makes room for them only when a row has one.
    if (row.authDate != null) {
      if (packet.authDate.length === 0) packet.authDate = new Int32Array(this.rowsPerPacket);
      packet.authDate[i] = row.authDate;
    }
    packet.amount[i] = row.amount ?? Number.NaN;
    if (row.net != null) {
      if (packet.net.length === 0) packet.net = new Float64Array(this.rowsPerPacket).fill(Number.NaN);
      packet.net[i] = row.net;
    }
    packet.line[i] = row.line;
    let flags =
      (row.void ? VOID : 0) | (row.amountUnreadable ? AMOUNT_UNREADABLE : 0) | (row.authDateUnreadable ? AUTH_DATE_UNREADABLE : 0);
    // interpretRow keeps only a key that parsed, always KEY_LENGTH digits: the packet relies on it.
    if (row.accessKey !== null) {
      flags |= HAS_KEY;
      this.keys.push(row.accessKey);
    }
    packet.flags[i] = flags;
    return packet.count === this.rowsPerPacket;
  }

  reject(line: number, reason: string, raw: string): void {
    this.packet.rejects.push([line, reason, raw]);
    this.rejectChars += raw.length;
  }

  /** Rows or rejects not taken yet (a new series always comes with a row). */
  get pending(): boolean {
    return this.packet.count > 0 || this.packet.rejects.length > 0;
  }

  /** Whether the packet is half full of rows, or holds many rejects or much rejected text: worth sending before it is full. */
  get worthSending(): boolean {
    return this.packet.count >= this.rowsPerPacket / 2 || this.packet.rejects.length >= 1000 || this.rejectChars >= REJECT_CHARS;
  }

  /** The packet so far, with the buffers to move; a new one is started. */
  take(bytesRead: number, rowsRead: number, sheet?: string): { packet: RowPacket; transfer: ArrayBuffer[] } {
    const packet = this.packet;
    packet.keys = this.keys.join('');
    packet.bytesRead = bytesRead;
    packet.sheet = sheet;
    packet.rowsRead = rowsRead;
    this.packet = emptyPacket(this.rowsPerPacket, this.spent.pop());
    this.keys = [];
    this.rejectChars = 0;
    // Every column moves: the ones that come back (spentColumns), and the two made only when needed.
    const transfer = [...spentColumns(packet).transfer, packet.authDate.buffer as ArrayBuffer, packet.net.buffer as ArrayBuffer];
    return { packet, transfer };
  }

  private indexOf(store: string, docType: string, label: string): number {
    if (label === this.lastLabel && store === this.lastStore && docType === this.lastDocType && this.lastIndex >= 0) return this.lastIndex;
    let index = this.seriesIndex.get(store, docType, label);
    if (index === undefined) {
      index = this.seriesCount++;
      this.seriesIndex.set(store, docType, label, index);
      this.packet.newSeries.push(store, docType, label);
    }
    this.lastStore = store;
    this.lastDocType = docType;
    this.lastLabel = label;
    this.lastIndex = index;
    return index;
  }
}

/** Unpacks packets, in the order they were taken, into the rows and rejects they hold. */
export class PacketDecoder {
  private readonly series: Array<{ store: string; docType: string; label: string }> = [];

  /** Hands a packet's rows and rejects to the sink, as the worker read them. */
  decode(packet: RowPacket, sink: Pick<RowSink, 'row' | 'reject'>): void {
    const series = this.series;
    for (let i = 0; i < packet.newSeries.length; i += 3) {
      series.push({ store: packet.newSeries[i], docType: packet.newSeries[i + 1], label: packet.newSeries[i + 2] });
    }
    // One row object, filled anew for each row: the sink does not keep it.
    const row = blankRow();
    let keyAt = 0;
    const hasAuth = packet.authDate.length > 0;
    const hasNet = packet.net.length > 0;
    for (let i = 0; i < packet.count; i++) {
      const { store, docType, label } = series[packet.series[i]];
      const flags = packet.flags[i];
      const amount = packet.amount[i];
      row.store = store;
      row.docType = docType;
      row.series = label;
      row.seriesKey = packet.series[i];
      row.sequential = packet.sequential[i];
      row.date = packet.date[i];
      row.authDate = !hasAuth || packet.authDate[i] === 0 ? null : packet.authDate[i];
      row.amount = Number.isNaN(amount) ? null : amount;
      const net = hasNet ? packet.net[i] : Number.NaN;
      row.net = Number.isNaN(net) ? null : net;
      row.amountUnreadable = (flags & AMOUNT_UNREADABLE) !== 0;
      row.authDateUnreadable = (flags & AUTH_DATE_UNREADABLE) !== 0;
      row.void = (flags & VOID) !== 0;
      row.line = packet.line[i];
      if (flags & HAS_KEY) {
        row.accessKey = packet.keys.slice(keyAt, keyAt + KEY_LENGTH);
        keyAt += KEY_LENGTH;
      } else row.accessKey = null;
      sink.row(row);
    }
    for (const [line, reason, raw] of packet.rejects) sink.reject(line, reason, raw);
  }
}

/** A written packet's columns with their buffers, for the writer to move back (PacketEncoder.recycle). */
export function spentColumns(packet: RowPacket): { columns: SpentColumns; transfer: ArrayBuffer[] } {
  const { series, sequential, date, amount, line, flags } = packet;
  const columns = { series, sequential, date, amount, line, flags };
  return { columns, transfer: Object.values(columns).map((column) => column.buffer as ArrayBuffer) };
}

function emptyPacket(rows: number, reused?: SpentColumns): RowPacket {
  return {
    type: 'rows',
    count: 0,
    newSeries: [],
    series: reused?.series ?? new Int32Array(rows),
    sequential: reused?.sequential ?? new Float64Array(rows),
    date: reused?.date ?? new Int32Array(rows),
    authDate: new Int32Array(0),
    amount: reused?.amount ?? new Float64Array(rows),
    net: new Float64Array(0),
    line: reused?.line ?? new Int32Array(rows),
    flags: reused?.flags ?? new Uint8Array(rows),
    keys: '',
    rejects: [],
    bytesRead: 0,
    rowsRead: 0,
  };
}
