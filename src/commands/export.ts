import { Option } from 'commander';
import { openDatabase, defaultDbPath } from '../store/db.js';
import { EXPORT_COLUMNS, RANGE_COLUMNS, exportRows, missingGaps } from '../audit/missing.js';
import { csvStream } from '../render/csv.js';
import { writeOutput } from '../render/output.js';
import {
  dbOption,
  resolvePeriod,
  outputOption,
  periodOptions,
  storeFilterOption,
  maxListOption,
  jumpOption,
  type DbOptions,
  type PeriodFlags,
} from './options.js';
import type { Io } from './context.js';

export const description = "the period's missing numbers as CSV, one row per number, for the audit file (default: yesterday)";

export const options = () => [
  dbOption(),
  ...periodOptions(),
  storeFilterOption(),
  maxListOption('a gap larger than this is written as one range row'),
  new Option('--ranges', 'one row per gap instead of one per number'),
  jumpOption(),
  new Option('--bom', 'start the file with a byte-order mark (for Excel)'),
  outputOption(),
];

export interface ExportFlags extends DbOptions, PeriodFlags {
  store?: string;
  maxList: number;
  jump: number;
  ranges?: boolean;
  bom?: boolean;
  output?: string;
}

export async function run(flags: ExportFlags, io: Io): Promise<void> {
  const period = resolvePeriod(flags, io.env);
  const db = openDatabase(defaultDbPath(flags.db));
  try {
    const rows = exportRows(missingGaps(db, period, { store: flags.store, jump: flags.jump }), {
      maxList: flags.maxList,
      ranges: !!flags.ranges,
    });
    await writeOutput(flags.output, csvStream(flags.ranges ? RANGE_COLUMNS : EXPORT_COLUMNS, rows, { bom: flags.bom }), io.stdout);
  } finally {
    db.close();
  }
}
