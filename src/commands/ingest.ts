import { Option } from 'commander';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { Stringifier } from 'csv-stringify';
import { csvWriter } from '../render/csv.js';
import { openDatabase, defaultDbPath } from '../store/db.js';
import { loadFile, rejectLine, rejectPlace, type LoadOptions, type LoadResult, type Reject } from '../store/load-file.js';
import { parseMapOptions } from '../input/columns.js';
import { parseEncodingOption } from '../input/decode.js';
import { parseDateFormatOption } from '../input/dates.js';
import { docTypeCode } from '../input/doc-types.js';
import { loadPresets, parseDelimiterOption, parseNumberPattern, presetFor, type Presets } from '../input/presets.js';
import { isReceivedLayout } from '../input/sri-layouts.js';
import { dbOption, mapOption, type DbOptions } from './options.js';
import { ingestTable } from '../render/table.js';
import { Progress } from '../render/progress.js';
import { say, type Io } from './context.js';
import { InputError, SmoError, UsageError } from '../errors.js';

export const description = 'load invoice exports (CSV/TSV files, - for standard input, or Excel .xlsx workbooks) and bring the gaps up to date';

export const options = () => [
  dbOption(),
  new Option('--store <code>', 'store code for every row (when the file has no store column)'),
  new Option('--doc-type <code>', 'document type for rows that do not say (01 factura, 04 nota de crédito, …)'),
  mapOption(),
  new Option('--encoding <name>', 'input encoding: utf8 or latin1/windows-1252 (default: detected)'),
  new Option('--delimiter <char>', "field delimiter: ',' ';' or 'tab' (default: sniffed)"),
  new Option('--date-format <pattern>', 'order of slashed dates: dd/MM/yyyy or MM/dd/yyyy (default: decided per file)'),
  new Option('--sheet <name>', 'the sheet of an Excel workbook (.xlsx) to read (default: the first)'),
  new Option('--number-pattern <regex>', 'regular expression with named groups series and seq for unusual invoice numbers'),
  new Option('--config <file>', 'import presets per store or file-name pattern (default: ./smo-gaps.config.json when present)'),
  new Option('--strict', 'reject the whole file if any row is bad (nothing of it is loaded)'),
  new Option('--rejects <file>', 'write rejected rows to this CSV (default: beside the database)'),
  new Option('--dry-run', 'read and check everything, write nothing'),
  new Option('--quiet', 'print no summary (errors still go to standard error)'),
  new Option('--json', 'print the summary as JSON'),
];

export interface IngestFlags extends DbOptions {
  store?: string;
  docType?: string;
  map?: string[];
  encoding?: string;
  delimiter?: string;
  dateFormat?: string;
  numberPattern?: string;
  sheet?: string;
  config?: string;
  strict?: boolean;
  rejects?: string;
  dryRun?: boolean;
  quiet?: boolean;
  json?: boolean;
}

/** Turns the command line into load options, rejecting bad values before any file is read. */
export function loadOptionsFrom(flags: IngestFlags): LoadOptions {
  const result: LoadOptions = { strict: flags.strict, dryRun: flags.dryRun };
  if (flags.store !== undefined) {
    if (flags.store.trim() === '') throw new UsageError('--store needs a store code');
    result.store = flags.store.trim();
  }
  if (flags.docType !== undefined) {
    result.docType = docTypeCode(flags.docType);
    if (!result.docType) throw new UsageError(`--doc-type '${flags.docType}': not a document type (01, 04, Factura, …)`);
  }
  if (flags.map?.length) {
    const { map, errors } = parseMapOptions(flags.map);
    if (errors.length) throw new UsageError(errors.join('; '));
    result.map = map;
  }
  if (flags.encoding !== undefined) {
    result.encoding = parseEncodingOption(flags.encoding);
    if (!result.encoding) throw new UsageError(`--encoding '${flags.encoding}': expected utf8 or latin1`);
  }
  if (flags.delimiter !== undefined) {
    result.delimiter = parseDelimiterOption(flags.delimiter);
    if (!result.delimiter) throw new UsageError(`--delimiter '${flags.delimiter}': expected , ; tab or |`);
  }
  if (flags.dateFormat !== undefined) {
    result.dateOrder = parseDateFormatOption(flags.dateFormat);
    if (!result.dateOrder) throw new UsageError(`--date-format '${flags.dateFormat}': expected dd/MM/yyyy or MM/dd/yyyy`);
  }
  if (flags.sheet !== undefined) {
    if (flags.sheet.trim() === '') throw new UsageError('--sheet needs a sheet name');
    result.sheet = flags.sheet;
  }
  if (flags.numberPattern !== undefined) {
    const pattern = parseNumberPattern(flags.numberPattern);
    if (typeof pattern === 'string') throw new UsageError(`--number-pattern: ${pattern}`);
    result.numberPattern = pattern;
  }
  return result;
}

