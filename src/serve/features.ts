import type { DB } from '../store/db.js';
import type { Formats } from '../render/i18n.js';
import type { Params } from './params.js';
import type { Period } from '../audit/period.js';

/**
 * The parts of the dashboard that show what other commands compute (money, findings,
 * reviews). Each is wired to that command's own audit and render functions; a build without
 * the command leaves its entry out, and its routes answer 404 "not available in this build".
 */
export interface ApiFeature {
  /** The query parameters it takes besides the period's. */
  params: readonly string[];
  /** Exactly what the command prints with `--format json` for these parameters. */
  json(db: DB, params: Params, env: NodeJS.ProcessEnv): string;
  /** Exactly what it prints with `--format csv`. */
  csv(db: DB, params: Params, env: NodeJS.ProcessEnv): string;
  /** Its section of the overview (or of a store's page, with params.store) for the page's period, as HTML; '' when it has nothing to show. */
  section(db: DB, period: Period, params: Params, f: Formats): string;
}

/** A gap's numbers as a review names them (one series, from..to). */
export interface ReviewTarget {
  store: string;
  doc_type: string;
  series: string;
  from: number;
  to: number;
}

export interface ReviewState {
  status: string;
  comment: string;
  by?: string;
}

/** A run of a gap's numbers that share a review ('' status: not reviewed). */
export interface ReviewPart {
  from: number;
  to: number;
  status: string;
  comment: string;
}

export interface ReviewFeature {
  /** The statuses `review set` accepts, in the order the form lists them. */
  statuses: readonly string[];
  /** The reviews each gap's numbers have now, in runs (a late arrival or a review of part of a gap splits them). */
  current(db: DB, gaps: readonly ReviewTarget[]): ReviewPart[][];
  /** Saves a review through the function `review set` calls (it checks the status and the numbers). */
  set(db: DB, target: ReviewTarget, review: ReviewState, env: NodeJS.ProcessEnv): void;
}

export interface Features {
  findings?: ApiFeature;
  money?: ApiFeature;
  reviews?: ReviewFeature;
}
