import { basename, dirname, join } from 'node:path';
import type { Stringifier } from 'csv-stringify';
import { rejectPlace, type Reject } from '../ingest/load-file.js';
import type { DB } from '../store/db.js';
import { rejectsOfBatch } from '../store/runs.js';
import { csvStream, csvWriter } from './csv.js';
import { describeWriteError, openOutput, writeOutput, type OpenOutput } from './output.js';

/** The rejects CSV's columns: one place, for the writer and for appending to a day's file. */
export const REJECTS_COLUMNS = ['file', 'line', 'reason', 'raw'] as const;

/** Rejected rows shown on standard error by a command; the count says how many there were. */
export const SHOWN_REJECTS = 10;

/** A reject as a message line: the file, the line (or a workbook's Sheet!row), the reason. */
export function rejectLine(reject: Reject): string {
  return `${reject.file}: ${rejectPlace(reject)}: ${reject.reason}`;
}

/** Rejected rows, streamed to a CSV that appears only when there is something in it (written as output.ts writes). */
export class RejectsFile {
  private stringifier: Stringifier | undefined;
  private file: OpenOutput | undefined;
  count = 0;

  constructor(readonly path: string) {}

  add(reject: Reject): void {
    if (!this.stringifier) {
      this.stringifier = csvWriter([...REJECTS_COLUMNS]);
      this.file = openOutput(this.path);
      this.stringifier.pipe(this.file.stream);
    }
    this.count++;
    // The line column: 12, or Ventas!12 on a workbook's sheet.
    const line = reject.sheet === undefined ? reject.line : `${reject.sheet}!${reject.line}`;
    this.stringifier.write([reject.file, line, reject.reason, reject.raw]);
  }

  /** Finishes the file; returns its path, or undefined when nothing was rejected. */
  async close(): Promise<string | undefined> {
    if (!this.stringifier || !this.file) return undefined;
    const file = this.file;
    const finished = new Promise<void>((resolve, reject) => file.stream.on('close', () => resolve()).on('error', reject));
    this.stringifier.end();
    try {
      await finished;
    } catch (error) {
      await file.abort();
      throw describeWriteError(this.path, error);
    }
    await file.commit();
    return this.path;
  }
}

export function defaultRejectsPath(dbPath: string, now = new Date()): string {
  const base = basename(dbPath).replace(/\.(db|sqlite3?)$/i, '');
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
  return join(dirname(dbPath), `${base}-rejects-${stamp}.csv`);
}

/**
 * The rejects of a scheduled run (`daily:2024-03-01`), from the database: every load of it, an
 * earlier run's of the same day and a re-run's, so a crash between a load and this file loses
 * none (SPEC §12). Written only when there are some; returns how many rows.
 */
export async function writeBatchRejects(db: DB, batch: string, path: string): Promise<number> {
  let count = 0;
  for (const _ of rejectsOfBatch(db, batch)) {
    count = 1;
    break;
  }
  if (count === 0) return 0;
  count = 0;
  const rows = function* (): Iterable<[string, number, string, string]> {
    for (const row of rejectsOfBatch(db, batch)) {
      count++;
      yield row;
    }
  };
  await writeOutput(path, csvStream(REJECTS_COLUMNS, rows()));
  return count;
}
