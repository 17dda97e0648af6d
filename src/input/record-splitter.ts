import { isAscii } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { QuotedReader } from './quoted-reader.js';

/** One record of an export, with the line it ends on (1-based, the header is line 1). */
export interface RawRecord {
  cells: string[];
  line: number;
}

/**
 * The records of one chunk of a file. The fast path keeps the chunk's text and where each
 * line lies in it, and splits a line only when it is asked for: a chunk's records are then
 * made and dropped one at a time, so they die young instead of surviving garbage collections
 * as a chunk's worth of arrays (measured on a 1M-row ingest: garbage collection 0.9 s → 0.2 s).
 */
export interface RecordBatch {
  readonly size: number;
  record(index: number): RawRecord;
  /** The fast path's batches: the decoded text the records lie in, unsplit, … */
  readonly text?: string;
  /** … and for each record its start, end and line number in it (three numbers a record, `size` records). */
  readonly spans?: Int32Array;
}

/** Lines of decoded text: each a start, an end and a line number in `spans`. */
/** Lines a batch's spans are first sized for (they grow past it). */
const MAX_SPANS = 1 << 16;

/** Whole lines of UTF-8 as text: ASCII, nearly every export, is copied as Latin-1 (a quarter of the time of decoding). */
function decodeLines(bytes: Buffer, start: number, end: number): string {
  return isAscii(bytes.subarray(start, end)) ? bytes.toString('latin1', start, end) : bytes.toString('utf8', start, end);
}

class LineBatch implements RecordBatch {
  /** Records in `spans`: set once the text is split. */
  size = 0;

  constructor(
    readonly text: string,
    public spans: Int32Array,
    private readonly delimiter: string,
  ) {}

  record(index: number): RawRecord {
    const at = index * 3;
    const spans = this.spans;
    return { cells: this.text.slice(spans[at], spans[at + 1]).split(this.delimiter), line: spans[at + 2] };
  }
}

/** Records csv-parse has already made. */
class ParsedBatch implements RecordBatch {
  readonly records: RawRecord[] = [];

  get size(): number {
    return this.records.length;
  }

  record(index: number): RawRecord {
    return this.records[index];
  }
}

export interface SplitterOptions {
  /** Records csv-parse cannot read (an unclosed quote): reported, then skipped. */
  onUnreadable: (line: number, reason: string, raw: string) => void;
}

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);
/** The longest line read (SPEC §12). */
export const MAX_LINE_BYTES = 1 << 20;
/** How much of a line over the limit is kept for its reject. */
const HEAD_KEPT = 200;

function firstBreak(chunk: Buffer): number {
  const lf = chunk.indexOf(LF);
  const cr = chunk.indexOf(CR);
  return lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
}
const QUOTE = '"';

/**
 * Turns the decoded (UTF-8) bytes of an export into batches of records, about one per chunk.
 *
 * Most exports are machine-written and hold no quote at all: for those, a record is a line
 * split at the delimiter, and this class does exactly that (the fast path). From the first
 * line that is not that simple (a quote, a line break other than the file's own), the rest
 * of the file goes to csv-parse, which reads quoted cells, line breaks inside them and
 * unreadable records. The fast path is csv-parse's answer for the lines it takes (a
 * differential test holds it to that); it exists because, measured on the 1M-row benchmark
 * export, csv-parse's per-record work and garbage were the largest cost after SQLite's
 * inserts (docs/benchmarks.md).
 */
export class RecordSplitter extends Transform {
  /** The field delimiter, set before the first byte arrives (sniffed from the header, or given). */
  delimiter = ',';
  /** '\n' or '\r\n' once the first line end is seen. */
  private lineEnd: '\n' | '\r\n' | undefined;
  /** Bytes after the last line feed seen: the start of a line that is not complete yet. */
  private carry: Buffer | undefined;
  /** Where the carried line and a chunk's lines are joined (joined()). */
  private scratch = Buffer.alloc(0);
  /** Lines consumed by the fast path, empty ones included. */
  private lines = 0;
  private atStart = true;
  /** The quoted reader, once the fast path has handed over; line numbers continue from `lines`. */
  private slow: QuotedReader | undefined;
  private slowDecoder: StringDecoder | undefined;
  /** Bytes of the current line seen so far, and the skipping of a line over the limit. */
  private run = 0;
  private skipping = false;
  private skipped = 0;
  private skipLine = 0;
  private skipHead = '';
  /** Batches of the current chunk, pushed when it is done. */
  private out: RecordBatch[] = [];

