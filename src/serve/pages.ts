import type { Context, Hono } from 'hono';
import { buildReport } from '../audit/report.js';
import { buildTimeline } from '../audit/timeline.js';
import { buildStatus } from '../audit/status.js';
import { today, type Period } from '../audit/period.js';
import { trailRows, type TrailRow } from '../audit/evidence.js';
import { formatDay } from '../input/dates.js';
import { formatsFor, type Formats } from '../render/i18n.js';
import { href, page, type Link, type Query } from '../render/live/layout.js';
import { liveLabels, type LiveLabels } from '../render/live/labels.js';
import { findingsByKind, overviewBody } from '../render/live/overview.js';
import { storeBody, type GapTrail } from '../render/live/store-page.js';
import { UnknownStore, userMessage } from '../errors.js';
import { fail, langOf, type AppContext } from './app.js';
import { jumpOf, neighbours, periodOf, periodParams, PERIOD_PARAMS, positiveOf, readParams, type Params } from './params.js';
import { reviewCell } from './review.js';

/**
 * The pages: the period's overview, a store's page, the findings list. Each reads the
 * database once, in one read transaction, through the audit functions the commands call,
 * and draws with the HTML page's renderers.
 */
export function pageRoutes(app: Hono, ctx: AppContext): void {
  const { env } = ctx.options;

  app.get('/', (c) => {
    const params = readParams(new URL(c.req.url), [...PERIOD_PARAMS, 'top', 'jump', 'lang'], { dropEmpty: true });
    const { f, L, query, pageQuery, period, steps } = setup(c, ctx, params);
    const top = positiveOf(params, 'top', 5);
    const jump = jumpOf(params);
    const body = ctx.reader.read((db) => {
      const report = buildReport(db, period, { top, jump });
      const timeline = buildTimeline(db, period, { jump });
      const extra = ctx.features.money ? [ctx.features.money.section(db, period, params, f)] : [];
      // Findings by kind: the report's own count of them (totals.findings), each a link to the list.
      if (ctx.features.findings) extra.push(findingsByKind(report.totals.findings, f, (kind) => href('/findings', { ...pageQuery, kind })));
      return overviewBody({ report, timeline, top, extra }, f, (store) => href('/store', { store, ...pageQuery }));
    });
    const downloads: Link[] = [
      { label: L.json, href: href('/api/report', { ...query, top: params.top ?? '' }) },
      { label: L.csvStores, href: href('/api/report', { ...query, top: params.top ?? '', format: 'csv' }) },
      { label: L.csvMissing, href: href('/api/export', query) },
    ];
    downloads.push(...featureLinks(ctx, L, query, period, {}));
    const heading = f.period(...iso(period));
    return c.html(
      page({
        f,
        L,
        title: `${heading} · ${f.labels.title}`,
        heading,
        current: 'overview',
        period: pageQuery,
        steps,
        downloads,
        findings: !!ctx.features.findings,
        body,
      }),
    );
  });

  app.get('/store', (c) => {
    const params = readParams(new URL(c.req.url), [...PERIOD_PARAMS, 'store', 'jump', 'lang'], { dropEmpty: true });
    const store = params.store;
    const jump = jumpOf(params);
    if (store === undefined) return fail(c, ctx, 400, "which store? this address needs '?store=CODE'");
    const { f, L, query, pageQuery, period, steps } = setup(c, ctx, params);
    const body = ctx.reader.read((db) => {
      if (!db.prepare('SELECT 1 FROM stores WHERE code = ?').get(store)) return undefined;
      const report = buildReport(db, period, { store, jump });
      const series = buildStatus(db, today(env), { store, maxGaps: 0, jump }).series;
      const trails = trailRows(db, period, { store }).map(trailOf);
      const extra = [ctx.features.money, ctx.features.findings].flatMap((feature) =>
        feature ? [feature.section(db, period, params, f)] : [],
      );
      const review = ctx.options.allowReview ? reviewCell(ctx, db, store, trails, pageQuery, f) : undefined;
      return storeBody({ store, report, series, trails, extra, reviewCell: review?.cell, reviewHeading: review?.heading }, f, L);
    });
    if (body === undefined) return fail(c, ctx, 404, userMessage(new UnknownStore(store)));
    const downloads: Link[] = [
      { label: L.json, href: href('/api/report', { ...query, store }) },
      { label: L.csvStores, href: href('/api/report', { ...query, store, format: 'csv' }) },
      { label: L.csvMissing, href: href('/api/export', { ...query, store }) },
      { label: L.seriesJson, href: href('/api/status', { store }) },
      { label: L.seriesCsv, href: href('/api/status', { store, format: 'csv' }) },
      ...featureLinks(ctx, L, query, period, { store }),
    ];
    const heading = `${L.storeTitle(store)} · ${f.period(...iso(period))}`;
    return c.html(
      page({
        f,
        L,
        title: `${heading} · ${f.labels.title}`,
        heading,
        current: 'store',
        period: pageQuery,
        steps,
        keep: { store },
        downloads,
        findings: !!ctx.features.findings,
        body,
      }),
    );
  });

  app.get('/findings', (c) => {
    if (!ctx.features.findings) return fail(c, ctx, 404, liveLabels(langOf(c, ctx)).unavailable('findings'));
    const feature = ctx.features.findings;
    const params = readParams(new URL(c.req.url), [...PERIOD_PARAMS, ...feature.params, 'lang'], { dropEmpty: true });
    const { f, L, query, pageQuery, period, steps } = setup(c, ctx, params);
    const body = ctx.reader.read((db) => feature.section(db, period, params, f));
    const heading = `${L.nav.findings} · ${f.period(...iso(period))}`;
    const filters = Object.fromEntries(feature.params.flatMap((name) => (params[name] === undefined ? [] : [[name, params[name]]])));
    const downloads: Link[] = [
      { label: L.json, href: href('/api/findings', { ...query, ...filters }) },
      { label: 'CSV', href: href('/api/findings', { ...query, ...filters, format: 'csv' }) },
    ];
    return c.html(
      page({
        f,
        L,
        title: `${heading} · ${f.labels.title}`,
        heading,
        current: 'findings',
        period: pageQuery,
        steps,
        downloads,
        findings: true,
        body,
      }),
    );
  });
}

