import { createRequire } from 'node:module';
import type Table from 'cli-table3';
import type { Report } from '../audit/report.js';
import type { Summary } from '../audit/summary.js';
import type { LoadResult } from '../ingest/load-file.js';
import type { Style } from './style.js';
import { count, moneyText } from './count.js';
import { escapeStrings } from '../escape.js';

/**
 * cli-table3, required when a table is drawn: commands that print none (JSON, CSV, --quiet)
 * start faster. In the bundle (CommonJS) the plain `require` is esbuild's, so cli-table3 is
 * bundled, still run only here, and in the V8 code cache: a daily run's files took 19 ms
 * instead of 30 (docs/benchmarks.md). The modules tsc emits are ES modules, without `require`.
 */
function loadTable(): typeof import('cli-table3') {
  return typeof require === 'function' ? require('cli-table3') : createRequire(import.meta.url)('cli-table3');
}

/** Tables for a person reading a terminal or a cron mail: cli-table3, colour only when allowed. */
export function table(style: Style, head: string[], alignRight: number[] = []): Table.Table {
  const Table = loadTable();
  return new Table({
    head: head.map((h) => style.chalk.bold(h)),
    style: { head: [], border: [], compact: false },
    colAligns: head.map((_, i) => (alignRight.includes(i) ? 'right' : 'left')),
  });
}

const pct = (rate: number) => `${(rate * 100).toFixed(2)}%`;

export function reportTable(raw: Report, style: Style): string {
  const report = escapeStrings(raw);
  const { chalk } = style;
  const t = report.totals;
  const period = report.period.from === report.period.to ? report.period.from : `${report.period.from} to ${report.period.to}`;
  const lines: string[] = [];
  lines.push(chalk.bold(`Invoice numbering audit, ${period}`));
  lines.push(
    `Stores ${count(t.stores)} · series ${count(t.series)} · invoices ${count(t.invoices)}` +
      (t.voids ? ` (${count(t.voids)} void)` : '') +
      ` · missing ${t.missing ? chalk.red(count(t.missing)) : '0'} in ${count(t.gaps)} gap${t.gaps === 1 ? '' : 's'}` +
      (t.jumps ? ` · jumps ${count(t.jumps)} (${count(t.jump_numbers)} numbers, not counted as missing)` : '') +
      ` · recovered late ${count(t.recovered_late)} · conflicting duplicates ${count(t.conflicts)}` +
      (t.explained ? ` · explained ${count(t.explained)}` : ''),
  );
  const found = Object.entries(t.findings).filter(([, n]) => n);
  if (found.length) lines.push(`Findings: ${found.map(([k, n]) => `${k} ${count(n ?? 0)}`).join(' · ')} (smo-gaps findings lists them)`);
  lines.push('');
  if (report.top.length) {
    lines.push(
      chalk.bold(
        `Top ${report.top.length} store${report.top.length === 1 ? '' : 's'} by ${t.explained ? 'unexplained' : 'missing'} numbers`,
      ),
    );
    // The unexplained column once anything is reviewed `explained`: until then it equals missing.
    if (t.explained) {
      const top = table(style, ['#', 'Store', 'Unexplained', 'Missing', 'Invoices', 'Missing rate'], [0, 2, 3, 4, 5]);
      report.top.forEach((s, i) =>
        top.push([i + 1, s.store, count(s.unexplained), count(s.missing), count(s.invoices), pct(s.missing_rate)]),
      );
      lines.push(top.toString(), '');
    } else {
      const top = table(style, ['#', 'Store', 'Missing', 'Invoices', 'Missing rate'], [0, 2, 3, 4]);
      report.top.forEach((s, i) => top.push([i + 1, s.store, count(s.missing), count(s.invoices), pct(s.missing_rate)]));
      lines.push(top.toString(), '');
    }
  }
  const withGaps = report.stores.filter((s) => s.gaps.length);
  if (withGaps.length) {
    lines.push(chalk.bold('Gaps by store (a gap belongs to the date of the invoice after it)'));
    const gaps = table(style, ['Store', 'Type', 'Series', 'From', 'To', 'Count', 'Previous', 'Next'], [3, 4, 5]);
    for (const s of withGaps) {
      for (const g of s.gaps) {
        gaps.push([s.store, g.doc_type, g.series, g.from, g.to, count(g.count) + (g.jump ? ' (jump)' : ''), g.prev_date, g.next_date]);
      }
    }
    lines.push(gaps.toString(), '');
  } else {
    lines.push(chalk.green('No missing numbers in this period.'), '');
  }
  const clean = report.stores.filter((s) => !s.gaps.length && s.invoices > 0).map((s) => s.store);
  if (clean.length && withGaps.length) lines.push(`Stores without gaps: ${clean.join(', ')}`, '');
  if (report.conflicts.length) {
    lines.push(chalk.bold('Conflicting duplicates (the first upload is kept)'));
    const c = table(style, ['Store', 'Type', 'Series', 'Sequential', 'Kept', 'Duplicate']);
    for (const x of report.conflicts) {
      const side = (v: Report['conflicts'][number]['kept']) => `${v.date} ${v.amount ?? '—'}${v.void ? ' void' : ''}\n${v.file}:${v.line}`;
      c.push([x.store, x.doc_type, x.series, x.sequential, side(x.kept), side(x.duplicate)]);
    }
    lines.push(c.toString(), '');
  }
  return lines.join('\n');
}