/** Rejected rows, streamed to a CSV that appears only when there is something in it. */
export class RejectsFile {
  private stringifier: Stringifier | undefined;
  private file: WriteStream | undefined;
  count = 0;

  constructor(readonly path: string) {}

  add(reject: Reject): void {
    if (!this.stringifier) {
      this.stringifier = csvWriter(['file', 'line', 'reason', 'raw']);
      this.file = createWriteStream(this.temporary());
      this.stringifier.pipe(this.file);
    }
    this.count++;
    this.stringifier.write([reject.file, rejectLine(reject), reject.reason, reject.raw]);
  }

  /** Finishes the file; returns its path, or undefined when nothing was rejected. */
  async close(): Promise<string | undefined> {
    if (!this.stringifier || !this.file) return undefined;
    const finished = new Promise<void>((resolve, reject) => this.file!.on('close', () => resolve()).on('error', reject));
    this.stringifier.end();
    await finished;
    await rename(this.temporary(), this.path);
    return this.path;
  }

  private temporary(): string {
    return join(dirname(this.path), `.${basename(this.path)}.${process.pid}.tmp`);
  }
}

export function defaultRejectsPath(dbPath: string, now = new Date()): string {
  const base = basename(dbPath).replace(/\.(db|sqlite3?)$/i, '');
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
  return join(dirname(dbPath), `${base}-rejects-${stamp}.csv`);
}

const SHOWN_REJECTS = 10;

/** One file's result, with the presets that described it. */
export type IngestResult = LoadResult & { presets: string[] };

/** The options for one file: its presets, then the command line over them. */
export function optionsForFile(file: string, cli: LoadOptions, presets: Presets | undefined): { options: LoadOptions; names: string[] } {
  const { options: preset, names } = presetFor(presets, file, cli.store);
  const options: LoadOptions = { ...preset };
  for (const [key, value] of Object.entries(cli)) if (value !== undefined) Object.assign(options, { [key]: value });
  if (preset.map && cli.map) options.map = { ...preset.map, ...cli.map };
  return { options, names };
}

