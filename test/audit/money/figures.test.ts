import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '../../../src/store/db.js';
import { buildMoney } from '../../../src/audit/money/build.js';
import { resolveMoneyMonths } from '../../../src/commands/options.js';
import { buildReport } from '../../../src/audit/report.js';
import { setReview } from '../../../src/audit/reviews.js';
import { declare, freshDb, leases, run, upload } from './scenario.js';

const MARCH = 20240310;
let db: DB;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

const row = (store: string, months = ['2024-03']) => {
  const found = buildMoney(db, months).stores.find((s) => s.store === store);
  if (!found) throw new Error(`no row for ${store}`);
  return found;
};

/**
 * Hand-checked cases. Store S: invoices 1..10 of 100.00 and 14..20 of 100.00 (sales 1,700.00),
 * 11..13 missing (3 numbers; median ticket of the 17 neighbours: 100.00; estimate 300.00).
 */
function storeWithGap(store = 'S') {
  upload(db, [...run(store, 1, 10, MARCH, 10_000), ...run(store, 14, 20, MARCH, 10_000)]);
}

describe('money figures on hand-checked cases (SPEC §8)', () => {
  it('the minimum wins: rent billed and due are the minimum, nothing at stake', () => {
    storeWithGap();
    leases(db, [{ store: 'S', scheme: 'commission', rate: '0.08', minimumCents: 50_000, from: '2024-01', to: null }]);
    declare(db, [{ store: 'S', month: '2024-03', cents: 170_000 }]);
    expect(row('S')).toMatchObject({
      invoices: 17,
      missing: 3,
      invoiced_sales: 1700,
      declared_sales: 1700,
      under_declared: 0,
      estimated_unreported: 300,
      billing_basis: 1700,
      best_estimate: 2000,
      rent_billed: 500,
      rent_due: 500,
      at_stake: 0,
    });
  });

  it('the minimum loses: 8% of 2,000.00 best estimate minus 8% of 1,700.00 declared', () => {
    storeWithGap();
    leases(db, [{ store: 'S', scheme: 'commission', rate: '0.08', minimumCents: 10_000, from: '2024-01', to: null }]);
    declare(db, [{ store: 'S', month: '2024-03', cents: 170_000 }]);
    expect(row('S')).toMatchObject({ scheme: 'commission', rate: 0.08, minimum: 100, rent_billed: 136, rent_due: 160, at_stake: 24 });
  });

  it('a fixed rent: the same rent billed and due, nothing at stake whatever is missing', () => {
    storeWithGap();
    leases(db, [{ store: 'S', scheme: 'fixed', rate: null, minimumCents: 120_000, from: '2024-01', to: null }]);
    expect(row('S')).toMatchObject({
      scheme: 'fixed',
      rate: null,
      estimated_unreported: 300,
      rent_billed: 1200,
      rent_due: 1200,
      at_stake: 0,
    });
  });

  it('no lease: scheme, rents and at_stake null, the sales figures still shown; billed on invoices when nothing was declared', () => {
    storeWithGap();
    expect(row('S')).toMatchObject({
      scheme: null,
      rate: null,
      minimum: null,
      declared_sales: null,
      under_declared: null,
      invoiced_sales: 1700,
      estimated_unreported: 300,
      billing_basis: 1700,
      best_estimate: 2000,
      rent_billed: null,
      rent_due: null,
      at_stake: null,
    });
    expect(buildMoney(db, ['2024-03']).top).toEqual([]);
  });

  it('a rate change mid-period: each month takes the lease in force', () => {
    upload(db, [...run('S', 1, 10, 20240215, 10_000), ...run('S', 11, 20, 20240315, 10_000)]);
    leases(db, [
      { store: 'S', scheme: 'commission', rate: '0.08', minimumCents: 0, from: '2023-01', to: '2024-02' },
      { store: 'S', scheme: 'commission', rate: '0.1', minimumCents: 0, from: '2024-03', to: null },
    ]);
    const money = buildMoney(db, resolveMoneyMonths({ from: '2024-02', to: '2024-03' }));
    expect(money.months).toEqual(['2024-02', '2024-03']);
    expect(money.stores.map((s) => [s.month, s.rate, s.rent_billed])).toEqual([
      ['2024-02', 0.08, 80],
      ['2024-03', 0.1, 100],
    ]); // ties rank by month
    expect(money.totals.rent_billed).toBe(180);
  });

  it('a declared figure above the invoices is the best estimate; below them, the difference is under-declared', () => {
    storeWithGap('A');
    storeWithGap('B');
    leases(db, [
      { store: 'A', scheme: 'commission', rate: '0.1', minimumCents: 0, from: '2024-01', to: null },
      { store: 'B', scheme: 'commission', rate: '0.1', minimumCents: 0, from: '2024-01', to: null },
    ]);
    declare(db, [
      { store: 'A', month: '2024-03', cents: 250_000 },
      { store: 'B', month: '2024-03', cents: 120_000 },
    ]);
    expect(row('A')).toMatchObject({ under_declared: 0, best_estimate: 2500, rent_billed: 250, rent_due: 250, at_stake: 0 });
    expect(row('B')).toMatchObject({ under_declared: 500, best_estimate: 2000, rent_billed: 120, rent_due: 200, at_stake: 80 });
    // Ranked by at_stake: B first.
    expect(buildMoney(db, ['2024-03']).top).toEqual([
      { store: 'B', month: '2024-03', at_stake: 80 },
      { store: 'A', month: '2024-03', at_stake: 0 },
    ]);
  });

  it('credit notes subtract from invoiced sales; their gaps count as missing but not in the estimate', () => {
    storeWithGap();
    upload(db, [
      { store: 'S', docType: '04', series: '001-001', seq: 1, date: MARCH, total: 2_500 },
      { store: 'S', docType: '04', series: '001-001', seq: 5, date: MARCH, total: 1_500 },
    ]);
    expect(row('S')).toMatchObject({ invoices: 19, missing: 6, invoiced_sales: 1660, estimated_unreported: 300 });
  });

  it('voids: present numbers, no sales, not neighbours of the median', () => {
    upload(db, [
      { store: 'S', seq: 1, date: MARCH, total: 1_000 },
      { store: 'S', seq: 2, date: MARCH, total: 9_999_900, void: true },
      { store: 'S', seq: 4, date: MARCH, total: 3_000 },
    ]);
    // Missing: 3. Neighbours with an amount, non-void: 10.00 and 30.00 → median 20.00.
    expect(row('S')).toMatchObject({ invoices: 3, missing: 1, invoiced_sales: 40, estimated_unreported: 20 });
  });

  it('an empty neighbourhood (no neighbour with an amount) gives a median ticket of 0', () => {
    upload(db, [
      { store: 'S', seq: 1, date: MARCH, total: null },
      { store: 'S', seq: 5, date: MARCH, total: 2_000, void: true },
    ]);
    expect(row('S')).toMatchObject({ missing: 3, invoiced_sales: 0, estimated_unreported: 0 });
  });

  it('the sales value is the pre-tax amount when known; the median of an even count rounds half away from zero', () => {
    upload(db, [
      { store: 'S', seq: 1, date: MARCH, total: 1_120, net: 1_000 },
      { store: 'S', seq: 3, date: MARCH, total: 1_121, net: 1_001 },
    ]);
    // Median of 10.00 and 10.01 = 10.005 → 10.01.
    expect(row('S')).toMatchObject({ invoiced_sales: 20.01, estimated_unreported: 10.01 });
  });

  it('only the 50 nearest neighbours on each side count', () => {
    // 60 invoices of 1.00 far below, 50 of 9.00 just below, the gap, 50 of 9.00 above.
    upload(db, [...run('S', 1, 60, MARCH, 100), ...run('S', 61, 110, MARCH, 900), ...run('S', 112, 161, MARCH, 900)]);
    expect(row('S').estimated_unreported).toBe(9);
  });

  it('numbers reviewed explained are left out of the estimate, not out of missing (SPEC §10)', () => {
    storeWithGap();
    const review = { store: 'S', docType: '01', series: '001-001', comment: 'paper invoice voided', by: 'auditor', source: 'set' };
    setReview(db, { ...review, from: 12, to: 12, status: 'explained' });
    expect(row('S')).toMatchObject({ missing: 3, estimated_unreported: 200 });
    setReview(db, { ...review, from: 11, to: 13, status: 'billed' });
    expect(row('S')).toMatchObject({ missing: 3, estimated_unreported: 300 });
    expect(buildReport(db, { from: 20240301, to: 20240331 }).stores[0].estimated_unreported).toBe(300);
  });

  it('the report carries the same estimate per store', () => {
    storeWithGap();
    const report = buildReport(db, { from: 20240301, to: 20240331 });
    expect(report.stores[0].estimated_unreported).toBe(300);
  });

  it('a store with a lease and no invoices in the month has a row; a month with neither has none', () => {
    leases(db, [{ store: 'NEW', scheme: 'fixed', rate: null, minimumCents: 100_000, from: '2024-03', to: '2024-03' }]);
    expect(row('NEW')).toMatchObject({ invoices: 0, invoiced_sales: 0, rent_billed: 1000, at_stake: 0 });
    expect(buildMoney(db, ['2024-04']).stores).toEqual([]);
  });

  it('refuses a day period, and defaults to the last complete month', () => {
    expect(() => resolveMoneyMonths({ day: '2024-03-01' })).toThrow(/whole months/);
    expect(() => resolveMoneyMonths({ from: '2024-03-01', to: '2024-03-31' })).toThrow(/whole months/);
    expect(resolveMoneyMonths({}, { SMO_GAPS_TODAY: '2024-01-15' })).toEqual(['2023-12']);
  });
});
