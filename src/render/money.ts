import type { MoneyReport, MoneyRow } from '../audit/money/build.js';
import { csvText } from './csv.js';
import { table } from './table.js';
import { count, moneyText } from './count.js';
import type { Style } from './style.js';

export const money = moneyText;

/** Money in CSV: two decimals, no grouping, empty for none. */
const plain = (value: number | null) => (value === null ? '' : value.toFixed(2));

/** A row's lease in a few words: "8% min 1,500.00", "fixed 2,000.00", "no lease". */
export function leaseWords(row: Pick<MoneyRow, 'scheme' | 'rate' | 'minimum'>): string {
  if (row.scheme === null) return 'no lease';
  if (row.scheme === 'fixed') return `fixed ${money(row.minimum)}`;
  const rate = `${Number(((row.rate ?? 0) * 100).toPrecision(12))}%`;
  return row.minimum ? `${rate} min ${money(row.minimum)}` : rate;
}

export const MONEY_CSV_COLUMNS = [
  'store',
  'month',
  'scheme',
  'rate',
  'minimum',
  'invoices',
  'missing',
  'invoiced_sales',
  'declared_sales',
  'under_declared',
  'estimated_unreported',
  'billing_basis',
  'best_estimate',
  'rent_billed',
  'rent_due',
  'at_stake',
  'top_rank',
] as const;

export function moneyCsv(report: MoneyReport): string {
  const rank = new Map(report.top.map((t, i) => [`${t.store}\t${t.month}`, i + 1]));
  return csvText(
    [...MONEY_CSV_COLUMNS],
    report.stores.map((s) => [
      s.store,
      s.month,
      s.scheme ?? '',
      s.rate ?? '',
      plain(s.minimum),
      s.invoices,
      s.missing,
      plain(s.invoiced_sales),
      plain(s.declared_sales),
      plain(s.under_declared),
      plain(s.estimated_unreported),
      plain(s.billing_basis),
      plain(s.best_estimate),
      plain(s.rent_billed),
      plain(s.rent_due),
      plain(s.at_stake),
      rank.get(`${s.store}\t${s.month}`) ?? '',
    ]),
  );
}

export function moneyTable(report: MoneyReport, style: Style): string {
  const { chalk } = style;
  const months = report.months.length === 1 ? report.months[0] : `${report.months[0]} to ${report.months[report.months.length - 1]}`;
  const many = report.months.length > 1;
  const t = report.totals;
  const lines: string[] = [chalk.bold(`Money at stake, ${months}`)];
  lines.push(
    `Invoiced sales ${money(t.invoiced_sales)} · declared ${money(t.declared_sales)} · estimated unreported ${money(t.estimated_unreported)}` +
      ` · rent billed ${money(t.rent_billed)} · rent due ${money(t.rent_due)} · at stake ${t.at_stake > 0 ? chalk.red(money(t.at_stake)) : money(t.at_stake)}`,
    '',
  );
  if (report.top.length) {
    lines.push(chalk.bold(`Top ${report.top.length} by rent at stake`));
    const top = table(style, ['#', 'Store', ...(many ? ['Month'] : []), 'At stake'], [0, many ? 3 : 2]);
    report.top.forEach((s, i) => top.push([i + 1, s.store, ...(many ? [s.month] : []), money(s.at_stake)]));
    lines.push(top.toString(), '');
  }
  if (report.stores.length === 0) {
    lines.push('No store has invoices or a lease in this period.');
    return `${lines.join('\n')}\n`;
  }
  const head = [
    'Store',
    ...(many ? ['Month'] : []),
    'Lease',
    'Invoices',
    'Missing',
    'Invoiced sales',
    'Declared',
    'Under-declared',
    'Est. unreported',
    'Best estimate',
    'Rent billed',
    'Rent due',
    'At stake',
  ];
  const first = many ? 3 : 2;
  const rows = table(
    style,
    head,
    head.map((_, i) => i).filter((i) => i >= first),
  );
  for (const s of report.stores) {
    rows.push([
      s.store,
      ...(many ? [s.month] : []),
      leaseWords(s),
      count(s.invoices),
      count(s.missing),
      money(s.invoiced_sales),
      money(s.declared_sales),
      money(s.under_declared),
      money(s.estimated_unreported),
      money(s.best_estimate),
      money(s.rent_billed),
      money(s.rent_due),
      s.at_stake !== null && s.at_stake > 0 ? chalk.red(money(s.at_stake)) : money(s.at_stake),
    ]);
  }
  lines.push(rows.toString());
  lines.push(
    'Estimated unreported: each missing invoice number (type 01) valued at the median ticket of up to 50 invoices on each side.',
    'Rent due is the lease on the best estimate of sales; rent billed, on the declared sales (or the invoiced ones when nothing was declared).',
  );
  return `${lines.join('\n')}\n`;
}
