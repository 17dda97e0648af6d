import { hasLeases } from '../store/leases.js';
import { buildMoney } from '../audit/money/build.js';
import { monthsTouched } from '../audit/money/months.js';
import { moneyCsv } from '../render/money.js';
import { Option } from 'commander';
import { basename } from 'node:path';
import { defaultDbPath, SCHEMA_VERSION, type DB } from '../store/db.js';
import { openForReading } from '../store/open-existing.js';
import { LOG_COLUMNS, logRows } from '../store/reviews.js';
import type { Period } from '../audit/period.js';
import type { FindingsReport } from '../audit/findings/types.js';
import { reportJson } from '../audit/snapshots.js';
import { EXPORT_COLUMNS, exportRows, missingGaps } from '../audit/missing.js';
import { buildManifest, INPUT_COLUMNS, inputRows, MANIFEST, TRAIL_COLUMNS, trailRows, verifyPack } from '../audit/evidence.js';
import { csvText } from '../render/csv.js';
import { findingsCsv } from '../render/findings.js';
import { renderHtml } from '../render/html.js';
import { LANGS, langFromEnv, type Lang } from '../render/i18n.js';
import { writePack } from '../render/pack.js';
import { dbOption, periodOptions, resolvePeriod, storeFilterOption, topOption, type DbOptions, type PeriodFlags } from './options.js';
import { dashboardModel } from '../render/dashboard.js';
import { say, type Io } from './context.js';
import { CheckFailed, UsageError } from '../errors.js';
import { VERSION } from '../version.js';

/** `evidence` and `evidence verify DIR` (SPEC §10): the folder handed over with the audit file. */
export const description =
  "write the period's evidence pack: report, HTML, missing numbers with reviews, findings, reviews log, inputs, trail, manifest";

export const options = () => [
  dbOption(),
  ...periodOptions(),
  storeFilterOption(),
  topOption('how many stores the report ranks'),
  new Option('--lang <lang>', 'language of report.html (default: from $LANG, else en)').choices([...LANGS]),
  new Option('--output <dir>', 'the folder to create (must not exist, or be empty)').makeOptionMandatory(),
];

export interface EvidenceFlags extends DbOptions, PeriodFlags {
  store?: string;
  top: number;
  lang?: Lang;
  output?: string;
}

/** Every generated time of the pack: SOURCE_DATE_EPOCH (reproducible builds' convention) when set, else now. */
export function generatedAt(env: NodeJS.ProcessEnv): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return new Date();
  if (!/^\d+$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH '${epoch}': expected whole seconds since 1970-01-01`);
  return new Date(Number(epoch) * 1000);
}

/** A command line as a shell would take it back. */
export function commandLine(argv: readonly string[]): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ['smo-gaps', ...argv.map(quote)].join(' ');
}

/**
 * findings.csv is `findings --format csv` for the period and store; money.csv (SPEC §8), only
 * when the lease register has rows, is `money --format csv` for the whole months the period touches.
 */
function findingsAndMoney(db: DB, period: Period, store: string | undefined, findings: FindingsReport): [string, string][] {
  const files: [string, string][] = [['findings.csv', findingsCsv(findings)]];
  if (hasLeases(db)) files.push(['money.csv', moneyCsv(buildMoney(db, monthsTouched(period), { store }))]);
  return files;
}

export function buildPack(db: DB, period: Period, flags: EvidenceFlags, io: Io, dbPath: string): Map<string, string> {
  const at = generatedAt(io.env);
  const store = flags.store;
  // The page's report and findings are the pack's report.json and findings.csv.
  const model = dashboardModel(db, period, { store, top: flags.top, source: basename(dbPath), generatedAt: at });
  const files = new Map<string, string>();
  files.set('report.json', reportJson(model.report));
  files.set('report.html', renderHtml(model, flags.lang ?? langFromEnv(io.env)));
  files.set('missing.csv', csvText(EXPORT_COLUMNS, [...exportRows(missingGaps(db, period, { store }), { maxList: 1000, ranges: false })]));
  for (const [name, content] of findingsAndMoney(db, period, store, model.findings)) files.set(name, content);
  const log = logRows(db, { store });
  files.set(
    'reviews.csv',
    csvText(
      LOG_COLUMNS,
      log.map((r) => LOG_COLUMNS.map((c) => r[c])),
    ),
  );
  const trail = trailRows(db, period, { store });
  files.set(
    'inputs.csv',
    csvText(
      INPUT_COLUMNS,
      inputRows(db, period, trail).map((r) => INPUT_COLUMNS.map((c) => r[c])),
    ),
  );
  files.set(
    'trail.csv',
    csvText(
      TRAIL_COLUMNS,
      trail.map((r) => TRAIL_COLUMNS.map((c) => r[c])),
    ),
  );
  files.set(
    MANIFEST,
    buildManifest(files, {
      version: VERSION,
      command: commandLine(io.argv ?? []),
      schema_version: SCHEMA_VERSION,
      period: model.report.period,
      generated_at: at.toISOString(),
    }),
  );
  return files;
}

export function run(flags: EvidenceFlags, io: Io): void {
  if (!flags.output) throw new UsageError(`evidence: --output DIR is required (the folder to write the pack into)`);
  const output = flags.output;
  const period = resolvePeriod(flags, io.env);
  const dbPath = defaultDbPath(flags.db);
  const db = openForReading(dbPath);
  let files: Map<string, string>;
  try {
    files = buildPack(db, period, flags, io, dbPath);
  } finally {
    db.close();
  }
  writePack(output, files);
  say(io, `${output}: ${files.size} files (${[...files.keys()].join(', ')}); check with smo-gaps evidence verify ${output}`);
}

export const verifyDescription = 're-hash an evidence pack against its manifest; exit 1 naming any file altered, missing or added';
export const verifyOptions = () => [];

export function runVerify(dir: string, io: Io): void {
  const { entries } = verifyPack(dir);
  for (const e of entries) io.stdout.write(`${e.state === 'ok' ? 'ok' : e.state.toUpperCase()}  ${e.file}\n`);
  const bad = entries.filter((e) => e.state !== 'ok');
  if (bad.length) throw new CheckFailed(`${dir}: ${bad.map((e) => `${e.file} ${e.state}`).join(', ')}`);
  say(io, `${dir}: all ${entries.length} files match the manifest`);
}
