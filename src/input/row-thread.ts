import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { exportSize, type SourceStats } from './reader.js';
import { openRows, type ReadSummary, type RowSink, type RowSource } from './read-rows.js';
import type { InvoiceRow } from './rows.js';
import type { PresetOptions } from './presets.js';
import { SeriesMap } from './series-map.js';
import { InputError } from '../errors.js';

/**
 * Reading an export on a thread of its own. Decoding, splitting and checking rows takes
 * about as long as writing them to SQLite, so a large file is read by a worker while the
 * main thread writes: a 1-million-row ingest takes about two thirds of the time (docs/benchmarks.md).
 * The worker sends rows in packets of typed arrays (moved, not copied), at most a few
 * packets ahead of the writer, so memory stays flat however large the file.
 */

/** What the worker is given: the file and what describes it (structured-cloneable: no callbacks). */
export interface ThreadJob {
  path: string;
  options: PresetOptions;
}

/** Rows of one packet, column by column. */
export interface RowPacket {
  type: 'rows';
  count: number;
  /** Series first met in this packet, in index order: store, document type, label, … */
  newSeries: string[];
  series: Int32Array;
  sequential: Float64Array;
  date: Int32Array;
  /** NaN: no amount. */
  amount: Float64Array;
  line: Int32Array;
  /** VOID | HAS_KEY per row. */
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

export type ThreadMessage =
  | RowPacket
  | { type: 'end'; summary: ReadSummary; stats: SourceStats }
  | { type: 'error'; message: string; input: boolean };

const VOID = 1;
const HAS_KEY = 2;
const KEY_LENGTH = 49;
/** Rows per packet: big enough that messaging costs nothing, small enough to stay flat. */
const PACKET_ROWS = 16_384;
/** Packets sent and not yet written: enough to keep both threads busy. */
const IN_FLIGHT = 3;

/**
 * The thread's young generation: its garbage is short-lived (cells, row objects), and a small
 * nursery keeps the process flat. Measured on the 1M-row export: 8 MB gave a peak of 191–205 MB
 * resident for the same time as V8's default, which peaked at 220–256 MB.
 */
const WORKER_YOUNG_MB = 8;

/** Files smaller than this are read in line: starting a thread costs more than it saves. */
const THREAD_MIN_BYTES = 8 << 20;

/** The worker script, beside the command's bundle (dist/); absent when running from sources. */
const WORKER_URL = new URL('./parse-worker.bundle.js', import.meta.url);

/**
 * Whether to read this file on a thread: regular files of some size, when the worker script
 * was built. SMO_GAPS_READ_THREAD=0 or 1 forces the choice (1 still needs the script).
 */
function readOnThread(size: number): boolean {
  if (!existsSync(WORKER_URL)) return false;
  const forced = process.env.SMO_GAPS_READ_THREAD;
  if (forced === '0' || forced === '1') return forced === '1';
  return size >= THREAD_MIN_BYTES;
}

/** Opens an export (a path, or '-' for standard input) to be read on a thread or in line. */
export async function openRowSource(path: string, options: PresetOptions): Promise<RowSource> {
  if (path !== '-') {
    const size = await exportSize(path);
    if (readOnThread(size)) return openRowsOnThread(path, size, options);
  }
  return openRows(path, options);
}

/** The worker's sink: packs rows into packets and posts them, waiting when the writer is behind. */
export class PacketSink implements RowSink {
  private readonly seriesIndex = new SeriesMap<number>();
  private seriesCount = 0;
  private packet = emptyPacket();
  private keys: string[] = [];
  private inFlight = 0;
  private wake: (() => void) | undefined;

  constructor(
    private readonly post: (packet: RowPacket, transfer: ArrayBuffer[]) => void,
    private readonly progressOf: () => { bytesRead: number; sheet?: string },
  ) {}

  /** The writer has written a packet. */
  acknowledged(): void {
    this.inFlight--;
    this.wake?.();
  }

  row(row: InvoiceRow): void {
    const packet = this.packet;
    const i = packet.count++;
    packet.series[i] = this.indexOf(row.store, row.docType, row.series);
    packet.sequential[i] = row.sequential;
    packet.date[i] = row.date;
    packet.amount[i] = row.amount ?? NaN;
    packet.line[i] = row.line;
    let flags = row.void ? VOID : 0;
    // interpretRow keeps only a key that parsed, always KEY_LENGTH digits: the packet relies on it.
    if (row.accessKey !== null) {
      flags |= HAS_KEY;
      this.keys.push(row.accessKey);
    }
    packet.flags[i] = flags;
    if (packet.count === PACKET_ROWS) this.send(0);
  }

