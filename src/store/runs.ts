import { hostname } from 'node:os';
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

export type RunStatus = 'running' | 'finished' | 'failed' | 'dry-run' | 'interrupted';

export function startRun(db: DB, file: string, size: number, batch?: string): number {
  const row = db
    .prepare(`INSERT INTO runs (file, size, started_at, status, pid, host, batch) VALUES (?, ?, ?, 'running', ?, ?, ?) RETURNING id`)
    .get(file, size, new Date().toISOString(), process.pid, hostname(), batch ?? null) as { id: number };
  return row.id;
}

/** Whether a process of this host is still there (EPERM: there, another user's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs left `running` by a process that died (kill -9, power cut): marked `interrupted`, so
 * none stays running for ever (SPEC §12). Their load was one transaction, rolled back with
 * the process, so nothing of it is in the database. Runs of other hosts are left alone, and
 * so are rows written before the process was recorded only when no one else can be running.
 * Returns how many were marked.
 */
export function markInterrupted(db: DB): number {
  const here = hostname();
  const running = db.prepare(`SELECT id, pid, host FROM runs WHERE status = 'running'`).all() as Array<{
    id: number;
    pid: number | null;
    host: string | null;
  }>;
  const dead = running.filter((r) => r.pid === null || (r.host === here && r.pid !== process.pid && !alive(r.pid)));
  if (dead.length === 0) return 0;
  const mark = db.prepare(
    `UPDATE runs SET status = 'interrupted', finished_at = ?, message = 'the process ended before the load finished; nothing of it was stored'
     WHERE id = ? AND status = 'running'`,
  );
  const now = new Date().toISOString();
  for (const r of dead) mark.run(now, r.id);
  return dead.length;
}

/** The rejects of the finished loads of one scheduled run (`daily:2024-03-01`), in load and line order. */
export function rejectsOfBatch(db: DB, batch: string): Iterable<[string, number, string, string]> {
  return db
    .prepare(
      `SELECT r.file, j.line, j.reason, j.raw FROM rejects j JOIN runs r ON r.id = j.run_id
       WHERE r.batch = ? AND r.status = 'finished' ORDER BY j.run_id, j.rowid`,
    )
    .raw()
    .iterate(batch) as Iterable<[string, number, string, string]>;
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
