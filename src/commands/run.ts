import { Option } from 'commander';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase, defaultDbPath, type DB } from '../store/db.js';
import { acquireRunLock } from '../store/run-lock.js';
import { ingestFiles } from '../ingest/ingest-files.js';
import { listInbox, moveToProcessed } from '../ingest/inbox.js';
import type { LoadOptions } from '../ingest/load-file.js';
import { describeReadError } from '../input/record-stream.js';
import { loadPresets, type Presets } from '../input/presets.js';
import { makeDirectory } from '../make-directory.js';
import { describePeriod, today, type Period } from '../audit/period.js';
import { auditPeriod, type Report } from '../audit/report.js';
import { lateStores } from '../audit/status.js';
import { findingsCsv } from '../render/findings.js';
import { EXPORT_COLUMNS, exportRows, missingGaps } from '../audit/missing.js';
import { formatDay } from '../input/dates.js';
import { csvStream } from '../render/csv.js';
import { removeDeadTemporaries, writeOutput } from '../render/output.js';
import { buildMoney } from '../audit/money/build.js';
import { moneyCsv } from '../render/money.js';
import { writeHtmlReport } from '../render/dashboard.js';
import { renderReport, jsonText } from '../render/formats.js';
import { writeBatchRejects } from '../render/rejects-file.js';
import { markInterrupted } from '../store/runs.js';
import { PLAIN } from '../render/style.js';
import { LANGS, langFromEnv, type Lang } from '../render/i18n.js';
import { Log } from '../render/log.js';
import { dbOption, jumpOption, maxListOption, nonNegativeSeconds, topOption, type DbOptions } from './options.js';
import { loadOptionsFrom, readOptions, type ReadFlags } from './read-options.js';
import type { Io } from './context.js';
import { outputNames, scheduledPeriod, type Schedule } from './run-schedule.js';
import { saveSnapshot } from '../audit/snapshots.js';
import { VERSION } from '../version.js';
import { CheckFailed, InputError, type SmoError, UsageError } from '../errors.js';

export const description = "for cron: load the inbox's new exports, then write yesterday's (daily) or last month's (monthly) report files";

/** How many late stores the daily log line names. */
const LATE_CODES_LOGGED = 20;

export const options = () => [
  dbOption(),
  ...readOptions(),
  new Option(
    '--inbox <dir>',
    'directory the exports arrive in (files starting with . or ending .tmp/.part are ignored)',
  ).makeOptionMandatory(),
  new Option('--out <dir>', 'directory for the dated report files (created if needed)').makeOptionMandatory(),
  new Option('--settle <seconds>', 'leave files modified less than this long ago for the next run (an upload still being written)')
    .argParser(nonNegativeSeconds('--settle'))
    .default(60),
  new Option('--keep', 'leave loaded files in the inbox instead of moving them to INBOX/processed/'),
  new Option('--fail-on-gaps', 'exit 1 when the period has missing numbers'),
  topOption('how many stores the report ranks'),
  maxListOption('in the missing-numbers CSV, a gap larger than this is one range row'),
  jumpOption(),
  new Option('--wait <seconds>', 'how long to wait for another run on the same database; 0: stop at once (exit 2)')
    .argParser(nonNegativeSeconds('--wait'))
    .default(1800),
  new Option('--html', 'also write the HTML dashboard (report-<period>.html)'),
  new Option('--lang <lang>', 'language of the HTML dashboard (default: from $LANG, else en)').choices([...LANGS]),
  new Option('--quiet', 'log only warnings and errors'),
  new Option('--log-format <format>', 'log lines on standard error as text or JSON (one object per line)')
    .choices(['text', 'json'])
    .default('text'),
];

export interface RunFlags extends DbOptions, Omit<ReadFlags, 'dryRun'> {
  quiet?: boolean;
  inbox: string;
  out: string;
  keep?: boolean;
  failOnGaps?: boolean;
  top: number;
  maxList: number;
  jump: number;
  wait: number;
  settle: number;
  html?: boolean;
  lang?: Lang;
  logFormat: 'text' | 'json';
}

export { outputNames, scheduledPeriod, type Schedule } from './run-schedule.js';

/** What a run will do, decided and checked before the lock is taken or anything is read. */
export interface RunPlan {
  schedule: Schedule;
  period: Period;
  label: string;
  dbPath: string;
  names: ReturnType<typeof outputNames>;
  load: LoadOptions;
  presets: Presets | undefined;
}

/** What a run did: the figures of its closing log line, and what went wrong. */
interface RunOutcome {
  figures: {
    files: number;
    loaded_files: number;
    known_files: number;
    failed_files: number;
    rows: number;
    loaded: number;
    recovered_late: number;
  };
  failures: string[];
  unmoved: string[];
  report: Report;
}

