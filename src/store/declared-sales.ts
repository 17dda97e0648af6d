import type { DB } from './db.js';
import type { ImportedFile } from './leases.js';

/** A store's declared sales for a month (SPEC §8), in cents. */
export interface DeclaredSale {
  line: number;
  store: string;
  month: string;
  cents: number;
}

/**
 * Records an import of declared sales in one transaction: each figure replaces the one
 * of the same store and month, and the import is kept with its file's SHA-256.
 */
export function importDeclaredSales(db: DB, file: ImportedFile, figures: readonly DeclaredSale[]): { importId: number; replaced: number } {
  return db
    .transaction(() => {
      const { id } = db
        .prepare(`INSERT INTO sales_imports (file, sha256, size, imported_at, figures) VALUES (?, ?, ?, ?, ?) RETURNING id`)
        .get(file.file, file.sha256, file.size, new Date().toISOString(), figures.length) as { id: number };
      const existing = db.prepare(`SELECT 1 FROM declared_sales WHERE store = ? AND month = ?`);
      const upsert = db.prepare(
        `INSERT INTO declared_sales (store, month, declared_cents, import_id, line) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (store, month) DO UPDATE
         SET declared_cents = excluded.declared_cents, import_id = excluded.import_id, line = excluded.line`,
      );
      let replaced = 0;
      for (const f of figures) {
        if (existing.get(f.store, f.month)) replaced++;
        upsert.run(f.store, f.month, f.cents, id, f.line);
      }
      return { importId: id, replaced };
    })
    .immediate();
}

/** The declared figures of the given months, keyed `store\tmonth`. */
export function declaredSalesIn(db: DB, from: string, to: string): Map<string, number> {
  const rows = db.prepare(`SELECT store, month, declared_cents FROM declared_sales WHERE month BETWEEN ? AND ?`).all(from, to) as {
    store: string;
    month: string;
    declared_cents: number;
  }[];
  return new Map(rows.map((r) => [`${r.store}\t${r.month}`, r.declared_cents]));
}

/** Every declared figure, by store and month, with the import that brought it. */
export function listDeclaredSales(db: DB, store?: string): (DeclaredSale & { file: string; importedAt: string })[] {
  const rows = db
    .prepare(
      `SELECT d.store, d.month, d.declared_cents, d.line, i.file, i.imported_at FROM declared_sales d
         JOIN sales_imports i ON i.id = d.import_id
        WHERE @store IS NULL OR d.store = @store ORDER BY d.store, d.month`,
    )
    .all({ store: store ?? null }) as {
    store: string;
    month: string;
    declared_cents: number;
    line: number;
    file: string;
    imported_at: string;
  }[];
  return rows.map((r) => ({
    store: r.store,
    month: r.month,
    cents: r.declared_cents,
    line: r.line,
    file: r.file,
    importedAt: r.imported_at,
  }));
}
