import type { DB } from '../store/db.js';
import { formatDay } from '../input/dates.js';
import { seriesDaysIn, seriesTotals, type Period } from './period.js';
import { silentDayWindow } from './findings/rules.js';
import { checkStoreKnown } from './store-filter.js';
import { DEFAULT_JUMP, isJump } from './jumps.js';
import { buildFindings } from './findings/index.js';
import type { FindingKind, FindingsReport } from './findings/types.js';

export { checkStoreKnown };
import { ReviewLookup } from './reviews.js';
import { estimatedUnreportedByStore } from './money/countable-gaps.js';
import { units } from './money/rules.js';

/**
 * The audit of a period, as plain data in the shape of SPEC §6's JSON. Every renderer
 * (table, CSV, JSON, HTML) formats this one object, so they cannot disagree.
 */
export interface GapEntry {
  doc_type: string;
  series: string;
  from: number;
  to: number;
  count: number;
  prev_date: string;
  next_date: string;
  /** A gap of more than --jump numbers (SPEC §9): listed, but not counted as missing. */
  jump: boolean;
}

export interface StoreEntry {
  store: string;
  /** Missing numbers, jumps left out. */
  missing: number;
  jumps: number;
  jump_numbers: number;
  /** Missing numbers not reviewed `explained` (SPEC §10). */
  unexplained: number;
  invoices: number;
  voids: number;
  recovered_late: number;
  conflicts: number;
  /** Σ missing numbers × median ticket of the period's type-01 gaps (SPEC §8), in currency units. */
  estimated_unreported: number;
  gaps: GapEntry[];
}

export interface TopEntry {
  store: string;
  missing: number;
  invoices: number;
  missing_rate: number;
  unexplained: number;
}

export interface ConflictEntry {
  store: string;
  doc_type: string;
  series: string;
  sequential: number;
  kept: { date: string; amount: number | null; void: boolean; file: string; line: number };
  duplicate: { date: string; amount: number | null; void: boolean; file: string; line: number };
}

export interface Report {
  period: { from: string; to: string };
  totals: {
    stores: number;
    series: number;
    invoices: number;
    voids: number;
    missing: number;
    /** Gaps that are not jumps. */
    gaps: number;
    jumps: number;
    jump_numbers: number;
    recovered_late: number;
    conflicts: number;
    /** The period's missing numbers reviewed `explained`. */
    explained: number;
    /** Findings of the period per kind (SPEC §9). */
    findings: Partial<Record<FindingKind, number>>;
  };
  stores: StoreEntry[];
  top: TopEntry[];
  conflicts: ConflictEntry[];
}

/** A gaps row read with its store and series, as the audit queries select it. */
export interface GapRow {
  store: string;
  doc_type: string;
  label: string;
  from_seq: number;
  to_seq: number;
  prev_date: number;
  next_date: number;
}

export interface ReportOptions {
  store?: string;
  top?: number;
  /** A gap of more than this many numbers is a jump (default 10,000). */
  jump?: number;
}

/** missing / (missing + invoices), to four decimals; 0 for a store with neither. */
export function missingRate(missing: number, invoices: number): number {
  const total = missing + invoices;
  return total === 0 ? 0 : Math.round((missing / total) * 10000) / 10000;
}

/** Ranks stores by unexplained numbers, then missing, then store code (SPEC §10); stores with nothing missing are not ranked. */
export function rankByUnexplained<T extends { store: string; missing: number; unexplained: number }>(stores: T[], top: number): T[] {
  return stores
    .filter((s) => s.missing > 0)
    .sort((a, b) => b.unexplained - a.unexplained || b.missing - a.missing || (a.store < b.store ? -1 : a.store > b.store ? 1 : 0))
    .slice(0, top);
}

/** Ranks stores by missing numbers, then store code; stores with nothing missing are not ranked. */
export function rankStores<T extends { store: string; missing: number }>(stores: T[], top: number): T[] {
  return stores
    .filter((s) => s.missing > 0)
    .sort((a, b) => b.missing - a.missing || (a.store < b.store ? -1 : a.store > b.store ? 1 : 0))
    .slice(0, top);
}

export function buildReport(db: DB, period: Period, options: ReportOptions = {}): Report {
  return auditPeriod(db, period, options).report;
}

/**
 * A period's report and its findings (the ones its totals count), from one reading of the
 * day counts: for the outputs that show both (run's files, the HTML page, evidence packs),
 * which computed the findings a second time before (about half of findings' 14–19 ms in a
 * profile of the daily run).
 */