  constructor(private readonly options: SplitterOptions) {
    // A batch is a whole chunk of records: hold few, or they pile up in memory ahead of the writer.
    super({ readableObjectMode: true, readableHighWaterMark: 1 });
  }

  override _transform(input: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      const chunk = this.guardLineLength(input);
      if (chunk.length === 0) return done();
      if (this.slow) this.parseSlow(chunk, false);
      else this.parseFast(chunk, false);
    } catch (error) {
      return done(error as Error);
    }
    this.emitBatch();
    done();
  }

  override _flush(done: TransformCallback): void {
    try {
      if (this.skipping) this.endSkip();
      if (!this.slow) this.parseFast(Buffer.alloc(0), true);
      if (this.slow) this.parseSlow(undefined, true);
    } catch (error) {
      return done(error as Error);
    }
    this.emitBatch();
    done();
  }

  /**
   * A line over 1 MB is rejected without being held (SPEC §12): the bytes of its start that
   * are held are dropped, and the rest is skipped as it arrives, up to its line end, so no
   * input (a file without line breaks, /dev/zero) takes memory with its length.
   */
  private guardLineLength(chunk: Buffer): Buffer {
    if (this.skipping) {
      const at = firstBreak(chunk);
      if (at < 0) {
        this.skipped += chunk.length;
        return EMPTY;
      }
      this.skipped += at;
      this.endSkip();
      chunk = chunk.subarray(at); // the line end stays: it ends the skipped line
    }
    const last = Math.max(chunk.lastIndexOf(LF), chunk.lastIndexOf(CR));
    if (last >= 0) {
      const first = firstBreak(chunk);
      if (this.run + first > MAX_LINE_BYTES) {
        // A line begun in earlier chunks ends here, too long: rejected, the rest read on.
        this.beginSkip(chunk.subarray(0, first), this.run);
        this.skipped = this.run + first;
        this.run = chunk.length - 1 - last;
        this.endSkip();
        return chunk.subarray(first);
      }
      this.run = chunk.length - 1 - last;
      return chunk;
    }
    if (this.run + chunk.length <= MAX_LINE_BYTES) {
      this.run += chunk.length;
      return chunk;
    }
    // The line being read is too long: forget what is held of it, skip the rest.
    this.beginSkip(chunk, this.run);
    this.skipped = this.run + chunk.length;
    this.run = 0;
    return EMPTY;
  }

  /** Drops what is held of the line being read (`chunk`: its bytes in this chunk). */
  private beginSkip(chunk: Buffer, _heldBytes: number): void {
    this.skipping = true;
    if (this.slow) {
      const dropped = this.slow.abandonLine();
      this.skipLine = dropped.line;
      this.skipHead = dropped.head;
      this.slowDecoder = new StringDecoder('utf8');
    } else {
      const held = this.carry ?? EMPTY;
      this.skipLine = this.lines + 1;
      this.skipHead = Buffer.concat([held, chunk.subarray(0, HEAD_KEPT)])
        .subarray(0, HEAD_KEPT)
        .toString('utf8');
      this.carry = undefined;
    }
  }

  private endSkip(): void {
    this.skipping = false;
    if (this.skipLine < 0) return; // rejected already, as a quoted field past 64 KB
    const mb = (this.skipped / (1 << 20)).toFixed(1);
    this.options.onUnreadable(this.skipLine, `line over 1 MB (${mb} MB), not read`, `${this.skipHead}…`);
  }

  private emitBatch(): void {
    for (const batch of this.out) if (batch.size > 0) this.push(batch);
    this.out = [];
  }

  /**
   * The line begun in the previous chunk and the whole lines of this one, `chunk[0, cut)`, as
   * one string. Decoded in one piece from one reused buffer: a string made by joining two (a
   * ConsString) costs every later character read an indirection, and the reader ran 25–35%
   * slower on it (scripts/read-speed.js, 10M per-store rows: 490–510 → 310–420 ms of CPU per
   * million); a buffer allocated per chunk instead left megabytes for the garbage collector.
   */
  private joined(chunk: Buffer, cut: number): string {
    const carry = this.carry;
    if (carry === undefined) return decodeLines(chunk, 0, cut);
    const length = carry.length + cut;
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafe(Math.max(length, this.scratch.length * 2));
    carry.copy(this.scratch, 0);
    chunk.copy(this.scratch, carry.length, 0, cut);
    return decodeLines(this.scratch, 0, length);
  }

  private parseFast(chunk: Buffer, end: boolean): void {
    // Only whole lines are decoded: a line feed is never inside a multi-byte character.
    const cut = end ? chunk.length : chunk.lastIndexOf(LF) + 1;
    if (cut === 0 && !end) {
      this.carry = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
      return;
    }
    let text = this.joined(chunk, cut);
    this.carry = cut < chunk.length ? chunk.subarray(cut) : undefined;
    if (text === '') return;
    if (this.atStart) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.atStart = false;
    }
    if (this.lineEnd === undefined) {
      // Only whole lines reach here, so the first line end is in `text` (or the file has one line).
      const first = text.search(/[\r\n]/);
      const headerEnd = first < 0 ? text.length : first;
      // A quoted header, or lines that end in a bare carriage return: csv-parse from the start.
      if (first >= 0 && text.charCodeAt(first) === 0x0d && text.charCodeAt(first + 1) !== LF) return this.handOver(text, 0);
      if (text.lastIndexOf(QUOTE, headerEnd) >= 0) return this.handOver(text, 0);
      this.lineEnd = first >= 0 && text.charCodeAt(first) === 0x0d ? '\r\n' : '\n';
    }
    const crlf = this.lineEnd === '\r\n';
    // Spans in a typed array (a plain array's pushes were most of the splitting): a line is at least 2 bytes.
    let spans = new Int32Array(3 * Math.min(MAX_SPANS, (text.length >> 4) + 64));
    let count = 0;
    const batch = new LineBatch(text, spans, this.delimiter);
    this.out.push(batch);
    const done = () => {
      batch.spans = spans;
      batch.size = count / 3;
    };
    // The next quote and carriage return: lines before them need no closer look.
    let quote = text.indexOf(QUOTE);
    let cr = text.indexOf('\r');
    let start = 0;
    let line = this.lines;
    while (start < text.length) {
      let stop = text.indexOf('\n', start);
      if (stop < 0) stop = text.length; // the last line of the file, without a line end
      let lineEnd = stop;
      if (crlf && stop < text.length) {
        // A bare line feed in a CRLF file is text to csv-parse, not a line end.
        if (stop === start || text.charCodeAt(stop - 1) !== 0x0d) {
          done();
          return this.handOver(text.slice(start), line);
        }
        lineEnd = stop - 1;
      }
      if ((quote >= 0 && quote < lineEnd) || (cr >= 0 && cr < lineEnd)) {
        done();
        return this.handOver(text.slice(start), line);
      }
      line++;
      if (lineEnd > start) {
        if (count + 3 > spans.length) {
          const grown = new Int32Array(spans.length * 2);
          grown.set(spans);
          spans = grown;
        }
        spans[count++] = start;
        spans[count++] = lineEnd;
        spans[count++] = line;
      }
      start = stop + 1;
      if (quote >= 0 && quote < start) quote = text.indexOf(QUOTE, start);
      if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
    }
    done();
    this.lines = line;
  }

  /** From here on the quoted reader reads the file: `rest` is the text from the start of a line. */
  private handOver(rest: string, linesBefore: number): void {
    this.lines = linesBefore;
    if (this.lineEnd === undefined) {
      // The first line end decides: a CR (alone or in CRLF) makes a bare LF text.
      const first = rest.search(/[\r\n]/);
      this.lineEnd = first >= 0 && rest.charCodeAt(first) === 0x0d ? '\r\n' : '\n';
    }
    const records = (): RawRecord[] => {
      let batch = this.out[this.out.length - 1];
      if (!(batch instanceof ParsedBatch)) this.out.push((batch = new ParsedBatch()));
      return (batch as ParsedBatch).records;
    };
    this.slow = new QuotedReader(this.delimiter, this.lineEnd === '\n' ? 'lf' : 'cr', linesBefore, {
      record: (cells, line) => records().push({ cells, line }),
      unreadable: (line, reason, raw) => this.options.onUnreadable(line, reason, raw),
    });
    this.slowDecoder = new StringDecoder('utf8');
    const carry = this.carry;
    this.carry = undefined;
    this.slow.feed(rest);
    if (carry) this.parseSlow(carry, false);
  }

  private parseSlow(chunk: Buffer | undefined, end: boolean): void {
    const slow = this.slow!;
    if (chunk) slow.feed(this.slowDecoder!.write(chunk));
    if (end) {
      const tail = this.slowDecoder!.end();
      if (tail) slow.feed(tail);
      slow.end();
    }
  }
}
