import type { DB } from '../store/db.js';
import {
  appendLog,
  findSeriesId,
  nextChangeId,
  replaceReviews,
  reviewsOfSeries,
  reviewsOverlapping,
  type SeriesKey,
  type StoredReview,
} from '../store/reviews.js';
import { cover, overlay, type Labelled } from './number-ranges.js';
import { UsageError } from '../errors.js';

/**
 * Reviews of missing numbers (SPEC §10): an auditor's decision about numbers `from..to`
 * of one series. A review belongs to the numbers, so when a late arrival splits a gap the
 * numbers still missing keep theirs; a later review of the same numbers wins, and the log
 * keeps both. `setReview` is the one way to write one: the command line and the
 * dashboard's forms both call it.
 */
export const REVIEW_STATUSES = ['explained', 'billed', 'escalated', 'open'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** A status as typed (any case, spaces around); undefined when it is none of the four. */
export function parseStatus(text: string): ReviewStatus | undefined {
  const s = text.trim().toLowerCase();
  return (REVIEW_STATUSES as readonly string[]).includes(s) ? (s as ReviewStatus) : undefined;
}

export interface ReviewInput extends SeriesKey {
  from: number;
  to: number;
  status: ReviewStatus;
  comment: string;
  by: string;
  /** ISO time; now when absent. */
  at?: string;
  /** Where the change came from: `set`, `import FILE:LINE`, `web`. */
  source: string;
}

export interface ReviewOutcome {
  /** False when the numbers already had this status and comment: nothing was written. */
  changed: boolean;
  /** The log rows written: one per run of numbers that had one previous review (or none). */
  logged: number;
}

type Current = Omit<StoredReview, 'from_seq' | 'to_seq'>;

const sameReview = (a: Current, b: Current) => a.status === b.status && a.comment === b.comment;

/** Checks a review's numbers and finds its series; throws a usage error naming what is wrong. */
export function resolveReviewSeries(db: DB, input: ReviewInput): number {
  if (!Number.isSafeInteger(input.from) || !Number.isSafeInteger(input.to) || input.from < 1 || input.to < input.from) {
    throw new UsageError(`review ${input.from}..${input.to}: expected whole numbers from 1 with from <= to`);
  }
  const seriesId = findSeriesId(db, input);
  if (seriesId === undefined) {
    throw new UsageError(`no series ${input.store} / ${input.docType} / ${input.series} in the database`);
  }
  return seriesId;
}

/**
 * Writes a review inside the caller's transaction (an import applies many in one). Only the
 * numbers whose status or comment changes are touched and logged: the rest of the range
 * keeps its review, reviewer and time, and a range that changes nothing writes nothing.
 */
export function applyReview(db: DB, seriesId: number, input: ReviewInput): ReviewOutcome {
  const existing = reviewsOverlapping(db, seriesId, input.from, input.to);
  let spans: Labelled<Current>[] = existing.map(({ from_seq, to_seq, ...value }) => ({ from: from_seq, to: to_seq, value }));
  const changed = cover({ from: input.from, to: input.to }, spans, sameReview).filter(
    (p) => !(p.value && p.value.status === input.status && p.value.comment === input.comment),
  );
  if (!changed.length) return { changed: false, logged: 0 };

  const at = input.at ?? new Date().toISOString();
  const changeId = nextChangeId(db);
  for (const piece of changed) {
    const logId = appendLog(db, {
      changeId,
      seriesId,
      from: piece.from,
      to: piece.to,
      oldStatus: piece.value?.status ?? null,
      oldComment: piece.value?.comment ?? null,
      newStatus: input.status,
      comment: input.comment,
      reviewer: input.by,
      at,
      source: input.source,
    });
    const next = {
      from: piece.from,
      to: piece.to,
      value: { status: input.status, comment: input.comment, reviewer: input.by, reviewed_at: at, log_id: logId },
    };
    spans = layOver(spans, next);
  }
  replaceReviews(
    db,
    seriesId,
    input.from,
    input.to,
    spans.map((l) => ({ from_seq: l.from, to_seq: l.to, ...l.value })),
  );
  return { changed: true, logged: changed.length };
}

/** `spans` with `next` laid over them (all sorted and disjoint). */
function layOver<T>(spans: readonly Labelled<T>[], next: Labelled<T>): Labelled<T>[] {
  const untouched = spans.filter((s) => s.to < next.from || s.from > next.to);
  return [...untouched, ...overlay(spans, next)].sort((a, b) => a.from - b.from);
}

/** Sets one review in its own transaction: `review set`, and the dashboard's form. */
export function setReview(db: DB, input: ReviewInput): ReviewOutcome {
  return db.transaction(() => applyReview(db, resolveReviewSeries(db, input), input)).immediate();
}

/** The review of each part of a gap, for the report's counts and the export's columns. */
export interface ReviewPiece {
  from: number;
  to: number;
  status: ReviewStatus | '';
  comment: string;
}

/** Reads reviews per series once, for the many gaps of a report or an export. */
export class ReviewLookup {
  private readonly cache = new Map<number, Labelled<Current>[]>();

  constructor(private readonly db: DB) {}

  private of(seriesId: number): Labelled<Current>[] {
    let list = this.cache.get(seriesId);
    if (!list) {
      list = reviewsOfSeries(this.db, seriesId).map(({ from_seq, to_seq, ...value }) => ({ from: from_seq, to: to_seq, value }));
      this.cache.set(seriesId, list);
    }
    return list;
  }

  /** from..to cut by review (status '' where there is none), joining parts with the same status and comment. */
  pieces(seriesId: number, from: number, to: number): ReviewPiece[] {
    return cover({ from, to }, this.of(seriesId), sameReview).map((p) => ({
      from: p.from,
      to: p.to,
      status: (p.value?.status ?? '') as ReviewStatus | '',
      comment: p.value?.comment ?? '',
    }));
  }

  /** How many of from..to are reviewed `explained`. */
  explained(seriesId: number, from: number, to: number): number {
    let n = 0;
    for (const p of this.pieces(seriesId, from, to)) if (p.status === 'explained') n += p.to - p.from + 1;
    return n;
  }
}
