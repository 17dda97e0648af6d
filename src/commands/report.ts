import { Option } from 'commander';
import { openDatabase, defaultDbPath } from '../store/db.js';
import { resolvePeriod, describePeriod } from '../audit/period.js';
import { buildReport, missingRate, type Report } from '../audit/report.js';
import { reportTable } from '../render/table.js';
import { csvText } from '../render/csv.js';
import { jsonDocument } from '../render/json.js';
import { writeOutput } from '../render/output.js';
import { PLAIN } from '../render/style.js';
import { dbOption, formatOption, outputOption, periodOptions, positiveInteger, storeFilterOption, type DbOptions, type PeriodFlags } from './options.js';
import type { Io } from './context.js';
import { CheckFailed } from '../errors.js';

export const description = "the period's audit: totals, gaps per store, and the top stores by missing numbers (default: yesterday)";

export const options = () => [
  dbOption(),
  ...periodOptions(),
  storeFilterOption(),
  new Option('--top <n>', 'how many stores to rank').argParser(positiveInteger('--top')).default(5),
  formatOption(),
  outputOption(),
  new Option('--fail-on-gaps', 'exit 1 when the period has any missing number (for CI and cron)'),
];

export interface ReportFlags extends DbOptions, PeriodFlags {
  store?: string;
  top: number;
  format: 'table' | 'csv' | 'json';
  output?: string;
  failOnGaps?: boolean;
}

/** The report as CSV: one row per store, ranked; the missing numbers themselves are `export`'s job. */
export function reportCsv(report: Report): string {
  const rank = new Map(report.top.map((t, i) => [t.store, i + 1]));
  return csvText(
    ['period_from', 'period_to', 'store', 'invoices', 'void', 'missing', 'gaps', 'missing_rate', 'recovered_late', 'conflicts', 'top_rank'],
    report.stores.map((s) => [
      report.period.from, report.period.to, s.store, s.invoices, s.voids, s.missing, s.gaps.length,
      missingRate(s.missing, s.invoices),
      s.recovered_late, s.conflicts, rank.get(s.store) ?? '',
    ]),
  );
}

export function renderReport(report: Report, format: ReportFlags['format'], io: Io, toFile: boolean): string {
  if (format === 'json') return jsonDocument(report);
  if (format === 'csv') return reportCsv(report);
  return reportTable(report, toFile ? PLAIN : io.style);
}

export async function run(flags: ReportFlags, io: Io): Promise<void> {
  const period = resolvePeriod(flags, io.env);
  const db = openDatabase(defaultDbPath(flags.db));
  let report: Report;
  try {
    report = buildReport(db, period, { store: flags.store, top: flags.top });
  } finally {
    db.close();
  }
  await writeOutput(flags.output, renderReport(report, flags.format, io, flags.output !== undefined), io.stdout);
  if (flags.failOnGaps && report.totals.missing > 0) {
    throw new CheckFailed(`${report.totals.missing} missing number${report.totals.missing === 1 ? '' : 's'} in ${describePeriod(period)}`);
  }
}
