import { Option } from 'commander';
import { openDatabase, defaultDbPath } from '../store/db.js';
import { today } from '../audit/period.js';
import { buildStatus, type Status } from '../audit/status.js';
import { statusTable } from '../render/status-table.js';
import { statusCsv } from '../render/formats.js';
import { writeOutput } from '../render/output.js';
import { PLAIN } from '../render/style.js';
import { dbOption, formatOption, jumpOption, nonNegativeInteger, outputOption, storeFilterOption, type DbOptions } from './options.js';
import type { Io } from './context.js';
import { CheckFailed } from '../errors.js';

export const description =
  'where each store stands: current sequential per series, last upload, the stores with nothing for yesterday, open gaps';

export const options = () => [
  dbOption(),
  storeFilterOption(),
  new Option('--gaps <n>', 'how many open gaps to list, newest first (0: none)').argParser(nonNegativeInteger('--gaps')).default(20),
  jumpOption(),
  formatOption(),
  outputOption(),
  new Option('--fail-on-late', 'exit 1 when a store has no invoices for yesterday (for cron)'),
];

export interface StatusFlags extends DbOptions {
  store?: string;
  gaps: number;
  jump: number;
  format: 'table' | 'csv' | 'json';
  output?: string;
  failOnLate?: boolean;
}

export async function run(flags: StatusFlags, io: Io): Promise<void> {
  const day = today(io.env);
  const db = openDatabase(defaultDbPath(flags.db));
  let status: Status;
  try {
    status = buildStatus(db, day, { store: flags.store, maxGaps: flags.gaps, jump: flags.jump });
  } finally {
    db.close();
  }
  const text =
    flags.format === 'json'
      ? `${JSON.stringify(status, null, 2)}\n`
      : flags.format === 'csv'
        ? statusCsv(status)
        : statusTable(status, flags.output === undefined ? io.style : PLAIN);
  await writeOutput(flags.output, text, io.stdout);
  if (flags.failOnLate && status.late.length) {
    const names = status.late.map((s) => s.store).join(', ');
    throw new CheckFailed(
      `${status.late.length} store${status.late.length === 1 ? ' has' : 's have'} no invoices for ${status.yesterday}: ${names}`,
    );
  }
}
