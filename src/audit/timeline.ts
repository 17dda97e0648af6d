import { addDays, addMonths } from 'date-fns';
import type { DB } from '../store/db.js';
import { formatDay, fromDate, toDate } from '../input/dates.js';
import type { Period } from './period.js';
import { checkStoreKnown } from './report.js';
import { DEFAULT_JUMP, notJumpSql } from './jumps.js';

/**
 * A period's missing numbers over time, for the dashboard's chart: per day, or per month
 * when the period touches more than two calendar months (a bar per day would be unreadable).
 * Missing numbers follow SPEC §2's attribution (the next invoice's date), numbers recovered
 * late the late invoice's own date, as the report counts them; so the buckets add up to the
 * report's totals.
 */
export type TimelineUnit = 'day' | 'month';

export interface TimelineBucket {
  /** yyyy-MM-dd for a day, yyyy-MM for a month. */
  key: string;
  missing: number;
  gaps: number;
  recovered_late: number;
}

export interface Timeline {
  unit: TimelineUnit;
  buckets: TimelineBucket[];
}

/** More than two calendar months: per month. */
export function timelineUnit(period: Period): TimelineUnit {
  const months =
    (Math.floor(period.to / 10000) - Math.floor(period.from / 10000)) * 12 +
    (Math.floor(period.to / 100) % 100) -
    (Math.floor(period.from / 100) % 100) +
    1;
  return months > 2 ? 'month' : 'day';
}

/** Every bucket of the period, empty, in order, so days without gaps show as zero. */
export function emptyBuckets(period: Period, unit: TimelineUnit): TimelineBucket[] {
  const buckets: TimelineBucket[] = [];
  if (unit === 'day') {
    for (let d = toDate(period.from); fromDate(d) <= period.to; d = addDays(d, 1)) {
      buckets.push({ key: formatDay(fromDate(d)), missing: 0, gaps: 0, recovered_late: 0 });
    }
  } else {
    const last = Math.floor(period.to / 100);
    for (let d = toDate(Math.floor(period.from / 100) * 100 + 1); Math.floor(fromDate(d) / 100) <= last; d = addMonths(d, 1)) {
      buckets.push({ key: formatDay(fromDate(d)).slice(0, 7), missing: 0, gaps: 0, recovered_late: 0 });
    }
  }
  return buckets;
}

/** Jumps (SPEC §9) are left out, as the report leaves them out of missing. */
export function buildTimeline(db: DB, period: Period, options: { store?: string; jump?: number } = {}): Timeline {
  checkStoreKnown(db, options.store);
  const unit = timelineUnit(period);
  const buckets = emptyBuckets(period, unit);
  const byKey = new Map(buckets.map((b) => [b.key, b]));
  // Day is yyyymmdd: integer division by 100 gives yyyymm, the month. (A literal, not a
  // parameter: better-sqlite3 binds numbers as REAL, which would not divide to an integer.)
  const bucket = (column: string) => (unit === 'day' ? column : `${column} / 100`);
  const keyOf = (n: number): string => (unit === 'day' ? formatDay(n) : formatDay(n * 100 + 1).slice(0, 7));
  const storeFilter = options.store === undefined ? '' : 'AND st.code = @store';
  const join = 'JOIN series se ON se.id = x.series_id JOIN stores st ON st.id = se.store_id';
  const params = { from: period.from, to: period.to, store: options.store, jump: options.jump ?? DEFAULT_JUMP };

  const gaps = db
    .prepare(
      `SELECT ${bucket('x.next_date')} AS bucket, count(*) AS gaps, sum(x.to_seq - x.from_seq + 1) AS missing
         FROM gaps x ${join} WHERE x.next_date BETWEEN @from AND @to AND ${notJumpSql('x')} ${storeFilter} GROUP BY bucket`,
    )
    .all(params) as { bucket: number; gaps: number; missing: number }[];
  for (const row of gaps) Object.assign(byKey.get(keyOf(row.bucket))!, { gaps: row.gaps, missing: row.missing });

  const late = db
    .prepare(
      `SELECT ${bucket('x.date')} AS bucket, count(*) AS n
         FROM late_arrivals x ${join} WHERE x.date BETWEEN @from AND @to ${storeFilter} GROUP BY bucket`,
    )
    .all(params) as { bucket: number; n: number }[];
  for (const row of late) byKey.get(keyOf(row.bucket))!.recovered_late = row.n;

  return { unit, buckets };
}
