import { differenceInCalendarDays, subDays } from 'date-fns';
import type { DB } from '../store/db.js';
import { formatDay, fromDate, toDate, type Day } from '../input/dates.js';
import { checkStoreKnown, type GapEntry, type GapRow } from './report.js';
import { DEFAULT_JUMP, isJump, notJumpSql } from './jumps.js';

/**
 * Where each store stands now: its series' current sequentials, when it last uploaded, and
 * whether it has sent yesterday's invoices. Irregular uploads are the main operational
 * problem, so the stores with nothing for yesterday are listed apart ("late").
 */
export interface SeriesStatus {
  store: string;
  doc_type: string;
  series: string;
  /** The current sequential: the highest number seen, and its issue date. */
  last_seq: number;
  last_date: string;
  first_seq: number;
  /** When the last upload that brought new numbers to this series finished (ISO-8601 UTC). */
  last_upload: string | null;
  days_since_upload: number | null;
  /** Open gaps and their numbers, jumps left out. */
  open_gaps: number;
  missing: number;
  jumps: number;
}

export interface StoreStatus {
  store: string;
  series: number;
  last_date: string;
  /** Whole days from the store's newest invoice date to today: how far behind its uploads are. */
  days_behind: number;
  last_upload: string | null;
  days_since_upload: number | null;
  /** Invoices (void included) dated yesterday; 0 makes the store late. */
  invoices_yesterday: number;
  late: boolean;
  open_gaps: number;
  missing: number;
  jumps: number;
}

/** An open gap, with its store: the report's gap entry outside any period. */
export interface OpenGap extends GapEntry {
  store: string;
}

export interface Status {
  today: string;
  yesterday: string;
  totals: { stores: number; series: number; late_stores: number; open_gaps: number; missing: number; jumps: number };
  stores: StoreStatus[];
  /** Stores with no invoice dated yesterday, most behind first. */
  late: StoreStatus[];
  series: SeriesStatus[];
  /** The open gaps, newest first, at most `maxGaps` of them (totals.open_gaps counts all). */
  gaps: OpenGap[];
}

export interface StatusOptions {
  store?: string;
  maxGaps?: number;
  /** A gap of more than this many numbers is a jump (default 10,000). */
  jump?: number;
}

/**
 * Whole calendar days from the upload to `today`, in local time. An upload after `today`
 * (SMO_GAPS_TODAY set in the past, to re-run a missed day) counts as today: 0.
 */
export function daysSince(upload: string | null, today: Day): number | null {
  if (upload === null) return null;
  return Math.max(0, differenceInCalendarDays(toDate(today), new Date(upload)));
}

/** `f` computed once per distinct argument. */
function memoised<K, V>(f: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    if (known.has(key)) return known.get(key) as V;
    const value = f(key);
    known.set(key, value);
    return value;
  };
}

/**
 * The late stores: those with invoices on record and none dated yesterday, the one whose newest
 * invoice is oldest first (then by code). buildStatus lists them with the rest of each store's
 * standing; `run daily` logs them from this alone, without the status it does not print.
 */
export function lateStores(db: DB, today: Day, store?: string): { store: string; last_date: string }[] {
  const rows = db
    .prepare(
      `SELECT st.code AS store, max(se.last_date) AS last_date
         FROM series se JOIN stores st ON st.id = se.store_id
        WHERE se.last_seq IS NOT NULL ${store === undefined ? '' : 'AND st.code = @store'}
          AND st.id NOT IN (SELECT s.store_id FROM series_days d JOIN series s ON s.id = d.series_id
                             WHERE d.date = @yesterday AND d.invoices > 0)
        GROUP BY st.id`,
    )
    .all({ store, yesterday: fromDate(subDays(toDate(today), 1)) }) as { store: string; last_date: Day }[];
  return rows
    .map((r) => ({ store: r.store, last_date: formatDay(r.last_date) }))
    .sort((a, b) => (a.last_date < b.last_date ? -1 : a.last_date > b.last_date ? 1 : a.store < b.store ? -1 : 1));
}

