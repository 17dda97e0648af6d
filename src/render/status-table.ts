import Table from 'cli-table3';
import type { Status } from '../audit/status.js';
import type { Style } from './style.js';
import { count } from './count.js';

/** `status` for a person: the late stores first, then every series, then the newest open gaps. */
export function statusTable(status: Status, style: Style): string {
  const { chalk } = style;
  const t = status.totals;
  const days = (value: number | null) => (value === null ? '—' : String(value));
  const upload = (value: string | null) => (value === null ? '—' : value.replace(/\.\d{3}Z$/, 'Z'));
  const table = (head: string[], right: number[] = []) =>
    new Table({
      head: head.map((h) => chalk.bold(h)),
      style: { head: [], border: [], compact: false },
      colAligns: head.map((_, i) => (right.includes(i) ? 'right' : 'left')),
    });

  const lines: string[] = [];
  lines.push(chalk.bold(`Status on ${status.today}`));
  lines.push(
    `Stores ${count(t.stores)} · series ${count(t.series)} · late (nothing for ${status.yesterday}) ` +
      `${t.late_stores ? chalk.red(count(t.late_stores)) : '0'} · open gaps ${count(t.open_gaps)} (${count(t.missing)} missing)` +
      (t.jumps ? ` · jumps ${count(t.jumps)} (not counted as missing)` : ''),
  );
  lines.push('');
  if (status.late.length) {
    lines.push(chalk.bold(`Stores with no invoices for ${status.yesterday}`));
    const late = table(['Store', 'Last invoice', 'Days behind', 'Last upload', 'Days since upload'], [2, 4]);
    for (const s of status.late) late.push([s.store, s.last_date, s.days_behind, upload(s.last_upload), days(s.days_since_upload)]);
    lines.push(late.toString(), '');
  } else if (t.stores) {
    lines.push(chalk.green(`Every store has invoices for ${status.yesterday}.`), '');
  }
  if (status.series.length) {
    lines.push(chalk.bold('Series (current sequential)'));
    const series = table(['Store', 'Type', 'Series', 'Current', 'Date', 'Last upload', 'Days since', 'Open gaps', 'Missing'], [3, 6, 7, 8]);
    for (const s of status.series) {
      series.push([
        s.store,
        s.doc_type,
        s.series,
        s.last_seq,
        s.last_date,
        upload(s.last_upload),
        days(s.days_since_upload),
        count(s.open_gaps),
        s.missing ? chalk.red(count(s.missing)) : '0',
      ]);
    }
    lines.push(series.toString(), '');
  } else {
    lines.push('The database holds no invoices yet.', '');
  }
  if (status.gaps.length) {
    const more =
      t.open_gaps + t.jumps > status.gaps.length
        ? ` (${status.gaps.length} newest of ${count(t.open_gaps + t.jumps)}; --gaps N shows more)`
        : '';
    lines.push(chalk.bold(`Open gaps${more}`));
    const gaps = table(['Store', 'Type', 'Series', 'From', 'To', 'Count', 'Previous', 'Next'], [3, 4, 5]);
    for (const g of status.gaps)
      gaps.push([g.store, g.doc_type, g.series, g.from, g.to, count(g.count) + (g.jump ? ' (jump)' : ''), g.prev_date, g.next_date]);
    lines.push(gaps.toString(), '');
  }
  return lines.join('\n');
}
