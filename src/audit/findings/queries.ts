import type { DB } from '../../store/db.js';
import { InvoiceLookup } from '../../store/invoice-blocks.js';
import { formatDay, type Day } from '../../input/dates.js';
import { seriesDaysIn, seriesTotals, type Period, type SeriesDay } from '../period.js';
import type { Finding } from './types.js';
import {
  addDays,
  daysBetween,
  isBackdated,
  isLateAuthorisation,
  silentDayHits,
  silentDayWindow,
  SILENT_LOOKBACK_DAYS,
  voidRateHits,
  type StoreDays,
  type StoreDocuments,
} from './rules.js';

/**
 * The facts behind each kind of finding, read from the tables the ingest keeps current
 * (gaps, descents, series_days, conflicts, key_reuses, the partial index of invoices
 * authorised after their issue day): a period's findings never scan the invoices.
 */

interface Scope {
  db: DB;
  period: Period;
  store?: string;
  jump: number;
  seriesDays?: readonly SeriesDay[];
}

const SERIES_JOIN = 'JOIN series se ON se.id = x.series_id JOIN stores st ON st.id = se.store_id';
const storeFilter = (scope: Scope) => (scope.store === undefined ? '' : 'AND st.code = @store');
const params = (scope: Scope) => ({ from: scope.period.from, to: scope.period.to, store: scope.store, jump: scope.jump });

/** `file:line` of the present invoice (series, number), as the auditor opens the export. */
function evidenceOf(db: DB): (seriesId: number, seq: number) => string {
  const invoices = new InvoiceLookup(db);
  const file = db.prepare(`SELECT file FROM runs WHERE id = ?`).pluck();
  return (seriesId, seq) => {
    const invoice = invoices.at(seriesId, seq);
    return invoice ? `${file.get(invoice.runId)}:${invoice.line}` : `(number ${seq} not found)`;
  };
}

export function jumps(scope: Scope): Finding[] {
  const evidence = evidenceOf(scope.db);
  const rows = scope.db
    .prepare(
      `SELECT st.code AS store, se.doc_type, se.label, x.series_id, x.from_seq, x.to_seq, x.prev_date, x.next_date
         FROM gaps x ${SERIES_JOIN}
        WHERE x.next_date BETWEEN @from AND @to AND (x.to_seq - x.from_seq + 1) > @jump ${storeFilter(scope)}`,
    )
    .all(params(scope)) as {
    store: string;
    doc_type: string;
    label: string;
    series_id: number;
    from_seq: number;
    to_seq: number;
    prev_date: Day;
    next_date: Day;
  }[];
  return rows.map((g) => ({
    kind: 'jump',
    store: g.store,
    doc_type: g.doc_type,
    series: g.label,
    from: g.from_seq,
    to: g.to_seq,
    date: formatDay(g.next_date),
    detail: { count: g.to_seq - g.from_seq + 1, prev_date: formatDay(g.prev_date), next_date: formatDay(g.next_date) },
    evidence: [evidence(g.series_id, g.from_seq - 1), evidence(g.series_id, g.to_seq + 1)],
  }));
}

export function backdated(scope: Scope): Finding[] {
  const evidence = evidenceOf(scope.db);
  const rows = scope.db
    .prepare(
      `SELECT st.code AS store, se.doc_type, se.label, x.series_id, x.seq, x.lower_seq, x.date, x.lower_date
         FROM descents x ${SERIES_JOIN}
        WHERE x.date BETWEEN @from AND @to ${storeFilter(scope)}`,
    )
    .all(params(scope)) as {
    store: string;
    doc_type: string;
    label: string;
    series_id: number;
    seq: number;
    lower_seq: number;
    date: Day;
    lower_date: Day;
  }[];
  return rows
    .filter((d) => isBackdated({ seq: d.seq, date: d.date, lowerSeq: d.lower_seq, lowerDate: d.lower_date }, scope.jump))
    .map((d) => ({
      kind: 'backdated',
      store: d.store,
      doc_type: d.doc_type,
      series: d.label,
      from: d.lower_seq,
      to: d.seq,
      date: formatDay(d.date),
      detail: {
        lower_date: formatDay(d.lower_date),
        days_back: daysBetween(d.date, d.lower_date),
        numbers_between: d.seq - d.lower_seq - 1,
      },
      evidence: [evidence(d.series_id, d.lower_seq), evidence(d.series_id, d.seq)],
    }));
}

