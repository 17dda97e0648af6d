import type { Hono } from 'hono';
import { buildReport } from '../audit/report.js';
import { buildStatus } from '../audit/status.js';
import { today } from '../audit/period.js';
import { EXPORT_COLUMNS, RANGE_COLUMNS, exportRows, missingGaps } from '../audit/missing.js';
import { csvText } from '../render/csv.js';
import { jsonText, renderReport, statusCsv } from '../render/formats.js';
import { PLAIN } from '../render/style.js';
import { fail, type AppContext } from './app.js';
import type { Features } from './features.js';
import { flagOf, formatOf, jumpOf, periodOf, PERIOD_PARAMS, positiveOf, readParams } from './params.js';
import { DEFAULT_MAX_LIST, nonNegativeInteger } from '../commands/options.js';
import type { Period } from '../audit/period.js';
import { formatDay } from '../input/dates.js';

/**
 * The JSON API: for each address the bytes a command prints for the same options, made by the
 * same audit and render functions the command calls (`report --format json`, `export`,
 * `status --format json`, `findings`/`money --format json`).
 */
export function apiRoutes(app: Hono, ctx: AppContext): void {
  const { env } = ctx.options;
  const json = (text: string) => new Response(text, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  const csv = (text: string, name: string) =>
    new Response(text, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` } });

  app.get('/api/report', (c) => {
    const params = readParams(new URL(c.req.url), [...PERIOD_PARAMS, 'store', 'top', 'jump', 'format']);
    const format = formatOf(params, ['json', 'csv']);
    const period = periodOf(params, env);
    const top = positiveOf(params, 'top', 5);
    const jump = jumpOf(params);
    const text = ctx.reader.read((db) => renderReport(buildReport(db, period, { store: params.store, top, jump }), format, PLAIN));
    return format === 'json' ? json(text) : csv(text, `smo-gaps-report-${fileNamePart(period, params.store)}.csv`);
  });

  // `export`: the missing numbers, one row per number (a gap over --max-list as a range row).
  app.get('/api/export', (c) => {
    const params = readParams(new URL(c.req.url), [...PERIOD_PARAMS, 'store', 'max-list', 'ranges', 'jump']);
    const period = periodOf(params, env);
    const jump = jumpOf(params);
    const maxList = positiveOf(params, 'max-list', DEFAULT_MAX_LIST);
    const ranges = flagOf(params, 'ranges');
    const text = ctx.reader.read((db) =>
      csvText(ranges ? RANGE_COLUMNS : EXPORT_COLUMNS, [
        ...exportRows(missingGaps(db, period, { store: params.store, jump }), { maxList, ranges }),
      ]),
    );
    return csv(text, `smo-gaps-missing-${fileNamePart(period, params.store)}.csv`);
  });

  app.get('/api/status', (c) => {
    const params = readParams(new URL(c.req.url), ['store', 'gaps', 'jump', 'format']);
    const format = formatOf(params, ['json', 'csv']);
    const maxGaps = params.gaps === undefined ? 20 : nonNegativeInteger('--gaps')(params.gaps);
    const jump = jumpOf(params);
    const status = () => ctx.reader.read((db) => buildStatus(db, today(env), { store: params.store, maxGaps, jump }));
    return format === 'json' ? json(jsonText(status())) : csv(statusCsv(status()), 'smo-gaps-status.csv');
  });

  for (const name of ['findings', 'money'] as const satisfies readonly (keyof Features)[]) {
    app.get(`/api/${name}`, (c) => {
      const feature = ctx.features[name];
      if (!feature) return fail(c, ctx, 404, `${name}: not available in this build of smo-gaps`);
      const params = readParams(new URL(c.req.url), [...PERIOD_PARAMS, ...feature.params, 'format']);
      const format = formatOf(params, ['json', 'csv']);
      if (format === 'csv')
        return csv(
          ctx.reader.read((db) => feature.csv(db, params, env)),
          `smo-gaps-${name}.csv`,
        );
      return json(ctx.reader.read((db) => feature.json(db, params, env)));
    });
  }
}

/** The period (and store) in a download's file name, in characters every system accepts. */
function fileNamePart(period: Period, store: string | undefined): string {
  const from = formatDay(period.from);
  const to = formatDay(period.to);
  return `${store ? `${store.replace(/[^A-Za-z0-9_-]+/g, '_')}-` : ''}${from === to ? from : `${from}_${to}`}`;
}
