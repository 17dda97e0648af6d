import type { DB } from '../../store/db.js';
import { listLeases, type LeaseRecord } from '../../store/leases.js';
import { declaredSalesIn } from '../../store/declared-sales.js';
import { parseRate } from '../../input/rate.js';
import { checkStoreKnown } from '../report.js';
import { countableGaps, estimableNumbers, medianTicketReader } from './countable-gaps.js';
import { compareMoney, storeMonthFigures, type StoreMonthFigures, type StoreMonthInput } from './figures.js';
import { monthPeriod, type Month } from './months.js';
import { rateNumber, units, type Cents } from './rules.js';
import type { LeaseTerms } from './rules.js';

/**
 * Money at stake (SPEC §8) for whole months: the one computation behind `money`, the
 * report's `estimated_unreported`, `run monthly`, `summary`, the HTML page and the web
 * server. Returns plain objects; nothing here prints.
 */
export interface MoneyOptions {
  store?: string;
  top?: number;
  /** A gap of more than this many numbers is a jump (SPEC §9), left out of missing and money. */
  jump?: number;
}

/** The lease of a store in force in a month, if any (the register has no overlaps). */
export function leaseFor(leases: readonly LeaseRecord[], store: string, month: Month): LeaseRecord | undefined {
  return leases.find((l) => l.store === store && l.from <= month && (l.to === null || month <= l.to));
}

export function leaseTerms(lease: LeaseRecord): LeaseTerms {
  return { scheme: lease.scheme, rate: lease.rate === null ? null : parseRate(lease.rate)!, minimum: lease.minimumCents };
}

/** Per store and month, the figures in cents, ranked (at_stake, then estimated_unreported, then store). */
export function moneyFigures(db: DB, months: readonly Month[], options: MoneyOptions = {}): StoreMonthFigures[] {
  const leases = listLeases(db, options.store);
  // A store of the lease register is known even before its first export.
  if (options.store !== undefined && leases.length === 0) checkStoreKnown(db, options.store);

  const declared = months.length ? declaredSalesIn(db, months[0], months[months.length - 1]) : new Map<string, number>();
  const median = medianTicketReader(db);
  const salesByStore = db.prepare(
    `SELECT st.code AS store, sum(d.invoices) AS invoices,
            sum(CASE se.doc_type WHEN '01' THEN d.sales_cents WHEN '04' THEN -d.sales_cents ELSE 0 END) AS sales
       FROM series_days d JOIN series se ON se.id = d.series_id JOIN stores st ON st.id = se.store_id
      WHERE d.date BETWEEN @from AND @to AND (@store IS NULL OR st.code = @store)
      GROUP BY st.code`,
  );
  const figures: StoreMonthFigures[] = [];
  for (const month of months) {
    const period = monthPeriod(month);
    const inputs = new Map<string, StoreMonthInput>();
    const input = (store: string): StoreMonthInput => {
      let entry = inputs.get(store);
      if (!entry) {
        const lease = leaseFor(leases, store, month);
        entry = {
          store,
          month,
          invoices: 0,
          missing: 0,
          invoicedSales: 0,
          declaredSales: declared.get(`${store}\t${month}`) ?? null,
          gaps: [],
          lease: lease ? leaseTerms(lease) : null,
        };
        inputs.set(store, entry);
      }
      return entry;
    };
    const rows = salesByStore.all({ ...period, store: options.store ?? null }) as { store: string; invoices: number; sales: number }[];
    for (const row of rows) {
      if (row.invoices === 0) continue;
      const entry = input(row.store);
      entry.invoices = row.invoices;
      entry.invoicedSales = row.sales;
    }
    for (const lease of leases) if (lease.from <= month && (lease.to === null || month <= lease.to)) input(lease.store);
    const gapsOf = new Map<string, { numbers: number; medianTicket: Cents }[]>();
    for (const gap of countableGaps(db, period, options.store, options.jump)) {
      const entry = inputs.get(gap.store);
      // A gap's next invoice is dated in the month, so its store has invoices in the month.
      if (!entry) continue;
      if (!gap.jump) entry.missing += gap.count;
      const numbers = estimableNumbers(gap);
      if (numbers > 0) {
        const list = gapsOf.get(gap.store) ?? [];
        list.push({ numbers, medianTicket: median(gap) });
        gapsOf.set(gap.store, list);
      }
    }
    for (const entry of inputs.values()) {
      entry.gaps = gapsOf.get(entry.store) ?? [];
      figures.push(storeMonthFigures(entry));
    }
  }
  return figures.sort(compareMoney);
}

export interface MoneyRow {
  store: string;
  month: string;
  scheme: 'commission' | 'fixed' | null;
  rate: number | null;
  minimum: number | null;
  invoices: number;
  missing: number;
  invoiced_sales: number;
  declared_sales: number | null;
  under_declared: number | null;
  estimated_unreported: number;
  billing_basis: number;
  best_estimate: number;
  rent_billed: number | null;
  rent_due: number | null;
  at_stake: number | null;
}

export interface MoneyTotals {
  invoiced_sales: number;
  declared_sales: number;
  under_declared: number;
  estimated_unreported: number;
  rent_billed: number;
  rent_due: number;
  at_stake: number;
}

/** The JSON of `money --format json` (SPEC §8), also served as /api/money. */
export interface MoneyReport {
  months: string[];
  totals: MoneyTotals;
  stores: MoneyRow[];
  top: { store: string; month: string; at_stake: number }[];
}

export function moneyRow(f: StoreMonthFigures): MoneyRow {
  return {
    store: f.store,
    month: f.month,
    scheme: f.scheme,
    rate: f.rate === null ? null : rateNumber(f.rate),
    minimum: units(f.minimum),
    invoices: f.invoices,
    missing: f.missing,
    invoiced_sales: units(f.invoicedSales),
    declared_sales: units(f.declaredSales),
    under_declared: units(f.underDeclared),
    estimated_unreported: units(f.estimatedUnreported),
    billing_basis: units(f.billingBasis),
    best_estimate: units(f.bestEstimate),
    rent_billed: units(f.rentBilled),
    rent_due: units(f.rentDue),
    at_stake: units(f.atStake),
  };
}

/** Sums of the rows, exact in cents (a null adds nothing). */
export function moneyTotals(figures: readonly StoreMonthFigures[]): MoneyTotals {
  const sum = (pick: (f: StoreMonthFigures) => Cents | null) => units(figures.reduce((acc, f) => acc + (pick(f) ?? 0), 0));
  return {
    invoiced_sales: sum((f) => f.invoicedSales),
    declared_sales: sum((f) => f.declaredSales),
    under_declared: sum((f) => f.underDeclared),
    estimated_unreported: sum((f) => f.estimatedUnreported),
    rent_billed: sum((f) => f.rentBilled),
    rent_due: sum((f) => f.rentDue),
    at_stake: sum((f) => f.atStake),
  };
}

/** The first N rows of the ranking that have a lease (an at_stake to rank by). */
export function moneyTop(figures: readonly StoreMonthFigures[], top = 5): MoneyReport['top'] {
  return figures
    .filter((f) => f.atStake !== null)
    .slice(0, top)
    .map((f) => ({ store: f.store, month: f.month, at_stake: units(f.atStake!) }));
}

export function buildMoney(db: DB, months: readonly Month[], options: MoneyOptions = {}): MoneyReport {
  const figures = moneyFigures(db, months, options);
  return { months: [...months], totals: moneyTotals(figures), stores: figures.map(moneyRow), top: moneyTop(figures, options.top ?? 5) };
}