/** Documents and voids per store in the period, over all stores: the median needs them all. */
function storeDocuments(scope: Scope): StoreDocuments[] {
  const { db, period } = scope;
  const storeOf = new Map(
    db.prepare(`SELECT se.id, st.code FROM series se JOIN stores st ON st.id = se.store_id`).raw().all() as [number, string][],
  );
  const byStore = new Map<string, StoreDocuments>();
  for (const [seriesId, counts] of seriesTotals(db, period, scope.seriesDays)) {
    const store = storeOf.get(seriesId) as string;
    const known = byStore.get(store);
    if (known) {
      known.documents += counts.invoices;
      known.voids += counts.voids;
    } else byStore.set(store, { store, documents: counts.invoices, voids: counts.voids });
  }
  return [...byStore.values()];
}

export function voidRates(scope: Scope): Finding[] {
  const stores = storeDocuments(scope);
  return voidRateHits(stores)
    .filter((h) => scope.store === undefined || h.store === scope.store)
    .map((h) => ({
      kind: 'void_rate',
      store: h.store,
      doc_type: null,
      series: null,
      from: null,
      to: null,
      date: formatDay(scope.period.to),
      detail: { voids: h.voids, documents: h.documents, rate: h.rate, median_rate: h.median_rate, stores_in_median: h.stores_in_median },
      evidence: [],
    }));
}

/** Documents per store and day over the period and the three weeks before it, over all stores. */
export function silentDays(scope: Scope): Finding[] {
  const { db, period } = scope;
  // Per series as the writer keeps them, then per store.
  const seriesRanges = db
    .prepare(`SELECT se.id, se.store_id, st.code, se.min_date, se.max_date FROM series se JOIN stores st ON st.id = se.store_id`)
    .raw()
    .all() as [seriesId: number, storeId: number, code: string, first: Day | null, last: Day | null][];
  const storeOf = new Map<number, number>();
  const stores = new Map<number, StoreDays & { documents: Map<Day, number> }>();
  for (const [seriesId, storeId, code, first, last] of seriesRanges) {
    storeOf.set(seriesId, storeId);
    if (first === null || last === null) continue;
    const known = stores.get(storeId);
    if (!known) stores.set(storeId, { store: code, first, last, documents: new Map() });
    else {
      known.first = Math.min(known.first, first);
      known.last = Math.max(known.last, last);
    }
  }
  // A month's window is some 50 days × the series, a day's 4 days, whatever the history's length.
  const from = addDays(period.from, -SILENT_LOOKBACK_DAYS);
  for (const day of scope.seriesDays ?? seriesDaysIn(db, silentDayWindow(period.from, period.to))) {
    if (day.date < from || day.date > period.to) continue;
    for (let i = 0; i < day.series.length; i++) {
      const documents = stores.get(storeOf.get(day.series[i]) as number)?.documents;
      if (documents) documents.set(day.date, (documents.get(day.date) ?? 0) + day.invoices[i]);
    }
  }
  return silentDayHits([...stores.values()], period.from, period.to)
    .filter((h) => scope.store === undefined || h.store === scope.store)
    .map((h) => ({
      kind: 'silent_day',
      store: h.store,
      doc_type: null,
      series: null,
      from: null,
      to: null,
      date: formatDay(h.day),
      detail: {
        documents_7_days_before: h.earlier[0],
        documents_14_days_before: h.earlier[1],
        documents_21_days_before: h.earlier[2],
        other_stores: h.other_stores,
      },
      evidence: [],
    }));
}

