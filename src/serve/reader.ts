import { openDatabase, type DB } from '../store/db.js';

/**
 * The server's read-only connection. Every request reads inside one read transaction, so its
 * figures come from one state of the database, and the next request sees whatever an ingest
 * (a cron job, another process) committed meanwhile: WAL mode lets readers and the writer run
 * side by side. Read-only at the SQLite level: no statement of a request can write.
 */
export class Reader {
  private db: DB | undefined;

  constructor(private readonly path: string) {}

  read<T>(work: (db: DB) => T): T {
    const db = (this.db ??= openDatabase(this.path, { readonly: true, busyTimeoutMs: 5000 }));
    return db.transaction(work).deferred(db);
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}
