import { Option } from 'commander';
import { defaultDbPath } from '../store/db.js';
import { openForReading } from '../store/open-existing.js';
import { diffSnapshot, loadSnapshot, snapshotList } from '../audit/snapshots.js';
import { snapshotDiffTable, snapshotListTable } from '../render/trail-tables.js';
import { writeOutput } from '../render/output.js';
import { PLAIN } from '../render/style.js';
import { dbOption, formatOption, outputOption, positiveInteger, type DbOptions } from './options.js';
import { renderReport, jsonText } from '../render/formats.js';
import type { Io } from './context.js';
import { CheckFailed } from '../errors.js';

/** `snapshots`, `snapshots show ID`, `snapshots diff ID` (SPEC §10): the reports as they were issued. */
export const description = 'the saved reports (report --save, run daily|monthly); show one as issued, or diff it with now';

const tableOrJson = () => new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');

export const options = () => [dbOption(), tableOrJson(), outputOption()];

export interface ListFlags extends DbOptions {
  format: 'table' | 'json';
  output?: string;
}

export async function runList(flags: ListFlags, io: Io): Promise<void> {
  const db = openForReading(defaultDbPath(flags.db));
  let text: string;
  try {
    const rows = snapshotList(db);
    text = flags.format === 'json' ? jsonText(rows) : snapshotListTable(rows, flags.output ? PLAIN : io.style);
  } finally {
    db.close();
  }
  await writeOutput(flags.output, text, io.stdout);
}

export const snapshotId = positiveInteger('snapshot ID');

export const showDescription = 'print a saved report as it was issued (same formats as report)';
export const showOptions = () => [dbOption(), formatOption(), outputOption()];

export interface ShowFlags extends DbOptions {
  format: 'table' | 'csv' | 'json';
  output?: string;
}

export async function runShow(id: string, flags: ShowFlags, io: Io): Promise<void> {
  const db = openForReading(defaultDbPath(flags.db));
  let text: string;
  try {
    const { row, report } = loadSnapshot(db, snapshotId(id));
    // JSON byte for byte as issued, so its SHA-256 can be checked by anyone.
    text = flags.format === 'json' ? row.json : renderReport(report, flags.format, flags.output !== undefined ? PLAIN : io.style);
  } finally {
    db.close();
  }
  await writeOutput(flags.output, text, io.stdout);
}

export const diffDescription = "compare a saved report with today's report of the same period: recovered since, newly missing, totals";
export const diffOptions = () => [
  dbOption(),
  tableOrJson(),
  outputOption(),
  new Option('--fail-on-change', 'exit 1 when the report changed since it was issued'),
];

export interface DiffFlags extends ListFlags {
  failOnChange?: boolean;
}

export async function runDiff(id: string, flags: DiffFlags, io: Io): Promise<void> {
  const db = openForReading(defaultDbPath(flags.db));
  let diff: ReturnType<typeof diffSnapshot>;
  try {
    diff = diffSnapshot(db, snapshotId(id));
  } finally {
    db.close();
  }
  const text = flags.format === 'json' ? jsonText(diff) : snapshotDiffTable(diff, flags.output ? PLAIN : io.style);
  await writeOutput(flags.output, text, io.stdout);
  if (flags.failOnChange && diff.changed) {
    const n = (list: { count: number }[]) => list.reduce((a, r) => a + r.count, 0);
    throw new CheckFailed(
      `saved report ${diff.snapshot.id} changed: ${n(diff.recovered)} recovered, ${n(diff.newly_missing)} newly missing, missing ${diff.totals.before.missing} → ${diff.totals.after.missing}`,
    );
  }
}
