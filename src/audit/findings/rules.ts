import type { Day } from '../../input/dates.js';
import { isJump } from '../jumps.js';

/**
 * The rules of SPEC §9, free of SQL so that each boundary can be tested alone. The
 * queries in this folder read the facts; these functions decide what is a finding.
 */

const DAY_MS = 86_400_000;

function utc(day: Day): number {
  return Date.UTC(Math.floor(day / 10000), (Math.floor(day / 100) % 100) - 1, day % 100);
}

function dayOfUtc(ms: number): Day {
  const d = new Date(ms);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

/** The day `n` calendar days after `day` (before, for a negative n). */
export function addDays(day: Day, n: number): Day {
  return dayOfUtc(utc(day) + n * DAY_MS);
}

/** Calendar days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((utc(b) - utc(a)) / DAY_MS);
}

/**
 * backdated: a number dated earlier than the next lower present number, unless the
 * numbers between them are a jump (gaps allowed, not a jump).
 */
export function isBackdated(d: { seq: number; date: Day; lowerSeq: number; lowerDate: Day }, jump: number): boolean {
  return d.date < d.lowerDate && !isJump(d.seq - d.lowerSeq - 1, jump);
}

/** late_authorisation: authorised more than one calendar day after the issue date. */
export function isLateAuthorisation(date: Day, authDate: Day | null): boolean {
  return authDate !== null && daysBetween(date, authDate) > 1;
}

/** A rate as an exact fraction, so that "exactly 3× the median" is never decided by rounding. */
interface Fraction {
  n: bigint;
  d: bigint;
}

const compare = (a: Fraction, b: Fraction): number => {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
};

export interface StoreDocuments {
  store: string;
  documents: number;
  voids: number;
}

export interface VoidRateHit extends StoreDocuments {
  rate: number;
  median_rate: number;
  /** Stores with at least MEDIAN_MIN_DOCUMENTS documents, whose rates make the median. */
  stores_in_median: number;
}

export const MEDIAN_MIN_DOCUMENTS = 100;
export const MIN_VOIDS = 10;
export const VOID_RATE_FACTOR = 3;

/**
 * void_rate: stores whose voids / documents exceed 3× the median of that rate over the
 * stores (themselves included) with at least 100 documents, when they have at least 10 voids.
 */
export function voidRateHits(stores: readonly StoreDocuments[]): VoidRateHit[] {
  const rates = stores
    .filter((s) => s.documents >= MEDIAN_MIN_DOCUMENTS)
    .map((s): Fraction => ({ n: BigInt(s.voids), d: BigInt(s.documents) }))
    .sort(compare);
  if (rates.length === 0) return [];
  const mid = rates.length >> 1;
  const median: Fraction =
    rates.length % 2 === 1
      ? rates[mid]
      : { n: rates[mid - 1].n * rates[mid].d + rates[mid].n * rates[mid - 1].d, d: 2n * rates[mid - 1].d * rates[mid].d };
  const threshold: Fraction = { n: median.n * BigInt(VOID_RATE_FACTOR), d: median.d };
  const medianRate = Number(median.n) / Number(median.d);
  return stores
    .filter((s) => s.voids >= MIN_VOIDS && s.documents > 0)
    .filter((s) => compare({ n: BigInt(s.voids), d: BigInt(s.documents) }, threshold) > 0)
    .map((s) => ({
      ...s,
      rate: round4(s.voids / s.documents),
      median_rate: round4(medianRate),
      stores_in_median: rates.length,
    }));
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

export interface StoreDays {
  store: string;
  /** The store's first and last invoice dates, over its whole history. */
  first: Day;
  last: Day;
  /** Documents per day, at least on the days of silentDayWindow (others count as none). */
  documents: ReadonlyMap<Day, number>;
}

/** How far before a day silent_day looks: its documents 7, 14 and 21 days earlier. */
export const SILENT_LOOKBACK_DAYS = 21;

/** The days before a day that silent_day compares it with. */
const SILENT_WEEKS = [7, 14, 21] as const;

/**
 * The days silent_day needs for a period: the period itself and the same days 7, 14 and 21 days
 * earlier, as ranges of days in order. A period of a week or more needs the three weeks before
 * it whole (one range); a day needs four days, not 22.
 */
export function silentDayWindow(from: Day, to: Day): [Day, Day][] {
  const ranges: [Day, Day][] = [];
  for (const back of [21, 14, 7, 0]) {
    const start = addDays(from, -back);
    const end = addDays(to, -back);
    const last = ranges[ranges.length - 1];
    if (last !== undefined && start <= addDays(last[1], 1)) last[1] = end;
    else ranges.push([start, end]);
  }
  return ranges;
}

export interface SilentDayHit {
  store: string;
  day: Day;
  /** Documents the store issued 7, 14 and 21 days earlier. */
  earlier: [number, number, number];
  /** Other stores that issued documents on the day. */
  other_stores: number;
}

/**
 * silent_day: a day D between a store's first and last invoice dates on which it issued no
 * document, although it issued documents on each of D−7, D−14 and D−21 and at least one
 * other store issued documents on D. Each store's documents need only the days of
 * silentDayWindow(from, to); a day they do not hold counts as none.
 */
export function silentDayHits(stores: readonly StoreDays[], from: Day, to: Day): SilentDayHit[] {
  const days: { day: Day; weeksBefore: Day[]; active: number }[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    let active = 0;
    for (const s of stores) if ((s.documents.get(day) ?? 0) > 0) active++;
    if (active > 0) days.push({ day, weeksBefore: SILENT_WEEKS.map((n) => addDays(day, -n)), active });
  }
  const hits: SilentDayHit[] = [];
  for (const s of stores) {
    for (const { day, weeksBefore, active } of days) {
      if (day < s.first || day > s.last || (s.documents.get(day) ?? 0) > 0) continue;
      const earlier = weeksBefore.map((d) => s.documents.get(d) ?? 0) as [number, number, number];
      if (earlier.some((n) => n === 0)) continue;
      hits.push({ store: s.store, day, earlier, other_stores: active });
    }
  }
  return hits;
}
