import type { Hono } from 'hono';
import type { DB } from '../store/db.js';
import { openDatabase } from '../store/db.js';
import type { GapTrail } from '../render/live/store-page.js';
import type { Formats } from '../render/i18n.js';
import type { Query } from '../render/live/layout.js';
import { liveLabels } from '../render/live/labels.js';
import { reviewForm } from '../render/live/review-form.js';
import { UsageError } from '../errors.js';
import { fail, langOf, type AppContext } from './app.js';

/**
 * Reviews from the store page (with --allow-review): a form per gap, posted to /review, saved
 * by the function `review set` calls, on a connection opened for that write alone. The app's
 * middleware has checked the Origin and the CSRF token before this runs.
 */
export function reviewCell(ctx: AppContext, db: DB, store: string, trails: readonly GapTrail[], pageQuery: Query, f: Formats) {
  const feature = ctx.features.reviews;
  if (!feature) return undefined;
  const L = liveLabels(f.lang);
  const back = `/store?${new URLSearchParams({ store, ...pageQuery })}`;
  const states = feature.current(
    db,
    trails.map((g) => ({ store, doc_type: g.doc_type, series: g.series, from: g.from, to: g.to })),
  );
  const byGap = new Map(trails.map((g, i) => [key(g), states[i]]));
  return {
    heading: L.review.heading,
    cell: (gap: GapTrail) =>
      reviewForm({ store, gap, parts: byGap.get(key(gap)) ?? [], statuses: feature.statuses, csrf: ctx.csrf, back }, f, L),
  };
}

function key(gap: Pick<GapTrail, 'doc_type' | 'series' | 'from' | 'to'>): string {
  return `${gap.doc_type}\u0000${gap.series}\u0000${gap.from}\u0000${gap.to}`;
}

export function reviewRoutes(app: Hono, ctx: AppContext): void {
  app.post('/review', async (c) => {
    const L = liveLabels(langOf(c, ctx));
    if (!ctx.options.allowReview) return fail(c, ctx, 403, L.review.readOnly);
    const feature = ctx.features.reviews;
    if (!feature) return fail(c, ctx, 404, L.unavailable('reviews'));
    const body = await c.req.parseBody();
    const text = (name: string): string => {
      const value = body[name];
      if (typeof value !== 'string') throw new UsageError(`the review form lacks its '${name}' field`);
      return value;
    };
    const whole = (name: string): number => {
      const value = Number(text(name));
      if (!Number.isSafeInteger(value) || value < 0) throw new UsageError(`the review form's '${name}' is not a number: '${text(name)}'`);
      return value;
    };
    const target = { store: text('store'), doc_type: text('doc_type'), series: text('series'), from: whole('from'), to: whole('to') };
    const review = {
      status: text('status'),
      comment: typeof body.comment === 'string' ? body.comment : '',
      by: typeof body.by === 'string' && body.by !== '' ? body.by : undefined,
    };
    const db = openDatabase(ctx.options.dbPath);
    try {
      feature.set(db, target, review, ctx.options.env);
    } finally {
      db.close();
    }
    // Back to the page the form was on; only a store page of this server, never another address.
    const back =
      typeof body.back === 'string' && /^\/store\?[^\\]*$/.test(body.back)
        ? body.back
        : `/store?${new URLSearchParams({ store: target.store })}`;
    return c.redirect(back, 303);
  });
}
