import type { DB } from '../../store/db.js';
import { formatDay } from '../../input/dates.js';
import type { Period } from '../period.js';
import { checkStoreKnown } from '../store-filter.js';
import { DEFAULT_JUMP } from '../jumps.js';
import { FINDING_KINDS, type Finding, type FindingKind, type FindingsOptions, type FindingsReport } from './types.js';
import * as queries from './queries.js';

export * from './types.js';

const BY_KIND: Record<FindingKind, (scope: Parameters<typeof queries.jumps>[0]) => Finding[]> = {
  jump: queries.jumps,
  backdated: queries.backdated,
  void_rate: queries.voidRates,
  silent_day: queries.silentDays,
  conflict: queries.conflicts,
  key_reuse: queries.keyReuses,
  late_authorisation: queries.lateAuthorisations,
};

const cmp = (a: string | number | null, b: string | number | null): number =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;

/** Findings in kind order (SPEC §9's), then store, document type, series, number, date. */
function order(a: Finding, b: Finding): number {
  return (
    FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) ||
    cmp(a.store, b.store) ||
    cmp(a.doc_type, b.doc_type) ||
    cmp(a.series, b.series) ||
    cmp(a.from, b.from) ||
    cmp(a.date, b.date) ||
    cmp(a.evidence.join(';'), b.evidence.join(';'))
  );
}

/**
 * The period's findings: the one place they are computed. Every output (findings in its
 * formats, report's totals.findings, the HTML page, run daily, the web server) takes
 * this object.
 */
export function buildFindings(db: DB, period: Period, options: FindingsOptions = {}): FindingsReport {
  checkStoreKnown(db, options.store);
  const kinds = FINDING_KINDS.filter((k) => !options.kinds || options.kinds.includes(k));
  const scope = {
    db,
    period,
    store: options.store,
    jump: options.jump ?? DEFAULT_JUMP,
    seriesDays: options.seriesDays,
  };
  const totals: Partial<Record<FindingKind, number>> = {};
  const findings: Finding[] = [];
  for (const kind of kinds) {
    const found = BY_KIND[kind](scope);
    totals[kind] = found.length;
    findings.push(...found);
  }
  return { period: { from: formatDay(period.from), to: formatDay(period.to) }, totals, findings: findings.sort(order) };
}

/** `--kind jump,backdated`: the kinds named, or the reason it names an unknown one. */
export function parseKinds(text: string): FindingKind[] | { unknown: string } {
  const kinds: FindingKind[] = [];
  for (const part of text
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)) {
    const kind = FINDING_KINDS.find((k) => k === part.toLowerCase().replace(/-/g, '_'));
    if (!kind) return { unknown: part };
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  return kinds;
}
