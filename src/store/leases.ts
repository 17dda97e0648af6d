import type { DB } from './db.js';

/** One line of the lease register (SPEC §8), as stored: months 'YYYY-MM', money in cents. */
export interface LeaseRecord {
  line: number;
  store: string;
  scheme: 'commission' | 'fixed';
  /** An exact decimal fraction ("0.08"); null for a fixed rent given without one. */
  rate: string | null;
  minimumCents: number;
  from: string;
  /** null: open-ended. */
  to: string | null;
}

export interface ImportedFile {
  file: string;
  sha256: string;
  size: number;
}

/** Replaces the whole register in one transaction (the caller has validated every line). */
export function replaceLeases(db: DB, file: ImportedFile, leases: readonly LeaseRecord[]): number {
  return db
    .transaction(() => {
      const { id } = db
        .prepare(`INSERT INTO lease_imports (file, sha256, size, imported_at, leases) VALUES (?, ?, ?, ?, ?) RETURNING id`)
        .get(file.file, file.sha256, file.size, new Date().toISOString(), leases.length) as { id: number };
      db.prepare(`DELETE FROM leases`).run();
      const insert = db.prepare(
        `INSERT INTO leases (import_id, line, store, scheme, rate, minimum_cents, from_month, to_month) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const l of leases) insert.run(id, l.line, l.store, l.scheme, l.rate, l.minimumCents, l.from, l.to);
      return id;
    })
    .immediate();
}

/** The register, by store and first month. */
export function listLeases(db: DB, store?: string): LeaseRecord[] {
  const rows = db
    .prepare(
      `SELECT line, store, scheme, rate, minimum_cents, from_month, to_month FROM leases
        WHERE @store IS NULL OR store = @store ORDER BY store, from_month`,
    )
    .all({ store: store ?? null }) as {
    line: number;
    store: string;
    scheme: 'commission' | 'fixed';
    rate: string | null;
    minimum_cents: number;
    from_month: string;
    to_month: string | null;
  }[];
  return rows.map((r) => ({
    line: r.line,
    store: r.store,
    scheme: r.scheme,
    rate: r.rate,
    minimumCents: r.minimum_cents,
    from: r.from_month,
    to: r.to_month,
  }));
}

/** Whether any lease is registered (the HTML page and summary show money only then). */
export function hasLeases(db: DB): boolean {
  return db.prepare(`SELECT 1 FROM leases LIMIT 1`).get() !== undefined;
}
