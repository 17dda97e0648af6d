import { openDatabase, type DB } from '../../../src/store/db.js';
import { InvoiceWriter } from '../../../src/store/invoices.js';
import { startRun } from '../../../src/store/runs.js';
import { replaceLeases, type LeaseRecord } from '../../../src/store/leases.js';
import { importDeclaredSales } from '../../../src/store/declared-sales.js';
import type { InvoiceRow } from '../../../src/input/rows.js';

/** An invoice as the money tests write it: amounts in cents. */
export interface TestInvoice {
  store: string;
  docType?: string;
  series?: string;
  seq: number;
  date: number;
  total?: number | null;
  net?: number | null;
  void?: boolean;
}

/** Loads invoices as one upload (one run), as the ingest's writer does. */
export function upload(db: DB, invoices: readonly TestInvoice[]): void {
  const runId = startRun(db, `upload-${Math.random()}`, 0);
  db.transaction(() => {
    const writer = new InvoiceWriter(db, runId);
    invoices.forEach((i, line) => {
      const row: InvoiceRow = {
        store: i.store,
        docType: i.docType ?? '01',
        series: i.series ?? '001-001',
        sequential: i.seq,
        date: i.date,
        amount: i.total == null ? null : i.total / 100,
        net: i.net == null ? null : i.net / 100,
        amountUnreadable: false,
        authDateUnreadable: false,
        void: i.void ?? false,
        accessKey: null,
        authDate: null,
        line: line + 2,
      };
      writer.add(row);
    });
    writer.flush();
  })();
}

export function leases(db: DB, list: Omit<LeaseRecord, 'line'>[]): void {
  replaceLeases(
    db,
    { file: 'leases.csv', sha256: 'x', size: 0 },
    list.map((l, i) => ({ ...l, line: i + 2 })),
  );
}

export function declare(db: DB, list: { store: string; month: string; cents: number }[]): void {
  importDeclaredSales(
    db,
    { file: 'sales.csv', sha256: 'x', size: 0 },
    list.map((l, i) => ({ ...l, line: i + 2 })),
  );
}

export function freshDb(): DB {
  return openDatabase(':memory:');
}

/** Invoices seq from..to, one a day from `date`, each of `cents`. */
export function run(store: string, from: number, to: number, date: number, cents: number, extra: Partial<TestInvoice> = {}): TestInvoice[] {
  const list: TestInvoice[] = [];
  for (let seq = from; seq <= to; seq++) list.push({ store, seq, date, total: cents, ...extra });
  return list;
}
