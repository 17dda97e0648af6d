import { Option } from 'commander';
import { basename } from 'node:path';
import type { DB } from '../store/db.js';
import { openDatabase, defaultDbPath } from '../store/db.js';
import { resolvePeriod, type Period } from '../audit/period.js';
import { buildReport } from '../audit/report.js';
import { buildTimeline } from '../audit/timeline.js';
import { EXPORT_COLUMNS, exportRows, missingGaps, type ExportRow } from '../audit/missing.js';
import { csvText } from '../render/csv.js';
import { renderHtml, type DashboardModel } from '../render/html.js';
import { LANGS, langFromEnv, type Lang } from '../render/i18n.js';
import { writeOutput } from '../render/output.js';
import { dbOption, outputOption, periodOptions, positiveInteger, storeFilterOption, type DbOptions, type PeriodFlags } from './options.js';
import type { Io } from './context.js';
import { VERSION } from '../version.js';
import { hasLeases } from '../store/leases.js';
import { buildMoney } from '../audit/money/build.js';
import { monthsTouched } from '../audit/money/months.js';

export const description = "the period's audit as one self-contained HTML page with charts, for auditors (default: yesterday)";



export const options = () => [
  dbOption(),
  ...periodOptions(),
  storeFilterOption(),
  new Option('--top <n>', 'how many stores the bar chart ranks').argParser(positiveInteger('--top')).default(5),
  new Option('--lang <lang>', 'language of the labels, numbers and dates (default: from $LANG, else en)').choices([...LANGS]),
  new Option('--max-list <n>', "in the page's CSV, a gap larger than this is one range row (as in export)").argParser(positiveInteger('--max-list')).default(1000),
  outputOption(),
];

export interface HtmlFlags extends DbOptions, PeriodFlags {
  store?: string;
  top: number;
  lang?: Lang;
  maxList: number;
  output?: string;
}

export interface HtmlReportOptions {
  store?: string;
  top?: number;
  lang: Lang;
  maxList?: number;
  /** The database's file name, shown on the page as the source. */
  source?: string;
  generatedAt?: Date;
}

/** Everything the page shows, read from the database: the report, its timeline, and the export's CSV. */
export function dashboardModel(db: DB, period: Period, options: Omit<HtmlReportOptions, 'lang'>): DashboardModel {
  const top = options.top ?? 5;
  const report = buildReport(db, period, { store: options.store, top });
  const timeline = buildTimeline(db, period, { store: options.store });
  // The same rows as `smo-gaps export` with its defaults, so the download is the export.
  const rows: ExportRow[] = [...exportRows(missingGaps(db, period, { store: options.store }), { maxList: options.maxList ?? 1000, ranges: false })];
  return {
    report,
    timeline,
    exportCsv: csvText(EXPORT_COLUMNS, rows),
    exportRowCount: rows.length,
    generatedAt: options.generatedAt ?? new Date(),
    version: VERSION,
    source: options.source,
    store: options.store,
    top,
    money: hasLeases(db) ? buildMoney(db, monthsTouched(period), { store: options.store, top }) : undefined,
  };
}

/**
 * Writes the period's dashboard to `path` (atomically). For callers that hold an open
 * database, such as the daily run's `--html`.
 */
export async function writeHtmlReport(db: DB, period: Period, options: HtmlReportOptions, path: string): Promise<void> {
  await writeOutput(path, renderHtml(dashboardModel(db, period, options), options.lang));
}

export async function run(flags: HtmlFlags, io: Io): Promise<void> {
  const period = resolvePeriod(flags, io.env);
  const lang = flags.lang ?? langFromEnv(io.env);
  const dbPath = defaultDbPath(flags.db);
  const db = openDatabase(dbPath);
  let html: string;
  try {
    const model = dashboardModel(db, period, { store: flags.store, top: flags.top, maxList: flags.maxList, source: basename(dbPath) });
    html = renderHtml(model, lang);
  } finally {
    db.close();
  }
  await writeOutput(flags.output, html, io.stdout);
}
