import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openDatabase } from '../../src/store/db.js';
import { PendingInvoices } from '../../src/store/pending-invoices.js';
import { InvoiceLookup, type NewInvoice } from '../../src/store/invoice-blocks.js';

const invoice = (seq: number) =>
  fc.record({
    seq: fc.constant(seq),
    date: fc.integer({ min: 20230101, max: 20251231 }),
    line: fc.integer({ min: 1, max: 5_000_000 }),
    totalCents: fc.option(fc.integer({ min: -10_000_000, max: 10_000_000 }), { nil: null }),
    netCents: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
    void: fc.constantFrom(0 as const, 1 as const),
    accessKey: fc.option(fc.stringMatching(/^\d{49}$/), { nil: null, freq: 3 }),
    authDate: fc.option(fc.integer({ min: 20230101, max: 20251231 }), { nil: null, freq: 3 }),
  });

/** Distinct numbers in any order, each with any fields. */
const batch = fc
  .uniqueArray(fc.integer({ min: 1, max: 2_000 }), { minLength: 1, maxLength: 700 })
  .chain((seqs) => fc.tuple(...seqs.map(invoice)));

describe('invoice blocks', () => {
  it('give back every field of every invoice, through the invoices view and through InvoiceLookup, from either table', () => {
    fc.assert(
      // Which table each block goes to: all invoice_blocks, all recent_blocks, or every other one.
      fc.property(batch, fc.constantFrom('settled', 'recent', 'alternate'), (invoices: NewInvoice[], split) => {
        const db = openDatabase(':memory:');
        const pending = new PendingInvoices();
        for (const i of invoices) pending.add(i.seq, i.date, i.line, i.totalCents, i.netCents, i.void, i.accessKey, i.authDate);
        for (const i of invoices) expect(pending.find(i.seq)).toEqual(i);
        expect(pending.find(0)).toBeUndefined();
        const insert = (table: string) =>
          db.prepare(
            `INSERT INTO ${table} (series_id, first_seq, last_seq, run_id, first_line, min_date, max_date, rows) VALUES (7, ?, ?, 3, ?, ?, ?, CAST(? AS TEXT))`,
          );
        const [settled, recent] = [insert('invoice_blocks'), insert('recent_blocks')];
        let k = 0;
        for (const b of pending.blocks(pending.sortedOrder())) {
          const into = split === 'settled' || (split === 'alternate' && k++ % 2 === 0) ? settled : recent;
          into.run(b.firstSeq, b.lastSeq, b.firstLine, b.minDate, b.maxDate, b.rows);
        }
        const sorted = [...invoices].sort((a, b) => a.seq - b.seq);
        expect(db.prepare(`SELECT * FROM invoices ORDER BY seq`).all()).toEqual(
          sorted.map((i) => ({
            series_id: 7,
            seq: i.seq,
            date: i.date,
            amount: i.totalCents === null ? null : i.totalCents / 100,
            void: i.void,
            access_key: i.accessKey,
            run_id: 3,
            line: i.line,
            auth_date: i.authDate,
            total_cents: i.totalCents,
            net_cents: i.netCents,
          })),
        );
        const lookup = new InvoiceLookup(db);
        for (const i of invoices) expect(lookup.at(7, i.seq)).toEqual({ ...i, runId: 3 });
        expect(lookup.at(7, 0)).toBeUndefined();
        expect(lookup.between(7, 100, 900).map((i) => i.seq)).toEqual(sorted.filter((i) => i.seq >= 100 && i.seq <= 900).map((i) => i.seq));
        const keep = (i: { void: number }) => i.void === 0;
        const below = sorted
          .filter((i) => i.seq < 1000 && keep(i))
          .reverse()
          .slice(0, 5);
        expect(lookup.nearest(7, 1000, -1, 5, 1, keep).map((i) => i.seq)).toEqual(below.map((i) => i.seq));
        const above = sorted.filter((i) => i.seq > 1000 && keep(i)).slice(0, 5);
        expect(lookup.nearest(7, 1000, 1, 5, 2000, keep).map((i) => i.seq)).toEqual(above.map((i) => i.seq));
        db.close();
      }),
      { numRuns: 60 },
    );
  });
});