export function conflicts(scope: Scope): Finding[] {
  const rows = scope.db
    .prepare(
      `SELECT st.code AS store, se.doc_type, se.label, x.seq,
              x.kept_date, x.kept_amount, x.kept_void, kr.file AS kept_file, x.kept_line,
              x.dup_date, x.dup_amount, x.dup_void, dr.file AS dup_file, x.dup_line
         FROM conflicts x ${SERIES_JOIN} JOIN runs kr ON kr.id = x.kept_run JOIN runs dr ON dr.id = x.dup_run
        WHERE x.kept_date BETWEEN @from AND @to ${storeFilter(scope)}
        ORDER BY x.id`,
    )
    .all(params(scope)) as {
    store: string;
    doc_type: string;
    label: string;
    seq: number;
    kept_date: Day;
    kept_amount: number | null;
    kept_void: number;
    kept_file: string;
    kept_line: number;
    dup_date: Day;
    dup_amount: number | null;
    dup_void: number;
    dup_file: string;
    dup_line: number;
  }[];
  const status = (isVoid: number) => (isVoid ? 'void' : 'valid');
  return rows.map((c) => ({
    kind: 'conflict',
    store: c.store,
    doc_type: c.doc_type,
    series: c.label,
    from: c.seq,
    to: c.seq,
    date: formatDay(c.kept_date),
    detail: {
      kept_date: formatDay(c.kept_date),
      kept_amount: c.kept_amount,
      kept_status: status(c.kept_void),
      duplicate_date: formatDay(c.dup_date),
      duplicate_amount: c.dup_amount,
      duplicate_status: status(c.dup_void),
    },
    evidence: [`${c.kept_file}:${c.kept_line}`, `${c.dup_file}:${c.dup_line}`],
  }));
}

export function keyReuses(scope: Scope): Finding[] {
  const evidence = evidenceOf(scope.db);
  const rows = scope.db
    .prepare(
      `SELECT st.code AS store, se.doc_type, se.label, x.series_id, x.seq, x.date, x.key,
              fst.code AS first_store, fse.doc_type AS first_doc_type, fse.label AS first_series, a.series_id AS first_series_id, a.seq AS first_seq
         FROM key_reuses x ${SERIES_JOIN}
         JOIN access_keys a ON a.key = x.key JOIN series fse ON fse.id = a.series_id JOIN stores fst ON fst.id = a.store_id
        WHERE x.date BETWEEN @from AND @to ${storeFilter(scope)}`,
    )
    .all(params(scope)) as {
    store: string;
    doc_type: string;
    label: string;
    series_id: number;
    seq: number;
    date: Day;
    key: string;
    first_store: string;
    first_doc_type: string;
    first_series: string;
    first_series_id: number;
    first_seq: number;
  }[];
  return rows.map((k) => ({
    kind: 'key_reuse',
    store: k.store,
    doc_type: k.doc_type,
    series: k.label,
    from: k.seq,
    to: k.seq,
    date: formatDay(k.date),
    detail: {
      access_key: k.key,
      first_store: k.first_store,
      first_doc_type: k.first_doc_type,
      first_series: k.first_series,
      first_number: k.first_seq,
    },
    evidence: [evidence(k.first_series_id, k.first_seq), evidence(k.series_id, k.seq)],
  }));
}

export function lateAuthorisations(scope: Scope): Finding[] {
  const rows = scope.db
    .prepare(
      `SELECT st.code AS store, se.doc_type, se.label, x.seq, x.date, x.auth_date, r.file, x.line
         FROM late_authorisations x ${SERIES_JOIN} JOIN runs r ON r.id = x.run_id
        WHERE x.date BETWEEN @from AND @to ${storeFilter(scope)}`,
    )
    .all(params(scope)) as {
    store: string;
    doc_type: string;
    label: string;
    seq: number;
    date: Day;
    auth_date: Day;
    file: string;
    line: number;
  }[];
  return rows
    .filter((i) => isLateAuthorisation(i.date, i.auth_date))
    .map((i) => ({
      kind: 'late_authorisation',
      store: i.store,
      doc_type: i.doc_type,
      series: i.label,
      from: i.seq,
      to: i.seq,
      date: formatDay(i.date),
      detail: { authorisation_date: formatDay(i.auth_date), days_after_issue: daysBetween(i.date, i.auth_date) },
      evidence: [`${i.file}:${i.line}`],
    }));
}
