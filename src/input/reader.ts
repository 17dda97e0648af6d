import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { Parser, type CsvError, type Options as CsvOptions } from 'csv-parse';
import { ToUtf8, type Encoding } from './decode.js';
import { DelimiterSniffer } from './sniff.js';
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
      throw describeReadError(path, error as Error);
    }
    source = createReadStream(path, { highWaterMark: 1 << 20 });
  }
  const stats: SourceStats = { name: path === '-' ? '(stdin)' : path, size, bytesRead: 0, sha256: '', encoding: 'ascii' };
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      stats.bytesRead += chunk.length;
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
    delimiter: options.delimiter ?? ',',
    relax_column_count: true,
    // A quote inside an unquoted field is text: CORPORACIÓN "EL ROSADO" S.A. in SRI downloads.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      const line = (error as unknown as { lines?: number })?.lines ?? 0;
      options.onUnreadable(line, error ? `unreadable CSV: ${error.message}` : 'unreadable CSV', raw ?? '');
      return undefined;
    },
  });
  const fail = (error: Error) => parser.destroy(describeReadError(stats.name, error));
  source.on('error', fail);
  tap.on('error', fail);
  decoder.on('error', fail);
  // Without --delimiter, the header line decides it before the parser reads a byte (sniff.ts).
  const sniffer = options.delimiter
    ? undefined
    : new DelimiterSniffer((delimiter) => {
        (parser as unknown as { options: { delimiter: Buffer[] } }).options.delimiter = [Buffer.from(delimiter)];
      });
  sniffer?.on('error', fail);
  (sniffer ? source.pipe(tap).pipe(decoder).pipe(sniffer) : source.pipe(tap).pipe(decoder)).pipe(parser);

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

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory, not an export file',
  EMFILE: 'too many open files',
};

/** "nope.csv: no such file", not a stack trace. */
export function describeReadError(name: string, error: Error): InputError {
  if (error instanceof InputError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new InputError(`${name}: cannot read: ${(code && READ_ERRORS[code]) ?? code ?? error.message}`);
}
