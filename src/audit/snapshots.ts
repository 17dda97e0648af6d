import { createHash } from 'node:crypto';
import type { DB } from '../store/db.js';
import { getSnapshot, insertSnapshot, listSnapshots, presentNumbers, type SnapshotRow } from '../store/snapshots.js';
import { findSeriesId } from '../store/reviews.js';
import { formatDay, type Day } from '../input/dates.js';
import type { Period } from './period.js';
import { buildReport, type Report } from './report.js';
import { countNumbers, subtract, type Span } from './number-ranges.js';
import { InputError, UsageError } from '../errors.js';

/** The JSON of a report exactly as `report --format json` prints it. */
export function reportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export const sha256Text = (text: string) => createHash('sha256').update(text).digest('hex');

export interface SaveOptions {
  /** What issued it: `report`, `run daily`, `run monthly`. */
  source: string;
  period: Period;
  store?: string;
  top: number;
  version: string;
  /** ISO time; now when absent. */
  at?: string;
}

/** Keeps an issued report; returns its id. */
export function saveSnapshot(db: DB, report: Report, options: SaveOptions): number {
  const json = reportJson(report);
  return insertSnapshot(db, {
    source: options.source,
    period_from: options.period.from,
    period_to: options.period.to,
    store: options.store ?? null,
    top: options.top,
    created_at: options.at ?? new Date().toISOString(),
    version: options.version,
    json,
    sha256: sha256Text(json),
  });
}

export interface SnapshotSummary {
  id: number;
  created_at: string;
  source: string;
  period: { from: string; to: string };
  store: string | null;
  version: string;
  sha256: string;
  missing: number;
  explained: number;
  gaps: number;
}

function summary(row: SnapshotRow, report: Report): SnapshotSummary {
  return {
    id: row.id,
    created_at: row.created_at,
    source: row.source,
    period: { from: formatDay(row.period_from), to: formatDay(row.period_to) },
    store: row.store,
    version: row.version,
    sha256: row.sha256,
    missing: report.totals.missing,
    explained: report.totals.explained ?? 0,
    gaps: report.totals.gaps,
  };
}

export function snapshotList(db: DB): SnapshotSummary[] {
  return listSnapshots(db).map((row) => summary(row, JSON.parse(row.json) as Report));
}

/** A saved report as issued; refuses one whose JSON no longer matches its SHA-256. */
export function loadSnapshot(db: DB, id: number): { row: SnapshotRow; report: Report; summary: SnapshotSummary } {
  const row = getSnapshot(db, id);
  if (!row) throw new UsageError(`snapshot ${id}: no such saved report (smo-gaps snapshots lists them)`);
  if (sha256Text(row.json) !== row.sha256)
    throw new InputError(`snapshot ${id}: its JSON no longer matches its SHA-256 (altered in the database)`);
  const report = JSON.parse(row.json) as Report;
  return { row, report, summary: summary(row, report) };
}

export interface DiffRange {
  store: string;
  doc_type: string;
  series: string;
  from: number;
  to: number;
  count: number;
}

export interface SnapshotDiff {
  snapshot: SnapshotSummary;
  period: { from: string; to: string };
  /** Missing then, present now. */
  recovered: DiffRange[];
  /** Missing then, still missing, but now attributed to another period (a late arrival moved their next invoice). */
  moved_out: DiffRange[];
  /** Missing now that were not then: revealed since, or attributed into the period by a later upload. */
  newly_missing: DiffRange[];
  totals: { before: Report['totals']; after: Report['totals'] };
  changed: boolean;
}

type Key = string;
const keyOf = (store: string, docType: string, series: string): Key => `${store}\u0000${docType}\u0000${series}`;

function spansByKey(report: Report): Map<Key, Span[]> {
  const map = new Map<Key, Span[]>();
  for (const s of report.stores) {
    for (const g of s.gaps) {
      const key = keyOf(s.store, g.doc_type, g.series);
      const list = map.get(key) ?? [];
      list.push({ from: g.from, to: g.to });
      map.set(key, list);
    }
  }
  for (const list of map.values()) list.sort((a, b) => a.from - b.from);
  return map;
}

function rows(key: Key, spans: Span[]): DiffRange[] {
  const [store, doc_type, series] = key.split('\u0000');
  return spans.map((s) => ({ store, doc_type, series, from: s.from, to: s.to, count: s.to - s.from + 1 }));
}

/** Numbers of `spans` present in the series now, as spans. */
function presentSpans(db: DB, key: Key, spans: Span[]): Span[] {
  const [store, docType, series] = key.split('\u0000');
  const id = findSeriesId(db, { store, docType, series });
  if (id === undefined) return [];
  const out: Span[] = [];
  for (const s of spans) {
    for (const seq of presentNumbers(db, id, s.from, s.to)) {
      const last = out[out.length - 1];
      if (last && last.to + 1 === seq) last.to = seq;
      else out.push({ from: seq, to: seq });
    }
  }
  return out;
}

/** A saved report against today's report of the same period, store and top. */
export function diffSnapshot(db: DB, id: number): SnapshotDiff {
  const { row, report: before, summary: snap } = loadSnapshot(db, id);
  const period: Period = { from: row.period_from as Day, to: row.period_to as Day };
  const after = buildReport(db, period, { store: row.store ?? undefined, top: row.top });
  const then = spansByKey(before);
  const now = spansByKey(after);
  const recovered: DiffRange[] = [];
  const movedOut: DiffRange[] = [];
  const newly: DiffRange[] = [];
  const keys = [...new Set([...then.keys(), ...now.keys()])].sort();
  for (const key of keys) {
    const gone = subtract(then.get(key) ?? [], now.get(key) ?? []);
    const present = presentSpans(db, key, gone);
    recovered.push(...rows(key, present));
    movedOut.push(...rows(key, subtract(gone, present)));
    newly.push(...rows(key, subtract(now.get(key) ?? [], then.get(key) ?? [])));
  }
  const changed =
    recovered.length > 0 || movedOut.length > 0 || newly.length > 0 || JSON.stringify(before.totals) !== JSON.stringify(after.totals);
  return {
    snapshot: snap,
    period: after.period,
    recovered,
    moved_out: movedOut,
    newly_missing: newly,
    totals: { before: before.totals, after: after.totals },
    changed,
  };
}

export const numbersIn = (ranges: readonly DiffRange[]) => countNumbers(ranges);
