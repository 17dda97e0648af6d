import type { MoneyReport } from '../audit/money/build.js';
import type { Formats, Lang } from './i18n.js';
import { esc, horizontalBars } from './svg.js';

/**
 * The dashboard's money section (SPEC §8), shown when the lease register has leases: the
 * figures of `money` for the months the page's period touches, and the top stores by rent at stake.
 */
const LABELS = {
  en: {
    title: (months: string) => `Money at stake, ${months}`,
    note: 'Rent the missing invoices may hide. Estimated unreported: each missing invoice number (type 01) valued at the median ticket of the invoices around it; rent due is the lease on the best estimate of sales, rent billed on the declared sales.',
    atStake: 'Rent at stake',
    unreported: 'Estimated unreported sales',
    billed: 'Rent billed',
    due: 'Rent due',
    underDeclared: 'Under-declared',
    top: (n: number) => `Top ${n} by rent at stake`,
    topDesc: 'Store-months ranked by the rent at stake.',
    empty: 'No store with a lease has rent at stake in these months.',
    cols: ['Store', 'Month', 'Lease', 'Invoiced sales', 'Declared', 'Est. unreported', 'Rent billed', 'Rent due', 'At stake'],
    noLease: 'no lease',
    fixed: 'fixed',
  },
  es: {
    title: (months: string) => `Dinero en juego, ${months}`,
    note: 'Arriendo que pueden ocultar las facturas faltantes. Ventas no reportadas estimadas: cada número faltante (tipo 01) valorado al ticket mediano de las facturas vecinas; el arriendo debido es el del contrato sobre la mejor estimación de ventas, el facturado sobre las ventas declaradas.',
    atStake: 'Arriendo en juego',
    unreported: 'Ventas no reportadas estimadas',
    billed: 'Arriendo facturado',
    due: 'Arriendo debido',
    underDeclared: 'Subdeclarado',
    top: (n: number) => `Los ${n} primeros por arriendo en juego`,
    topDesc: 'Locales y meses ordenados por arriendo en juego.',
    empty: 'Ningún local con contrato tiene arriendo en juego en estos meses.',
    cols: [
      'Local',
      'Mes',
      'Contrato',
      'Ventas facturadas',
      'Declaradas',
      'No reportadas est.',
      'Arriendo facturado',
      'Arriendo debido',
      'En juego',
    ],
    noLease: 'sin contrato',
    fixed: 'fijo',
  },
} satisfies Record<Lang, unknown>;

export function moneySection(money: MoneyReport | undefined, f: Formats): string {
  if (!money) return '';
  const L = LABELS[f.lang];
  const a = (n: number | null) => (n === null ? '—' : f.amount(n));
  const months = money.months.length === 1 ? money.months[0] : `${money.months[0]} – ${money.months[money.months.length - 1]}`;
  const t = money.totals;
  const kpi = (label: string, value: string, alert = false) =>
    `<div class="kpi${alert ? ' alert' : ''}"><dt>${esc(label)}</dt><dd>${esc(value)}</dd></div>`;
  const top = money.top.length
    ? horizontalBars(
        money.top.map((s) => ({
          label: money.months.length === 1 ? s.store : `${s.store} ${s.month}`,
          value: Math.max(0, s.at_stake),
          valueText: a(s.at_stake),
          tooltip: `${s.store} ${s.month}: ${a(s.at_stake)}`,
        })),
        { id: 'money-chart', title: L.top(money.top.length), desc: L.topDesc },
      )
    : `<p class="empty">${esc(L.empty)}</p>`;
  const lease = (s: MoneyReport['stores'][number]) =>
    s.scheme === null
      ? L.noLease
      : s.scheme === 'fixed'
        ? `${L.fixed} ${a(s.minimum)}`
        : `${f.percent(s.rate ?? 0)}${s.minimum ? ` / min ${a(s.minimum)}` : ''}`;
  const head = L.cols.map((c, i) => `<th scope="col"${i > 2 ? ' class="num"' : ''}>${esc(c)}</th>`).join('');
  const body = money.stores
    .map(
      (s) =>
        `<tr><th scope="row">${esc(s.store)}</th><td>${esc(s.month)}</td><td>${esc(lease(s))}</td>` +
        [s.invoiced_sales, s.declared_sales, s.estimated_unreported, s.rent_billed, s.rent_due, s.at_stake]
          .map((v) => `<td class="num">${esc(a(v))}</td>`)
          .join('') +
        '</tr>',
    )
    .join('');
  return (
    `<section aria-labelledby="money-title" id="money"><h2 id="money-title">${esc(L.title(months))}</h2>` +
    `<p class="note">${esc(L.note)}</p>` +
    '<dl class="kpis">' +
    kpi(L.atStake, a(t.at_stake), t.at_stake > 0) +
    kpi(L.unreported, a(t.estimated_unreported)) +
    kpi(L.billed, a(t.rent_billed)) +
    kpi(L.due, a(t.rent_due)) +
    kpi(L.underDeclared, a(t.under_declared)) +
    '</dl>' +
    `<figure aria-labelledby="money-top-title"><h3 id="money-top-title">${esc(L.top(money.top.length))}</h3>${top}</figure>` +
    `<table class="money"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>` +
    '</section>'
  );
}
