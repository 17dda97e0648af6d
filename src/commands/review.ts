import { Option } from 'commander';
import { jsonText } from '../render/formats.js';
import { defaultDbPath } from '../store/db.js';
import { openExisting } from '../store/open-existing.js';
import { LOG_COLUMNS, logRows } from '../store/reviews.js';
import { checkStoreKnown } from '../audit/report.js';
import { REVIEW_STATUSES, setReview } from '../audit/reviews.js';
import { importReviews } from '../audit/review-import.js';
import { readReviewFile } from '../input/review-file.js';
import { reviewLogTable } from '../render/trail-tables.js';
import { csvText } from '../render/csv.js';
import { writeOutput } from '../render/output.js';
import { PLAIN } from '../render/style.js';
import { dbOption, outputOption, positiveInteger, reviewer, reviewStatus, storeFilterOption, type DbOptions } from './options.js';
import { say, type Io } from './context.js';

/** `review set|import|log` (SPEC §10): glue around audit/reviews.ts, which the dashboard's forms call too. */
export const description = 'review missing numbers (explained, billed, escalated, open): set, import an edited export, log';

const byOption = () => new Option('--by <name>', 'who reviews (default: $USER)');

export const setDescription = 'set the review of numbers from..to of one series';
export const setOptions = () => [
  dbOption(),
  new Option('--store <code>', 'the store').makeOptionMandatory(),
  new Option('--doc-type <code>', 'the document type (SRI code)').default('01'),
  new Option('--series <label>', 'the series label (EEE-PPP, a prefix, or -)').makeOptionMandatory(),
  new Option('--from <n>', 'first number').argParser(positiveInteger('--from')).makeOptionMandatory(),
  new Option('--to <n>', 'last number (default: --from)').argParser(positiveInteger('--to')),
  new Option('--status <status>', REVIEW_STATUSES.join(' | ')).makeOptionMandatory(),
  new Option('--comment <text>', 'why').default(''),
  byOption(),
];

export interface SetFlags extends DbOptions {
  store: string;
  docType: string;
  series: string;
  from: number;
  to?: number;
  status: string;
  comment: string;
  by?: string;
}

export function runSet(flags: SetFlags, io: Io): void {
  const status = reviewStatus(flags.status);
  const db = openExisting(defaultDbPath(flags.db));
  try {
    const to = flags.to ?? flags.from;
    const outcome = setReview(db, {
      store: flags.store,
      docType: flags.docType,
      series: flags.series,
      from: flags.from,
      to,
      status,
      comment: flags.comment,
      by: reviewer(flags.by, io.env),
      source: 'set',
    });
    const numbers = `${flags.store} ${flags.docType} ${flags.series} ${flags.from}${to === flags.from ? '' : `..${to}`}`;
    say(
      io,
      outcome.changed
        ? `review ${numbers}: ${status} (${outcome.logged} log row${outcome.logged === 1 ? '' : 's'})`
        : `review ${numbers}: already ${status}, nothing changed`,
    );
  } finally {
    db.close();
  }
}

export const importDescription = 'read the review_status and review_comment columns of an edited export CSV (all or nothing)';
export const importOptions = () => [dbOption(), byOption()];

export interface ImportFlags extends DbOptions {
  by?: string;
}

export function runImport(file: string, flags: ImportFlags, io: Io): void {
  const parsed = readReviewFile(file);
  const db = openExisting(defaultDbPath(flags.db));
  try {
    const o = importReviews(db, file, parsed, { by: reviewer(flags.by, io.env) });
    say(
      io,
      `${file}: ${o.rows} rows, ${o.changes} review${o.changes === 1 ? '' : 's'} changed (${o.logged} log rows), ${o.unchanged} unchanged, ${o.skipped} left blank`,
    );
  } finally {
    db.close();
  }
}

export const logDescription = 'every review change, oldest first: who, when, numbers, old and new status, comment';
export const logOptions = () => [
  dbOption(),
  storeFilterOption(),
  new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'),
  outputOption(),
];

export interface LogFlags extends DbOptions {
  store?: string;
  format: 'table' | 'csv' | 'json';
  output?: string;
}

export async function runLog(flags: LogFlags, io: Io): Promise<void> {
  const db = openExisting(defaultDbPath(flags.db));
  let text: string;
  try {
    checkStoreKnown(db, flags.store);
    const rows = logRows(db, { store: flags.store });
    text =
      flags.format === 'json'
        ? jsonText(rows)
        : flags.format === 'csv'
          ? csvText(
              LOG_COLUMNS,
              rows.map((r) => LOG_COLUMNS.map((c) => r[c])),
            )
          : reviewLogTable(rows, flags.output ? PLAIN : io.style);
  } finally {
    db.close();
  }
  await writeOutput(flags.output, text, io.stdout);
}
