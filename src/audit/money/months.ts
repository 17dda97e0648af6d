import { today } from '../period.js';
import { formatDay } from '../../input/dates.js';
import type { Period } from '../period.js';

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

/** A month text 'YYYY-MM', or undefined. */
export function monthText(text: string): Month | undefined {
  const t = text.trim();
  return MONTH.test(t) ? t : undefined;
}

/** The months from..to, inclusive. */
export function monthRange(from: Month, to: Month): Month[] {
  const months: Month[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) months.push(m);
  return months;
}

/** The whole months a period of days touches (a day's or a range's page shows its months' money). */
export function monthsTouched(period: Period): Month[] {
  const months: Month[] = [];
  for (let m = monthOf(period.from); m <= monthOf(period.to); m = nextMonth(m)) months.push(m);
  return months;
}
