import { REVIEW_STATUSES, ReviewLookup, setReview } from '../audit/reviews.js';
import { findSeriesId } from '../store/reviews.js';
import { findingKinds, reviewer, reviewStatus } from '../commands/options.js';
import { buildFindings } from '../audit/findings/index.js';
import type { Period } from '../audit/period.js';
import type { DB } from '../store/db.js';
import { findingsCsv, findingsJson } from '../render/findings.js';
import { findingsSection } from '../render/html-findings.js';
import type { Features } from './features.js';
import { jumpOf, periodOf, type Params } from './params.js';

function findingsOf(db: DB, period: Period, p: Params) {
  return buildFindings(db, period, { store: p.store, kinds: p.kind === undefined ? undefined : findingKinds(p.kind), jump: jumpOf(p) });
}

/**
 * The dashboard's parts that show what other commands compute, each wired to the audit and
 * render functions its command calls, so no figure has a second implementation:
 * findings (SPEC §9) by `buildFindings` and its renderers, as `findings`; reviews (SPEC §10)
 * through `setReview`, as `review set`.
 */
export const features: Features = {
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
