/**
 * Arithmetic on runs of numbers `from..to` (inclusive), free of SQL so it can be tested
 * alone: reviews laid over reviews, a gap cut into the pieces its reviews cover, and the
 * numbers one set of ranges has that another has not (a snapshot's diff).
 */
export interface Span {
  from: number;
  to: number;
}

export interface Labelled<T> extends Span {
  value: T;
}

/** A piece of a span and what covers it (undefined where nothing does). */
export interface Piece<T> extends Span {
  value: T | undefined;
}

/**
 * Cuts `span` into pieces by the labelled spans that overlap it (sorted by `from`, disjoint);
 * adjacent pieces that `same` calls equal are joined.
 */
export function cover<T>(span: Span, labelled: readonly Labelled<T>[], same: (a: T, b: T) => boolean = () => false): Piece<T>[] {
  const pieces: Piece<T>[] = [];
  const push = (from: number, to: number, value: T | undefined) => {
    const last = pieces[pieces.length - 1];
    if (
      last &&
      last.to + 1 === from &&
      (last.value === undefined ? value === undefined : value !== undefined && (last.value === value || same(last.value, value)))
    ) {
      last.to = to;
    } else {
      pieces.push({ from, to, value });
    }
  };
  let at = span.from;
  for (const l of labelled) {
    if (l.to < at || l.from > span.to) continue;
    if (l.from > at) push(at, l.from - 1, undefined);
    const from = Math.max(at, l.from);
    const to = Math.min(span.to, l.to);
    push(from, to, l.value);
    at = to + 1;
    if (at > span.to) break;
  }
  if (at <= span.to) push(at, span.to, undefined);
  return pieces;
}

/**
 * Lays `next` over `existing` (sorted, disjoint): the spans that replace those of `existing`
 * overlapping next — their parts outside it, and next itself — in order. The later wins.
 */
export function overlay<T>(existing: readonly Labelled<T>[], next: Labelled<T>): Labelled<T>[] {
  const result: Labelled<T>[] = [];
  for (const e of existing) {
    if (e.to < next.from || e.from > next.to) continue;
    if (e.from < next.from) result.push({ from: e.from, to: next.from - 1, value: e.value });
  }
  result.push({ from: next.from, to: next.to, value: next.value });
  for (const e of existing) {
    if (e.to < next.from || e.from > next.to) continue;
    if (e.to > next.to) result.push({ from: next.to + 1, to: e.to, value: e.value });
  }
  return result;
}

/** The numbers of `a` that are not in `b` (both sorted by `from`, disjoint), as sorted spans. */
export function subtract(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  let j = 0;
  for (const span of a) {
    let from = span.from;
    while (j < b.length && b[j].to < from) j++;
    let k = j;
    while (from <= span.to) {
      if (k >= b.length || b[k].from > span.to) {
        out.push({ from, to: span.to });
        break;
      }
      if (b[k].from > from) out.push({ from, to: b[k].from - 1 });
      from = Math.max(from, b[k].to + 1);
      k++;
    }
  }
  return out;
}

/** How many numbers spans hold. */
export function countNumbers(spans: readonly Span[]): number {
  return spans.reduce((n, s) => n + s.to - s.from + 1, 0);
}
