/**
 * Small typed arrays carved out of shared buffers. A daily load meets hundreds of series and
 * gives each a few small columns (store/pending-invoices.ts, store/day-totals.ts); as arrays of
 * their own, an ArrayBuffer each, 599 series' nine took 4.3–6.6 ms of a cold process against
 * 0.7 ms as views of shared buffers (Node 20, 6 runs each). A buffer is freed by the garbage
 * collector once no view of it is left; its arrays start zeroed, like new ones.
 */
export class Slab {
  private buffer = new ArrayBuffer(0);
  private used = 0;

  constructor(private readonly bufferBytes = 64 * 1024) {}

  float64(length: number): Float64Array<ArrayBuffer> {
    const at = this.reserve(length * 8);
    return new Float64Array(this.buffer, at, length);
  }

  int32(length: number): Int32Array<ArrayBuffer> {
    const at = this.reserve(length * 4);
    return new Int32Array(this.buffer, at, length);
  }

  uint8(length: number): Uint8Array<ArrayBuffer> {
    const at = this.reserve(length);
    return new Uint8Array(this.buffer, at, length);
  }

  /** Where `bytes` start in the current buffer (a new one when it is full: read `buffer` after), 8-aligned for any view. */
  private reserve(bytes: number): number {
    const rounded = (bytes + 7) & ~7;
    if (this.used + rounded > this.buffer.byteLength) {
      this.buffer = new ArrayBuffer(Math.max(this.bufferBytes, rounded));
      this.used = 0;
    }
    const at = this.used;
    this.used += rounded;
    return at;
  }
}
