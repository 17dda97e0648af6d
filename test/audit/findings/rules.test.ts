import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  isBackdated,
  isLateAuthorisation,
  silentDayHits,
  silentDayWindow,
  SILENT_LOOKBACK_DAYS,
  voidRateHits,
  type StoreDays,
} from '../../../src/audit/findings/rules.js';
import { isJump } from '../../../src/audit/jumps.js';
import { parseKinds } from '../../../src/audit/findings/index.js';

describe('jump', () => {
  it('is a gap of more than N numbers: exactly N is an ordinary gap', () => {
    expect(isJump(10_000)).toBe(false);
    expect(isJump(10_001)).toBe(true);
    expect(isJump(5, 5)).toBe(false);
    expect(isJump(6, 5)).toBe(true);
  });
});

describe('backdated', () => {
  const d = (seq: number, date: number, lowerSeq: number, lowerDate: number) => ({ seq, date, lowerSeq, lowerDate });
  it('flags a number dated before the next lower present number, across a gap', () => {
    expect(isBackdated(d(10, 20240301, 3, 20240303), 10_000)).toBe(true); // 4..9 missing between them
    expect(isBackdated(d(4, 20240302, 3, 20240303), 10_000)).toBe(true);
  });
  it('does not flag the same date or a later one', () => {
    expect(isBackdated(d(4, 20240303, 3, 20240303), 10_000)).toBe(false);
    expect(isBackdated(d(4, 20240304, 3, 20240303), 10_000)).toBe(false);
  });
  it('does not look across a jump: N numbers between is a gap, N + 1 a jump', () => {
    expect(isBackdated(d(106, 20240301, 5, 20240303), 100)).toBe(true); // 100 between
    expect(isBackdated(d(107, 20240301, 5, 20240303), 100)).toBe(false); // 101 between
  });
});

describe('late_authorisation', () => {
  it('is more than one calendar day after the issue date', () => {
    expect(isLateAuthorisation(20240301, null)).toBe(false);
    expect(isLateAuthorisation(20240301, 20240301)).toBe(false);
    expect(isLateAuthorisation(20240301, 20240302)).toBe(false);
    expect(isLateAuthorisation(20240301, 20240303)).toBe(true);
    // Across a month end: 31 January to 1 February is one day, to 2 February two.
    expect(isLateAuthorisation(20240131, 20240201)).toBe(false);
    expect(isLateAuthorisation(20240131, 20240202)).toBe(true);
  });
  it('counts calendar days across months and leap days', () => {
    expect(daysBetween(20240228, 20240301)).toBe(2);
    expect(addDays(20240301, -1)).toBe(20240229);
    expect(addDays(20241231, 1)).toBe(20250101);
  });
});

describe('void_rate', () => {
  // Four stores of 100 documents with 5 voids each: the median rate is 0.05, three times it 0.15.
  const base = [1, 2, 3].map((i) => ({ store: `M${i}`, documents: 100, voids: 5 }));
  it('does not flag exactly 3× the median, flags just over it', () => {
    expect(voidRateHits([...base, { store: 'X', documents: 100, voids: 15 }])).toEqual([]);
    const hits = voidRateHits([...base, { store: 'X', documents: 100, voids: 16 }]);
    expect(hits).toEqual([{ store: 'X', documents: 100, voids: 16, rate: 0.16, median_rate: 0.05, stores_in_median: 4 }]);
  });
  it('needs at least 10 voids', () => {
    expect(voidRateHits([...base, { store: 'X', documents: 20, voids: 9 }])).toEqual([]);
    expect(voidRateHits([...base, { store: 'X', documents: 20, voids: 10 }]).map((h) => h.store)).toEqual(['X']);
  });
  it('takes the median over stores with at least 100 documents only (the mean of the two middle ones for an even count)', () => {
    // Small stores do not move the median; X (100 documents) is in it: rates 0.05, 0.05, 0.05, 0.5 → median 0.05.
    const small = { store: 'S', documents: 99, voids: 90 };
    expect(
      voidRateHits([...base, small, { store: 'X', documents: 100, voids: 50 }]).map((h) => [h.store, h.median_rate, h.stores_in_median]),
    ).toEqual([
      ['S', 0.05, 4],
      ['X', 0.05, 4],
    ]);
    // Two stores: median (0.02 + 0.10) / 2 = 0.06; 0.18 is exactly 3×, not over.
    expect(
      voidRateHits([
        { store: 'A', documents: 100, voids: 2 },
        { store: 'B', documents: 100, voids: 10 },
        { store: 'C', documents: 50, voids: 9 },
      ]),
    ).toEqual([]);
    expect(
      voidRateHits([
        { store: 'A', documents: 100, voids: 2 },
        { store: 'B', documents: 100, voids: 10 },
        { store: 'C', documents: 50, voids: 10 },
      ]).map((h) => h.store),
    ).toEqual(['C']);
  });
  it('has no median, hence no finding, when no store has 100 documents', () => {
    expect(voidRateHits([{ store: 'A', documents: 99, voids: 50 }])).toEqual([]);
  });
});

