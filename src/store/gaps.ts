import type { Day } from '../input/dates.js';

/**
 * The gap arithmetic, free of SQL so that it can be tested alone. A gap is a maximal run
 * of missing numbers between two present invoices; it belongs to the date of the next one.
 */
export interface Gap {
  from: number;
  to: number;
  prevDate: Day;
  nextDate: Day;
  /** The ingest run that first saw these numbers missing. */
  openedRun: number;
}

/** A present number and its issue date. */
export interface Present {
  seq: number;
  date: Day;
}

/** The gaps between consecutive present numbers (sorted ascending, no repeats). */
export function gapsBetween(present: readonly Present[], runId: number): Gap[] {
  const gaps: Gap[] = [];
  for (let i = 1; i < present.length; i++) {
    const prev = present[i - 1];
    const next = present[i];
    if (next.seq > prev.seq + 1) {
      gaps.push({ from: prev.seq + 1, to: next.seq - 1, prevDate: prev.date, nextDate: next.date, openedRun: runId });
    }
  }
  return gaps;
}

/**
 * What is left of a gap once some of its numbers arrive (sorted, all inside the gap):
 * it shrinks, splits, or closes. The pieces keep the run that opened the gap, because
 * their numbers have been missing since then.
 */
export function splitGap(gap: Gap, arrivals: readonly Present[]): Gap[] {
  const pieces: Gap[] = [];
  let from = gap.from;
  let prevDate = gap.prevDate;
  for (const arrival of arrivals) {
    if (arrival.seq > from) {
      pieces.push({ from, to: arrival.seq - 1, prevDate, nextDate: arrival.date, openedRun: gap.openedRun });
    }
    from = arrival.seq + 1;
    prevDate = arrival.date;
  }
  if (from <= gap.to) pieces.push({ from, to: gap.to, prevDate, nextDate: gap.nextDate, openedRun: gap.openedRun });
  return pieces;
}

/** The bounds of a series: its lowest and highest present numbers. */
export interface SeriesBounds {
  first: Present;
  last: Present;
}

/** Where a batch of new numbers falls relative to what a series already had. */
export interface BatchPlan {
  below: Present[];
  inside: Present[];
  above: Present[];
  /** The series' new bounds. */
  bounds: SeriesBounds;
  /** Gaps opened by numbers below the old first and above the old last (or all, for a new series). */
  opened: Gap[];
}

/**
 * Plans a batch of new numbers (sorted ascending, none already present) against a series'
 * bounds. Numbers inside the bounds fill existing gaps; the caller looks those up.
 */
export function planBatch(bounds: SeriesBounds | undefined, arrivals: readonly Present[], runId: number): BatchPlan {
  if (!bounds) {
    return {
      below: [],
      inside: [],
      above: [...arrivals],
      bounds: { first: arrivals[0], last: arrivals[arrivals.length - 1] },
      opened: gapsBetween(arrivals, runId),
    };
  }
  let i = 0;
  while (i < arrivals.length && arrivals[i].seq < bounds.first.seq) i++;
  let j = i;
  while (j < arrivals.length && arrivals[j].seq <= bounds.last.seq) j++;
  const below = arrivals.slice(0, i);
  const inside = arrivals.slice(i, j);
  const above = arrivals.slice(j);
  const opened = [
    ...(below.length ? gapsBetween([...below, bounds.first], runId) : []),
    ...(above.length ? gapsBetween([bounds.last, ...above], runId) : []),
  ];
  return {
    below,
    inside,
    above,
    bounds: {
      first: below.length ? below[0] : bounds.first,
      last: above.length ? above[above.length - 1] : bounds.last,
    },
    opened,
  };
}
