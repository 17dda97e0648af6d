import { today } from '../period.js';
import { formatDay } from '../../input/dates.js';
import { UsageError } from '../../errors.js';
import type { PeriodOptions, Period } from '../period.js';

/** A calendar month, 'YYYY-MM'. */
export type Month = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month before today's: the last complete one. */
export function lastCompleteMonth(env: NodeJS.ProcessEnv = process.env): Month {
  const t = today(env);
  const y = Math.floor(t / 10000);
  const m = Math.floor(t / 100) % 100;
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function nextMonth(month: Month): Month {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The days of a month, as the audit queries take them. */
export function monthPeriod(month: Month): Period {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: y * 10000 + m * 100 + 1, to: y * 10000 + m * 100 + last };
}

export function monthOf(day: number): Month {
  return formatDay(day).slice(0, 7);
}

function parseMonth(text: string, option: string): Month {
  if (!MONTH.test(text.trim())) {
    throw new UsageError(`${option} '${text}': money is computed for whole months only; expected YYYY-MM`);
  }
  return text.trim();
}

/**
 * The months of a money computation (SPEC §8): --month, or --from/--to months (whole
 * months only: a day period is refused), by default the last complete month.
 */
export function resolveMoneyMonths(options: PeriodOptions, env: NodeJS.ProcessEnv = process.env): Month[] {
  if (options.day !== undefined) throw new UsageError('money is computed for whole months only: use --month YYYY-MM or --from/--to YYYY-MM, not --day');
  if (options.month !== undefined && (options.from !== undefined || options.to !== undefined)) {
    throw new UsageError('choose one of --month or --from/--to');
  }
  if (options.month !== undefined) return [parseMonth(options.month, '--month')];
  if (options.from !== undefined || options.to !== undefined) {
    if (options.from === undefined) throw new UsageError('--to needs --from');
    const from = parseMonth(options.from, '--from');
    const to = options.to === undefined ? lastCompleteMonth(env) : parseMonth(options.to, '--to');
    if (to < from) throw new UsageError(`the period ends (${to}) before it starts (${from})`);
    const months: Month[] = [];
    for (let m = from; m <= to; m = nextMonth(m)) months.push(m);
    return months;
  }
  return [lastCompleteMonth(env)];
}

/** The whole months a period of days touches (a day's or a range's page shows its months' money). */
export function monthsTouched(period: Period): Month[] {
  const months: Month[] = [];
  for (let m = monthOf(period.from); m <= monthOf(period.to); m = nextMonth(m)) months.push(m);
  return months;
}
