import { Option } from 'commander';
import { openDatabase, defaultDbPath } from '../store/db.js';
import { describePeriod } from '../audit/period.js';
import { buildFindings, parseKinds, FINDING_KINDS, type FindingKind, type FindingsReport } from '../audit/findings/index.js';
import { findingsCsv, findingsJson, findingsTable } from '../render/findings.js';
import { writeOutput } from '../render/output.js';
import { PLAIN } from '../render/style.js';
import {
  dbOption,
  formatOption,
  jumpOption,
  outputOption,
  periodOptions,
  resolvePeriod,
  storeFilterOption,
  type DbOptions,
  type PeriodFlags,
} from './options.js';
import type { Io } from './context.js';
import { CheckFailed, UsageError } from '../errors.js';

export const description =
  "the period's irregularities beyond gaps: jumps, backdated invoices, void rates, silent days, conflicts, reused keys, late authorisations (default: yesterday)";

export const options = () => [
  dbOption(),
  ...periodOptions(),
  storeFilterOption(),
  new Option('--kind <kinds>', `only these kinds, comma-separated: ${FINDING_KINDS.join(', ')}`).argParser(kindList),
  jumpOption(),
  formatOption(),
  outputOption(),
  new Option('--fail-on-findings', 'exit 1 when the period has any finding (for CI and cron)'),
];

function kindList(value: string): FindingKind[] {
  const kinds = parseKinds(value);
  if (!Array.isArray(kinds)) throw new UsageError(`--kind '${kinds.unknown}': unknown kind (kinds: ${FINDING_KINDS.join(', ')})`);
  if (kinds.length === 0) throw new UsageError(`--kind '${value}': name at least one kind`);
  return kinds;
}

export interface FindingsFlags extends DbOptions, PeriodFlags {
  store?: string;
  kind?: FindingKind[];
  jump: number;
  format: 'table' | 'csv' | 'json';
  output?: string;
  failOnFindings?: boolean;
}

export function renderFindings(report: FindingsReport, format: FindingsFlags['format'], io: Io, toFile: boolean): string {
  if (format === 'json') return findingsJson(report);
  if (format === 'csv') return findingsCsv(report);
  return findingsTable(report, toFile ? PLAIN : io.style);
}

export async function run(flags: FindingsFlags, io: Io): Promise<void> {
  const period = resolvePeriod(flags, io.env);
  const db = openDatabase(defaultDbPath(flags.db));
  let report: FindingsReport;
  try {
    report = buildFindings(db, period, { store: flags.store, kinds: flags.kind, jump: flags.jump });
  } finally {
    db.close();
  }
  await writeOutput(flags.output, renderFindings(report, flags.format, io, flags.output !== undefined), io.stdout);
  const n = report.findings.length;
  if (flags.failOnFindings && n > 0) throw new CheckFailed(`${n} finding${n === 1 ? '' : 's'} in ${describePeriod(period)}`);
}