/** Loads each file in its own transaction; a file that fails does not stop the others. */
export async function ingestFiles(
  files: string[],
  flags: IngestFlags,
  io: Io,
): Promise<{ results: IngestResult[]; failures: SmoError[]; rejectsPath?: string }> {
  const options = loadOptionsFrom(flags);
  const presets = loadPresets(flags.config);
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  const dbPath = defaultDbPath(flags.db);
  const db = openDatabase(dbPath);
  const rejects = flags.dryRun && !flags.rejects ? undefined : new RejectsFile(flags.rejects ?? defaultRejectsPath(dbPath));
  const results: IngestResult[] = [];
  const failures: SmoError[] = [];
  let shown = 0;
  try {
    for (const file of files) {
      const progress = io.interactiveErr && !flags.quiet ? new Progress(io.stderr, file) : undefined;
      try {
        const chosen = optionsForFile(file, options, presets);
        const result = await loadFile(db, file, {
          ...chosen.options,
          onReject: (reject) => {
            rejects?.add(reject);
            if (!flags.quiet && shown++ < SHOWN_REJECTS) say(io, `${reject.file}: ${rejectPlace(reject)}: ${reject.reason}`);
          },
          onProgress: progress && ((p) => progress.update(p.bytesRead, p.size, p.rows)),
        });
        results.push({ ...result, presets: chosen.names });
        if (!flags.quiet) for (const note of result.notes) say(io, note);
        if (isReceivedLayout(result.layout) && !flags.quiet && result.counts.gapsOpened > 0) {
          say(io, `${result.file}: an SRI "recibidos" download: its issuers also numbered documents for other customers, so its gaps are expected; audit a store with its "emitidos" file`);
        }
      } catch (error) {
        if (!(error instanceof SmoError)) throw error;
        failures.push(error);
        if (files.length > 1) say(io, `smo-gaps: ${error.message}`);
      } finally {
        progress?.done();
      }
    }
  } finally {
    db.close();
  }
  const rejectsPath = await rejects?.close();
  if (rejectsPath && !flags.quiet) {
    const more = rejects!.count > SHOWN_REJECTS ? ` (${rejects!.count - SHOWN_REJECTS} more not shown)` : '';
    say(io, `${rejects!.count} rejected row${rejects!.count === 1 ? '' : 's'} written to ${rejectsPath}${more}`);
  }
  return { results, failures, rejectsPath };
}

function rejectsByReason(results: LoadResult[]): Record<string, number> {
  const all: Record<string, number> = {};
  for (const r of results) for (const [kind, count] of Object.entries(r.rejectsByReason)) all[kind] = (all[kind] ?? 0) + count;
  return all;
}

export function ingestJson(results: IngestResult[], rejectsPath: string | undefined): unknown {
  const total = (key: keyof LoadResult['counts']) => results.reduce((acc, r) => acc + r.counts[key], 0);
  return {
    files: results.map((r) => ({
      file: r.file,
      run_id: r.runId,
      status: r.status,
      sha256: r.sha256,
      size: r.size,
      encoding: r.encoding,
      layout: r.layout ?? null,
      presets: r.presets,
      rows_read: r.counts.rowsRead,
      loaded: r.counts.loaded,
      void: r.counts.voids,
      already_present: r.counts.alreadyPresent,
      conflicts: r.counts.conflicts,
      rejected: r.counts.rejected,
      rejected_by_reason: r.rejectsByReason,
      gaps_opened: r.counts.gapsOpened,
      missing_opened: r.counts.missingOpened,
      recovered_late: r.counts.recoveredLate,
      seconds: Math.round(r.seconds * 1000) / 1000,
      rows_per_second: Math.round(r.counts.rowsRead / Math.max(r.seconds, 1e-6)),
    })),
    totals: {
      files: results.length,
      rows_read: total('rowsRead'),
      loaded: total('loaded'),
      already_present: total('alreadyPresent'),
      conflicts: total('conflicts'),
      rejected: total('rejected'),
      rejected_by_reason: rejectsByReason(results),
      gaps_opened: total('gapsOpened'),
      recovered_late: total('recoveredLate'),
    },
    rejects_file: rejectsPath ?? null,
  };
}

export async function run(files: string[], flags: IngestFlags, io: Io): Promise<void> {
  if (files.length === 0) throw new UsageError('ingest needs at least one file (or - for standard input)');
  const { results, failures, rejectsPath } = await ingestFiles(files, flags, io);
  if (flags.json) io.stdout.write(`${JSON.stringify(ingestJson(results, rejectsPath), null, 2)}\n`);
  else if (!flags.quiet && results.length) io.stdout.write(ingestTable(results, io.style));
  if (failures.length) {
    throw new InputError(
      failures.length === 1 && files.length === 1
        ? failures[0].message
        : `${failures.length} of ${files.length} files were not loaded (see the messages above)`,
    );
  }
}
