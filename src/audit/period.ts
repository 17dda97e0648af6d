// Subpath imports: the package's index loads all of date-fns, a third of the CLI's start-up.
import { endOfMonth } from 'date-fns/endOfMonth';
import { subDays } from 'date-fns/subDays';
import { subMonths } from 'date-fns/subMonths';
import { startOfMonth } from 'date-fns/startOfMonth';
import { dayOf, formatDay, fromDate, toDate, type Day } from '../input/dates.js';
import { UsageError } from '../errors.js';

/** An inclusive range of issue dates. */
export interface Period {
  from: Day;
  to: Day;
}

/** Today in local time (TZ honoured), or SMO_GAPS_TODAY for tests and re-runs of a missed day. */
export function today(env: NodeJS.ProcessEnv = process.env): Day {
  const forced = env.SMO_GAPS_TODAY;
  if (forced !== undefined && forced !== '') {
    const day = parseDayText(forced);
    if (day === undefined) throw new UsageError(`SMO_GAPS_TODAY='${forced}' is not a date (YYYY-MM-DD)`);
    return day;
  }
  return fromDate(new Date());
}

export function yesterday(env: NodeJS.ProcessEnv = process.env): Day {
  return fromDate(subDays(toDate(today(env)), 1));
}

/** The calendar month before today's (the monthly run on the 1st reports the month just ended). */
export function lastMonth(env: NodeJS.ProcessEnv = process.env): Period {
  const first = startOfMonth(subMonths(toDate(today(env)), 1));
  return { from: fromDate(first), to: fromDate(endOfMonth(first)) };
}

/** `YYYY-MM-DD` as a day; undefined when it is not one. */
export function parseDayText(text: string): Day | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return m ? dayOf(+m[1], +m[2], +m[3]) : undefined;
}

/** `YYYY-MM` as the month's period; undefined when it is not one. */
export function parseMonthText(text: string): Period | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const first = dayOf(+m[1], +m[2], 1);
  if (first === undefined) return undefined;
  return { from: first, to: fromDate(endOfMonth(toDate(first))) };
}

export function describePeriod(period: Period): string {
  return period.from === period.to ? formatDay(period.from) : `${formatDay(period.from)} to ${formatDay(period.to)}`;
}

/**
 * Each series' invoice and void counts over the period @from..@to, as a subquery to join to
 * its series and store. Summed before the join: joining every series-day row first costs
 * three times the scan over a long history.
 */
export const SERIES_TOTALS_IN_PERIOD = `(SELECT series_id, sum(invoices) AS invoices, sum(voids) AS voids FROM series_days
  WHERE date BETWEEN @from AND @to GROUP BY series_id)`;
