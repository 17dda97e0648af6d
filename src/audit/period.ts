// Subpath imports: the package's index loads all of date-fns, a third of the CLI's start-up.
import { addDays } from 'date-fns/addDays';
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

export interface PeriodOptions {
  day?: string;
  month?: string;
  from?: string;
  to?: string;
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

function parseDayText(text: string): Day | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return m ? dayOf(+m[1], +m[2], +m[3]) : undefined;
}

function parseMonthText(text: string): Period | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const first = dayOf(+m[1], +m[2], 1);
  if (first === undefined) return undefined;
  return { from: first, to: fromDate(endOfMonth(toDate(first))) };
}

/** `YYYY-MM` or `YYYY-MM-DD`, as the first or last day it covers. */
function parseBound(text: string, option: string, end: 'from' | 'to'): Day {
  const day = parseDayText(text);
  if (day !== undefined) return day;
  const month = parseMonthText(text);
  if (month) return month[end];
  throw new UsageError(`${option} '${text}': expected YYYY-MM-DD or YYYY-MM`);
}

/**
 * The period of a report from --day, --month or --from/--to; yesterday when none is given.
 * `--from` alone runs to yesterday.
 */
export function resolvePeriod(options: PeriodOptions, env: NodeJS.ProcessEnv = process.env): Period {
  const given = [options.day && '--day', options.month && '--month', (options.from || options.to) && '--from/--to'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`choose one of --day, --month or --from/--to (got ${given.join(' and ')})`);
  if (options.day !== undefined) {
    const day = parseDayText(options.day);
    if (day === undefined) throw new UsageError(`--day '${options.day}': expected a date YYYY-MM-DD`);
    return { from: day, to: day };
  }
  if (options.month !== undefined) {
    const month = parseMonthText(options.month);
    if (!month) throw new UsageError(`--month '${options.month}': expected YYYY-MM`);
    return month;
  }
  if (options.from !== undefined || options.to !== undefined) {
    if (options.from === undefined) throw new UsageError('--to needs --from');
    const from = parseBound(options.from, '--from', 'from');
    const to = options.to === undefined ? yesterday(env) : parseBound(options.to, '--to', 'to');
    if (to < from) throw new UsageError(`the period ends (${formatDay(to)}) before it starts (${formatDay(from)})`);
    return { from, to };
  }
  const day = yesterday(env);
  return { from: day, to: day };
}

/** The months a summary covers: from --from (default: the first month with data) to the last complete month or --to. */
export function resolveMonths(
  options: { from?: string; to?: string },
  firstDataDay: Day | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Period[] {
  const start = options.from !== undefined
    ? parseBound(options.from, '--from', 'from')
    : firstDataDay ?? fromDate(startOfMonth(subMonths(toDate(today(env)), 1)));
  const end = options.to !== undefined
    ? parseBound(options.to, '--to', 'to')
    : fromDate(subDays(startOfMonth(toDate(today(env))), 1));
  const months: Period[] = [];
  for (let d = startOfMonth(toDate(start)); fromDate(d) <= end; d = startOfMonth(addDays(endOfMonth(d), 1))) {
    months.push({ from: fromDate(d), to: fromDate(endOfMonth(d)) });
  }
  return months;
}

export function describePeriod(period: Period): string {
  return period.from === period.to ? formatDay(period.from) : `${formatDay(period.from)} to ${formatDay(period.to)}`;
}
