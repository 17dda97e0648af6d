import { Option } from 'commander';
import { basename, dirname } from 'node:path';
import { outputTarget, removeDeadTemporaries } from '../render/output.js';
import { openDatabase, defaultDbPath } from '../store/db.js';
import { checkStandardInputOnce, ingestFiles, type IngestOutcome } from '../ingest/ingest-files.js';
import { loadPresets } from '../input/presets.js';
import { isReceivedLayout } from '../input/sri-layouts.js';
import { ingestJson, jsonText } from '../render/formats.js';
import { RejectsFile, SHOWN_REJECTS, defaultRejectsPath, rejectLine } from '../render/rejects-file.js';
import { ingestTable } from '../render/table.js';
import { Progress } from '../render/progress.js';
import { dbOption, type DbOptions } from './options.js';
import { loadOptionsFrom, readOptions, type ReadFlags } from './read-options.js';
import { say, type Io } from './context.js';
import { InputError, UsageError } from '../errors.js';

export const description =
  'load invoice exports (CSV/TSV files, - for standard input, or Excel .xlsx workbooks) and bring the gaps up to date';

export const options = () => [
  dbOption(),
  ...readOptions(),
  new Option('--rejects <file>', 'write rejected rows to this CSV (default: beside the database)'),
  new Option('--dry-run', 'read and check everything, write nothing'),
  new Option('--quiet', 'print no summary (errors still go to standard error)'),
  new Option('--json', 'print the summary as JSON'),
];

export interface IngestFlags extends DbOptions, ReadFlags {
  rejects?: string;
  dryRun?: boolean;
  quiet?: boolean;
  json?: boolean;
}

export async function run(files: string[], flags: IngestFlags, io: Io): Promise<void> {
  if (files.length === 0) throw new UsageError('ingest needs at least one file (or - for standard input)');
  const load = loadOptionsFrom(flags, io.env);
  const presets = loadPresets(flags.config);
  checkStandardInputOnce(files);
  const dbPath = defaultDbPath(flags.db);
  const db = openDatabase(dbPath);
  const rejects = flags.dryRun && !flags.rejects ? undefined : new RejectsFile(flags.rejects ?? defaultRejectsPath(dbPath));
  // What a killed ingest left half-written beside its rejects file.
  if (rejects) {
    const target = outputTarget(rejects.path).path;
    const stem = basename(dbPath).replace(/\.(db|sqlite3?)$/i, '');
    await removeDeadTemporaries(dirname(target), (name) => name === basename(target) || name.startsWith(`${stem}-rejects-`));
  }
  let shown = 0;
  let progress: Progress | undefined;
  let outcome: IngestOutcome;
  try {
    outcome = await ingestFiles(
      db,
      files,
      { load, presets },
      {
        start: (file) => {
          progress = io.interactiveErr && !flags.quiet ? new Progress(io.stderr, file) : undefined;
        },
        progress: (_file, p) => progress?.update(p.bytesRead, p.size, p.rows),
        end: () => progress?.done(),
        reject: (reject) => {
          rejects?.add(reject);
          if (!flags.quiet && shown++ < SHOWN_REJECTS) say(io, rejectLine(reject));
        },
        loaded: (result) => {
          if (!flags.quiet) for (const warning of result.warnings) say(io, `warning: ${warning}`);
          const unreadable = result.counts.amountsUnreadable;
          if (unreadable > 0 && !flags.quiet) {
            say(
              io,
              `${result.file}: warning: ${unreadable} row${unreadable === 1 ? '' : 's'} loaded without an amount (the amount could not be read); their invoices count as present, their sales as 0`,
            );
          }
          if (isReceivedLayout(result.layout) && !flags.quiet && result.counts.gapsOpened > 0) {
            say(
              io,
              `${result.file}: an SRI "recibidos" download: its issuers also numbered documents for other customers, so its gaps are expected; audit a store with its "emitidos" file`,
            );
          }
        },
        failed: (_file, error) => {
          if (files.length > 1) say(io, `smo-gaps: ${error.message}`);
        },
      },
    );
  } finally {
    db.close();
  }
  const { results, failures } = outcome;
  const rejectsPath = await rejects?.close();
  if (rejects && rejectsPath && !flags.quiet) {
    const more = rejects.count > SHOWN_REJECTS ? ` (${rejects.count - SHOWN_REJECTS} more not shown)` : '';
    say(io, `${rejects.count} rejected row${rejects.count === 1 ? '' : 's'} written to ${rejectsPath}${more}`);
  }
  if (flags.json) io.stdout.write(jsonText(ingestJson(results, rejectsPath)));
  else if (!flags.quiet && results.length) io.stdout.write(ingestTable(results, io.style));
  if (failures.length) {
    throw new InputError(
      failures.length === 1 && files.length === 1
        ? failures[0].error.message
        : `${failures.length} of ${files.length} files were not loaded (see the messages above)`,
    );
  }
}
