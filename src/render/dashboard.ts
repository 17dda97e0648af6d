import type { DB } from '../store/db.js';
import type { Period } from '../audit/period.js';
import { auditPeriod } from '../audit/report.js';
import { buildTimeline } from '../audit/timeline.js';
import type { FindingsReport } from '../audit/findings/types.js';
import { EXPORT_COLUMNS, exportRows, missingGaps, type ExportRow } from '../audit/missing.js';
import { csvText } from './csv.js';
import { renderHtml, type DashboardModel } from './html.js';
import type { Lang } from './i18n.js';
import { writeOutput } from './output.js';
import { VERSION } from '../version.js';
import { hasLeases } from '../store/leases.js';
import { buildMoney } from '../audit/money/build.js';
import { monthsTouched } from '../audit/money/months.js';

export interface HtmlReportOptions {
  store?: string;
  top?: number;
  lang: Lang;
  maxList?: number;
  /** A gap of more than this many numbers is a jump (default 10,000). */
  jump?: number;
  /** The database's file name, shown on the page as the source. */
  source?: string;
  generatedAt?: Date;
}

/** Everything the page shows, read from the database: the report, its timeline, and the export's CSV. */
export function dashboardModel(
  db: DB,
  period: Period,
  options: Omit<HtmlReportOptions, 'lang'>,
): DashboardModel & { findings: FindingsReport } {
  const top = options.top ?? 5;
  const { report, findings } = auditPeriod(db, period, { store: options.store, top, jump: options.jump });
  const timeline = buildTimeline(db, period, { store: options.store, jump: options.jump });
  // The same rows as `smo-gaps export` with its defaults, so the download is the export.
  const rows: ExportRow[] = [
    ...exportRows(missingGaps(db, period, { store: options.store, jump: options.jump }), {
      maxList: options.maxList ?? 1000,
      ranges: false,
    }),
  ];
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
    findings,
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
