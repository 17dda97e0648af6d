import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countOf, describeRange, diffMissing, normalize, type MissingRange } from '../../src/audit/verify.js';

const r = (from: number, to: number, series = '001-001'): MissingRange => ({ store: 'L-1', doc_type: '01', series, from, to });

describe('diffMissing', () => {
  it('is empty for the same numbers written as numbers or as ranges', () => {
    expect(diffMissing([r(3, 5)], [r(3, 3), r(4, 4), r(5, 5)])).toEqual({ added: [], disappeared: [] });
  });

  it('splits a range around what the other side has', () => {
    expect(diffMissing([r(1, 10)], [r(3, 4), r(7, 7)])).toEqual({ added: [r(1, 2), r(5, 6), r(8, 10)], disappeared: [] });
    expect(diffMissing([r(3, 4)], [r(1, 10)])).toEqual({ added: [], disappeared: [r(1, 2), r(5, 10)] });
  });

  it('keeps series apart and handles huge ranges without listing them', () => {
    const diff = diffMissing([r(2, 999_999_998), r(5, 5, '001-002')], [r(2, 999_999_998, '001-002')]);
    expect(diff.added).toEqual([r(2, 999_999_998)]);
    expect(diff.disappeared).toEqual([r(2, 4, '001-002'), r(6, 999_999_998, '001-002')]);
    expect(countOf(diff.added)).toBe(999_999_997);
  });

  it('agrees with a number-by-number comparison', () => {
    const ranges = fc.array(
      fc
        .tuple(fc.constantFrom('001-001', '001-002'), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 6 }))
        .map(([series, from, len]) => r(from, from + len, series)),
      { maxLength: 8 },
    );
    const numbers = (list: MissingRange[]) => {
      const set = new Set<string>();
      for (const x of list) for (let n = x.from; n <= x.to; n++) set.add(`${x.series}:${n}`);
      return set;
    };
    fc.assert(
      fc.property(ranges, ranges, (actual, expected) => {
        const diff = diffMissing(actual, expected);
        const a = numbers(actual);
        const e = numbers(expected);
        expect(numbers(diff.added)).toEqual(new Set([...a].filter((x) => !e.has(x))));
        expect(numbers(diff.disappeared)).toEqual(new Set([...e].filter((x) => !a.has(x))));
        // Merged output: within a series, ranges are sorted and never touch.
        for (const side of [diff.added, diff.disappeared]) {
          for (let i = 1; i < side.length; i++) {
            if (side[i].series === side[i - 1].series) expect(side[i].from).toBeGreaterThan(side[i - 1].to + 1);
          }
        }
      }),
    );
  });

  it('normalize merges overlapping and adjacent ranges', () => {
    expect([...normalize([r(5, 6), r(1, 2), r(3, 3), r(9, 9), r(8, 12)]).values()]).toEqual([
      [
        [1, 3],
        [5, 6],
        [8, 12],
      ],
    ]);
  });

  it('describes a range for a CI log', () => {
    expect(describeRange(r(5, 5))).toBe('L-1 01 001-001 5');
    expect(describeRange(r(5, 7))).toBe('L-1 01 001-001 5..7 (3)');
  });
});
