import { Option } from 'commander';
import { defaultDbPath } from '../store/db.js';
import { openForReading } from '../store/open-existing.js';
import { buildSummary, firstInvoiceDay, type Summary } from '../audit/summary.js';
import { summaryTable } from '../render/table.js';
import { summaryCsv, jsonText } from '../render/formats.js';
import { writeOutput } from '../render/output.js';
import { PLAIN } from '../render/style.js';
import { dbOption, resolveMonths, formatOption, jumpOption, outputOption, storeFilterOption, type DbOptions } from './options.js';
import type { Io } from './context.js';
import { UsageError } from '../errors.js';

export const description = 'one row per month: invoices, missing numbers, stores with gaps, recovered late, top store';

export const options = () => [
  dbOption(),
  new Option('--from <YYYY-MM>', 'first month (default: the first month with invoices)'),
  new Option('--to <YYYY-MM>', 'last month (default: the last complete month)'),
  storeFilterOption(),
  jumpOption(),
  formatOption(),
  outputOption(),
];

export interface SummaryFlags extends DbOptions {
  from?: string;
  to?: string;
  store?: string;
  jump: number;
  format: 'table' | 'csv' | 'json';
  output?: string;
}

export async function run(flags: SummaryFlags, io: Io): Promise<void> {
  const db = openForReading(defaultDbPath(flags.db));
  let summary: Summary;
  try {
    const months = resolveMonths(flags, firstInvoiceDay(db), io.env);
    if (months.length === 0) throw new UsageError('the summary covers no month: --from is after --to (or after the last complete month)');
    if (months.length > 1200) throw new UsageError(`the summary would cover ${months.length} months; narrow --from/--to`);
    summary = buildSummary(db, months, { store: flags.store, jump: flags.jump });
  } finally {
    db.close();
  }
  const text =
    flags.format === 'json'
      ? jsonText(summary)
      : flags.format === 'csv'
        ? summaryCsv(summary)
        : summaryTable(summary, flags.output ? PLAIN : io.style);
  await writeOutput(flags.output, text, io.stdout);
}
