import { REVIEW_STATUSES, ReviewLookup, setReview } from '../audit/reviews.js';
import { findSeriesId } from '../store/reviews.js';
import { findingKinds, resolveMoneyMonths, reviewer, reviewStatus } from '../commands/options.js';
import { buildMoney } from '../audit/money/build.js';
import { monthsTouched } from '../audit/money/months.js';
import { hasLeases } from '../store/leases.js';
import { jsonText } from '../render/formats.js';
import { moneyCsv } from '../render/money.js';
import { moneySection } from '../render/html-money.js';
import { buildFindings } from '../audit/findings/index.js';
import type { Period } from '../audit/period.js';
import type { DB } from '../store/db.js';
import { findingsCsv, findingsJson } from '../render/findings.js';
import { findingsSection } from '../render/html-findings.js';
import type { Features } from './features.js';
import { jumpOf, periodOf, positiveOf, type Params } from './params.js';

/** `money`'s figures for the months its options name (whole months; a day is refused, as by the command). */
function moneyOf(db: DB, p: Params, env: NodeJS.ProcessEnv) {
  const months = resolveMoneyMonths({ day: p.day, month: p.month, from: p.from, to: p.to }, env);
  return buildMoney(db, months, { store: p.store, top: positiveOf(p, 'top', 5), jump: jumpOf(p) });
}

function findingsOf(db: DB, period: Period, p: Params) {
  return buildFindings(db, period, { store: p.store, kinds: p.kind === undefined ? undefined : findingKinds(p.kind), jump: jumpOf(p) });
}

/**
 * The dashboard's parts that show what other commands compute, each wired to the audit and
 * render functions its command calls, so no figure has a second implementation:
 * money (SPEC §8) by `buildMoney` and its renderers, as `money`, for the months a page's period
 * touches (as the HTML page shows it); findings (SPEC §9) by `buildFindings` and its renderers, as `findings`; reviews (SPEC §10)
 * through `setReview`, as `review set`.
 */
export const features: Features = {
  money: {
    params: ['store', 'top', 'jump'],
    json: (db, p, env) => jsonText(moneyOf(db, p, env)),
    csv: (db, p, env) => moneyCsv(moneyOf(db, p, env)),
    section: (db, period, p, f) =>
      hasLeases(db)
        ? moneySection(buildMoney(db, monthsTouched(period), { store: p.store, top: positiveOf(p, 'top', 5), jump: jumpOf(p) }), f)
        : '',
  },
  findings: {
    params: ['store', 'kind', 'jump'],
    json: (db, p, env) => findingsJson(findingsOf(db, periodOf(p, env), p)),
    csv: (db, p, env) => findingsCsv(findingsOf(db, periodOf(p, env), p)),
    section: (db, period, p, f) => findingsSection(findingsOf(db, period, p), f),
  },
  reviews: {
    statuses: REVIEW_STATUSES,
    current: (db, gaps) => {
      const lookup = new ReviewLookup(db);
      return gaps.map((g) => {
        const id = findSeriesId(db, { store: g.store, docType: g.doc_type, series: g.series });
        return id === undefined ? [] : lookup.pieces(id, g.from, g.to);
      });
    },
    set: (db, target, review, env) => {
      setReview(db, {
        store: target.store,
        docType: target.doc_type,
        series: target.series,
        from: target.from,
        to: target.to,
        status: reviewStatus(review.status),
        comment: review.comment,
        by: reviewer(review.by, env),
        source: 'web',
      });
    },
  },
};
