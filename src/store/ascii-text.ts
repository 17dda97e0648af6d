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
    const bytes = this.bytes;
    // Most of a block's numbers are small offsets: one or two digits, written directly.
    if (value >= 0 && value < 100 && (value | 0) === value) {
      if (value >= 10) {
        const tens = (value / 10) | 0;
        bytes[this.at++] = 0x30 + tens;
        bytes[this.at++] = 0x30 + value - tens * 10;
      } else bytes[this.at++] = 0x30 + value;
      return;
    }
    if (!Number.isSafeInteger(value)) {
      this.ascii(String(value));
      return;
    }
    let n = value;
    if (n < 0) {
      bytes[this.at++] = 0x2d;
      n = -n;
    }
    // The digits from the last, then turned around; integer arithmetic while the number is an int32.
    const start = this.at;
    let at = start;
    for (; n >= 2 ** 31; n = Math.floor(n / 10)) bytes[at++] = 0x30 + (n % 10);
    do {
      const quotient = (n / 10) | 0;
      bytes[at++] = 0x30 + n - quotient * 10;
      n = quotient;
    } while (n > 0);
    for (let i = start, j = at - 1; i < j; i++, j--) {
      const digit = bytes[i];
      bytes[i] = bytes[j];
      bytes[j] = digit;
    }
    this.at = at;
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
