import { Transform, type TransformCallback } from 'node:stream';
import { isAscii, isUtf8 } from 'node:buffer';

/**
 * Text encodings of exports: UTF-8 (with or without BOM) and Latin-1 / Windows-1252
 * (the SRI portal's downloads, older store systems). The parser always receives UTF-8.
 */
export type Encoding = 'utf8' | 'windows-1252';

export function parseEncodingOption(text: string): Encoding | undefined {
  const v = text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  if (v === 'utf8') return 'utf8';
  if (['latin1', 'iso88591', 'windows1252', 'cp1252', 'win1252', 'ansi'].includes(v)) return 'windows-1252';
  return undefined;
}

// Windows-1252 differs from Latin-1 only in 0x80-0x9F (€, curly quotes, dashes, Š, Ž, …).
// Node 20's TextDecoder('windows-1252') decodes those bytes as Latin-1 control characters,
// so the table is ours. The five bytes Windows-1252 leaves undefined keep their Latin-1 value.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1 = /[\u0080-\u009f]/g;
const HAS_C1 = /[\u0080-\u009f]/;

/** Windows-1252 bytes as text (every byte is one character: no sequence spans chunks). */
export function decodeWindows1252(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  return HAS_C1.test(text) ? text.replace(C1, (ch) => CP1252_HIGH[ch.charCodeAt(0) - 0x80]) : text;
}

/** Length of an incomplete UTF-8 sequence at the end of a buffer (0 to 3 bytes). */
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const byte = buf[buf.length - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    if (byte < 0x80) return 0;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

/**
 * Transcodes to UTF-8. In 'auto' mode the encoding is decided by the first bytes that are
 * not ASCII: valid UTF-8 means UTF-8, anything else Windows-1252 (a superset of Latin-1 for
 * the printable range). ASCII passes through untouched until then, so the decision is
 * exact without reading the file twice, and memory does not grow with the file.
 */
export type DecodedAs = Encoding | 'ascii' | 'utf-16le' | 'utf-16be';

/** Why the start of a file is not text in an encoding read here, or undefined when it may be. */
export function notText(head: Buffer): string | undefined {
  const nul = head.indexOf(0);
  if (nul < 0) return undefined;
  // UTF-16 of mostly ASCII text: every other byte is zero.
  let even = 0;
  let odd = 0;
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i++) if (head[i] === 0) i % 2 === 0 ? even++ : odd++;
  if (n >= 4 && odd >= n / 2 - 2 && even === 0)
    return 'UTF-16 (little-endian) without a byte-order mark: save it as UTF-8, or as UTF-16 with a BOM';
  if (n >= 4 && even >= n / 2 - 2 && odd === 0)
    return 'UTF-16 (big-endian) without a byte-order mark: save it as UTF-8, or as UTF-16 with a BOM';
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')))
    return 'not a text file: a ZIP archive (an Excel .xlsx?); export it as CSV';
  return `not a text file: a NUL byte at byte ${nul + 1}`;
}

export class ToUtf8 extends Transform {
  private carry: Buffer | undefined;
  private started = false;
  private utf16: TextDecoder | undefined;
  private utf16Name: 'utf-16le' | 'utf-16be' | undefined;

  constructor(private mode: Encoding | 'auto') {
    super();
  }

  /** The encoding decided so far ('auto' while the file has been pure ASCII). */
  get encoding(): DecodedAs {
    return this.utf16Name ?? (this.mode === 'auto' ? 'ascii' : this.mode);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.started) {
      // The first bytes decide UTF-16 (its BOM), and refuse what is not text (SPEC §12).
      const head = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
      if (head.length < 2) {
        this.carry = head;
        return done();
      }
      this.carry = undefined;
      this.started = true;
      chunk = head;
      if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
        this.utf16Name = head[0] === 0xff ? 'utf-16le' : 'utf-16be';
        this.utf16 = new TextDecoder(this.utf16Name);
      } else {
        const why = notText(head);
        if (why) return done(Object.assign(new Error(why), { code: 'ENOTTEXT' }));
      }
    }
    if (this.utf16) return done(null, Buffer.from(this.utf16.decode(chunk, { stream: true }), 'utf8'));
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    if (this.mode === 'auto') {
      if (isAscii(buf)) return done(null, buf);
      const tail = incompleteTail(buf);
      if (tail > 0 && isAscii(buf.subarray(0, buf.length - tail))) {
        // Only an incomplete sequence so far: wait for the next chunk to decide.
        this.carry = buf.subarray(buf.length - tail);
        return done(null, buf.subarray(0, buf.length - tail));
      }
      const body = buf.subarray(0, buf.length - tail);
      this.mode = isUtf8(body) ? 'utf8' : 'windows-1252';
    }
    if (this.mode === 'utf8') return done(null, buf);
    done(null, Buffer.from(decodeWindows1252(buf), 'utf8'));
  }

  override _flush(done: TransformCallback): void {
    if (this.utf16) return done(null, Buffer.from(this.utf16.decode(), 'utf8'));
    if (!this.started && this.carry) {
      // A file of one byte.
      const why = notText(this.carry);
      if (why) return done(Object.assign(new Error(why), { code: 'ENOTTEXT' }));
      if (isAscii(this.carry)) return done(null, this.carry);
    }
    if (this.carry) {
      // The file ended inside a multi-byte sequence: it was never UTF-8.
      this.mode = 'windows-1252';
      return done(null, Buffer.from(decodeWindows1252(this.carry), 'utf8'));
    }
    done();
  }
}
