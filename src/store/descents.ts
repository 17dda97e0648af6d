import type { Present } from './gaps.js';

/**
 * Where the dates of a series go back as its numbers go forward: a present number dated
 * earlier than the next lower present number. Kept as rows arrive, like the gaps, from
 * the same neighbours the gap bookkeeping already knows (a gap's previous and next
 * invoices, a series' bounds), so keeping them costs no lookups. Which descents are
 * findings (not across a jump, inside a period) is the audit's call (audit/findings).
 */
export interface Descent {
  /** The number dated earlier than its lower neighbour. */
  seq: number;
  date: number;
  lowerSeq: number;
  lowerDate: number;
}

/** The descents between consecutive present numbers of a chain (sorted ascending, no repeats). */
export function descentsIn(chain: readonly Present[]): Descent[] {
  const descents: Descent[] = [];
  for (let i = 1; i < chain.length; i++) {
    const lower = chain[i - 1];
    const upper = chain[i];
    if (upper.date < lower.date) descents.push({ seq: upper.seq, date: upper.date, lowerSeq: lower.seq, lowerDate: lower.date });
  }
  return descents;
}
