import { describe, expect, it } from 'vitest';
import { gapsBetween, planBatch, splitGap, type Gap } from '../../src/store/gaps.js';

const p = (seq: number, date = 20240300 + seq) => ({ seq, date });

describe('gapsBetween', () => {
  it('finds maximal runs of missing numbers with the dates around them', () => {
    expect(gapsBetween([p(1, 20240301), p(2, 20240301), p(5, 20240303), p(6, 20240304), p(10, 20240401)], 7)).toEqual([
      { from: 3, to: 4, prevDate: 20240301, nextDate: 20240303, openedRun: 7 },
      { from: 7, to: 9, prevDate: 20240304, nextDate: 20240401, openedRun: 7 },
    ]);
  });

  it('finds none in consecutive, single or empty lists', () => {
    expect(gapsBetween([p(1), p(2), p(3)], 1)).toEqual([]);
    expect(gapsBetween([p(4)], 1)).toEqual([]);
    expect(gapsBetween([], 1)).toEqual([]);
  });

  it('handles a one-number gap and a huge jump', () => {
    expect(gapsBetween([p(1), p(3)], 1)).toMatchObject([{ from: 2, to: 2 }]);
    expect(gapsBetween([p(1), p(999_999_999, 20240331)], 1)).toMatchObject([{ from: 2, to: 999_999_998 }]);
  });
});

describe('splitGap', () => {
  const gap: Gap = { from: 10, to: 20, prevDate: 20240301, nextDate: 20240310, openedRun: 3 };

  it('splits a gap around a number in the middle', () => {
    expect(splitGap(gap, [p(15, 20240305)])).toEqual([
      { from: 10, to: 14, prevDate: 20240301, nextDate: 20240305, openedRun: 3 },
      { from: 16, to: 20, prevDate: 20240305, nextDate: 20240310, openedRun: 3 },
    ]);
  });

  it('shrinks a gap from either end', () => {
    expect(splitGap(gap, [p(10, 20240302)])).toEqual([{ from: 11, to: 20, prevDate: 20240302, nextDate: 20240310, openedRun: 3 }]);
    expect(splitGap(gap, [p(20, 20240309)])).toEqual([{ from: 10, to: 19, prevDate: 20240301, nextDate: 20240309, openedRun: 3 }]);
  });

  it('closes a gap filled completely', () => {
    const all = Array.from({ length: 11 }, (_, i) => p(10 + i));
    expect(splitGap(gap, all)).toEqual([]);
    expect(splitGap({ ...gap, to: 10 }, [p(10)])).toEqual([]);
  });

  it('handles several arrivals, adjacent ones included', () => {
    expect(splitGap(gap, [p(12, 1), p(13, 2), p(18, 3)])).toEqual([
      { from: 10, to: 11, prevDate: 20240301, nextDate: 1, openedRun: 3 },
      { from: 14, to: 17, prevDate: 2, nextDate: 3, openedRun: 3 },
      { from: 19, to: 20, prevDate: 3, nextDate: 20240310, openedRun: 3 },
    ]);
  });
});

describe('planBatch', () => {
  it('opens every gap of a new series', () => {
    const plan = planBatch(undefined, [p(1), p(4), p(5)], 2);
    expect(plan.bounds).toEqual({ first: p(1), last: p(5) });
    expect(plan.above).toEqual([p(1), p(4), p(5)]);
    expect(plan.opened).toEqual([{ from: 2, to: 3, prevDate: p(1).date, nextDate: p(4).date, openedRun: 2 }]);
  });

  it('splits arrivals into below, inside and above the bounds', () => {
    const bounds = { first: p(10), last: p(20) };
    const plan = planBatch(bounds, [p(3), p(9), p(12), p(19), p(21), p(25)], 4);
    expect(plan.below).toEqual([p(3), p(9)]);
    expect(plan.inside).toEqual([p(12), p(19)]);
    expect(plan.above).toEqual([p(21), p(25)]);
    expect(plan.bounds).toEqual({ first: p(3), last: p(25) });
    expect(plan.opened).toEqual([
      { from: 4, to: 8, prevDate: p(3).date, nextDate: p(9).date, openedRun: 4 },
      { from: 22, to: 24, prevDate: p(21).date, nextDate: p(25).date, openedRun: 4 },
    ]);
  });

  it('opens the gap between the old bounds and new numbers far from them', () => {
    const plan = planBatch({ first: p(10), last: p(20) }, [p(5), p(30)], 4);
    expect(plan.opened).toEqual([
      { from: 6, to: 9, prevDate: p(5).date, nextDate: p(10).date, openedRun: 4 },
      { from: 21, to: 29, prevDate: p(20).date, nextDate: p(30).date, openedRun: 4 },
    ]);
  });

  it('opens nothing for numbers adjacent to the bounds, and keeps bounds for inside numbers', () => {
    const plan = planBatch({ first: p(10), last: p(20) }, [p(9), p(15), p(21)], 4);
    expect(plan.opened).toEqual([]);
    expect(plan.bounds).toEqual({ first: p(9), last: p(21) });
    const inside = planBatch({ first: p(10), last: p(20) }, [p(11)], 4);
    expect(inside.bounds).toEqual({ first: p(10), last: p(20) });
    expect(inside.inside).toEqual([p(11)]);
  });
});
