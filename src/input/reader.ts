import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { Parser, type CsvError, type Options as CsvOptions } from 'csv-parse';
import { ToUtf8, type Encoding } from './decode.js';
import { InputError } from '../errors.js';

/** One record of an export, with the line it ends on (1-based, the header is line 1). */
export interface RawRecord {
  cells: string[];
  line: number;
}

export interface ReadOptions {
  encoding?: Encoding;
  /** One of , ; or tab; sniffed from the first lines when absent. */
  delimiter?: string;
  /** Records the parser cannot read (an unclosed quote): reported, then skipped. */
  onUnreadable: (line: number, reason: string, raw: string) => void;
}

/** What is known of the file's bytes once it has been read through. */
export interface SourceStats {
  name: string;
  size: number;
  bytesRead: number;
  sha256: string;
  encoding: Encoding | 'ascii';
  /** The delimiter in use, once the parser has sniffed it. */
  delimiter?: string;
}

/**
 * csv-parse, with each record's line number attached as the record is pushed. Its own
 * `info: true` builds an object of a dozen fields per record, which cost as much as the
 * parsing itself (1.5 s of an 11 s ingest of a million rows); the counter it copies is
 * read here instead, at the same moment, so the numbers are the same.
 */
class LineParser extends Parser {
  constructor(options: CsvOptions) {
    super(options);
  }

  override push(record: unknown, encoding?: BufferEncoding): boolean {
    return super.push(record === null ? null : { record, info: { lines: this.info.lines } }, encoding);
  }
}

const DELIMITERS: Record<number, number> = { 44: 1, 59: 1, 9: 1 };
/** About what the delimiter is sniffed from: a few hundred lines of an export. */
const SNIFF_BYTES = 16 * 1024;

/** Sniffs only among , ; and tab (csv-parse's discovery would also consider letters and spaces). */
const delimiterAuto = {
  preferred: DELIMITERS,
  score: (info: { char_code: number; total: number; std: number }) =>
    DELIMITERS[info.char_code] ? info.total - info.std : -1,
};

/**
 * Opens an export (a path, or '-' for standard input) as a stream of records. The
 * SHA-256 and byte count are taken as the bytes pass, so the file is read once.
 */
export async function openExport(
  path: string,
  options: ReadOptions,
): Promise<{ records: AsyncIterable<RawRecord>; stats: SourceStats }> {
  let source: Readable;
  let size = 0;
  if (path === '-') {
    source = process.stdin;
  } else {
    try {
      const info = await stat(path);
      if (info.isDirectory()) throw new InputError(`${path}: is a directory, not an export file`);
      size = info.size;
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    source = createReadStream(path, { highWaterMark: 1 << 20 });
  }
  const stats: SourceStats = { name: path === '-' ? '(stdin)' : path, size, bytesRead: 0, sha256: '', encoding: 'ascii' };
  const hash = createHash('sha256');
  let first = true;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      stats.bytesRead += chunk.length;
      if (first && !options.delimiter) {
        // csv-parse sniffs the delimiter on its whole first chunk (meant: 2 KB), parsing it
        // once per candidate: with 1 MB reads that was a daily file three times over. The
        // first chunk is cut at a line end instead, so the sample ends with a record.
        first = false;
        const cut = chunk.lastIndexOf(10, SNIFF_BYTES);
        if (cut > 0 && cut < chunk.length - 1) {
          this.push(chunk.subarray(0, cut + 1));
          return done(null, chunk.subarray(cut + 1));
        }
      }
      done(null, chunk);
    },
    flush(done) {
      stats.sha256 = hash.digest('hex');
      if (path === '-') stats.size = stats.bytesRead;
      done();
    },
  });
  const decoder = new ToUtf8(options.encoding ?? 'auto');
  const parser = new LineParser({
    bom: true,
    delimiter: options.delimiter,
    delimiter_auto: options.delimiter ? false : delimiterAuto,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      const line = (error as unknown as { lines?: number })?.lines ?? 0;
      options.onUnreadable(line, error ? `unreadable CSV: ${error.message}` : 'unreadable CSV', raw ?? '');
      return undefined;
    },
  });
  const fail = (error: Error) => parser.destroy(wrapReadError(stats.name, error));
  source.on('error', fail);
  tap.on('error', fail);
  decoder.on('error', fail);
  source.pipe(tap).pipe(decoder).pipe(parser);

  async function* records(): AsyncIterable<RawRecord> {
    try {
      for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        stats.delimiter ??= String((parser as unknown as { options: { delimiter: Buffer[] } }).options.delimiter[0] ?? ',');
        yield { cells: item.record, line: item.info.lines };
      }
    } catch (error) {
      if (error instanceof InputError) throw error;
      const line = (error as { lines?: number }).lines;
      throw new InputError(`${stats.name}${line ? `: line ${line}` : ''}: ${(error as Error).message}`);
    } finally {
      stats.encoding = decoder.encoding;
    }
  }
  return { records: records(), stats };
}

function wrapReadError(name: string, error: Error): Error {
  if (error instanceof InputError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new InputError(`${name}: cannot read: ${code ?? error.message}`);
}
