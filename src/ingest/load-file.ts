import type { DB } from '../store/db.js';
import { InvoiceWriter } from '../store/invoices.js';
import type { RecentLimits } from '../store/invoice-blocks.js';
import { bulkLoadSettings } from '../store/bulk-load.js';
import { endRun, gapsOpenedBy, markInterrupted, startRun, type RunCounts, type RunStatus } from '../store/runs.js';
import { openRowSource, type ReadThread } from './read-policy.js';
import type { SriLayout } from '../input/sri-layouts.js';
import type { PresetOptions } from '../input/presets.js';
import { InputError } from '../errors.js';

/** How one export is read: what describes the file (from the command line or a preset), and how to load it. */
export interface LoadOptions extends PresetOptions {
  strict?: boolean;
  dryRun?: boolean;
  /** The scheduled run the load belongs to (`daily:2024-03-01`): its rejects file is written from the table. */
  batch?: string;
  /** Whether to read on a thread (the environment's choice, read once by the command). */
  readThread?: ReadThread;
  onReject?: (reject: Reject) => void;
  onProgress?: (progress: { bytesRead: number; size: number; rows: number }) => void;
  /** Rows per pass of gap bookkeeping; for tests (InvoiceWriter's default otherwise). */
  batchRows?: number;
  /** When a batch's blocks go to recent_blocks; for tests (RECENT otherwise). */
  recent?: RecentLimits;
}

export interface Reject {
  file: string;
  /** The line of a text file; the row of a workbook's sheet. */
  line: number;
  /** A workbook's sheet the row is on. */
  sheet?: string;
  reason: string;
  raw: string;
}

/** Where a rejected row is, as messages name it: `line 12`, or `Ventas!12` on a sheet. */
export function rejectPlace(reject: { line: number; sheet?: string }): string {
  return reject.sheet === undefined ? `line ${reject.line}` : `${reject.sheet}!${reject.line}`;
}

export interface LoadResult {
  file: string;
  runId: number;
  status: RunStatus;
  counts: RunCounts;
  /** Rejected rows per kind of reason ("impossible date": 3). */
  rejectsByReason: Record<string, number>;
  sha256: string;
  size: number;
  encoding: string;
  /** The SRI portal download the header was recognised as, if any. */
  layout?: SriLayout;
  /** What the reading found worth a warning (a duplicate header, unknown statuses). */
  warnings: string[];
  seconds: number;
}

/** A full disk, named: the database and the file whose load it stopped. */
function describeStoreError(db: DB, display: string, error: unknown): Error {
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new InputError(
      `${db.name}: the disk is full: ${display} was not loaded (nothing of it was stored); free some space and run again`,
    );
  }
  return error as Error;
}

/** "impossible date '2024-02-30'" → "impossible date": the kind counted in the summary. */
export function reasonKind(reason: string): string {
  return reason
    .replace(/'[^']*'/g, '')
    .replace(/\(.*?\)/g, '')
    .replace(/\d[\d,]*/g, 'N')
    .replace(/\s+/g, ' ')
    .replace(/[\s:]+$/, '')
    .trim();
}

/** Counts of a load before anything was read. */
function noCounts(): RunCounts {
  return {
    rowsRead: 0,
    loaded: 0,
    voids: 0,
    alreadyPresent: 0,
    conflicts: 0,
    rejected: 0,
    gapsOpened: 0,
    missingOpened: 0,
    recoveredLate: 0,
    amountsUnreadable: 0,
  };
}

/**
 * Loads one export in one transaction: either all of its good rows and the bookkeeping
 * they cause are written, or nothing is (an error, --strict with a bad row, --dry-run).
 * The run itself is recorded either way, except in a dry run.
 */
