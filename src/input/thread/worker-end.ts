import type { InvoiceRow } from '../rows.js';
import type { PresetOptions } from '../presets.js';
import type { RowSink } from '../row-source.js';
import { PacketEncoder, type RowPacket, type SpentColumns } from './packet.js';

/** What the worker is given: the file and what describes it (structured-cloneable: no callbacks). */
export interface ThreadJob {
  path: string;
  options: PresetOptions;
}

/**
 * Packets sent and not yet written: enough to keep both threads busy. The writer's pass over a
 * batch (store/invoices.ts: 250,000 rows) takes a tenth of a second or more, and the reader fills
 * what is in flight meanwhile. With 3 the reader stood idle through it (the 10M date-ordered
 * load: 12.0 s → 9.5 s with 16). 32 gained 0.1–0.15 s of 6–6.5 s on the 10M per-store load
 * (4 alternating runs) for 8 MB more at a peak already near SPEC §7's 300 MB: kept at 16,
 * about 7 MB when the rows have no net amount and no authorisation date (those columns are
 * sent only when a row has one).
 */
const IN_FLIGHT = 16;

/** The worker's sink: packs rows into packets and posts them, waiting when the writer is behind. */
export class PacketSink implements RowSink {
  private readonly encoder = new PacketEncoder();
  private inFlight = 0;
  /** Records read at the last chunk's end, for the packets sent since. */
  private rowsRead = 0;
  private wake: (() => void) | undefined;

  constructor(
    private readonly post: (packet: RowPacket, transfer: ArrayBuffer[]) => void,
    private readonly progressOf: () => { bytesRead: number; sheet?: string },
  ) {}

  /** The writer has written a packet, and moved back its columns. */
  acknowledged(columns: SpentColumns): void {
    this.encoder.recycle(columns);
    this.inFlight--;
    this.wake?.();
  }

  row(row: InvoiceRow): void {
    if (this.encoder.row(row)) this.send(this.rowsRead);
  }

  reject(line: number, reason: string, raw: string): void {
    this.encoder.reject(line, reason, raw);
  }

  /**
   * The end of a chunk of the file. Its rows wait for the next chunk's until the packet is half
   * full: sent at every chunk's end, packets of a few thousand rows filled what may be in flight
   * with a fraction of the rows, and the reader stood idle while the writer made its batch.
   */
  async afterBatch(rowsRead: number): Promise<void> {
    this.rowsRead = rowsRead;
    if (this.encoder.worthSending) this.send(rowsRead);
    while (this.inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** The last rows, once the file is read. */
  finish(rowsRead: number): void {
    if (this.encoder.pending) this.send(rowsRead);
  }

  private send(rowsRead: number): void {
    const { bytesRead, sheet } = this.progressOf();
    const { packet, transfer } = this.encoder.take(bytesRead, rowsRead, sheet);
    this.inFlight++;
    this.post(packet, transfer);
  }
}
