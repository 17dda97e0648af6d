import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PendingInvoices } from '../../src/store/pending-invoices.js';

describe('PendingInvoices.sortedOrder', () => {
  it('lists the rows by number, whether they came in order, nearly, or not at all', () => {
    const numbers = fc.uniqueArray(fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })), {
      maxLength: 600,
    });
    const arrival = fc.constantFrom('as generated', 'ascending', 'ascending, one moved');
    fc.assert(
      fc.property(numbers, arrival, (seqs, how) => {
        const added = how === 'as generated' ? seqs : [...seqs].sort((a, b) => a - b);
        if (how === 'ascending, one moved' && added.length > 1) added.push(...added.splice(0, 1));
        const pending = new PendingInvoices();
        for (const seq of added) pending.add(seq, 20240101, 1, null, null, 0, null, null);
        const order = [...pending.sortedOrder()];
        expect(order.map((i) => added[i])).toEqual([...added].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });
});

describe('PendingInvoices columns given back and taken again', () => {
  it('hold each series’ own rows, however the series grow and are emptied in turn', () => {
    const step = fc.record({ series: fc.integer({ min: 0, max: 3 }), rows: fc.integer({ min: 0, max: 6000 }), clear: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const pendings = [0, 1, 2, 3].map(() => new PendingInvoices());
        const models: number[][] = [[], [], [], []];
        let next = 1;
        for (const { series, rows, clear } of steps) {
          for (let r = 0; r < rows; r++, next++) {
            pendings[series].add(next, 20240101 + (next % 28), next, next * 3, null, next % 7 === 0 ? 1 : 0, null, null);
            models[series].push(next);
          }
          for (let s = 0; s < 4; s++) {
            const pending = pendings[s];
            const held = Array.from({ length: pending.count }, (_, i) => pending.at(i));
            const wrong = held.filter((row, i) => {
              const seq = models[s][i];
              return row.seq !== seq || row.line !== seq || row.totalCents !== seq * 3 || row.void !== (seq % 7 === 0 ? 1 : 0);
            });
            expect([held.length, wrong.length]).toEqual([models[s].length, 0]);
          }
          if (clear) {
            pendings[series].clear();
            models[series] = [];
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
