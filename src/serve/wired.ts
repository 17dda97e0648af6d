import { REVIEW_STATUSES, ReviewLookup, setReview } from '../audit/reviews.js';
import { findSeriesId } from '../store/reviews.js';
import { reviewer, reviewStatus } from '../commands/options.js';
import type { Features } from './features.js';

/**
 * The dashboard's parts that show what other commands compute, each wired to the audit and
 * render functions its command calls, so no figure has a second implementation:
 * reviews (SPEC §10) through `setReview`, as `review set`.
 */
export const features: Features = {
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
