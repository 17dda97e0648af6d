import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { count } from '../../src/render/count.js';

describe('count', () => {
  it('groups thousands as en-US does', () => {
    expect([0, 7, 999, 1000, 12345, 1234567, -4321].map(count)).toEqual(['0', '7', '999', '1,000', '12,345', '1,234,567', '-4,321']);
  });

  it('equals toLocaleString("en-US") for any integer and leaves fractions to it', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => count(n) === n.toLocaleString('en-US')),
      { seed: 7 },
    );
    expect(count(1234.5)).toBe('1,234.5');
  });
});
