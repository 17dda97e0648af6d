import type { DB } from '../store/db.js';
import { formatDay, type Day } from '../input/dates.js';
import type { Period } from './period.js';
import { checkStoreKnown, rankStores } from './report.js';
import { DEFAULT_JUMP, notJumpSql } from './jumps.js';
import { hasLeases } from '../store/leases.js';
import { buildMoney } from './money/build.js';

/** One month of the history (SPEC §5, `summary`). */
export interface MonthSummary {
  month: string;
  invoices: number;
  voids: number;
  /** Missing numbers and gaps, jumps left out (counted apart). */
  missing: number;
  gaps: number;
  jumps: number;
  jump_numbers: number;
  stores_with_gaps: number;
  recovered_late: number;
  top_store: string | null;
  top_store_missing: number;
  /** Rent at stake of the month (SPEC §8), in currency units: only when the lease register has leases. */
  at_stake?: number;
}

export interface Summary {
  period: { from: string; to: string };
  months: MonthSummary[];
  totals: {
    invoices: number;
    voids: number;
    missing: number;
    gaps: number;
    jumps: number;
    jump_numbers: number;
    recovered_late: number;
    at_stake?: number;
  };
}

/** The first issue date the database knows, to start a summary at. */
export function firstInvoiceDay(db: DB): Day | undefined {
  const row = db.prepare(`SELECT min(date) AS d FROM series_days`).get() as { d: number | null };
  return row.d ?? undefined;
}

/** Months must be consecutive calendar months, as resolveMonths gives them. */
export function buildSummary(db: DB, months: Period[], options: { store?: string; jump?: number } = {}): Summary {
  checkStoreKnown(db, options.store);
  const by = new Map<number, MonthSummary>();
  for (const m of months) {
    by.set(Math.floor(m.from / 100), {
      month: formatDay(m.from).slice(0, 7),
      invoices: 0,
      voids: 0,
      missing: 0,
      gaps: 0,
      jumps: 0,
      jump_numbers: 0,
      stores_with_gaps: 0,
      recovered_late: 0,
      top_store: null,
      top_store_missing: 0,
    });
  }
  const from = months.length ? months[0].from : 0;
  const to = months.length ? months[months.length - 1].to : 0;
  const storeFilter = options.store === undefined ? '' : 'AND st.code = @store';
  const join = 'JOIN series se ON se.id = x.series_id JOIN stores st ON st.id = se.store_id';
  const params = { from, to, store: options.store, jump: options.jump ?? DEFAULT_JUMP };

  const days = db
    .prepare(
      `SELECT x.date / 100 AS month, sum(x.invoices) AS invoices, sum(x.voids) AS voids
         FROM series_days x ${join} WHERE x.date BETWEEN @from AND @to ${storeFilter} GROUP BY month`,
    )
    .all(params) as { month: number; invoices: number; voids: number }[];
  for (const row of days) Object.assign(by.get(row.month)!, { invoices: row.invoices, voids: row.voids });

  const gaps = db
    .prepare(
      `SELECT x.next_date / 100 AS month, st.code AS store, ${notJumpSql('x')} AS counted,
              count(*) AS gaps, sum(x.to_seq - x.from_seq + 1) AS missing
         FROM gaps x ${join} WHERE x.next_date BETWEEN @from AND @to ${storeFilter} GROUP BY month, st.code, counted`,
    )
    .all(params) as { month: number; store: string; counted: number; gaps: number; missing: number }[];
  const perMonth = new Map<number, { store: string; missing: number }[]>();
  for (const row of gaps) {
    const m = by.get(row.month)!;
    if (!row.counted) {
      m.jumps += row.gaps;
      m.jump_numbers += row.missing;
      continue;
    }
    m.missing += row.missing;
    m.gaps += row.gaps;
    m.stores_with_gaps++;
    perMonth.set(row.month, [...(perMonth.get(row.month) ?? []), { store: row.store, missing: row.missing }]);
  }
  for (const [month, stores] of perMonth) {
    const [top] = rankStores(stores, 1);
    if (top) Object.assign(by.get(month)!, { top_store: top.store, top_store_missing: top.missing });
  }

  const late = db
    .prepare(
      `SELECT x.date / 100 AS month, count(*) AS n
         FROM late_arrivals x ${join} WHERE x.date BETWEEN @from AND @to ${storeFilter} GROUP BY month`,
    )
    .all(params) as { month: number; n: number }[];
  for (const row of late) by.get(row.month)!.recovered_late = row.n;

  const list = [...by.values()];
  let atStake: number | undefined;
  if (hasLeases(db)) {
    atStake = 0;
    for (const m of list) {
      const { totals } = buildMoney(db, [m.month], { store: options.store });
      m.at_stake = totals.at_stake;
      atStake += Math.round(totals.at_stake * 100);
    }
  }
  const sum = (pick: (m: MonthSummary) => number) => list.reduce((acc, m) => acc + pick(m), 0);
  return {
    period: { from: formatDay(from), to: formatDay(to) },
    months: list,
    totals: {
      invoices: sum((m) => m.invoices),
      voids: sum((m) => m.voids),
      missing: sum((m) => m.missing),
      gaps: sum((m) => m.gaps),
      jumps: sum((m) => m.jumps),
      jump_numbers: sum((m) => m.jump_numbers),
      recovered_late: sum((m) => m.recovered_late),
      ...(atStake === undefined ? {} : { at_stake: atStake / 100 }),
    },
  };
}
