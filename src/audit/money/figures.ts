import { rentOn, type Cents, type LeaseTerms, type Rate } from './rules.js';

/**
 * One store's figures for one month (SPEC §8), from what the database knows of it. Pure:
 * the queries that gather the inputs are in build.ts, the rules in rules.ts.
 */
export interface StoreMonthInput {
  store: string;
  month: string;
  invoices: number;
  missing: number;
  /** Σ sales value of type-01 invoices minus Σ of type-04, present and non-void, dated in the month. */
  invoicedSales: Cents;
  declaredSales: Cents | null;
  /** The month's countable type-01 gaps: numbers to estimate, and their median ticket. */
  gaps: ReadonlyArray<{ numbers: number; medianTicket: Cents }>;
  lease: (LeaseTerms & { rate: Rate | null }) | null;
}

export interface StoreMonthFigures {
  store: string;
  month: string;
  scheme: LeaseTerms['scheme'] | null;
  rate: Rate | null;
  minimum: Cents | null;
  invoices: number;
  missing: number;
  invoicedSales: Cents;
  declaredSales: Cents | null;
  underDeclared: Cents | null;
  estimatedUnreported: Cents;
  billingBasis: Cents;
  bestEstimate: Cents;
  rentBilled: Cents | null;
  rentDue: Cents | null;
  atStake: Cents | null;
}

export function storeMonthFigures(input: StoreMonthInput): StoreMonthFigures {
  const estimatedUnreported = input.gaps.reduce((sum, g) => sum + g.numbers * g.medianTicket, 0);
  const declared = input.declaredSales;
  const billingBasis = declared ?? input.invoicedSales;
  const bestEstimate = Math.max(declared ?? 0, input.invoicedSales + estimatedUnreported);
  const lease = input.lease;
  const rentBilled = lease ? rentOn(lease, billingBasis) : null;
  const rentDue = lease ? rentOn(lease, bestEstimate) : null;
  return {
    store: input.store,
    month: input.month,
    scheme: lease?.scheme ?? null,
    rate: lease?.rate ?? null,
    minimum: lease?.minimum ?? null,
    invoices: input.invoices,
    missing: input.missing,
    invoicedSales: input.invoicedSales,
    declaredSales: declared,
    underDeclared: declared === null ? null : Math.max(0, input.invoicedSales - declared),
    estimatedUnreported,
    billingBasis,
    bestEstimate,
    rentBilled,
    rentDue,
    atStake: rentBilled === null || rentDue === null ? null : rentDue - rentBilled,
  };
}

/** The money ranking: at_stake descending (null last), then estimated_unreported descending, then store, then month. */
export function compareMoney(a: StoreMonthFigures, b: StoreMonthFigures): number {
  if (a.atStake !== b.atStake) {
    if (a.atStake === null) return 1;
    if (b.atStake === null) return -1;
    return b.atStake - a.atStake;
  }
  if (a.estimatedUnreported !== b.estimatedUnreported) return b.estimatedUnreported - a.estimatedUnreported;
  if (a.store !== b.store) return a.store < b.store ? -1 : 1;
  return a.month < b.month ? -1 : a.month > b.month ? 1 : 0;
}