  reject(line: number, reason: string, raw: string): void {
    this.packet.rejects.push([line, reason, raw]);
  }

  async afterBatch(rowsRead: number): Promise<void> {
    if (!this.pending) return;
    this.send(rowsRead);
    while (this.inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** The last rows, once the file is read. */
  finish(rowsRead: number): void {
    if (this.pending) this.send(rowsRead);
  }

  /** Rows or rejects not sent yet (a new series always comes with a row). */
  private get pending(): boolean {
    return this.packet.count > 0 || this.packet.rejects.length > 0;
  }

  private send(rowsRead: number): void {
    const packet = this.packet;
    packet.keys = this.keys.join('');
    const { bytesRead, sheet } = this.progressOf();
    packet.bytesRead = bytesRead;
    packet.sheet = sheet;
    packet.rowsRead = rowsRead;
    this.inFlight++;
    this.post(packet, [
      packet.series.buffer, packet.sequential.buffer, packet.date.buffer,
      packet.amount.buffer, packet.line.buffer, packet.flags.buffer,
    ] as ArrayBuffer[]);
    this.packet = emptyPacket();
    this.keys = [];
  }

  private indexOf(store: string, docType: string, label: string): number {
    let index = this.seriesIndex.get(store, docType, label);
    if (index === undefined) {
      this.seriesIndex.set(store, docType, label, (index = this.seriesCount++));
      this.packet.newSeries.push(store, docType, label);
    }
    return index;
  }
}

function emptyPacket(): RowPacket {
  return {
    type: 'rows',
    count: 0,
    newSeries: [],
    series: new Int32Array(PACKET_ROWS),
    sequential: new Float64Array(PACKET_ROWS),
    date: new Int32Array(PACKET_ROWS),
    amount: new Float64Array(PACKET_ROWS),
    line: new Int32Array(PACKET_ROWS),
    flags: new Uint8Array(PACKET_ROWS),
    keys: '',
    rejects: [],
    bytesRead: 0,
    rowsRead: 0,
  };
}

/** An export to be read by a worker thread: the same rows, in the same order, as openRows gives. */
function openRowsOnThread(path: string, size: number, options: PresetOptions): RowSource {
  const stats: SourceStats = { name: path, size, bytesRead: 0, sha256: '', encoding: 'ascii' };
  const job: ThreadJob = { path, options };
  const read = (sink: RowSink) =>
    new Promise<ReadSummary>((resolve, reject) => {
      const worker = new Worker(WORKER_URL, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
      const series: Array<{ store: string; docType: string; label: string }> = [];
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        reject(error);
      };
      worker.on('message', (message: ThreadMessage) => {
        if (settled) return;
        try {
          if (message.type === 'rows') {
            stats.sheet = message.sheet;
            unpack(message, series, sink);
            stats.bytesRead = message.bytesRead;
            worker.postMessage('ack');
            if (message.rowsRead > 0) {
              sink.progress?.(message.bytesRead, message.rowsRead);
              void sink.afterBatch?.(message.rowsRead);
            }
          } else if (message.type === 'end') {
            Object.assign(stats, message.stats);
            settled = true;
            resolve(message.summary);
          } else {
            fail(message.input ? new InputError(message.message) : new Error(message.message));
          }
        } catch (error) {
          fail(error);
        }
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the thread reading ${path} stopped early (exit code ${code})`)));
    });
  return { stats, read };
}

/** Hands a packet's rows and rejects to the sink, as the worker read them. */
function unpack(packet: RowPacket, series: Array<{ store: string; docType: string; label: string }>, sink: RowSink): void {
  for (let i = 0; i < packet.newSeries.length; i += 3) {
    series.push({ store: packet.newSeries[i], docType: packet.newSeries[i + 1], label: packet.newSeries[i + 2] });
  }
  // One row object, filled anew for each row: the sink does not keep it.
  const row: InvoiceRow = { store: '', docType: '', series: '', sequential: 0, date: 0, amount: null, void: false, accessKey: null, line: 0 };
  let keyAt = 0;
  for (let i = 0; i < packet.count; i++) {
    const { store, docType, label } = series[packet.series[i]];
    const flags = packet.flags[i];
    const amount = packet.amount[i];
    row.store = store;
    row.docType = docType;
    row.series = label;
    row.sequential = packet.sequential[i];
    row.date = packet.date[i];
    row.amount = Number.isNaN(amount) ? null : amount;
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