interface Setup {
  f: Formats;
  L: LiveLabels;
  /** The period's parameters, for the API links. */
  query: Query;
  /** The same and the language asked for, for the links to other pages. */
  pageQuery: Query;
  period: Period;
  steps?: { previous: Link; next: Link };
}

function setup(c: Context, ctx: AppContext, params: Params): Setup {
  const lang = langOf(c, ctx);
  const query = periodParams(params);
  const extra: Params = params.lang !== undefined ? { lang } : {};
  const pageQuery = { ...query, ...extra };
  const period = periodOf(params, ctx.options.env);
  const f = formatsFor(lang);
  const around = neighbours(period);
  // The steps keep what the page is about (the store), not the period they replace.
  const keep: Params = params.store !== undefined ? { store: params.store } : {};
  const step = (p: Params): Link => {
    const label = p.day ? f.date(p.day) : f.period(`${p.month}-01`, formatDay(periodOf(p, ctx.options.env).to));
    return { label, href: href(c.req.path, { ...keep, ...p, ...extra }) };
  };
  const steps = around ? { previous: step(around.previous), next: step(around.next) } : undefined;
  return { f, L: liveLabels(lang), query, pageQuery, period, steps };
}

function iso(period: Period): [string, string] {
  return [formatDay(period.from), formatDay(period.to)];
}

/** A row of the evidence trail (the one `evidence` writes) as the store page shows it. */
function trailOf(row: TrailRow): GapTrail {
  const side = (number: unknown, date: unknown, file: unknown, line: unknown) =>
    number === null ? null : { sequential: Number(number), date: String(date), file: String(file), line: Number(line) };
  return {
    doc_type: String(row.doc_type),
    series: String(row.series),
    from: Number(row.gap_from),
    to: Number(row.gap_to),
    prev: side(row.prev_number, row.prev_date, row.prev_file, row.prev_line),
    next: side(row.next_number, row.next_date, row.next_file, row.next_line),
  };
}

/** The downloads of the money and findings sections: money for the months the period touches, as the section shows it. */
function featureLinks(ctx: AppContext, L: LiveLabels, query: Query, period: Period, keep: Params): Link[] {
  const links: Link[] = [];
  if (ctx.features.money) {
    const months = { from: formatDay(period.from).slice(0, 7), to: formatDay(period.to).slice(0, 7), ...keep };
    links.push(
      { label: L.moneyJson, href: href('/api/money', months) },
      { label: L.moneyCsv, href: href('/api/money', { ...months, format: 'csv' }) },
    );
  }
  if (ctx.features.findings) {
    links.push(
      { label: L.findingsJson, href: href('/api/findings', { ...query, ...keep }) },
      { label: L.findingsCsv, href: href('/api/findings', { ...query, ...keep, format: 'csv' }) },
    );
  }
  return links;
}
