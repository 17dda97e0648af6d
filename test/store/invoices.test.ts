import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { InvoiceWriter } from '../../src/store/invoices.js';
import { startRun } from '../../src/store/runs.js';
import type { InvoiceRow } from '../../src/input/rows.js';

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
