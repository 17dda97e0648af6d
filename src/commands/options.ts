import { Option } from 'commander';
import { addDays } from 'date-fns/addDays';
import { endOfMonth } from 'date-fns/endOfMonth';
import { startOfMonth } from 'date-fns/startOfMonth';
import { subDays } from 'date-fns/subDays';
import { subMonths } from 'date-fns/subMonths';
import { parseDayText, parseMonthText, today, yesterday, type Period } from '../audit/period.js';
import { formatDay, fromDate, toDate, type Day } from '../input/dates.js';
import { UsageError } from '../errors.js';
import { DEFAULT_JUMP } from '../audit/jumps.js';
import { lastCompleteMonth, monthRange, monthText, type Month } from '../audit/money/months.js';

/**
 * Options declared once, as data, and shared by the commands that take them; cli.ts
 * registers them with commander, and the README's option lists are written from --help.
 */
export type OptionSpec = Option;

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function positiveInteger(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`${name} '${value}': expected a whole number of at least 1`);
    return parsed;
  };
}

/** A whole number of at least 0 (status --gaps). */
export function nonNegativeInteger(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0) throw new UsageError(`${name} '${value}': expected a whole number of at least 0`);
    return parsed;
  };
}

/** A number of seconds, 0 or more (run --wait). */
export function nonNegativeSeconds(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0) throw new UsageError(`${name} '${value}': expected a number of seconds, 0 or more`);
    return parsed;
  };
}

export const dbOption = () => new Option('--db <path>', 'SQLite database file (default: $SMO_GAPS_DB or ./smo-gaps.db)');

export const periodOptions = () => [
  new Option('--day <YYYY-MM-DD>', 'one day'),
  new Option('--month <YYYY-MM>', 'one calendar month'),
  new Option('--from <date>', 'first day of a range, YYYY-MM-DD or YYYY-MM (inclusive)'),
  new Option('--to <date>', 'last day of a range, YYYY-MM-DD or YYYY-MM (inclusive; default yesterday)'),
];

export const storeFilterOption = () => new Option('--store <code>', 'only this store');

export const formatOption = () => new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table');

export const outputOption = () => new Option('--output <file>', 'write to this file (atomically) instead of standard output');

/**
 * The report options: how many stores are ranked and how long a gap may be before the
 * missing-numbers CSV writes it as one range. One definition; each command says what they mean to it.
 */
export const topOption = (description: string) => new Option('--top <n>', description).argParser(positiveInteger('--top')).default(5);

export const maxListOption = (description: string) =>
  new Option('--max-list <n>', description).argParser(positiveInteger('--max-list')).default(1000);

/** The missing-numbers CSV's --max-list when no option sets it (verify --write-expected, the dashboard's default). */
export const DEFAULT_MAX_LIST = 1000;

export const jumpOption = () =>
  new Option('--jump <n>', 'a gap of more than N numbers is a jump (a typo, a range change, a rollover): flagged, not counted as missing')
    .argParser(positiveInteger('--jump'))
    .default(DEFAULT_JUMP);

export const mapOption = () =>
  new Option('--map <field=Header>', 'use this column for a field (repeatable), e.g. --map sequential=NroDoc').argParser(collect);

export interface DbOptions {
  db?: string;
}

export interface PeriodFlags {
  day?: string;
  month?: string;
  from?: string;
  to?: string;
}

/** The period options' parsers: the flags named in their errors are these commands'. */

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
export function resolvePeriod(options: PeriodFlags, env: NodeJS.ProcessEnv = process.env): Period {
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
  const start =
    options.from !== undefined
      ? parseBound(options.from, '--from', 'from')
      : (firstDataDay ?? fromDate(startOfMonth(subMonths(toDate(today(env)), 1))));
  const end = options.to !== undefined ? parseBound(options.to, '--to', 'to') : fromDate(subDays(startOfMonth(toDate(today(env))), 1));
  const months: Period[] = [];
  for (let d = startOfMonth(toDate(start)); fromDate(d) <= end; d = startOfMonth(addDays(endOfMonth(d), 1))) {
    months.push({ from: fromDate(d), to: fromDate(endOfMonth(d)) });
  }
  return months;
}

function parseMoneyMonth(text: string, option: string): Month {
  const month = monthText(text);
  if (month === undefined) throw new UsageError(`${option} '${text}': money is computed for whole months only; expected YYYY-MM`);
  return month;
}

/**
 * The months of a money computation (SPEC §8): --month, or --from/--to months (whole
 * months only: a day period is refused), by default the last complete month.
 */
export function resolveMoneyMonths(options: PeriodFlags, env: NodeJS.ProcessEnv = process.env): Month[] {
  if (options.day !== undefined) {
    throw new UsageError('money is computed for whole months only: use --month YYYY-MM or --from/--to YYYY-MM, not --day');
  }
  if (options.month !== undefined && (options.from !== undefined || options.to !== undefined)) {
    throw new UsageError('choose one of --month or --from/--to');
  }
  if (options.month !== undefined) return [parseMoneyMonth(options.month, '--month')];
  if (options.from !== undefined || options.to !== undefined) {
    if (options.from === undefined) throw new UsageError('--to needs --from');
    const from = parseMoneyMonth(options.from, '--from');
    const to = options.to === undefined ? lastCompleteMonth(env) : parseMoneyMonth(options.to, '--to');
    if (to < from) throw new UsageError(`the period ends (${to}) before it starts (${from})`);
    return monthRange(from, to);
  }
  return [lastCompleteMonth(env)];
}
