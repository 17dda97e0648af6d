/**
 * JSON text written as ASCII bytes into one reused buffer: how a block's invoices are encoded
 * (pending-invoices.ts). Building the same text as a JavaScript string, number by number, was
 * the writer's largest cost after SQLite itself (0.45 µs a row on the 1M-row benchmark export:
 * number-to-string conversions, then a rope of short strings flattened and transcoded again
 * when bound). The bytes are bound as a blob and stored as text (`CAST(? AS TEXT)`).
 */
export class AsciiText {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private at = 0;

  /** Starts a new text; the previous one's bytes are reused. */
  reset(): void {
    this.at = 0;
  }

  /** Makes room for `count` more bytes. */
  reserve(count: number): void {
    if (this.at + count <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.at + count));
    this.bytes.copy(grown, 0, 0, this.at);
    this.bytes = grown;
  }

  /** One ASCII character, by code (room reserved). */
  char(code: number): void {
    this.bytes[this.at++] = code;
  }

  /** An integer as JSON writes it (room reserved: at most 22 bytes); anything else as String() writes it. */
  int(value: number): void {
    if (!Number.isSafeInteger(value)) {
      this.ascii(String(value));
      return;
    }
    const bytes = this.bytes;
    let n = value;
    if (n < 0) {
      bytes[this.at++] = 0x2d;
      n = -n;
    }
    let digits = 1;
    for (let power = 10; power <= n; power *= 10) digits++;
    const start = this.at;
    for (let i = start + digits - 1; i >= start; i--) {
      const quotient = Math.floor(n / 10);
      bytes[i] = 0x30 + (n - quotient * 10);
      n = quotient;
    }
    this.at = start + digits;
  }

  /** `null` (room reserved). */
  null(): void {
    this.ascii('null');
  }

  /** A string as JSON writes it (room is reserved here). */
  string(value: string): void {
    const text = JSON.stringify(value);
    this.reserve(Buffer.byteLength(text));
    this.at += this.bytes.write(text, this.at);
  }

  /** The text so far: a view of the buffer, valid until the next reset(). */
  view(): Buffer {
    return this.bytes.subarray(0, this.at);
  }

  private ascii(text: string): void {
    this.reserve(text.length);
    this.at += this.bytes.write(text, this.at, 'latin1');
  }
}
