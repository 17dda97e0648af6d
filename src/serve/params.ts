import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { endOfMonth } from 'date-fns/endOfMonth';
import type { Period } from '../audit/period.js';
import { formatDay, fromDate, toDate, type Day } from '../input/dates.js';
import { positiveInteger, resolvePeriod } from '../commands/options.js';
import { DEFAULT_JUMP } from '../audit/jumps.js';
import { UsageError } from '../errors.js';

/**
 * Query parameters → the options the commands take. The names are the command line's
 * (`?month=2024-03&store=L-101&top=10` is `--month 2024-03 --store L-101 --top 10`), and
 * every value goes through the very parser the command line uses, so a bad one gets the same
 * message (SPEC §11).
 */
export type Params = Record<string, string>;

export const PERIOD_PARAMS = ['day', 'month', 'from', 'to'] as const;

/** Parameters every route accepts and no command takes: the access token. */
const ALWAYS = new Set(['token']);

/**
 * The allowed parameters of a request, the last value of a repeated one winning (as a repeated
 * option does). An unknown one is refused. `dropEmpty`: a form's empty fields count as absent
 * (the pages' period picker sends all four).
 */
export function readParams(url: URL, allowed: readonly string[], options: { dropEmpty?: boolean } = {}): Params {
  const params: Params = {};
  for (const [name, value] of url.searchParams) {
    if (ALWAYS.has(name)) continue;
    if (!allowed.includes(name)) {
      throw new UsageError(`unknown parameter '${name}' (this address takes ${allowed.map((a) => `'${a}'`).join(', ')})`);
    }
    if (options.dropEmpty && value.trim() === '') {
      delete params[name];
      continue;
    }
    params[name] = value;
  }
  return params;
}

/** The period as `--day`, `--month` or `--from/--to` give it; yesterday without them. */
export function periodOf(params: Params, env: NodeJS.ProcessEnv): Period {
  return resolvePeriod({ day: params.day, month: params.month, from: params.from, to: params.to }, env);
}

/** Just the period parameters, to carry into the links of a page. */
export function periodParams(params: Params): Params {
  const kept: Params = {};
  for (const name of PERIOD_PARAMS) if (params[name] !== undefined) kept[name] = params[name];
  return kept;
}

/** A whole-number option, parsed as the command line parses it; its default when absent. */
export function positiveOf(params: Params, name: string, fallback: number): number {
  const value = params[name];
  return value === undefined ? fallback : positiveInteger(`--${name}`)(value);
}

/** A flag (`--ranges`) as a parameter: present and empty, `true`/`1`, or `false`/`0`. */
export function flagOf(params: Params, name: string): boolean {
  const value = params[name];
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === '' || value === 'true' || value === '1') return true;
  throw new UsageError(`--${name} '${value}': a flag takes no value (use ${name}=true or leave it out)`);
}

/** `format=json` (the default) or `csv`, where the command has a CSV form. */
export function formatOf(params: Params, choices: readonly ('json' | 'csv')[]): 'json' | 'csv' {
  const value = params.format ?? 'json';
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`format '${value}': this address gives ${choices.join(' or ')}`);
  }
  return value as 'json' | 'csv';
}

/** The period before and after a day's or a month's, as parameters (a range has none: the picker moves it). */
export function neighbours(period: Period): { previous: Params; next: Params } | undefined {
  const text = (d: Day) => formatDay(d);
  if (period.from === period.to) {
    const day = toDate(period.from);
    return { previous: { day: text(fromDate(addDays(day, -1))) }, next: { day: text(fromDate(addDays(day, 1))) } };
  }
  const first = toDate(period.from);
  const wholeMonth = text(period.from).endsWith('-01') && period.to === fromDate(endOfMonth(first));
  if (!wholeMonth) return undefined;
  return {
    previous: { month: text(fromDate(addMonths(first, -1))).slice(0, 7) },
    next: { month: text(fromDate(addMonths(first, 1))).slice(0, 7) },
  };
}

/** --jump as the commands take it: a gap of more than N numbers is a jump, not missing numbers. */
export function jumpOf(params: Params): number {
  return params.jump === undefined ? DEFAULT_JUMP : positiveInteger('--jump')(params.jump);
}