describe('silent_day', () => {
  // 2024-03-26 is a Tuesday; D−7, D−14, D−21 are 19, 12 and 5 March.
  const D = 20240326;
  const store = (name: string, days: number[], first = 20240301, last = 20240331): StoreDays => ({
    store: name,
    first,
    last,
    documents: new Map(days.map((d) => [d, 3])),
  });
  const other = store('OTHER', [D]);
  it('flags a day without documents after three same weekdays with documents, while another store issued', () => {
    const hits = silentDayHits([store('A', [20240305, 20240312, 20240319]), other], D, D);
    expect(hits).toEqual([{ store: 'A', day: D, earlier: [3, 3, 3], other_stores: 1 }]);
  });
  it('does not flag with only two of the three earlier weekdays', () => {
    expect(silentDayHits([store('A', [20240312, 20240319]), other], D, D)).toEqual([]);
    expect(silentDayHits([store('A', [20240305, 20240319]), other], D, D)).toEqual([]);
  });
  it('does not flag when no other store issued documents that day', () => {
    expect(silentDayHits([store('A', [20240305, 20240312, 20240319]), store('OTHER', [20240325])], D, D)).toEqual([]);
  });
  it("does not flag a day after the store's last invoice date (it may simply not have uploaded yet)", () => {
    expect(silentDayHits([store('A', [20240305, 20240312, 20240319], 20240305, 20240319), other], D, D)).toEqual([]);
  });
  it('does not flag a day the store issued documents', () => {
    expect(silentDayHits([store('A', [20240305, 20240312, 20240319, D]), other], D, D)).toEqual([]);
  });
});

describe('--kind', () => {
  it('reads kinds comma-separated and names an unknown one', () => {
    expect(parseKinds('jump, backdated,jump')).toEqual(['jump', 'backdated']);
    expect(parseKinds('late-authorisation')).toEqual(['late_authorisation']);
    expect(parseKinds('jump,typo')).toEqual({ unknown: 'typo' });
  });
});

describe('silentDayWindow', () => {
  it('is the day and the same weekday 7, 14 and 21 days before, for a day', () => {
    expect(silentDayWindow(20240326, 20240326)).toEqual([
      [20240305, 20240305],
      [20240312, 20240312],
      [20240319, 20240319],
      [20240326, 20240326],
    ]);
  });
  it('is the three weeks before and the period, whole, for a week or more', () => {
    expect(silentDayWindow(20240320, 20240326)).toEqual([[20240228, 20240326]]);
    expect(silentDayWindow(20240301, 20240331)).toEqual([[20240209, 20240331]]);
  });
  it('crosses months and years', () => {
    expect(silentDayWindow(20240101, 20240102)).toEqual([
      [20231211, 20231212],
      [20231218, 20231219],
      [20231225, 20231226],
      [20240101, 20240102],
    ]);
  });

  it('finds every hit that the whole three weeks before find (property)', () => {
    // Stores with documents on random days around random periods: reading only the window's
    // days must give the hits of reading every day from 21 days before the period to its end.
    const start = 20240301;
    const calendar = Array.from({ length: 70 }, (_, i) => addDays(start, i));
    const storeArb = fc.record({
      documents: fc.array(fc.tuple(fc.integer({ min: 0, max: 69 }), fc.integer({ min: 0, max: 3 })), { maxLength: 60 }),
      first: fc.integer({ min: 0, max: 40 }),
      span: fc.integer({ min: 0, max: 69 }),
    });
    fc.assert(
      fc.property(
        fc.array(storeArb, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: SILENT_LOOKBACK_DAYS, max: 60 }),
        fc.integer({ min: 0, max: 9 }),
        (raw, fromIndex, length) => {
          const from = calendar[fromIndex];
          const to = calendar[Math.min(fromIndex + length, 69)];
          const stores: StoreDays[] = raw.map((r, i) => ({
            store: `S${i}`,
            first: calendar[r.first],
            last: calendar[Math.min(r.first + r.span, 69)],
            documents: new Map(r.documents.map(([d, n]) => [calendar[d], n])),
          }));
          const inWindow = (day: number) => silentDayWindow(from, to).some(([a, b]) => day >= a && day <= b);
          const windowed = stores.map((s) => ({ ...s, documents: new Map([...s.documents].filter(([d]) => inWindow(d))) }));
          expect(silentDayHits(windowed, from, to)).toEqual(silentDayHits(stores, from, to));
          // And the same hits as the rule read day by day, store by store.
          const oracle = stores.flatMap((s) =>
            calendar
              .filter((day) => day >= from && day <= to && day >= s.first && day <= s.last && !((s.documents.get(day) ?? 0) > 0))
              .map((day) => ({ day, earlier: [7, 14, 21].map((n) => s.documents.get(addDays(day, -n)) ?? 0) }))
              .filter(({ earlier }) => earlier.every((n) => n > 0))
              .map(({ day, earlier }) => ({
                store: s.store,
                day,
                earlier,
                other_stores: stores.filter((o) => (o.documents.get(day) ?? 0) > 0).length,
              }))
              .filter((h) => h.other_stores > 0),
          );
          expect(silentDayHits(stores, from, to)).toEqual(oracle);
        },
      ),
      { numRuns: 300 },
    );
  });
});
