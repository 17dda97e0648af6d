import type { DB } from './db.js';

/** The figures of one ingest run, as the summary shows them and the runs table keeps them. */
export interface RunCounts {
  rowsRead: number;
  loaded: number;
  voids: number;
  alreadyPresent: number;
  conflicts: number;
  rejected: number;
  gapsOpened: number;
  missingOpened: number;
  recoveredLate: number;
  /** Rows loaded without an amount because the cell could not be read. */
  amountsUnreadable: number;
}

export type RunStatus = 'running' | 'finished' | 'failed' | 'dry-run';

export function startRun(db: DB, file: string, size: number): number {
  const row = db
    .prepare(`INSERT INTO runs (file, size, started_at, status) VALUES (?, ?, ?, 'running') RETURNING id`)
    .get(file, size, new Date().toISOString()) as { id: number };
  return row.id;
}

export function endRun(
  db: DB,
  id: number,
  outcome: { status: RunStatus; counts: RunCounts; sha256: string; size: number; encoding: string; message?: string },
): void {
  const c = outcome.counts;
  db.prepare(
    `UPDATE runs SET finished_at = ?, status = ?, sha256 = ?, size = ?, encoding = ?, message = ?,
       rows_read = ?, loaded = ?, already_present = ?, conflicts = ?, rejected = ?,
       gaps_opened = ?, missing_opened = ?, recovered_late = ?, amounts_unreadable = ?
     WHERE id = ?`,
  ).run(
    new Date().toISOString(),
    outcome.status,
    outcome.sha256 || null,
    outcome.size,
    outcome.encoding,
    outcome.message ?? null,
    c.rowsRead,
    c.loaded,
    c.alreadyPresent,
    c.conflicts,
    c.rejected,
    c.gapsOpened,
    c.missingOpened,
    c.recoveredLate,
    c.amountsUnreadable,
    id,
  );
}

/** Gaps this run opened that are still open, and how many numbers they hold. */
export function gapsOpenedBy(db: DB, runId: number): { gaps: number; missing: number } {
  const row = db
    .prepare(`SELECT count(*) AS gaps, coalesce(sum(to_seq - from_seq + 1), 0) AS missing FROM gaps WHERE opened_run = ?`)
    .get(runId) as { gaps: number; missing: number };
  return row;
}

/** The finished run that loaded a file with this content, if any. */
export function finishedRunWithSha(db: DB, sha256: string): { id: number; file: string; finished_at: string } | undefined {
  return db.prepare(`SELECT id, file, finished_at FROM runs WHERE sha256 = ? AND status = 'finished' ORDER BY id LIMIT 1`).get(sha256) as
    | { id: number; file: string; finished_at: string }
    | undefined;
}
