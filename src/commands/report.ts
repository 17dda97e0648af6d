import { Option } from 'commander';
import { openDatabase, defaultDbPath } from '../store/db.js';
import { describePeriod } from '../audit/period.js';
import { buildReport, type Report } from '../audit/report.js';
import { renderReport } from '../render/formats.js';
import { writeOutput } from '../render/output.js';
import { PLAIN } from '../render/style.js';
import {
  dbOption,
  resolvePeriod,
  formatOption,
  jumpOption,
  outputOption,
  periodOptions,
  storeFilterOption,
  topOption,
  type DbOptions,
  type PeriodFlags,
} from './options.js';
import { say, type Io } from './context.js';
import { saveSnapshot } from '../audit/snapshots.js';
import { VERSION } from '../version.js';
import { CheckFailed } from '../errors.js';

export const description = "the period's audit: totals, gaps per store, and the top stores by missing numbers (default: yesterday)";

export const options = () => [
  dbOption(),
  ...periodOptions(),
  storeFilterOption(),
  topOption('how many stores to rank'),
  jumpOption(),
  formatOption(),
  outputOption(),
  new Option('--fail-on-gaps', 'exit 1 when the period has any missing number (for CI and cron)'),
  new Option('--save', 'keep the issued report in the database (smo-gaps snapshots)'),
];

export interface ReportFlags extends DbOptions, PeriodFlags {
  store?: string;
  top: number;
  jump: number;
  format: 'table' | 'csv' | 'json';
  output?: string;
  failOnGaps?: boolean;
  save?: boolean;
}

export async function run(flags: ReportFlags, io: Io): Promise<void> {
  const period = resolvePeriod(flags, io.env);
  const db = openDatabase(defaultDbPath(flags.db));
  let report: Report;
  try {
    report = buildReport(db, period, { store: flags.store, top: flags.top, jump: flags.jump });
    if (flags.save) {
      const id = saveSnapshot(db, report, { source: 'report', period, store: flags.store, top: flags.top, version: VERSION });
      say(io, `saved as report ${id} (smo-gaps snapshots show ${id})`);
    }
  } finally {
    db.close();
  }
  await writeOutput(flags.output, renderReport(report, flags.format, flags.output !== undefined ? PLAIN : io.style), io.stdout);
  if (flags.failOnGaps && report.totals.missing > 0) {
    throw new CheckFailed(`${report.totals.missing} missing number${report.totals.missing === 1 ? '' : 's'} in ${describePeriod(period)}`);
  }
}
