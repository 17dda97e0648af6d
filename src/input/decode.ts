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
export class ToUtf8 extends Transform {
  private carry: Buffer | undefined;

  constructor(private mode: Encoding | 'auto') {
    super();
  }

  /** The encoding decided so far ('auto' while the file has been pure ASCII). */
  get encoding(): Encoding | 'ascii' {
    return this.mode === 'auto' ? 'ascii' : this.mode;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
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
    if (this.carry) {
      // The file ended inside a multi-byte sequence: it was never UTF-8.
      this.mode = 'windows-1252';
      return done(null, Buffer.from(decodeWindows1252(this.carry), 'utf8'));
    }
    done();
  }
}
