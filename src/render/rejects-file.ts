import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Stringifier } from 'csv-stringify';
import { rejectPlace, type Reject } from '../ingest/load-file.js';
import { csvWriter } from './csv.js';

/** The rejects CSV's columns: one place, for the writer and for appending to a day's file. */
export const REJECTS_COLUMNS = ['file', 'line', 'reason', 'raw'] as const;

/** Rejected rows shown on standard error by a command; the count says how many there were. */
export const SHOWN_REJECTS = 10;

/** A reject as a message line: the file, the line (or a workbook's Sheet!row), the reason. */
export function rejectLine(reject: Reject): string {
  return `${reject.file}: ${rejectPlace(reject)}: ${reject.reason}`;
}

/** Rejected rows, streamed to a CSV that appears only when there is something in it. */
export class RejectsFile {
  private stringifier: Stringifier | undefined;
  private file: WriteStream | undefined;
  count = 0;

  constructor(readonly path: string) {}

  add(reject: Reject): void {
    if (!this.stringifier) {
      this.stringifier = csvWriter([...REJECTS_COLUMNS]);
      this.file = createWriteStream(this.temporary());
      this.stringifier.pipe(this.file);
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
    const finished = new Promise<void>((resolve, reject) => file.on('close', () => resolve()).on('error', reject));
    this.stringifier.end();
    await finished;
    await rename(this.temporary(), this.path);
    return this.path;
  }

  private temporary(): string {
    return join(dirname(this.path), `.${basename(this.path)}.${process.pid}.tmp`);
  }
}

export function defaultRejectsPath(dbPath: string, now = new Date()): string {
  const base = basename(dbPath).replace(/\.(db|sqlite3?)$/i, '');
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
  return join(dirname(dbPath), `${base}-rejects-${stamp}.csv`);
}

/**
 * Puts a fresh rejects file (written by RejectsFile) into `target`: the first one names it,
 * a later one is appended without its header, so no reject is lost. Returns whether it appended.
 */
export async function appendRejects(fresh: string, target: string): Promise<boolean> {
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await rename(fresh, target);
    return false;
  }
  const header = Buffer.byteLength(`${REJECTS_COLUMNS.join(',')}\n`);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    const out = createWriteStream(temporary);
    await pipeline(createReadStream(target), out, { end: false });
    await pipeline(createReadStream(fresh, { start: header }), out);
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
    await rm(fresh, { force: true });
  }
  return true;
}
