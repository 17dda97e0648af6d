import type { DB } from '../store/db.js';
import { UnknownStore } from '../errors.js';

/** Throws UnknownStore when a store filter names one the database has never seen. */
export function checkStoreKnown(db: DB, store: string | undefined): void {
  if (store === undefined) return;
  const found = db.prepare(`SELECT 1 FROM stores WHERE code = ?`).get(store);
  if (!found) throw new UnknownStore(store);
}