export function auditPeriod(db: DB, period: Period, options: ReportOptions = {}): { report: Report; findings: FindingsReport } {
  checkStoreKnown(db, options.store);
  const jump = options.jump ?? DEFAULT_JUMP;
  const storeFilter = options.store === undefined ? '' : 'AND st.code = @store';
  const params = { from: period.from, to: period.to, store: options.store };
  const stores = new Map<string, StoreEntry>();
  const seriesSeen = new Set<number>();
  const entry = (store: string): StoreEntry => {
    let e = stores.get(store);
    if (!e) {
      e = {
        store,
        missing: 0,
        unexplained: 0,
        jumps: 0,
        jump_numbers: 0,
        invoices: 0,
        voids: 0,
        recovered_late: 0,
        conflicts: 0,
        estimated_unreported: 0,
        gaps: [],
      };
      stores.set(store, e);
    }
    return e;
  };

  const storeOfSeries = new Map(
    db
      .prepare(`SELECT se.id, st.code FROM series se JOIN stores st ON st.id = se.store_id WHERE TRUE ${storeFilter}`)
      .raw()
      .all(params) as [number, string][],
  );
  // Read once for the totals and for the findings (void rates, silent days and their weeks before).
  const days = seriesDaysIn(db, silentDayWindow(period.from, period.to));
  for (const [seriesId, counts] of seriesTotals(db, period, days)) {
    const store = storeOfSeries.get(seriesId);
    if (store === undefined) continue;
    const e = entry(store);
    e.invoices += counts.invoices;
    e.voids += counts.voids;
    seriesSeen.add(seriesId);
  }

  const gaps = db
    .prepare(
      `SELECT st.code AS store, g.series_id, se.doc_type, se.label, g.from_seq, g.to_seq, g.prev_date, g.next_date
         FROM gaps g JOIN series se ON se.id = g.series_id JOIN stores st ON st.id = se.store_id
        WHERE g.next_date BETWEEN @from AND @to ${storeFilter}
        ORDER BY st.code, se.doc_type, se.label, g.from_seq`,
    )
    .all(params) as (GapRow & { series_id: number })[];
  const reviews = new ReviewLookup(db);
  let explained = 0;
  for (const g of gaps) {
    const e = entry(g.store);
    const count = g.to_seq - g.from_seq + 1;
    const isAJump = isJump(count, jump);
    if (isAJump) {
      e.jumps++;
      e.jump_numbers += count;
    } else {
      // A jump's numbers are not missing, so neither explained nor unexplained.
      const gapExplained = reviews.explained(g.series_id, g.from_seq, g.to_seq);
      explained += gapExplained;
      e.missing += count;
      e.unexplained += count - gapExplained;
    }
    e.gaps.push({
      doc_type: g.doc_type,
      series: g.label,
      from: g.from_seq,
      to: g.to_seq,
      count,
      prev_date: formatDay(g.prev_date),
      next_date: formatDay(g.next_date),
      jump: isAJump,
    });
    seriesSeen.add(g.series_id);
  }

  const late = db
    .prepare(
      `SELECT st.code AS store, count(*) AS n
         FROM late_arrivals la JOIN series se ON se.id = la.series_id JOIN stores st ON st.id = se.store_id
        WHERE la.date BETWEEN @from AND @to ${storeFilter}
        GROUP BY st.code`,
    )
    .all(params) as { store: string; n: number }[];
  for (const row of late) entry(row.store).recovered_late = row.n;

  const conflicts = (
    db
      .prepare(
        `SELECT st.code AS store, se.doc_type, se.label, c.seq,
                c.kept_date, c.kept_amount, c.kept_void, kr.file AS kept_file, c.kept_line,
                c.dup_date, c.dup_amount, c.dup_void, dr.file AS dup_file, c.dup_line
           FROM conflicts c JOIN series se ON se.id = c.series_id JOIN stores st ON st.id = se.store_id
           JOIN runs kr ON kr.id = c.kept_run JOIN runs dr ON dr.id = c.dup_run
          WHERE c.kept_date BETWEEN @from AND @to ${storeFilter}
          ORDER BY st.code, se.doc_type, se.label, c.seq, c.id`,
      )
      .all(params) as {
      store: string;
      doc_type: string;
      label: string;
      seq: number;
      kept_date: number;
      kept_amount: number | null;
      kept_void: number;
      kept_file: string;
      kept_line: number;
      dup_date: number;
      dup_amount: number | null;
      dup_void: number;
      dup_file: string;
      dup_line: number;
    }[]
  ).map((c): ConflictEntry => {
    entry(c.store).conflicts++;
    return {
      store: c.store,
      doc_type: c.doc_type,
      series: c.label,
      sequential: c.seq,
      kept: { date: formatDay(c.kept_date), amount: c.kept_amount, void: c.kept_void === 1, file: c.kept_file, line: c.kept_line },
      duplicate: { date: formatDay(c.dup_date), amount: c.dup_amount, void: c.dup_void === 1, file: c.dup_file, line: c.dup_line },
    };
  });

  for (const [store, cents] of estimatedUnreportedByStore(db, period, options.store, jump))
    entry(store).estimated_unreported = units(cents);

  const storeList = [...stores.values()].sort((a, b) => (a.store < b.store ? -1 : a.store > b.store ? 1 : 0));
  const sum = (pick: (s: StoreEntry) => number) => storeList.reduce((acc, s) => acc + pick(s), 0);
  const findings = buildFindings(db, period, { store: options.store, jump, seriesDays: days });
  const report: Report = {
    period: { from: formatDay(period.from), to: formatDay(period.to) },
    totals: {
      stores: storeList.length,
      series: seriesSeen.size,
      invoices: sum((s) => s.invoices),
      voids: sum((s) => s.voids),
      missing: sum((s) => s.missing),
      gaps: sum((s) => s.gaps.length - s.jumps),
      jumps: sum((s) => s.jumps),
      jump_numbers: sum((s) => s.jump_numbers),
      recovered_late: sum((s) => s.recovered_late),
      conflicts: conflicts.length,
      explained,
      findings: findings.totals,
    },
    stores: storeList,
    top: rankByUnexplained(storeList, options.top ?? 5).map((s) => ({
      store: s.store,
      missing: s.missing,
      invoices: s.invoices,
      missing_rate: missingRate(s.missing, s.invoices),
      unexplained: s.unexplained,
    })),
    conflicts,
  };
  return { report, findings };
}
