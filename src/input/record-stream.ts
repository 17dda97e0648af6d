import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { ToUtf8, type DecodedAs, type Encoding } from './decode.js';
import { DelimiterSniffer } from './sniff.js';
import { RecordSplitter, type RecordBatch } from './record-splitter.js';
import { InputError } from '../errors.js';

export type { RawRecord, RecordBatch } from './record-splitter.js';

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
  encoding: DecodedAs | 'xlsx';
  /** The delimiter in use, once the parser has sniffed it. */
  delimiter?: string;
  /** A workbook's sheet being read: rejects are placed as `sheet!row`. */
  sheet?: string;
}

/**
 * Opens an export (a path, or '-' for standard input) as a stream of records. The
 * SHA-256 and byte count are taken as the bytes pass, so the file is read once.
 */
export async function openExport(path: string, options: ReadOptions): Promise<{ batches: AsyncIterable<RecordBatch>; stats: SourceStats }> {
  const size = path === '-' ? 0 : await exportSize(path);
  // 512 KB reads: with 1 MB ones the process's C heaps grew through a 10M load, each buffer
  // made on the reading thread and freed later (per-store peak 269–284 MB, 225–258 MB with 512 KB,
  // 214–220 MB with 256 KB but 0.7–1 s slower; the reader's packets wait to be half full).
  const source: Readable = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1 << 19 });
  const stats: SourceStats = { name: path === '-' ? '(stdin)' : path, size, bytesRead: 0, sha256: '', encoding: 'ascii' };
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      // A file's kind is decided before it is opened (file-kind.ts); standard input's only here.
      if (stats.bytesRead === 0 && path === '-' && chunk[0] === 0x50 && chunk[1] === 0x4b) {
        done(new InputError(`${stats.name}: an Excel workbook (zip) on standard input: give it as a file`));
        return;
      }
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
  const splitter = new RecordSplitter({ onUnreadable: options.onUnreadable });
  if (options.delimiter) splitter.delimiter = options.delimiter;
  const fail = (error: Error) => splitter.destroy(describeReadError(stats.name, error));
  source.on('error', fail);
  tap.on('error', fail);
  decoder.on('error', fail);
  // Without --delimiter, the header line decides it before the parser reads a byte (sniff.ts).
  const sniffer = options.delimiter
    ? undefined
    : new DelimiterSniffer((delimiter) => {
        splitter.delimiter = delimiter;
      });
  sniffer?.on('error', fail);
  (sniffer ? source.pipe(tap).pipe(decoder).pipe(sniffer) : source.pipe(tap).pipe(decoder)).pipe(splitter);

  async function* batches(): AsyncIterable<RecordBatch> {
    try {
      for await (const batch of splitter as AsyncIterable<RecordBatch>) {
        stats.delimiter ??= splitter.delimiter;
        yield batch;
      }
    } catch (error) {
      if (error instanceof InputError) throw error;
      const line = (error as { lines?: number }).lines;
      throw new InputError(`${stats.name}${line ? `: line ${line}` : ''}: ${(error as Error).message}`);
    } finally {
      stats.encoding = decoder.encoding;
    }
  }
  return { batches: batches(), stats };
}

/** The size of an export file, or why it cannot be read. */
export async function exportSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError(`${path}: is a directory, not an export file`);
    return info.size;
  } catch (error) {
    throw describeReadError(path, error as Error);
  }
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
  if (code === 'ENOTTEXT') return new InputError(`${name}: ${error.message}`);
  return new InputError(`${name}: cannot read: ${(code && READ_ERRORS[code]) ?? code ?? error.message}`);
}
