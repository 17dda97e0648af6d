/**
 * The money rules of SPEC §8, on integer cents: exact, reproducible, and the same wherever
 * they run (command line, HTML page, web server). Every rounding is half away from zero.
 * Pure functions only; the figures of a store and month are put together in figures.ts.
 */
import { rateText, type Rate } from '../../input/rate.js';

export type { Rate } from '../../input/rate.js';

/** Cents; always an integer. */
export type Cents = number;

/** n / d rounded to the nearest integer, halves away from zero (d > 0). */
export function divideRounded(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (2n * (r < 0n ? -r : r) >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/** The rate as a number for JSON (0.08). */
export function rateNumber(rate: Rate): number {
  return Number(rateText(rate));
}

/** rate × basis, rounded to the cent. */
export function applyRate(rate: Rate, basis: Cents): Cents {
  return Number(divideRounded(BigInt(basis) * rate.numerator, 10n ** BigInt(rate.scale)));
}

export type Scheme = 'commission' | 'fixed';

/** The terms of a lease that set a month's rent. */
export interface LeaseTerms {
  scheme: Scheme;
  /** null for a fixed rent given without a rate. */
  rate: Rate | null;
  minimum: Cents;
}

/** The month's rent on a sales basis: a commission is max(minimum, rate × basis), a fixed rent the minimum. */
export function rentOn(lease: LeaseTerms, basis: Cents): Cents {
  if (lease.scheme === 'fixed' || lease.rate === null) return lease.minimum;
  return Math.max(lease.minimum, applyRate(lease.rate, basis));
}

/**
 * The median of sales values (cents): the middle one, or the mean of the two middle ones
 * rounded to the cent (half away from zero); 0 when there are none.
 */
export function medianCents(values: readonly Cents[]): Cents {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid];
  return Number(divideRounded(BigInt(sorted[mid - 1]) + BigInt(sorted[mid]), 2n));
}

/** Cents as the JSON figure in currency units (123456 → 1234.56). */
export function units(cents: Cents): number;
export function units(cents: Cents | null): number | null;
export function units(cents: Cents | null): number | null {
  return cents === null ? null : cents / 100;
}

/** Cents as text with two decimals (123456 → "1234.56"), for tables and CSV: no float on the way. */
export function centsText(cents: Cents | null): string {
  if (cents === null) return '';
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const rest = abs % 100;
  return `${sign}${whole}.${rest < 10 ? '0' : ''}${rest}`;
}
