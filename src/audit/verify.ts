/**
 * The comparison behind `verify --expect`: two sets of missing numbers, each as ranges of
 * (store, doc_type, series, sequential), compared range-wise so a range row of a billion
 * numbers costs as little as one number.
 */
import type { MissingRange } from '../input/expected.js';

export type { MissingRange };

export interface MissingDiff {
  /** Missing now, not in the expected file. */
  added: MissingRange[];
  /** In the expected file, no longer missing. */
  disappeared: MissingRange[];
}

const SEP = '\u001f';

/** Ranges grouped by series, sorted and merged (overlapping or adjacent ranges joined). */
export function normalize(ranges: Iterable<MissingRange>): Map<string, [number, number][]> {
  const bySeries = new Map<string, [number, number][]>();
  for (const r of ranges) {
    const key = [r.store, r.doc_type, r.series].join(SEP);
    let list = bySeries.get(key);
    if (!list) bySeries.set(key, (list = []));
    list.push([r.from, r.to]);
  }
  for (const [key, list] of bySeries) {
    list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const merged: [number, number][] = [];
    for (const [from, to] of list) {
      const last = merged[merged.length - 1];
      if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
      else merged.push([from, to]);
    }
    bySeries.set(key, merged);
  }
  return bySeries;
}

/** a minus b, both sorted and merged. */
function subtract(a: [number, number][], b: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let j = 0;
  for (const [from, to] of a) {
    let start = from;
    while (j < b.length && b[j][1] < start) j++;
    let k = j;
    while (start <= to) {
      if (k >= b.length || b[k][0] > to) {
        out.push([start, to]);
        break;
      }
      if (b[k][0] > start) out.push([start, b[k][0] - 1]);
      start = Math.max(start, b[k][1] + 1);
      k++;
    }
  }
  return out;
}

function unpack(key: string, list: [number, number][]): MissingRange[] {
  const [store, doc_type, series] = key.split(SEP);
  return list.map(([from, to]) => ({ store, doc_type, series, from, to }));
}

function compareRanges(a: MissingRange, b: MissingRange): number {
  return a.store < b.store
    ? -1
    : a.store > b.store
      ? 1
      : a.doc_type < b.doc_type
        ? -1
        : a.doc_type > b.doc_type
          ? 1
          : a.series < b.series
            ? -1
            : a.series > b.series
              ? 1
              : a.from - b.from;
}

export function diffMissing(actual: Iterable<MissingRange>, expected: Iterable<MissingRange>): MissingDiff {
  const now = normalize(actual);
  const before = normalize(expected);
  const added: MissingRange[] = [];
  const disappeared: MissingRange[] = [];
  for (const [key, list] of now) added.push(...unpack(key, subtract(list, before.get(key) ?? [])));
  for (const [key, list] of before) disappeared.push(...unpack(key, subtract(list, now.get(key) ?? [])));
  return { added: added.sort(compareRanges), disappeared: disappeared.sort(compareRanges) };
}

export function countOf(ranges: MissingRange[]): number {
  return ranges.reduce((acc, r) => acc + r.to - r.from + 1, 0);
}

/** "L-101 01 001-001 5" or "L-101 01 001-001 5..7 (3)". */
export function describeRange(r: MissingRange): string {
  const numbers = r.from === r.to ? `${r.from}` : `${r.from}..${r.to} (${r.to - r.from + 1})`;
  return `${r.store} ${r.doc_type} ${r.series} ${numbers}`;
}
