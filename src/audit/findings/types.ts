/**
 * The findings beyond gaps (SPEC §9), as plain data: what `findings` prints in every
 * format, what `report` counts, what the HTML page and the web server show.
 */
import type { SeriesDay } from '../period.js';

export const FINDING_KINDS = ['jump', 'backdated', 'void_rate', 'silent_day', 'conflict', 'key_reuse', 'late_authorisation'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export type DetailValue = string | number | boolean | null;

export interface Finding {
  kind: FindingKind;
  store: string;
  /** Null for a store-level finding (void_rate, silent_day). */
  doc_type: string | null;
  series: string | null;
  /** The numbers involved; null when none. */
  from: number | null;
  to: number | null;
  /** The day the finding belongs to (yyyy-MM-dd): the period filter uses it. */
  date: string;
  detail: Record<string, DetailValue>;
  /** `file:line` of the rows involved. */
  evidence: string[];
}

export interface FindingsReport {
  period: { from: string; to: string };
  /** Findings per kind, every selected kind listed (0 included). */
  totals: Partial<Record<FindingKind, number>>;
  findings: Finding[];
}

export interface FindingsOptions {
  store?: string;
  /** The kinds to compute (default: all). */
  kinds?: readonly FindingKind[];
  /** A gap of more than this many numbers is a jump (default 10,000). */
  jump?: number;
  /**
   * series_days on the period and the days silent_day looks back to (silentDayWindow), or
   * more, when the caller has read them (the report has): void_rate and silent_day then read
   * none of their own.
   */
  seriesDays?: readonly SeriesDay[];
}
