import type { Report } from '../audit/report.js';
import { missingRate } from '../audit/report.js';
import type { Status } from '../audit/status.js';
import type { Summary } from '../audit/summary.js';
import type { IngestResult } from '../ingest/ingest-files.js';
import type { LoadResult } from '../ingest/load-file.js';
import { csvText } from './csv.js';
import type { Style } from './style.js';
import { reportTable } from './table.js';

/** The results of report, status, summary and ingest in the formats other than their table. */

export type ReportFormat = 'table' | 'csv' | 'json';

/** The report as CSV: one row per store, ranked; the missing numbers themselves are `export`'s job. */
export function reportCsv(report: Report): string {
  const rank = new Map(report.top.map((t, i) => [t.store, i + 1]));
  return csvText(
    [
      'period_from',
      'period_to',
      'store',
      'invoices',
      'void',
      'missing',
      'gaps',
      'missing_rate',
      'recovered_late',
      'conflicts',
      'top_rank',
      'unexplained',
      'jumps',
      'jump_numbers',
      'estimated_unreported',
    ],
    report.stores.map((s) => [
      report.period.from,
      report.period.to,
      s.store,
      s.invoices,
      s.voids,
      s.missing,
      s.gaps.length - s.jumps,
      missingRate(s.missing, s.invoices),
      s.recovered_late,
      s.conflicts,
      rank.get(s.store) ?? '',
      s.unexplained,
      s.jumps,
      s.jump_numbers,
      s.estimated_unreported.toFixed(2),
    ]),
  );
}

/** The report in one of --format's formats; a file gets no colour. */
export function renderReport(report: Report, format: ReportFormat, style: Style): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'csv') return reportCsv(report);
  return reportTable(report, style);
}

export const STATUS_CSV_COLUMNS = [
  'store',
  'doc_type',
  'series',
  'last_seq',
  'last_date',
  'last_upload',
  'days_since_upload',
  'invoices_yesterday',
  'late',
  'open_gaps',
  'missing',
  'jumps',
] as const;

/** One row per series; the store's figures for yesterday are repeated on each of its rows. */
export function statusCsv(status: Status): string {
  const stores = new Map(status.stores.map((s) => [s.store, s]));
  return csvText(
    STATUS_CSV_COLUMNS,
    status.series.map((s) => {
      const store = stores.get(s.store)!;
      return [
        s.store,
        s.doc_type,
        s.series,
        s.last_seq,
        s.last_date,
        s.last_upload ?? '',
        s.days_since_upload ?? '',
        store.invoices_yesterday,
        store.late,
        s.open_gaps,
        s.missing,
        s.jumps,
      ];
    }),
  );
}

export function summaryCsv(summary: Summary): string {
  // The money column only when the lease register has leases (SPEC §8).
  const money = summary.totals.at_stake !== undefined;
  return csvText(
    [
      'month',
      'invoices',
      'void',
      'missing',
      'gaps',
      'stores_with_gaps',
      'recovered_late',
      'top_store',
      'top_store_missing',
      'jumps',
      'jump_numbers',
      ...(money ? ['at_stake'] : []),
    ],
    summary.months.map((m) => [
      m.month,
      m.invoices,
      m.voids,
      m.missing,
      m.gaps,
      m.stores_with_gaps,
      m.recovered_late,
      m.top_store ?? '',
      m.top_store_missing,
      m.jumps,
      m.jump_numbers,
      ...(money ? [(m.at_stake ?? 0).toFixed(2)] : []),
    ]),
  );
}

function rejectsByReason(results: LoadResult[]): Record<string, number> {
  const all: Record<string, number> = {};
  for (const r of results) for (const [kind, count] of Object.entries(r.rejectsByReason)) all[kind] = (all[kind] ?? 0) + count;
  return all;
}

export function ingestJson(results: IngestResult[], rejectsPath: string | undefined): unknown {
  const total = (key: keyof LoadResult['counts']) => results.reduce((acc, r) => acc + r.counts[key], 0);
  return {
    files: results.map((r) => ({
      file: r.file,
      run_id: r.runId,
      status: r.status,
      sha256: r.sha256,
      size: r.size,
      encoding: r.encoding,
      layout: r.layout ?? null,
      presets: r.presets,
      rows_read: r.counts.rowsRead,
      loaded: r.counts.loaded,
      void: r.counts.voids,
      already_present: r.counts.alreadyPresent,
      conflicts: r.counts.conflicts,
      rejected: r.counts.rejected,
      rejected_by_reason: r.rejectsByReason,
      gaps_opened: r.counts.gapsOpened,
      missing_opened: r.counts.missingOpened,
      recovered_late: r.counts.recoveredLate,
      amounts_unreadable: r.counts.amountsUnreadable,
      seconds: Math.round(r.seconds * 1000) / 1000,
      rows_per_second: Math.round(r.counts.rowsRead / Math.max(r.seconds, 1e-6)),
    })),
    totals: {
      files: results.length,
      rows_read: total('rowsRead'),
      loaded: total('loaded'),
      already_present: total('alreadyPresent'),
      conflicts: total('conflicts'),
      rejected: total('rejected'),
      rejected_by_reason: rejectsByReason(results),
      gaps_opened: total('gapsOpened'),
      recovered_late: total('recoveredLate'),
      amounts_unreadable: total('amountsUnreadable'),
    },
    rejects_file: rejectsPath ?? null,
  };
}
