import { Transform, type TransformCallback } from 'node:stream';
import { Parser, type CsvError, type Options as CsvOptions } from 'csv-parse';

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
}

/** Lines of decoded text: each a start, an end and a line number in `spans`. */
class LineBatch implements RecordBatch {
  constructor(
    private readonly text: string,
    private readonly spans: number[],
    private readonly delimiter: string,
  ) {}

  get size(): number {
    return this.spans.length / 3;
  }

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

/** The parsing core behind csv-parse's stream (its `api` property): the stream drives it the same way. */
interface CsvCore {
  parse(chunk: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
  info: { lines: number };
}

const LF = 0x0a;
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
  /** Lines consumed by the fast path, empty ones included. */
  private lines = 0;
  private atStart = true;
  /** csv-parse, once the fast path has handed over; line numbers continue from `lines`. */
  private slow: CsvCore | undefined;
  private slowOffset = 0;
  /** Batches of the current chunk, pushed when it is done. */
  private out: RecordBatch[] = [];

  constructor(private readonly options: SplitterOptions) {
    // A batch is a whole chunk of records: hold few, or they pile up in memory ahead of the writer.
    super({ readableObjectMode: true, readableHighWaterMark: 1 });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
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
      if (!this.slow) this.parseFast(Buffer.alloc(0), true);
      if (this.slow) this.parseSlow(undefined, true);
    } catch (error) {
      return done(error as Error);
    }
    this.emitBatch();
    done();
  }

  private emitBatch(): void {
    for (const batch of this.out) if (batch.size > 0) this.push(batch);
    this.out = [];
  }

  private parseFast(chunk: Buffer, end: boolean): void {
    // Only whole lines are decoded: a line feed is never inside a multi-byte character. The
    // line begun in the previous chunk is joined to its end in this one; the rest of the chunk
    // is decoded where it lies (copying whole chunks left megabytes of buffers for the
    // garbage collector: the 10M-row ingest peaked at 210 MB with the copy, 198 MB without).
    const cut = end ? chunk.length : chunk.lastIndexOf(LF) + 1;
    if (cut === 0 && !end) {
      this.carry = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
      return;
    }
    const headEnd = end ? cut : chunk.indexOf(LF) + 1;
    const head = this.carry ? Buffer.concat([this.carry, chunk.subarray(0, headEnd)]) : chunk.subarray(0, headEnd);
    this.carry = cut < chunk.length ? chunk.subarray(cut) : undefined;
    let text = head.toString('utf8') + chunk.toString('utf8', headEnd, cut);
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
    const spans: number[] = [];
    this.out.push(new LineBatch(text, spans, this.delimiter));
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
        if (stop === start || text.charCodeAt(stop - 1) !== 0x0d) return this.handOver(text.slice(start), line);
        lineEnd = stop - 1;
      }
      if ((quote >= 0 && quote < lineEnd) || (cr >= 0 && cr < lineEnd)) return this.handOver(text.slice(start), line);
      line++;
      if (lineEnd > start) spans.push(start, lineEnd, line);
      start = stop + 1;
      if (quote >= 0 && quote < start) quote = text.indexOf(QUOTE, start);
      if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
    }
    this.lines = line;
  }

  /** From here on csv-parse reads the file: `rest` is the text from the start of a line. */
  private handOver(rest: string, linesBefore: number): void {
    this.lines = linesBefore;
    this.slowOffset = linesBefore;
    const fromStart = linesBefore === 0;
    const options: CsvOptions = {
      bom: fromStart,
      delimiter: this.delimiter,
      relax_column_count: true,
      // A quote inside an unquoted field is text: CORPORACIÓN "EL ROSADO" S.A. in SRI downloads.
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined, raw: string | undefined) => {
        const line = (error as unknown as { lines?: number } | undefined)?.lines;
        this.options.onUnreadable(
          line === undefined ? this.slowOffset : line + this.slowOffset,
          error ? `unreadable CSV: ${error.message}` : 'unreadable CSV',
          raw ?? '',
        );
        return undefined;
      },
    };
    // Past the first line, the file's line end is known: csv-parse must not guess another.
    if (this.lineEnd) options.record_delimiter = this.lineEnd;
    // The parsing core of csv-parse's stream (its `api`), driven synchronously, so that records
    // come out in the same batches as the fast path's.
    this.slow = (new Parser(options) as unknown as { api: CsvCore }).api;
    const carry = this.carry;
    this.carry = undefined;
    this.parseSlow(Buffer.from(rest, 'utf8'), false);
    if (carry) this.parseSlow(carry, false);
  }

  private parseSlow(chunk: Buffer | undefined, end: boolean): void {
    const api = this.slow!;
    const offset = this.slowOffset;
    let batch = this.out[this.out.length - 1];
    if (!(batch instanceof ParsedBatch)) this.out.push((batch = new ParsedBatch()));
    const records = (batch as ParsedBatch).records;
    const error = api.parse(
      chunk,
      end,
      (record: string[]) => records.push({ cells: record, line: api.info.lines + offset }),
      () => {},
    );
    if (error) {
      (error as unknown as { lines?: number }).lines = api.info.lines + offset;
      throw error;
    }
  }
}
