import { InvoiceLookup } from './invoice-blocks.js';
import type { DB } from './db.js';

/**
 * Reports as they were issued (SPEC §10): `report --save` and every `run daily|monthly`
 * keep the JSON they printed or wrote, with its SHA-256, so a report of the 1st can be
 * shown on the 20th exactly as it was, and compared with what is known since.
 */
export interface SnapshotRow {
  id: number;
  source: string;
  period_from: number;
  period_to: number;
  store: string | null;
  top: number;
  created_at: string;
  version: string;
  json: string;
  sha256: string;
}

export type NewSnapshot = Omit<SnapshotRow, 'id'>;

export function insertSnapshot(db: DB, s: NewSnapshot): number {
  const row = db
    .prepare(
      `INSERT INTO snapshots (source, period_from, period_to, store, top, created_at, version, json, sha256)
       VALUES (@source, @period_from, @period_to, @store, @top, @created_at, @version, @json, @sha256) RETURNING id`,
    )
    .get(s) as { id: number };
  return row.id;
}

export function getSnapshot(db: DB, id: number): SnapshotRow | undefined {
  return db.prepare(`SELECT * FROM snapshots WHERE id = ?`).get(id) as SnapshotRow | undefined;
}

/** Every saved report, oldest first. */
export function listSnapshots(db: DB): SnapshotRow[] {
  return db.prepare(`SELECT * FROM snapshots ORDER BY id`).all() as SnapshotRow[];
}

/** Which of from..to of a series are present invoices now. */
export function presentNumbers(db: DB, seriesId: number, from: number, to: number): number[] {
  return new InvoiceLookup(db).between(seriesId, from, to).map((i) => i.seq);
}
