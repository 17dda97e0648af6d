import { formatDay } from '../input/dates.js';
import { lastMonth, yesterday, type Period } from '../audit/period.js';

/** When a scheduled run reports, and what its files are called. */

export type Schedule = 'daily' | 'monthly';

/** The period a scheduled run reports, and the label its file names carry. */
export function scheduledPeriod(schedule: Schedule, env: NodeJS.ProcessEnv): { period: Period; label: string } {
  if (schedule === 'daily') {
    const day = yesterday(env);
    return { period: { from: day, to: day }, label: formatDay(day) };
  }
  const period = lastMonth(env);
  return { period, label: formatDay(period.from).slice(0, 7) };
}

/** The dated files a run writes into --out. */
export function outputNames(label: string): {
  table: string;
  json: string;
  html: string;
  missing: string;
  findings: string;
  rejects: string;
} {
  return {
    table: `report-${label}.txt`,
    html: `report-${label}.html`,
    json: `report-${label}.json`,
    missing: `missing-${label}.csv`,
    findings: `findings-${label}.csv`,
    rejects: `rejects-${label}.csv`,
  };
}