export async function loadFile(db: DB, path: string, options: LoadOptions = {}): Promise<LoadResult> {
  const started = performance.now();
  const display = path === '-' ? '(stdin)' : path;
  const counts = noCounts();
  const rejectsByReason: Record<string, number> = {};
  // What describes the file goes to the reader (perhaps on a thread); the callbacks stay here.
  const { strict, dryRun, batch, readThread, onReject, onProgress, batchRows, recent, ...describe } = options;
  const source = await openRowSource(path, describe, readThread);
  const { stats } = source;

  let runId = 0;
  let layout: SriLayout | undefined;
  let warnings: string[] = [];
  if (!dryRun) {
    markInterrupted(db);
    runId = startRun(db, display, stats.size, batch);
  }
  const restoreSettings = bulkLoadSettings(db);
  db.exec('BEGIN IMMEDIATE');
  let status: RunStatus = dryRun ? 'dry-run' : 'finished';
  try {
    if (dryRun) runId = startRun(db, display, stats.size);
    const insertReject = db.prepare(`INSERT INTO rejects (run_id, line, reason, raw) VALUES (?, ?, ?, ?)`);
    const writer = new InvoiceWriter(db, runId, batchRows, recent);
    let authDatesUnreadable = 0;
    const summary = await source.read({
      row: (row) => {
        if (row.amountUnreadable) counts.amountsUnreadable++;
        if (row.authDateUnreadable) authDatesUnreadable++;
        writer.add(row);
      },
      reject(line, reason, raw) {
        const place = { line, sheet: stats.sheet };
        if (strict) {
          throw new InputError(`${display}: ${rejectPlace(place)}: ${reason} (--strict: nothing of this file was loaded)`);
        }
        counts.rejected++;
        const kind = reasonKind(reason);
        rejectsByReason[kind] = (rejectsByReason[kind] ?? 0) + 1;
        insertReject.run(runId, line, reason, raw);
        onReject?.({ file: display, ...place, reason, raw });
      },
      progress: (bytesRead, rows) => onProgress?.({ bytesRead, size: stats.size, rows }),
      afterBatch: (rowsRead) => {
        counts.rowsRead = rowsRead;
      },
    });
    counts.rowsRead = summary.rowsRead;
    layout = summary.layout;
    warnings = summary.warnings;
    if (authDatesUnreadable > 0) {
      const rows = authDatesUnreadable === 1 ? 'row' : 'rows';
      warnings.push(
        `${display}: ${authDatesUnreadable} ${rows} loaded without an authorisation date (FECHA_AUTORIZACION could not be read)`,
      );
    }
    writer.flush();
    Object.assign(counts, {
      loaded: writer.counts.loaded,
      voids: writer.counts.voids,
      alreadyPresent: writer.counts.alreadyPresent,
      conflicts: writer.counts.conflicts,
      recoveredLate: writer.counts.recoveredLate,
    });
    const opened = gapsOpenedBy(db, runId);
    counts.gapsOpened = opened.gaps;
    counts.missingOpened = opened.missing;
    endRun(db, runId, { status, counts, sha256: stats.sha256, size: stats.size, encoding: stats.encoding });
    db.exec(dryRun ? 'ROLLBACK' : 'COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    status = 'failed';
    const failure = describeStoreError(db, display, error);
    if (!dryRun) {
      // Nothing of the file was stored: the run records what committed, not what was read.
      const none: RunCounts = { ...noCounts(), rowsRead: counts.rowsRead, amountsUnreadable: counts.amountsUnreadable };
      try {
        endRun(db, runId, {
          status,
          counts: none,
          sha256: stats.sha256,
          size: stats.size,
          encoding: stats.encoding,
          message: failure.message,
        });
      } catch {
        // A full disk may refuse this too: the next writer marks the run interrupted.
      }
    }
    throw failure;
  } finally {
    restoreSettings();
  }
  return {
    file: display,
    runId: dryRun ? 0 : runId,
    status,
    counts,
    rejectsByReason,
    sha256: stats.sha256,
    size: stats.size,
    encoding: stats.encoding,
    layout,
    warnings,
    seconds: (performance.now() - started) / 1000,
  };
}
