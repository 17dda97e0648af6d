import { Transform, type TransformCallback } from 'node:stream';
import { isAscii, isUtf8 } from 'node:buffer';

/**
 * Text encodings of exports: UTF-8 (with or without BOM) and Latin-1 / Windows-1252
 * (the SRI portal's downloads, older store systems). The parser always receives UTF-8.
 */
export type Encoding = 'utf8' | 'windows-1252';

export function parseEncodingOption(text: string): Encoding | undefined {
  const v = text.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
  if (v === 'utf8') return 'utf8';
  if (['latin1', 'iso88591', 'windows1252', 'cp1252', 'win1252', 'ansi'].includes(v)) return 'windows-1252';
  return undefined;
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
  private readonly latin = new TextDecoder('windows-1252');

  constructor(private mode: Encoding | 'auto') {
    super();
  }

  /** The encoding decided so far ('auto' while the file has been pure ASCII). */
  get encoding(): Encoding | 'ascii' {
    return this.mode === 'auto' ? 'ascii' : this.mode;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
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
    done(null, Buffer.from(this.latin.decode(buf, { stream: true }), 'utf8'));
  }

  override _flush(done: TransformCallback): void {
    if (this.carry) {
      // The file ended inside a multi-byte sequence: it was never UTF-8.
      this.mode = 'windows-1252';
      return done(null, Buffer.from(this.latin.decode(this.carry), 'utf8'));
    }
    done();
  }
}
