import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDay, type Day } from '../../src/input/dates.js';
import type { InvoiceRow } from '../../src/input/rows.js';
import { buildStatus, lateStores } from '../../src/audit/status.js';
import { openDatabase } from '../../src/store/db.js';
import { InvoiceWriter } from '../../src/store/invoices.js';
import { startRun } from '../../src/store/runs.js';

const DAYS: Day[] = [20240301, 20240302, 20240303, 20240304, 20240305];
const TODAY = 20240305; // yesterday: 2024-03-04

const row = (store: string, series: string, sequential: number, date: Day, isVoid: boolean): InvoiceRow => ({
  net: null,
  amountUnreadable: false,
  authDateUnreadable: false,
  store,
  docType: '01',
  series,
  sequential,
  date,
  amount: 10,
  void: isVoid,
  accessKey: null,
  authDate: null,
  line: sequential + 1,
});

describe('lateStores', () => {
  it('lists the stores with invoices and none dated yesterday, oldest newest invoice first, as the status does (property)', () => {
    const invoice = fc.record({
      store: fc.constantFrom('A', 'B', 'C', 'D'),
      series: fc.constantFrom('001-001', '001-002'),
      day: fc.integer({ min: 0, max: DAYS.length - 1 }),
      isVoid: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(invoice, { maxLength: 30 }), fc.option(fc.constantFrom('A', 'B'), { nil: undefined }), (invoices, only) => {
        const db = openDatabase(':memory:');
        try {
          const writer = new InvoiceWriter(db, startRun(db, 'a.csv', 0));
          const next = new Map<string, number>();
          for (const i of invoices) {
            const key = `${i.store} ${i.series}`;
            const seq = (next.get(key) ?? 0) + 1;
            next.set(key, seq);
            writer.add(row(i.store, i.series, seq, DAYS[i.day], i.isVoid));
          }
          writer.flush();
          const stores = new Set(invoices.map((i) => i.store));
          if (only !== undefined && !stores.has(only)) return;
          // The rule read plainly: a store with invoices, none of them dated yesterday.
          const expected = [...stores]
            .filter((s) => only === undefined || s === only)
            .filter((s) => !invoices.some((i) => i.store === s && DAYS[i.day] === 20240304))
            .map((s) => {
              // Its newest date: the latest of its series' last invoices (numbers rise with the rows).
              const lastOfSeries = new Map<string, Day>();
              for (const i of invoices) if (i.store === s) lastOfSeries.set(i.series, DAYS[i.day]);
              return { store: s, last_date: formatDay(Math.max(...lastOfSeries.values())) };
            })
            .sort((a, b) => (a.last_date < b.last_date ? -1 : a.last_date > b.last_date ? 1 : a.store < b.store ? -1 : 1));
          expect(lateStores(db, TODAY, only)).toEqual(expected);
          expect(buildStatus(db, TODAY, { store: only }).late.map((s) => ({ store: s.store, last_date: s.last_date }))).toEqual(expected);
          for (const s of buildStatus(db, TODAY, { store: only }).stores) {
            expect(s.late).toBe(expected.some((e) => e.store === s.store));
            expect(s.late).toBe(s.invoices_yesterday === 0);
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});