export function summaryTable(raw: Summary, style: Style): string {
  const summary = escapeStrings(raw);
  // The rent at stake only when the lease register has leases (SPEC §8).
  const money = summary.totals.at_stake !== undefined;
  const stake = (value: number | undefined) => (money ? [moneyText(value ?? 0)] : []);
  const t = table(
    style,
    [
      'Month',
      'Invoices',
      'Void',
      'Missing',
      'Gaps',
      'Jumps',
      'Stores with gaps',
      'Recovered late',
      'Top store',
      ...(money ? ['Rent at stake'] : []),
    ],
    [1, 2, 3, 4, 5, 6, 7, ...(money ? [9] : [])],
  );
  for (const m of summary.months) {
    t.push([
      m.month,
      count(m.invoices),
      count(m.voids),
      m.missing ? style.chalk.red(count(m.missing)) : '0',
      count(m.gaps),
      count(m.jumps),
      count(m.stores_with_gaps),
      count(m.recovered_late),
      m.top_store ? `${m.top_store} (${count(m.top_store_missing)})` : '—',
      ...stake(m.at_stake),
    ]);
  }
  const s = summary.totals;
  t.push([
    style.chalk.bold('Total'),
    count(s.invoices),
    count(s.voids),
    count(s.missing),
    count(s.gaps),
    count(s.jumps),
    '',
    count(s.recovered_late),
    '',
    ...stake(s.at_stake),
  ]);
  return `${style.chalk.bold(`Monthly summary, ${summary.period.from.slice(0, 7)} to ${summary.period.to.slice(0, 7)}`)}\n${t.toString()}\n`;
}

export function ingestTable(raw: LoadResult[], style: Style): string {
  const results = escapeStrings(raw);
  const t = table(
    style,
    ['File', 'Rows', 'Loaded', 'Already present', 'Conflicts', 'Rejected', 'Gaps opened', 'Recovered late', 'Time', 'Rows/s'],
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  for (const r of results) {
    const c = r.counts;
    t.push([
      r.file + (r.status === 'dry-run' ? ' (dry run)' : ''),
      count(c.rowsRead),
      count(c.loaded),
      count(c.alreadyPresent),
      c.conflicts ? style.chalk.yellow(count(c.conflicts)) : '0',
      c.rejected ? style.chalk.red(count(c.rejected)) : '0',
      count(c.gapsOpened),
      count(c.recoveredLate),
      `${r.seconds.toFixed(2)} s`,
      count(Math.round(c.rowsRead / Math.max(r.seconds, 1e-6))),
    ]);
  }
  const lines = [t.toString()];
  for (const r of results) {
    const reasons = Object.entries(r.rejectsByReason);
    if (reasons.length) {
      lines.push(`Rejected in ${r.file}: ${reasons.map(([k, v]) => `${k}: ${count(v)}`).join('; ')}`);
    }
  }
  return lines.join('\n') + '\n';
}