export async function run(schedule: Schedule, flags: RunFlags, io: Io): Promise<void> {
  const started = performance.now();
  const log = new Log(io.stderr, { format: flags.logFormat, quiet: flags.quiet });
  const plan = await planRun(schedule, flags, io);
  log.info('start', {
    run: schedule,
    period: describePeriod(plan.period),
    today: formatDay(today(io.env)),
    db: plan.dbPath,
    inbox: flags.inbox,
    out: flags.out,
  });
  const outcome = await applyRun(plan, flags, io, log);
  const failure = runFailure(plan, flags, outcome);
  const done = {
    exit: failure?.exitCode ?? 0,
    ...outcome.figures,
    missing: outcome.report.totals.missing,
    seconds: Math.round((performance.now() - started) / 10) / 100,
    message: failure?.message,
  };
  if (!failure) log.info('done', done);
  else if (failure.exitCode === 1) log.warn('done', done);
  else log.error('done', done);
  if (failure) throw failure;
}

/** Reads and checks the command line, the period, the database and the two directories. */
export async function planRun(schedule: Schedule, flags: RunFlags, io: Io): Promise<RunPlan> {
  const load = loadOptionsFrom(flags, io.env);
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
  return { schedule, period, label, dbPath, names: outputNames(label), load, presets };
}

