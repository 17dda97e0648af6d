import { Option } from 'commander';
import { openDatabase } from '../store/db.js';
import { checkStandardInputOnce, ingestFiles } from '../ingest/ingest-files.js';
import { describePeriod, type Period } from '../audit/period.js';
import { EXPORT_COLUMNS, exportRows, missingGaps, type MissingGap } from '../audit/missing.js';
import { countOf, describeRange, diffMissing, type MissingRange } from '../audit/verify.js';
import { readExpected } from '../input/expected.js';
import { csvStream } from '../render/csv.js';
import { writeOutput } from '../render/output.js';
import { count } from '../render/count.js';
import { RejectsFile, SHOWN_REJECTS, rejectLine } from '../render/rejects-file.js';
import { resolvePeriod, DEFAULT_MAX_LIST, periodOptions, type PeriodFlags } from './options.js';
import { loadOptionsFrom, readOptions, type ReadFlags } from './read-options.js';
import { say, type Io } from './context.js';
import { CheckFailed, InputError, UsageError } from '../errors.js';

export const description =
  'for CI: load exports into a scratch in-memory database and fail (exit 1) when numbers are missing, or differ from --expect (all dates unless a period is given)';

export const options = () => [
  new Option('--expect <file>', 'an export CSV of the numbers that should be missing (smo-gaps export); exit 1 when they differ'),
  new Option('--write-expected <file>', 'write the missing numbers found as an export CSV, to create or update the --expect file'),
  ...periodOptions(),
  ...readOptions(),
  new Option('--rejects <file>', 'write rejected rows to this CSV (default: none written)'),
  new Option('--quiet', 'print no summary (errors still go to standard error)'),
];

export interface VerifyFlags extends PeriodFlags, Omit<ReadFlags, 'dryRun'> {
  rejects?: string;
  quiet?: boolean;
  expect?: string;
  writeExpected?: string;
}

/** Lines of a difference shown per side; the rest are counted. */
const SHOWN = 200;
const ALL_DATES: Period = { from: 0, to: 99_991_231 };

function toRange(g: MissingGap): MissingRange {
  return { store: g.store, doc_type: g.doc_type, series: g.series, from: g.gap_from, to: g.gap_to };
}

function listRanges(io: Io, prefix: string, ranges: MissingRange[]): void {
  for (const r of ranges.slice(0, SHOWN)) io.stdout.write(`${prefix}${describeRange(r)}\n`);
  if (ranges.length > SHOWN) io.stdout.write(`${prefix}… and ${ranges.length - SHOWN} more ranges\n`);
}

const numbers = (n: number) => `${count(n)} missing number${n === 1 ? '' : 's'}`;

export async function run(files: string[], flags: VerifyFlags, io: Io): Promise<void> {
  if (files.length === 0) throw new UsageError('verify needs at least one export file');
  checkStandardInputOnce(files);
  const load = loadOptionsFrom(flags, io.env);
  const period = flags.day || flags.month || flags.from || flags.to ? resolvePeriod(flags, io.env) : ALL_DATES;
  const expected = flags.expect === undefined ? undefined : await readExpected(flags.expect);
  const rejects = flags.rejects ? new RejectsFile(flags.rejects) : undefined;
  const db = openDatabase(':memory:');
  let actual: MissingRange[];
  try {
    let shown = 0;
    const { results } = await ingestFiles(
      db,
      files,
      { load },
      {
        reject: (r) => {
          rejects?.add(r);
          if (!flags.quiet && shown++ < SHOWN_REJECTS) say(io, rejectLine(r));
        },
        // A fixture that cannot be loaded is a broken check, not a difference: exit 2.
        failed: (_file, error) => {
          throw new InputError(error.message);
        },
      },
    );
    const invoices = results.reduce((sum, r) => sum + r.counts.loaded, 0);
    const rejected = results.reduce((sum, r) => sum + r.counts.rejected, 0);
    await rejects?.close();
    if (!flags.quiet) {
      say(
        io,
        `verify: ${files.length} file${files.length === 1 ? '' : 's'}, ${count(invoices)} invoices` +
          (rejected ? `, ${rejected} rejected row${rejected === 1 ? '' : 's'}${flags.rejects ? ` (in ${flags.rejects})` : ''}` : '') +
          (period === ALL_DATES ? '' : `, period ${describePeriod(period)}`),
      );
    }
    actual = [...missingGaps(db, period)].map(toRange);
    if (flags.writeExpected !== undefined) {
      await writeOutput(
        flags.writeExpected,
        csvStream(EXPORT_COLUMNS, exportRows(missingGaps(db, period), { maxList: DEFAULT_MAX_LIST, ranges: false })),
      );
    }
  } finally {
    db.close();
  }

  const found = countOf(actual);
  if (expected === undefined) {
    if (found === 0) {
      io.stdout.write('no missing numbers\n');
      return;
    }
    listRanges(io, 'missing: ', actual);
    throw new CheckFailed(`${numbers(found)} in ${actual.length} gap${actual.length === 1 ? '' : 's'}`);
  }
  const diff = diffMissing(actual, expected);
  if (!diff.added.length && !diff.disappeared.length) {
    io.stdout.write(`missing numbers as expected: ${numbers(found)} in ${actual.length} gap${actual.length === 1 ? '' : 's'}\n`);
    return;
  }
  if (diff.added.length) {
    io.stdout.write(`added (missing now, not in ${flags.expect}): ${numbers(countOf(diff.added))}\n`);
    listRanges(io, '+ ', diff.added);
  }
  if (diff.disappeared.length) {
    io.stdout.write(`disappeared (in ${flags.expect}, not missing now): ${numbers(countOf(diff.disappeared))}\n`);
    listRanges(io, '- ', diff.disappeared);
  }
  throw new CheckFailed(
    `the missing numbers differ from ${flags.expect}: ${countOf(diff.added)} added, ${countOf(diff.disappeared)} disappeared`,
  );
}
