import type { DB } from '../store/db.js';
import { UsageError } from '../errors.js';

/** Throws a usage error naming the store when --store names one the database has never seen. */
export function checkStoreKnown(db: DB, store: string | undefined): void {
  if (store === undefined) return;
  const found = db.prepare(`SELECT 1 FROM stores WHERE code = ?`).get(store);
  if (!found) throw new UsageError(`--store '${store}': no such store in the database`);
}
