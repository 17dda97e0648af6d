import type { DB } from './db.js';

/**
 * The page cache while a file is loaded. A file is one transaction, so every page it
 * writes stays dirty until the commit: a cache larger than the working set (the last
 * leaf of each series, the interior pages, the gaps and day counts) only holds more of
 * those pages before SQLite spills them to the WAL, and the spilling happens anyway for
 * a large file. Measured on the 10-million-row exports (block layout, 3 alternating runs):
 * 32 MB peaked at 294–318 MB resident on the per-store order, 16 MB at 275–282 MB, for the
 * same time there and 0.2 s more of 6.5–7 s in date order (SPEC §7: under 300 MB). Earlier,
 * on the one-row-per-invoice layout, 64 MB against 32 MB had been 213 against 197 MB.
 */
const INGEST_CACHE_KIB = 16 * 1024;

/** Sets the ingest's page cache; returns the function that restores the previous one. */
export function bulkLoadSettings(db: DB): () => void {
  const previous = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${INGEST_CACHE_KIB}`);
  return () => {
    db.pragma(`cache_size = ${previous}`);
  };
}
