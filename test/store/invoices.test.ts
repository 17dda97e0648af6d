import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { InvoiceWriter } from '../../src/store/invoices.js';
import { startRun } from '../../src/store/runs.js';
import type { InvoiceRow } from '../../src/input/rows.js';
import type { RecentLimits } from '../../src/store/invoice-blocks.js';

const row = (over: Partial<InvoiceRow> = {}): InvoiceRow => ({
  store: 'S',
  docType: '01',
  series: '001-001',
  sequential: 5,
  date: 20240301,
  amount: 10,
  net: null,
  amountUnreadable: false,
  authDateUnreadable: false,
  void: false,
  accessKey: null,
  authDate: null,
  line: 2,
  ...over,
});

function writer() {
  const db = openDatabase(':memory:');
  const w = new InvoiceWriter(db, startRun(db, 'x.csv', 0));
  return { db, w };
}

describe('InvoiceWriter duplicates', () => {
  it('counts an identical row as already present', () => {
    const { db, w } = writer();
    expect(w.add(row())).toBe('loaded');
    expect(w.add(row({ line: 3 }))).toBe('present');
    expect(w.add(row({ amount: 10.001, line: 4 }))).toBe('present'); // amounts equal to the cent
    expect(w.add(row({ sequential: 6, amount: null }))).toBe('loaded');
    expect(w.add(row({ sequential: 6, amount: null, line: 9 }))).toBe('present');
    expect(w.counts).toMatchObject({ loaded: 2, alreadyPresent: 3, conflicts: 0 });
    db.close();
  });

  it('records a different date, amount or void status as a conflicting duplicate, keeping the first', () => {
    const { db, w } = writer();
    w.add(row());
    expect(w.add(row({ date: 20240302, line: 3 }))).toBe('conflict');
    expect(w.add(row({ amount: 11, line: 4 }))).toBe('conflict');
    expect(w.add(row({ amount: null, line: 5 }))).toBe('conflict');
    expect(w.add(row({ void: true, line: 6 }))).toBe('conflict');
    w.flush();
    expect(w.counts).toMatchObject({ loaded: 1, alreadyPresent: 0, conflicts: 4 });
    expect(db.prepare('SELECT date, amount, void, line FROM invoices').all()).toEqual([{ date: 20240301, amount: 10, void: 0, line: 2 }]);
    expect(db.prepare('SELECT kept_line, dup_line, dup_void FROM conflicts ORDER BY id').all()).toEqual([
      { kept_line: 2, dup_line: 3, dup_void: 0 },
      { kept_line: 2, dup_line: 4, dup_void: 0 },
      { kept_line: 2, dup_line: 5, dup_void: 0 },
      { kept_line: 2, dup_line: 6, dup_void: 1 },
    ]);
    db.close();
  });

  it('counts void invoices as present numbers', () => {
    const { db, w } = writer();
    w.add(row({ sequential: 1 }));
    w.add(row({ sequential: 2, void: true }));
    w.add(row({ sequential: 4 }));
    w.flush();
    expect(db.prepare('SELECT from_seq, to_seq FROM gaps').all()).toEqual([{ from_seq: 3, to_seq: 3 }]);
    expect(db.prepare('SELECT invoices, voids FROM series_days').all()).toEqual([{ invoices: 3, voids: 1 }]);
    db.close();
  });
});

describe('recent blocks (RecentLimits)', () => {
  const blocks = (db: ReturnType<typeof openDatabase>) => ({
    settled: db.prepare('SELECT count(*) FROM invoice_blocks').pluck().get(),
    recent: db.prepare('SELECT count(*) FROM recent_blocks').pluck().get(),
  });
  /** recent_blocks as large as invoice_blocks, for batches of up to 100 rows a block of it. */
  const LARGE = { share: 1, rowsPerBlock: 100 };
  /** One load of series 001-001 to 001-00N, numbers from..to, through a writer with these limits. */
  function load(db: ReturnType<typeof openDatabase>, series: number, from: number, to: number, recent?: RecentLimits) {
    const w = new InvoiceWriter(db, startRun(db, `${from}.csv`, 0), undefined, recent);
    for (let s = 1; s <= series; s++)
      for (let seq = from; seq <= to; seq++) w.add(row({ series: `001-00${s}`, sequential: seq, amount: seq, line: seq }));
    w.flush();
    return w;
  }

  it('takes a small load into recent_blocks, then moves them into invoice_blocks with the batch that would pass the share', () => {
    const db = openDatabase(':memory:');
    load(db, 4, 1, 100, LARGE); // a new database: into invoice_blocks
    expect(blocks(db)).toEqual({ settled: 4, recent: 0 });
    load(db, 2, 101, 110, LARGE);
    expect(blocks(db)).toEqual({ settled: 4, recent: 2 });
    // The browsing view lists them with the rest.
    expect(db.prepare('SELECT count(*) FROM invoices_view').pluck().get()).toBe(4 * 100 + 2 * 10);
    expect(
      db.prepare(`SELECT store, series, sequential, line FROM invoices_view WHERE series = '001-002' AND sequential = 107`).get(),
    ).toEqual({
      store: 'S',
      series: '001-002',
      sequential: 107,
      line: 107,
    });
    // Present in recent_blocks: found again (identical, then conflicting) by the next load.
    const again = new InvoiceWriter(db, startRun(db, 'again.csv', 0), undefined, LARGE);
    expect(again.add(row({ series: '001-001', sequential: 105, amount: 105, line: 105 }))).toBe('present');
    expect(again.add(row({ series: '001-002', sequential: 107, amount: 1, line: 9 }))).toBe('conflict');
    again.flush();
    load(db, 4, 111, 120, LARGE); // 2 + 5 blocks would be more than the 4 settled: all move
    expect(blocks(db)).toEqual({ settled: 10, recent: 0 });
    const invoices = db.prepare('SELECT seq, amount FROM invoices ORDER BY series_id, seq').all() as { seq: number; amount: number }[];
    expect(invoices).toHaveLength(4 * 100 + 2 * 10 + 4 * 10);
    expect(invoices.every((i) => i.amount === i.seq)).toBe(true);
    expect(db.prepare('SELECT count(*) FROM gaps').pluck().get()).toBe(2); // 001-003 and 001-004 lack 101..110
    expect(db.prepare('SELECT count(*) FROM conflicts').pluck().get()).toBe(1);
    db.close();
  });

  it('keeps a batch of more rows than invoice_blocks has blocks out of recent_blocks', () => {
    const db = openDatabase(':memory:');
    load(db, 4, 1, 100);
    load(db, 1, 101, 104, { share: 1, rowsPerBlock: 1 }); // 4 rows, 4 blocks: recent
    expect(blocks(db)).toEqual({ settled: 4, recent: 1 });
    load(db, 4, 105, 120); // 64 rows: into invoice_blocks, with the recent block
    expect(blocks(db)).toEqual({ settled: 9, recent: 0 });
    db.close();
  });
});
