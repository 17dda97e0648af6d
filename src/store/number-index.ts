/**
 * Invoice number → row, for the rows of a batch (pending-invoices.ts): open addressing in two
 * typed arrays. A Map keyed by the numbers, which are doubles, kept a boxed number and an
 * entry per row; on a per-store export, whose late rows ask about the batch's numbers, it was
 * 0.1 µs a row and tens of megabytes for a 250,000-row batch.
 */
/** The empty index's arrays, shared: a typed array costs about 0.3 µs to make even empty, and a batch makes an index per series. */
const NO_KEYS = new Float64Array(0);
const NO_ROWS = new Int32Array(0);

export class NumberIndex {
  private keys = NO_KEYS;
  /** row + 1; 0: an empty slot. */
  private rows = NO_ROWS;
  private size = 0;
  private shift = 32;

  /** Records that `seq` is the batch's row `row` (a number recorded twice keeps its first row). */
  set(seq: number, row: number): void {
    if ((this.size + 1) * 2 > this.rows.length) this.grow();
    const mask = this.rows.length - 1;
    for (let slot = this.slotOf(seq); ; slot = (slot + 1) & mask) {
      if (this.rows[slot] === 0) {
        this.keys[slot] = seq;
        this.rows[slot] = row + 1;
        this.size++;
        return;
      }
      if (this.keys[slot] === seq) return;
    }
  }

  /** The row numbered `seq`, or -1. */
  get(seq: number): number {
    if (this.size === 0) return -1;
    const mask = this.rows.length - 1;
    for (let slot = this.slotOf(seq); ; slot = (slot + 1) & mask) {
      const row = this.rows[slot];
      if (row === 0) return -1;
      if (this.keys[slot] === seq) return row - 1;
    }
  }

  clear(): void {
    this.keys = NO_KEYS;
    this.rows = NO_ROWS;
    this.size = 0;
    this.shift = 32;
  }

  /** A number's first slot: its low and high 32 bits mixed (Fibonacci hashing). */
  private slotOf(seq: number): number {
    return Math.imul((seq >>> 0) ^ ((seq / 4294967296) >>> 0), 0x9e3779b1) >>> this.shift;
  }

  private grow(): void {
    const { keys, rows } = this;
    const capacity = Math.max(64, rows.length * 2);
    this.keys = new Float64Array(capacity);
    this.rows = new Int32Array(capacity);
    this.shift = 32 - Math.log2(capacity);
    this.size = 0;
    for (let slot = 0; slot < rows.length; slot++) if (rows[slot] !== 0) this.set(keys[slot], rows[slot] - 1);
  }
}
