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
