import type { LogRow } from '../store/reviews.js';
import type { SnapshotDiff, SnapshotSummary, DiffRange } from '../audit/snapshots.js';
import type { Report } from '../audit/report.js';
import type { Style } from './style.js';
import { table } from './table.js';
import { count } from './count.js';

/** Tables of the audit trail (SPEC §10): the review log, the saved reports, a snapshot's diff. */

const span = (from: number, to: number) => (from === to ? String(from) : `${from}..${to}`);

export function reviewLogTable(rows: readonly LogRow[], style: Style): string {
  if (!rows.length) return 'No reviews yet.\n';
  const t = table(style, ['#', 'When', 'By', 'Store', 'Type', 'Series', 'Numbers', 'Old', 'New', 'Comment', 'Source'], [0]);
  for (const r of rows) {
    t.push([r.id, r.at, r.by, r.store, r.doc_type, r.series, span(r.from, r.to), r.old_status ?? '—', r.new_status, r.comment, r.source]);
  }
  return `${t.toString()}\n`;
}

export function snapshotListTable(rows: readonly SnapshotSummary[], style: Style): string {
  if (!rows.length) return 'No saved reports yet (report --save, or run daily|monthly, keeps one).\n';
  const t = table(style, ['ID', 'Issued', 'By', 'Period', 'Store', 'Missing', 'Explained', 'SHA-256'], [0, 5, 6]);
  for (const s of rows) {
    const period = s.period.from === s.period.to ? s.period.from : `${s.period.from} to ${s.period.to}`;
    t.push([s.id, s.created_at, s.source, period, s.store ?? 'all', count(s.missing), count(s.explained), s.sha256.slice(0, 12)]);
  }
  return `${t.toString()}\n`;
}

function rangesTable(title: string, ranges: readonly DiffRange[], style: Style): string[] {
  const n = ranges.reduce((acc, r) => acc + r.count, 0);
  const lines = [style.chalk.bold(`${title}: ${count(n)} number${n === 1 ? '' : 's'}`)];
  if (ranges.length) {
    const t = table(style, ['Store', 'Type', 'Series', 'From', 'To', 'Count'], [3, 4, 5]);
    for (const r of ranges) t.push([r.store, r.doc_type, r.series, r.from, r.to, count(r.count)]);
    lines.push(t.toString());
  }
  lines.push('');
  return lines;
}

const TOTALS: [keyof Report['totals'], string][] = [
  ['invoices', 'Invoices'],
  ['voids', 'Void'],
  ['missing', 'Missing'],
  ['gaps', 'Gaps'],
  ['explained', 'Explained'],
  ['recovered_late', 'Recovered late'],
  ['conflicts', 'Conflicting duplicates'],
  ['stores', 'Stores'],
  ['series', 'Series'],
];

export function snapshotDiffTable(diff: SnapshotDiff, style: Style): string {
  const s = diff.snapshot;
  const period = diff.period.from === diff.period.to ? diff.period.from : `${diff.period.from} to ${diff.period.to}`;
  const lines = [
    style.chalk.bold(`Saved report ${s.id} (${s.source}, ${s.created_at}) against now, ${period}${s.store ? `, store ${s.store}` : ''}`),
    diff.changed ? 'Changed since it was issued.' : 'Unchanged since it was issued.',
    '',
    ...rangesTable('Recovered since (missing then, present now)', diff.recovered, style),
    ...(diff.moved_out.length ? rangesTable('Still missing, now in another period', diff.moved_out, style) : []),
    ...rangesTable('Newly missing (not missing then)', diff.newly_missing, style),
  ];
  const t = table(style, ['Totals', 'Then', 'Now', 'Change'], [1, 2, 3]);
  for (const [key, label] of TOTALS) {
    const before = Number(diff.totals.before[key] ?? 0);
    const after = Number(diff.totals.after[key] ?? 0);
    const delta = after - before;
    t.push([label, count(before), count(after), delta === 0 ? '' : delta > 0 ? `+${count(delta)}` : `−${count(-delta)}`]);
  }
  lines.push(t.toString(), '');
  return lines.join('\n');
}
