import { Option } from 'commander';
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { openDatabase, defaultDbPath, type DB } from '../store/db.js';
import { loadFile, type LoadResult } from '../store/load-file.js';
import { finishedRunWithSha } from '../store/runs.js';
import { acquireRunLock } from '../store/run-lock.js';
import { sha256File } from '../input/sha256.js';
import { describeReadError } from '../input/reader.js';
import { loadPresets } from '../input/presets.js';
import { makeDirectory } from '../make-directory.js';
import { describePeriod, lastMonth, yesterday, today, type Period } from '../audit/period.js';
import { buildReport, type Report } from '../audit/report.js';
import { buildStatus } from '../audit/status.js';
import { EXPORT_COLUMNS, exportRows, missingGaps } from '../audit/missing.js';
import { formatDay } from '../input/dates.js';
import { csvStream } from '../render/csv.js';
import { writeOutput } from '../render/output.js';
import { writeHtmlReport } from './html.js';
import { LANGS, langFromEnv, type Lang } from '../render/i18n.js';
import { Log } from '../render/log.js';
import * as ingest from './ingest.js';
import { renderReport } from './report.js';
import { positiveInteger } from './options.js';
import type { Io } from './context.js';
import { CheckFailed, InputError, SmoError, UsageError } from '../errors.js';

export const description =
  "for cron: load the inbox's new exports, then write yesterday's (daily) or last month's (monthly) report files";

/** How many late stores the daily log line names. */
const LATE_CODES_LOGGED = 20;

/** Ingest's options that make sense for a whole inbox; the rest are the run's own. */
const INGEST_OPTIONS_NOT_TAKEN = ['--rejects', '--dry-run', '--quiet', '--json'];

export const options = () => [
  ...ingest.options().filter((o) => !INGEST_OPTIONS_NOT_TAKEN.includes(o.long ?? '')),
  new Option('--inbox <dir>', 'directory the exports arrive in (files starting with . or ending .tmp/.part are ignored)').makeOptionMandatory(),
  new Option('--out <dir>', 'directory for the dated report files (created if needed)').makeOptionMandatory(),
  new Option('--keep', 'leave loaded files in the inbox instead of moving them to INBOX/processed/'),
  new Option('--fail-on-gaps', 'exit 1 when the period has missing numbers'),
  new Option('--top <n>', 'how many stores the report ranks').argParser(positiveInteger('--top')).default(5),
  new Option('--max-list <n>', 'in the missing-numbers CSV, a gap larger than this is one range row')
    .argParser(positiveInteger('--max-list')).default(1000),
  new Option('--wait <seconds>', 'how long to wait for another run on the same database; 0: stop at once (exit 2)')
    .argParser(nonNegativeSeconds).default(1800),
  new Option('--html', 'also write the HTML dashboard (report-<period>.html)'),
  new Option('--lang <lang>', 'language of the HTML dashboard (default: from $LANG, else en)').choices([...LANGS]),
  new Option('--quiet', 'log only warnings and errors'),
  new Option('--log-format <format>', 'log lines on standard error as text or JSON (one object per line)')
    .choices(['text', 'json']).default('text'),
];

function nonNegativeSeconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new UsageError(`--wait '${value}': expected a number of seconds, 0 or more`);
  return parsed;
}

export interface RunFlags extends Omit<ingest.IngestFlags, 'rejects' | 'dryRun' | 'json'> {
  inbox: string;
  out: string;
  keep?: boolean;
  failOnGaps?: boolean;
  top: number;
  maxList: number;
  wait: number;
  html?: boolean;
  lang?: Lang;
  logFormat: 'text' | 'json';
}

export type Schedule = 'daily' | 'monthly';

/** The period a scheduled run reports, and the label its file names carry. */
export function scheduledPeriod(schedule: Schedule, env: NodeJS.ProcessEnv): { period: Period; label: string } {
  if (schedule === 'daily') {
    const day = yesterday(env);
    return { period: { from: day, to: day }, label: formatDay(day) };
  }
  const period = lastMonth(env);
  return { period, label: formatDay(period.from).slice(0, 7) };
}

/** The dated files a run writes into --out. */
export function outputNames(label: string): { table: string; json: string; html: string; missing: string; rejects: string } {
  return {
    table: `report-${label}.txt`,
    html: `report-${label}.html`,
    json: `report-${label}.json`,
    missing: `missing-${label}.csv`,
    rejects: `rejects-${label}.csv`,
  };
}

/** Names an uploader may still be writing, by convention: hidden files and partial downloads. */
export function isInboxCandidate(name: string): boolean {
  return !name.startsWith('.') && !/\.(tmp|part|partial|filepart|crdownload)$/i.test(name);
}

