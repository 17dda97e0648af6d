import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Slab } from '../../src/store/slab.js';

describe('Slab', () => {
  it('gives zeroed, 8-aligned arrays that never share a byte, however the requests come', () => {
    const request = fc.record({ kind: fc.constantFrom('float64', 'int32', 'uint8'), length: fc.integer({ min: 0, max: 300 }) });
    fc.assert(
      fc.property(fc.array(request, { maxLength: 200 }), fc.integer({ min: 8, max: 4096 }), (requests, bufferBytes) => {
        const slab = new Slab(bufferBytes);
        const arrays = requests.map(({ kind, length }) =>
          kind === 'float64' ? slab.float64(length) : kind === 'int32' ? slab.int32(length) : slab.uint8(length),
        );
        arrays.forEach((a, i) => {
          expect(a.length).toBe(requests[i].length);
          expect(a.byteOffset % 8).toBe(0);
          expect(a.every((v) => v === 0)).toBe(true);
        });
        // Filled one after another, each keeps its own values.
        arrays.forEach((a, i) => a.fill(i + 1));
        arrays.forEach((a, i) => expect(a.every((v) => v === i + 1)).toBe(true));
      }),
      { numRuns: 200 },
    );
  });
});