export function buildStatus(db: DB, today: Day, options: StatusOptions = {}): Status {
  checkStoreKnown(db, options.store);
  const yesterday = fromDate(subDays(toDate(today), 1));
  const storeFilter = options.store === undefined ? '' : 'AND st.code = @store';
  const jump = options.jump ?? DEFAULT_JUMP;
  const params = { store: options.store, yesterday, jump };

  const seriesRows = db
    .prepare(
      `SELECT st.code AS store, se.doc_type, se.label, se.first_seq, se.last_seq, se.last_date, r.finished_at,
              coalesce(g.gaps, 0) AS gaps, coalesce(g.missing, 0) AS missing, coalesce(g.jumps, 0) AS jumps
         FROM series se JOIN stores st ON st.id = se.store_id
         LEFT JOIN runs r ON r.id = se.last_run
         LEFT JOIN (SELECT series_id, sum(${notJumpSql('x')}) AS gaps,
                           sum(CASE WHEN ${notJumpSql('x')} THEN to_seq - from_seq + 1 ELSE 0 END) AS missing,
                           sum(NOT ${notJumpSql('x')}) AS jumps
                      FROM gaps x GROUP BY series_id) g ON g.series_id = se.id
        WHERE se.last_seq IS NOT NULL ${storeFilter}
        ORDER BY st.code, se.doc_type, se.label`,
    )
    .all(params) as {
    store: string;
    doc_type: string;
    label: string;
    first_seq: number;
    last_seq: number;
    last_date: number;
    finished_at: string | null;
    gaps: number;
    missing: number;
    jumps: number;
  }[];

  const yesterdayCounts = new Map(
    (
      db
        .prepare(
          `SELECT st.code AS store, sum(d.invoices) AS n
             FROM series_days d JOIN series se ON se.id = d.series_id JOIN stores st ON st.id = se.store_id
            WHERE d.date = @yesterday ${storeFilter}
            GROUP BY st.code`,
        )
        .all(params) as { store: string; n: number }[]
    ).map((r) => [r.store, r.n]),
  );

  // Series share their last upload and stores their newest date: each distance in days once.
  const daysSinceUpload = memoised((upload: string | null) => daysSince(upload, today));
  const daysBehind = memoised((lastDate: string) => differenceInCalendarDays(toDate(today), new Date(`${lastDate}T00:00:00`)));
  const series: SeriesStatus[] = seriesRows.map((r) => ({
    store: r.store,
    doc_type: r.doc_type,
    series: r.label,
    last_seq: r.last_seq,
    last_date: formatDay(r.last_date),
    first_seq: r.first_seq,
    last_upload: r.finished_at,
    days_since_upload: daysSinceUpload(r.finished_at),
    open_gaps: r.gaps,
    missing: r.missing,
    jumps: r.jumps,
  }));

  const lateOnes = lateStores(db, today, options.store);
  const isLate = new Set(lateOnes.map((l) => l.store));
  const stores = new Map<string, StoreStatus>();
  for (const s of series) {
    let e = stores.get(s.store);
    if (!e) {
      const invoices = yesterdayCounts.get(s.store) ?? 0;
      e = {
        store: s.store,
        series: 0,
        last_date: s.last_date,
        days_behind: 0,
        last_upload: s.last_upload,
        days_since_upload: s.days_since_upload,
        invoices_yesterday: invoices,
        late: isLate.has(s.store),
        open_gaps: 0,
        missing: 0,
        jumps: 0,
      };
      stores.set(s.store, e);
    }
    e.series++;
    e.open_gaps += s.open_gaps;
    e.missing += s.missing;
    e.jumps += s.jumps;
    if (s.last_date > e.last_date) e.last_date = s.last_date;
    if (s.last_upload !== null && (e.last_upload === null || s.last_upload > e.last_upload)) {
      e.last_upload = s.last_upload;
      e.days_since_upload = s.days_since_upload;
    }
  }
  const storeList = [...stores.values()];
  for (const s of storeList) s.days_behind = daysBehind(s.last_date);
  const late = lateOnes.map((l) => stores.get(l.store) as StoreStatus);

  const gaps = (
    db
      .prepare(
        `SELECT st.code AS store, se.doc_type, se.label, g.from_seq, g.to_seq, g.prev_date, g.next_date
           FROM gaps g JOIN series se ON se.id = g.series_id JOIN stores st ON st.id = se.store_id
          WHERE 1 = 1 ${storeFilter}
          ORDER BY g.next_date DESC, st.code, se.doc_type, se.label, g.from_seq
          LIMIT @limit`,
      )
      .all({ ...params, limit: options.maxGaps ?? 20 }) as GapRow[]
  ).map((g) => ({
    store: g.store,
    doc_type: g.doc_type,
    series: g.label,
    from: g.from_seq,
    to: g.to_seq,
    count: g.to_seq - g.from_seq + 1,
    prev_date: formatDay(g.prev_date),
    next_date: formatDay(g.next_date),
    jump: isJump(g.to_seq - g.from_seq + 1, jump),
  }));

  const sum = (pick: (s: StoreStatus) => number) => storeList.reduce((acc, s) => acc + pick(s), 0);
  return {
    today: formatDay(today),
    yesterday: formatDay(yesterday),
    totals: {
      stores: storeList.length,
      series: series.length,
      late_stores: late.length,
      open_gaps: sum((s) => s.open_gaps),
      missing: sum((s) => s.missing),
      jumps: sum((s) => s.jumps),
    },
    stores: storeList,
    late,
    series,
    gaps,
  };
}