export async function run(schedule: Schedule, flags: RunFlags, io: Io): Promise<void> {
  const started = performance.now();
  const log = new Log(io.stderr, { format: flags.logFormat, quiet: flags.quiet });
  const loadOptions = ingest.loadOptionsFrom(flags);
  const presets = loadPresets(flags.config);
  const { period, label } = scheduledPeriod(schedule, io.env);
  const dbPath = defaultDbPath(flags.db);
  if (dbPath === ':memory:') throw new UsageError(`run ${schedule} needs a database file (--db), not :memory:`);
  await checkDirectory(flags.inbox, '--inbox');
  try {
    makeDirectory(flags.out);
  } catch (error) {
    throw new InputError(`--out ${flags.out}: cannot create: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const names = outputNames(label);
  log.info('start', {
    run: schedule, period: describePeriod(period), today: formatDay(today(io.env)), db: dbPath, inbox: flags.inbox, out: flags.out,
  });

  let waited = false;
  const lock = acquireRunLock(dbPath, {
    waitMs: flags.wait * 1000,
    command: `run ${schedule}`,
    onWait: (holder) => {
      waited = true;
      log.warn('wait', {
        reason: 'another run holds the database',
        pid: holder?.pid,
        since: holder?.started,
        max_seconds: flags.wait,
      });
    },
  });
  if (waited) log.info('lock', { waited_seconds: Math.round(lock.waitedMs / 100) / 10 });

  let db: DB | undefined;
  const failures: string[] = [];
  const unmoved: string[] = [];
  let report: Report;
  const figures = { files: 0, loaded_files: 0, known_files: 0, failed_files: 0, rows: 0, loaded: 0, recovered_late: 0 };
  try {
    db = openDatabase(dbPath);
    // Listed after taking the lock: a run that waited sees what the previous one left.
    const files = await inboxFiles(flags.inbox);
    log.info('scan', { inbox: flags.inbox, files: files.length });
    const rejectsPath = join(flags.out, `.${names.rejects}.${process.pid}.new`);
    const rejects = new ingest.RejectsFile(rejectsPath);
    const leaveInInbox = (file: string, error: SmoError) => {
      figures.failed_files++;
      failures.push(file);
      log.error('ingest', { file, error: error.message, action: 'left in the inbox' });
    };
    for (const file of files) {
      figures.files++;
      let sha256: string;
      try {
        sha256 = await sha256File(file);
      } catch (error) {
        // Taken away since the listing (by hand, or by a process that does not take the lock).
        if (!(await stat(file).then(() => true, () => false))) {
          log.warn('gone', { file, reason: 'removed from the inbox during the run' });
          continue;
        }
        if (!(error instanceof SmoError)) throw error;
        leaveInInbox(file, error);
        continue;
      }
      // Runs on one database are serialised by the lock, so nothing can load this content
      // between this check and the load below.
      const known = finishedRunWithSha(db, sha256);
      if (known) {
        figures.known_files++;
        log.info('skip', { file, sha256: sha256.slice(0, 12), reason: 'content already loaded', run: known.id, as: known.file });
        if (!(await settle(file, sha256, flags, log))) unmoved.push(file);
        continue;
      }
      let result: LoadResult;
      // The file's import presets (--config, or ./smo-gaps.config.json), then the command line.
      const chosen = ingest.optionsForFile(file, loadOptions, presets);
      try {
        result = await loadFile(db, file, { ...chosen.options, onReject: (reject) => rejects.add(reject) });
      } catch (error) {
        if (!(error instanceof SmoError)) throw error;
        leaveInInbox(file, error);
        continue;
      }
      figures.loaded_files++;
      figures.rows += result.counts.rowsRead;
      figures.loaded += result.counts.loaded;
      figures.recovered_late += result.counts.recoveredLate;
      const c = result.counts;
      log.info('ingest', {
        file, sha256: result.sha256.slice(0, 12), rows: c.rowsRead, loaded: c.loaded, void: c.voids,
        already_present: c.alreadyPresent, conflicts: c.conflicts, rejected: c.rejected,
        gaps_opened: c.gapsOpened, missing_opened: c.missingOpened, recovered_late: c.recoveredLate,
        presets: chosen.names.length ? chosen.names.join(',') : undefined,
        seconds: Math.round(result.seconds * 1000) / 1000,
      });
      if (c.rejected) {
        const reasons = Object.entries(result.rejectsByReason).map(([k, v]) => `${k}: ${v}`).join('; ');
        log.warn('rejects', { file, rejected: c.rejected, reasons });
      }
      if (c.conflicts) log.warn('conflicts', { file, conflicts: c.conflicts });
      for (const note of result.notes) log.warn('note', { file, note });
      if (!(await settle(file, result.sha256, flags, log))) unmoved.push(file);
    }
    if (await rejects.close()) {
      const target = join(flags.out, names.rejects);
      const appended = await mergeRejects(rejectsPath, target);
      log.info('write', { file: target, rows: rejects.count, appended: appended || undefined });
    }

    report = buildReport(db, period, { top: flags.top });
    const t = report.totals;
    log.info('report', {
      period: describePeriod(period), stores: t.stores, series: t.series, invoices: t.invoices, missing: t.missing,
      gaps: t.gaps, recovered_late: t.recovered_late, conflicts: t.conflicts,
    });
    const written: [string, string | AsyncIterable<string | Buffer>][] = [
      [names.table, renderReport(report, 'table', io, true)],
      [names.json, renderReport(report, 'json', io, true)],
      [names.missing, csvStream(EXPORT_COLUMNS, exportRows(missingGaps(db, period), { maxList: flags.maxList, ranges: false }))],
    ];
    for (const [name, content] of written) {
      const path = join(flags.out, name);
      await writeOutput(path, content);
      log.info('write', { file: path, bytes: (await stat(path)).size });
    }
    if (flags.html) {
      const path = join(flags.out, names.html);
      await writeHtmlReport(db, period, { lang: flags.lang ?? langFromEnv(io.env), top: flags.top, maxList: flags.maxList }, path);
      log.info('write', { file: path, bytes: (await stat(path)).size });
    }
    if (schedule === 'daily') {
      const late = buildStatus(db, today(io.env), { maxGaps: 0 }).late;
      if (late.length) {
        // A log line stays readable: the first codes, and how many more (`status` lists them all).
        const codes = late.slice(0, LATE_CODES_LOGGED).map((s) => s.store).join(',');
        const more = late.length > LATE_CODES_LOGGED ? `,…+${late.length - LATE_CODES_LOGGED}` : '';
        log.warn('late', { day: formatDay(period.from), stores: late.length, codes: codes + more });
      }
    }
  } finally {
    db?.close();
    lock.release();
  }

  const trouble = [
    failures.length &&
      `${failures.length} file${failures.length === 1 ? '' : 's'} could not be loaded and stay${failures.length === 1 ? 's' : ''} in the inbox: ${failures.join(', ')}`,
    unmoved.length && `${unmoved.length} loaded file${unmoved.length === 1 ? '' : 's'} could not be moved to processed/: ${unmoved.join(', ')}`,
  ].filter(Boolean);
  const failure = trouble.length
    ? new InputError(trouble.join('; '))
    : flags.failOnGaps && report.totals.missing > 0
      ? new CheckFailed(`${report.totals.missing} missing number${report.totals.missing === 1 ? '' : 's'} in ${describePeriod(period)}`)
      : undefined;
  const done = {
    exit: failure?.exitCode ?? 0, ...figures, missing: report.totals.missing,
    seconds: Math.round((performance.now() - started) / 10) / 100, message: failure?.message,
  };
  if (!failure) log.info('done', done);
  else if (failure.exitCode === 1) log.warn('done', done);
  else log.error('done', done);
  if (failure) throw failure;
}

async function checkDirectory(path: string, option: string): Promise<void> {
  try {
    if ((await stat(path)).isDirectory()) return;
  } catch (error) {
    throw describeReadError(`${option} ${path}`, error as Error);
  }
  throw new InputError(`${option} ${path}: not a directory`);
}

/** The inbox's files, in name order (which is upload order for dated names). */
async function inboxFiles(inbox: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(inbox, { withFileTypes: true })) {
    if (!isInboxCandidate(entry.name)) continue;
    const path = join(inbox, entry.name);
    if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile())) files.push(path);
  }
  return files.sort();
}

/**
 * Moves a loaded (or already known) file to INBOX/processed/. A different file already
 * there under the same name is kept: the newcomer gets its hash in its name.
 */
async function settle(file: string, sha256: string, flags: RunFlags, log: Log): Promise<boolean> {
  if (flags.keep) return true;
  const dir = join(flags.inbox, 'processed');
  try {
    makeDirectory(dir);
  } catch (error) {
    log.error('move', { file, error: `cannot create ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
    return false;
  }
  let target = join(dir, basename(file));
  if (await stat(target).then(() => true, () => false)) {
    const ext = extname(file);
    target = join(dir, `${basename(file, ext)}.${sha256.slice(0, 12)}${ext}`);
  }
  try {
    await rename(file, target);
  } catch (error) {
    // Loaded, so nothing is lost: the next run knows its content and tries the move again.
    log.error('move', { file, to: target, error: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
    return false;
  }
  log.info('move', { file, to: target });
  return true;
}

/**
 * Puts this run's rejects into the day's rejects file: the first run of the day names it,
 * a later run of the same day appends (without a second header), so no reject is lost.
 * Returns whether it appended.
 */
async function mergeRejects(fresh: string, target: string): Promise<boolean> {
  const exists = await stat(target).then(() => true, () => false);
  if (!exists) {
    await rename(fresh, target);
    return false;
  }
  const header = Buffer.byteLength('file,line,reason,raw\n');
  const temporary = join(resolve(target, '..'), `.${basename(target)}.${process.pid}.tmp`);
  try {
    const out = createWriteStream(temporary);
    await pipeline(createReadStream(target), out, { end: false });
    await pipeline(createReadStream(fresh, { start: header }), out);
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
    await rm(fresh, { force: true });
  }
  return true;
}
