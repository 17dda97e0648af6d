import type { DB } from './db.js';

/**
 * The page cache while a file is loaded. A file is one transaction, so every page it
 * writes stays dirty until the commit: a cache larger than the working set (the last
 * leaf of each series, the interior pages, the gaps and day counts) only holds more of
 * those pages before SQLite spills them to the WAL, and the spilling happens anyway for
 * a large file. Measured on the 10-million-row export: 64 MB gave a peak of 213 MB
 * resident, 32 MB gave 197 MB, for 10% more CPU time (SPEC §7: under 300 MB, and at most
 * 1.2× the peak of a 1-million-row load, whose pages fit in 64 MB).
 */
const INGEST_CACHE_KIB = 32 * 1024;

/** Sets the ingest's page cache; returns the function that restores the previous one. */
export function bulkLoadSettings(db: DB): () => void {
  const previous = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${INGEST_CACHE_KIB}`);
  return () => {
    db.pragma(`cache_size = ${previous}`);
  };
}