/** Under the run lock: loads the inbox's new exports, then writes the period's report files. */
async function applyRun(plan: RunPlan, flags: RunFlags, io: Io, log: Log): Promise<RunOutcome> {
  const { schedule, period, names } = plan;
  let waited = false;
  const lock = acquireRunLock(plan.dbPath, {
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
  try {
    db = openDatabase(plan.dbPath);
    // A run killed before is marked here, even when this one has nothing to load.
    const interrupted = markInterrupted(db);
    if (interrupted)
      log.warn('interrupted', { runs: interrupted, reason: 'their process ended before the load finished; nothing of them was stored' });
    const loaded = await ingestInbox(db, plan, flags, log);
    const { report, findings } = auditPeriod(db, period, { top: flags.top, jump: flags.jump });
    // Every scheduled report is kept as issued (SPEC §10: smo-gaps snapshots).
    const saved = saveSnapshot(db, report, { source: `run ${schedule}`, period, top: flags.top, version: VERSION });
    const t = report.totals;
    log.info('report', {
      period: describePeriod(period),
      stores: t.stores,
      series: t.series,
      invoices: t.invoices,
      missing: t.missing,
      gaps: t.gaps,
      jumps: t.jumps || undefined,
      recovered_late: t.recovered_late,
      conflicts: t.conflicts,
      explained: t.explained,
      saved,
    });
    if (findings.findings.length) {
      log.warn('findings', { period: describePeriod(period), findings: findings.findings.length, ...findings.totals });
    }
    const written: [string, string | AsyncIterable<string | Buffer>][] = [
      [names.table, renderReport(report, 'table', PLAIN)],
      [names.json, renderReport(report, 'json', PLAIN)],
      [
        names.missing,
        csvStream(EXPORT_COLUMNS, exportRows(missingGaps(db, period, { jump: flags.jump }), { maxList: flags.maxList, ranges: false })),
      ],
      [names.findings, findingsCsv(findings)],
    ];
    if (schedule === 'monthly') {
      // Money at stake of the month (SPEC §8), the same figures as `money --month`.
      const month = formatDay(period.from).slice(0, 7);
      const money = buildMoney(db, [month], { top: flags.top });
      log.info('money', {
        month,
        stores: money.stores.length,
        at_stake: money.totals.at_stake,
        estimated_unreported: money.totals.estimated_unreported,
      });
      written.push([`money-${month}.csv`, moneyCsv(money)], [`money-${month}.json`, jsonText(money)]);
    }
    for (const [name, content] of written) {
      const path = join(flags.out, name);
      await writeOutput(path, content);
      log.info('write', { file: path, bytes: (await stat(path)).size });
    }
    if (flags.html) {
      const path = join(flags.out, names.html);
      await writeHtmlReport(
        db,
        period,
        { lang: flags.lang ?? langFromEnv(io.env), top: flags.top, maxList: flags.maxList, jump: flags.jump },
        path,
      );
      log.info('write', { file: path, bytes: (await stat(path)).size });
    }
    if (schedule === 'daily') logLateStores(db, period, io, log);
    return { ...loaded, report };
  } finally {
    db?.close();
    lock.release();
  }
}

/** The inbox's new exports into the database; loaded and known files move to processed/. */
async function ingestInbox(db: DB, plan: RunPlan, flags: RunFlags, log: Log): Promise<Omit<RunOutcome, 'report'>> {
  const figures: RunOutcome['figures'] = {
    files: 0,
    loaded_files: 0,
    known_files: 0,
    failed_files: 0,
    rows: 0,
    loaded: 0,
    recovered_late: 0,
  };
  const failures: string[] = [];
  const unmoved: string[] = [];
  // Under the lock no other run writes into --out: what a dead one left there goes.
  const ours = (name: string) => /^(report|missing|rejects)-/.test(name);
  for (const leftover of await removeDeadTemporaries(flags.out, ours))
    log.info('clean', { file: leftover, reason: 'left by a run that died' });
  // Listed after taking the lock: a run that waited sees what the previous one left.
  const { files, skipped } = await listInbox(flags.inbox, flags.settle);
  for (const s of skipped) (s.warn ? log.warn : log.info).call(log, 'skip', { file: s.file, reason: s.reason });
  log.info('scan', { inbox: flags.inbox, files: files.length });
  figures.files = files.length;
  // The loads of this scheduled run: its rejects file is written from the database.
  const batch = `${plan.schedule}:${plan.label}`;
  const settle = async (file: string, sha256: string) => {
    if (flags.keep) return;
    const moved = await moveToProcessed(flags.inbox, file, sha256);
    if ('error' in moved) {
      log.error('move', { file, to: moved.to, error: moved.error });
      unmoved.push(file);
    } else log.info('move', { file, to: moved.to });
  };
  await ingestFiles(
    db,
    files,
    { load: { ...plan.load, batch }, presets: plan.presets, skipKnown: true },
    {
      gone: (file) => log.warn('gone', { file, reason: 'removed from the inbox during the run' }),
      failed: (file, error: SmoError) => {
        figures.failed_files++;
        failures.push(file);
        log.error('ingest', { file, error: error.message, action: 'left in the inbox' });
      },
      known: async (file, sha256, known) => {
        figures.known_files++;
        log.info('skip', { file, sha256: sha256.slice(0, 12), reason: 'content already loaded', run: known.id, as: known.file });
        await settle(file, sha256);
      },
      loaded: async (result) => {
        const file = result.file;
        const c = result.counts;
        figures.loaded_files++;
        figures.rows += c.rowsRead;
        figures.loaded += c.loaded;
        figures.recovered_late += c.recoveredLate;
        log.info('ingest', {
          file,
          sha256: result.sha256.slice(0, 12),
          rows: c.rowsRead,
          loaded: c.loaded,
          void: c.voids,
          already_present: c.alreadyPresent,
          conflicts: c.conflicts,
          rejected: c.rejected,
          gaps_opened: c.gapsOpened,
          missing_opened: c.missingOpened,
          recovered_late: c.recoveredLate,
          presets: result.presets.length ? result.presets.join(',') : undefined,
          seconds: Math.round(result.seconds * 1000) / 1000,
        });
        if (c.rejected) {
          const reasons = Object.entries(result.rejectsByReason)
            .map(([k, v]) => `${k}: ${v}`)
            .join('; ');
          log.warn('rejects', { file, rejected: c.rejected, reasons });
        }
        if (c.conflicts) log.warn('conflicts', { file, conflicts: c.conflicts });
        for (const warning of result.warnings) log.warn('input', { file, warning });
        if (c.amountsUnreadable) log.warn('amounts', { file, loaded_without_amount: c.amountsUnreadable });
        await settle(file, result.sha256);
      },
    },
  );
  const rejectsFile = join(flags.out, plan.names.rejects);
  const rejectRows = await writeBatchRejects(db, batch, rejectsFile);
  if (rejectRows) log.info('write', { file: rejectsFile, rows: rejectRows });
  return { figures, failures, unmoved };
}

/** A log line stays readable: the first codes, and how many more (`status` lists them all). */
function logLateStores(db: DB, period: Period, io: Io, log: Log): void {
  const late = lateStores(db, today(io.env));
  if (!late.length) return;
  const codes = late
    .slice(0, LATE_CODES_LOGGED)
    .map((s) => s.store)
    .join(',');
  const more = late.length > LATE_CODES_LOGGED ? `,…+${late.length - LATE_CODES_LOGGED}` : '';
  log.warn('late', { day: formatDay(period.from), stores: late.length, codes: codes + more });
}

/** Trouble (exit 2) before missing numbers under --fail-on-gaps (exit 1). */
function runFailure(plan: RunPlan, flags: RunFlags, { failures, unmoved, report }: RunOutcome): SmoError | undefined {
  const trouble = [
    failures.length &&
      `${failures.length} file${failures.length === 1 ? '' : 's'} could not be loaded and stay${failures.length === 1 ? 's' : ''} in the inbox: ${failures.join(', ')}`,
    unmoved.length &&
      `${unmoved.length} loaded file${unmoved.length === 1 ? '' : 's'} could not be moved to processed/: ${unmoved.join(', ')}`,
  ].filter(Boolean);
  if (trouble.length) return new InputError(trouble.join('; '));
  if (flags.failOnGaps && report.totals.missing > 0) {
    return new CheckFailed(
      `${report.totals.missing} missing number${report.totals.missing === 1 ? '' : 's'} in ${describePeriod(plan.period)}`,
    );
  }
  return undefined;
}

async function checkDirectory(path: string, option: string): Promise<void> {
  try {
    if ((await stat(path)).isDirectory()) return;
  } catch (error) {
    throw describeReadError(`${option} ${path}`, error as Error);
  }
  throw new InputError(`${option} ${path}: not a directory`);
}
