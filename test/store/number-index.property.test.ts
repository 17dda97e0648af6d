import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberIndex } from '../../src/store/number-index.js';

describe('NumberIndex', () => {
  it('finds what a Map finds: each number its first row, -1 for any other', () => {
    const number = fc.oneof(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 999_999_999 }), fc.maxSafeInteger());
    fc.assert(
      fc.property(fc.array(number, { maxLength: 3000 }), fc.array(number, { maxLength: 200 }), (added, asked) => {
        const index = new NumberIndex();
        const map = new Map<number, number>();
        added.forEach((seq, row) => {
          index.set(seq, row);
          if (!map.has(seq)) map.set(seq, row);
        });
        for (const seq of [...added, ...asked]) expect(index.get(seq)).toBe(map.get(seq) ?? -1);
        index.clear();
        for (const seq of added.slice(0, 10)) expect(index.get(seq)).toBe(-1);
      }),
      { numRuns: 200 },
    );
  });
});
