import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf } from '../../src/input/dates.js';
import { DayTotals } from '../../src/store/day-totals.js';

/** A real calendar day, from 1900 to 2999, most of them near each other (a series' history). */
const day = fc
  .oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(fc.integer({ min: 2023, max: 2025 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.integer({ min: 1900, max: 2999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })),
    },
  )
  .map(([y, m, d]) => dayOf(y, m, d) ?? dayOf(y, m, 28)!);

const invoice = fc.record({
  series: fc.integer({ min: 1, max: 5 }),
  date: day,
  void: fc.constantFrom<0 | 1>(0, 1),
  sales: fc.integer({ min: 0, max: 10_000_000 }),
});

describe('DayTotals', () => {
  it('writes per (date, series) the sums a plain group-by gives, in date order, and starts afresh', () => {
    fc.assert(
      fc.property(fc.array(fc.array(invoice, { maxLength: 80 }), { minLength: 1, maxLength: 3 }), (loads) => {
        const totals = new DayTotals();
        const tables = new Map<number, ReturnType<DayTotals['forSeries']>>();
        for (const load of loads) {
          const expected = new Map<string, [number, number, number]>();
          for (const i of load) {
            let table = tables.get(i.series);
            if (!table) tables.set(i.series, (table = totals.forSeries(i.series)));
            table.add(i.date, i.void, i.sales);
            const key = `${i.date}|${i.series}`;
            const sum = expected.get(key) ?? [0, 0, 0];
            expected.set(key, [sum[0] + 1, sum[1] + i.void, sum[2] + i.sales]);
          }
          const written: Array<[number, number, number, number, number]> = [];
          totals.write((...row) => written.push(row));
          const dates = written.map((w) => w[0]);
          expect(dates).toEqual([...dates].sort((a, b) => a - b));
          expect(new Map(written.map(([date, series, ...sums]) => [`${date}|${series}`, sums]))).toEqual(expected);
          expect(written.length).toBe(expected.size);
          expect(totals.full).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('says when its tables outgrow the budget, and gives the memory back once written', () => {
    const totals = new DayTotals();
    for (let series = 1; series <= 3; series++) {
      const table = totals.forSeries(series);
      table.add(19000101, 0, 1);
      table.add(29991231, 1, 2);
    }
    expect(totals.full).toBe(true);
    const written: number[][] = [];
    totals.write((...row) => written.push(row));
    expect(written.map((w) => w.slice(0, 2))).toEqual([
      [19000101, 1],
      [19000101, 2],
      [19000101, 3],
      [29991231, 1],
      [29991231, 2],
      [29991231, 3],
    ]);
    expect(totals.full).toBe(false);
  });
});
