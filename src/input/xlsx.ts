import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Transform } from 'node:stream';
import type { StreamedRow, WorksheetReader } from 'exceljs/lib/stream/xlsx/workbook-reader.js';
import { describeReadError, exportSize, type RawRecord, type RecordBatch, type SourceStats } from './record-stream.js';
import type { DateSystem } from './dates.js';
import { InputError } from '../errors.js';

/**
 * Excel workbooks (.xlsx), read as a stream of records like a CSV's: one sheet (the first,
 * or the one named), the first non-empty row as the header, every cell as the text the
 * row pipeline reads (read-rows.ts). exceljs's streaming reader unzips and parses the
 * sheet as it goes, so memory holds a batch of rows, not the sheet; only the workbook's
 * table of shared strings (each distinct text once) is kept, as Excel's format requires.
 */

export interface WorkbookOptions {
  /** --sheet: the sheet to read (by name, case-insensitive); the first sheet when absent. */
  sheet?: string;
}

export interface OpenWorkbook {
  batches: AsyncIterable<RecordBatch>;
  stats: SourceStats;
  /** Known once the first batch has come: how the workbook counts dates. */
  dateSystem(): DateSystem;
}

/** Rows per batch handed to the pipeline: the unit of back-pressure, as a chunk of a CSV is. */
const BATCH_ROWS = 4096;

class RowBatch implements RecordBatch {
  readonly records: RawRecord[] = [];
  get size(): number {
    return this.records.length;
  }
  record(index: number): RawRecord {
    return this.records[index];
  }
}

/** Opens a workbook file; its rows are read when `batches` is iterated. */
export async function openWorkbook(path: string, options: WorkbookOptions): Promise<OpenWorkbook> {
  const size = await exportSize(path);
  const stats: SourceStats = { name: path, size, bytesRead: 0, sha256: '', encoding: 'xlsx', delimiter: ',' };
  // Loaded only for workbooks: the library costs a fifth of a second to load. It is CommonJS, and
  // required rather than imported: the CLI runs as a script from V8's code cache (bin/load-cli.js),
  // where a dynamic import() has no loader to call on Node 20.
  const WorkbookReader = createRequire(import.meta.url)(
    'exceljs/lib/stream/xlsx/workbook-reader.js',
  ) as typeof import('exceljs/lib/stream/xlsx/workbook-reader.js').default;
  const hash = createHash('sha256');
  let hashed!: () => void;
  const whole = new Promise<void>((resolve) => (hashed = resolve));
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      stats.bytesRead += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      stats.sha256 = hash.digest('hex');
      hashed();
      done();
    },
  });
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  let readError: Error | undefined;
  source.on('error', (error) => {
    readError = error;
    tap.destroy(error);
  });
  source.pipe(tap);
  const reader = new WorkbookReader(tap, {
    sharedStrings: 'cache',
    styles: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });

  async function* batches(): AsyncIterable<RecordBatch> {
    const seen: string[] = [];
    let found = false;
    try {
      for await (const sheet of reader) {
        const wanted = options.sheet ?? reader.model?.sheets?.[0]?.name ?? sheet.name;
        seen.push(sheet.name);
        // The other sheets are skipped unread; the zip is still read to its end, for the file's hash.
        if (found || !sameName(sheet.name, wanted)) continue;
        found = true;
        stats.sheet = sheet.name;
        yield* rowBatches(sheet);
      }
      await whole;
    } catch (error) {
      if (readError) throw describeReadError(path, readError);
      if (error instanceof InputError) throw error;
      throw new InputError(`${path}: not a readable Excel workbook (${describeZipError(error as Error)})`);
    } finally {
      source.destroy(); // a --strict reject stops the reading halfway: the file is closed all the same
    }
    if (!found) {
      const names = reader.model?.sheets?.map((s) => s.name) ?? seen;
      if (options.sheet !== undefined) {
        throw new InputError(`${path}: no sheet named '${options.sheet}' (sheets: ${names.join(', ') || 'none'})`);
      }
      throw new InputError(`${path}: a zip file with no worksheet: not an Excel workbook`);
    }
  }
  return {
    batches: batches(),
    stats,
    dateSystem: () => (reader.properties?.model?.date1904 ? '1904' : '1900'),
  };
}

function sameName(name: string, wanted: string): boolean {
  return name === wanted || name.trim().toLowerCase() === wanted.trim().toLowerCase();
}

/** The sheet's non-empty rows in batches, each padded to the header's width. */
async function* rowBatches(sheet: WorksheetReader): AsyncIterable<RecordBatch> {
  let width = 0;
  let batch = new RowBatch();
  for await (const row of sheet) {
    const cells = rowCells(row, width);
    if (cells === undefined) continue;
    if (width === 0) width = cells.length;
    batch.records.push({ cells, line: row.number });
    if (batch.records.length >= BATCH_ROWS) {
      yield batch;
      batch = new RowBatch();
    }
  }
  if (batch.size > 0) yield batch;
}

/**
 * A row's cells as text, at least `width` of them (a cell Excel left out is empty);
 * undefined for a row with nothing in it. Trailing empty cells are dropped beyond the width.
 */
export function rowCells(row: StreamedRow, width: number): string[] | undefined {
  const values = row.values;
  let last = 0;
  const texts: string[] = [];
  for (let column = 1; column < values.length; column++) {
    const text = cellText(values[column]);
    texts.push(text);
    if (text !== '') last = column;
  }
  if (last === 0) return undefined;
  const length = Math.max(last, width);
  texts.length = Math.min(texts.length, length);
  while (texts.length < length) texts.push('');
  return texts;
}

/**
 * A cell's value as the text a CSV would hold: numbers as Excel stores them (a double,
 * written in its shortest form: 118.88, 123), dates as yyyy-MM-dd (with the time when it
 * has one), a formula as its last computed result, rich text as its plain text.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text?: string }>; result?: unknown; error?: string; text?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((run) => run.text ?? '').join('');
    if ('result' in v) return cellText(v.result);
    if (typeof v.error === 'string') return v.error;
    if (v.text !== undefined) return cellText(v.text);
  }
  return '';
}

/** exceljs gives a date cell as the UTC instant of its wall-clock value. */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
  const h = date.getUTCHours();
  const m = date.getUTCMinutes();
  const s = date.getUTCSeconds();
  return h || m || s ? `${day} ${two(h)}:${two(m)}:${two(s)}` : day;
}

/** unzipper's and the XML parser's errors, in words. */
function describeZipError(error: Error): string {
  const message = error.message || String(error);
  if (message === 'FILE_ENDED') return 'corrupt or truncated zip: the file ends before its last part';
  if (/signature|zip|unexpected end|invalid/i.test(message)) return `corrupt or truncated zip: ${message}`;
  return message;
}
