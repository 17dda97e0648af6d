import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cover, overlay, subtract, countNumbers, type Span } from '../../src/audit/number-ranges.js';

const numbers = (spans: readonly Span[]) => spans.flatMap((s) => Array.from({ length: s.to - s.from + 1 }, (_, i) => s.from + i));

describe('cover', () => {
  it('cuts a span by what overlaps it, with holes where nothing does, joining equal neighbours only when asked', () => {
    const b1 = { name: 'b' };
    const b2 = { name: 'b' };
    const labelled = [
      { from: 1, to: 3, value: { name: 'a' } },
      { from: 6, to: 7, value: b1 },
      { from: 8, to: 20, value: b2 },
    ];
    expect(cover({ from: 2, to: 10 }, labelled).map((p) => [p.from, p.to, p.value?.name])).toEqual([
      [2, 3, 'a'],
      [4, 5, undefined],
      [6, 7, 'b'],
      [8, 10, 'b'],
    ]);
    expect(cover({ from: 2, to: 10 }, labelled, (x, y) => x.name === y.name).map((p) => [p.from, p.to, p.value?.name])).toEqual([
      [2, 3, 'a'],
      [4, 5, undefined],
      [6, 10, 'b'],
    ]);
    expect(cover({ from: 30, to: 31 }, labelled)).toEqual([{ from: 30, to: 31, value: undefined }]);
  });
});

describe('overlay', () => {
  it('keeps the parts of older spans outside the new one; the later wins inside', () => {
    const existing = [
      { from: 1, to: 5, value: 'old' },
      { from: 8, to: 12, value: 'older' },
    ];
    expect(overlay(existing, { from: 4, to: 9, value: 'new' })).toEqual([
      { from: 1, to: 3, value: 'old' },
      { from: 4, to: 9, value: 'new' },
      { from: 10, to: 12, value: 'older' },
    ]);
    expect(overlay([{ from: 1, to: 10, value: 'x' }], { from: 4, to: 5, value: 'y' })).toEqual([
      { from: 1, to: 3, value: 'x' },
      { from: 4, to: 5, value: 'y' },
      { from: 6, to: 10, value: 'x' },
    ]);
  });
});

describe('subtract', () => {
  it('equals set difference on random spans', () => {
    const spans = fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 40 }).map((ns) => {
      const sorted = [...ns].sort((a, b) => a - b);
      const out: Span[] = [];
      for (const n of sorted) {
        const last = out[out.length - 1];
        if (last && last.to + 1 === n) last.to = n;
        else out.push({ from: n, to: n });
      }
      return out;
    });
    fc.assert(
      fc.property(spans, spans, (a, b) => {
        const inB = new Set(numbers(b));
        const diff = subtract(a, b);
        expect(numbers(diff)).toEqual(numbers(a).filter((n) => !inB.has(n)));
        expect(countNumbers(diff)).toBe(numbers(diff).length);
      }),
    );
  });
});
