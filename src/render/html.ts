import { createHash } from 'node:crypto';
import type { Report } from '../audit/report.js';
import { missingRate } from '../audit/report.js';
import type { Timeline } from '../audit/timeline.js';
import { formatsFor, type Formats, type Lang } from './i18n.js';
import { esc, groupedColumns, horizontalBars, PALETTE } from './svg.js';
import { SCRIPT, STYLE } from './html-assets.js';
import type { FindingsReport } from '../audit/findings/index.js';
import { findingsSection, jumpWord } from './html-findings.js';
import { moneySection } from './html-money.js';
import type { MoneyReport } from '../audit/money/build.js';

/**
 * The audit dashboard: one self-contained HTML file (inline CSS, SVG and a small script;
 * nothing loaded from anywhere) that an auditor can open offline, email, print on A4 and
 * attach to the audit evidence. Pure: model in, text out; every interpolated text escaped.
 */
export interface DashboardModel {
  report: Report;
  timeline: Timeline;
  /** The export CSV of the same period (`smo-gaps export`'s output), offered for download. */
  exportCsv: string;
  /** Its rows, header not counted. */
  exportRowCount: number;
  generatedAt: Date;
  version: string;
  /** The database file's name, shown as the source. */
  source?: string;
  /** The --store filter, when the report covers one store. */
  store?: string;
  /** How many stores the ranking was asked for (--top). */
  top: number;
  /** The period's findings (SPEC §9). */
  findings?: FindingsReport;
  /** Money at stake of the months the period touches, when the lease register has leases (SPEC §8). */
  money?: MoneyReport;
}

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

/** Only this page's own script may run, and nothing may be fetched: the file works offline or not at all. */
const CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  `script-src 'sha256-${SCRIPT_HASH}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** A string inside <script type="application/json">: JSON, with every < escaped so no "</script>" can end it early. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The download's file name: the export's content and period, in characters every system accepts. */
export function csvFileName(model: DashboardModel): string {
  const store = model.store ? `-${model.store.replace(/[^A-Za-z0-9_-]+/g, '_')}` : '';
  const { from, to } = model.report.period;
  return `smo-gaps-missing${store}-${from === to ? from : `${from}_${to}`}.csv`;
}

export function renderHtml(model: DashboardModel, lang: Lang): string {
  const f = formatsFor(lang);
  const L = f.labels;
  const { report } = model;
  const title = `${L.title} · ${f.period(report.period.from, report.period.to)}`;
  return [
    '<!doctype html>',
    `<html lang="${f.locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="smo-gaps">',
    `<title>${esc(title)}</title>`,
    '<link rel="icon" href="data:,">',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<div class="page">',
    header(model, f),
    '<main>',
    totals(report, f),
    moneySection(model.money, f),
    charts(model, f),
    recovered(report, f),
    storeFilter(model, f),
    storesTable(report, f),
    gapsTable(model, f),
    conflicts(report, f),
    findingsSection(model.findings, f),
    '</main>',
    `<footer><p>${esc(L.attribution)}</p></footer>`,
    '</div>',
    `<script type="application/json" id="export-csv">${jsonForScript(model.exportCsv)}</script>`,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function header(model: DashboardModel, f: Formats): string {
  const L = f.labels;
  const meta = [L.generated(f.timestamp(model.generatedAt), model.version)];
  if (model.source) meta.push(`${L.database}: ${model.source}`);
  if (model.store) meta.push(`${L.storeFilterApplied}: ${model.store}`);
  return (
    `<header class="top"><h1>${esc(L.title)}</h1>` +
    `<p class="period">${esc(f.period(model.report.period.from, model.report.period.to))}</p>` +
    `<p class="meta">${meta.map(esc).join(' · ')}</p></header>`
  );
}

function kpi(label: string, value: string, extra = '', className = ''): string {
  return `<div class="kpi${className ? ` ${className}` : ''}"><dt>${esc(label)}</dt><dd>${esc(value)}${extra ? ` <small>${esc(extra)}</small>` : ''}</dd></div>`;
}

function totals(report: Report, f: Formats): string {
  const L = f.labels;
  const t = report.totals;
  const withGaps = report.stores.filter((s) => s.missing > 0).length;
  return (
    `<section aria-labelledby="totals-title"><h2 id="totals-title" class="visually-hidden">${esc(L.totals)}</h2><dl class="kpis" id="totals">` +
    kpi(L.kpi.missing, f.number(t.missing), '', t.missing > 0 ? 'alert' : '') +
    kpi(L.kpi.gaps, f.number(t.gaps)) +
    kpi(L.kpi.missingRate, f.percent(missingRate(t.missing, t.invoices))) +
    kpi(L.kpi.invoices, f.number(t.invoices), `${f.number(t.voids)} ${L.kpi.voids}`) +
    kpi(L.kpi.stores, f.number(t.stores), `${f.number(withGaps)} ${L.kpi.storesWithGaps}`) +
    kpi(L.kpi.series, f.number(t.series)) +
    kpi(L.kpi.recoveredLate, f.number(t.recovered_late), '', t.recovered_late > 0 ? 'good' : '') +
    kpi(L.kpi.conflicts, f.number(t.conflicts)) +
    '</dl></section>'
  );
}

function charts(model: DashboardModel, f: Formats): string {
  const L = f.labels;
  const { report, timeline } = model;
  const topTitle = L.topTitle(model.top);
  const topChart = report.top.length
    ? horizontalBars(
        report.top.map((t) => ({
          label: t.store,
          value: t.missing,
          valueText: f.number(t.missing),
          tooltip: `${t.store}: ${f.number(t.missing)} ${L.col.missing.toLocaleLowerCase(f.locale)} · ${L.col.missingRate.toLocaleLowerCase(f.locale)} ${f.percent(t.missing_rate)}`,
        })),
        { id: 'top-chart', title: topTitle, desc: L.topDesc },
      )
    : `<p class="empty">${esc(L.topEmpty)}</p>`;
  const topData = dataTable(
    [L.col.store, L.col.missing, L.col.invoices, L.col.missingRate],
    report.top.map((t) => [t.store, f.number(t.missing), f.number(t.invoices), f.percent(t.missing_rate)]),
    topTitle,
  );

  const unit = timeline.unit;
  const labels = timeline.buckets.map((b) => (unit === 'day' ? String(Number(b.key.slice(8, 10))) : f.monthShort(b.key)));
  const longLabels = timeline.buckets.map((b) => (unit === 'day' ? f.date(b.key) : f.period(`${b.key}-01`, endOfMonth(b.key))));
  const timelineChart = groupedColumns(
    {
      labels,
      longLabels,
      series: [
        { name: L.legendMissing, color: PALETTE.missing, values: timeline.buckets.map((b) => b.missing) },
        { name: L.legendRecovered, color: PALETTE.recovered, values: timeline.buckets.map((b) => b.recovered_late) },
      ],
      format: f.number,
    },
    { id: 'timeline-chart', title: L.timelineTitle[unit], desc: L.timelineDesc[unit] },
  );
  const nonEmpty = timeline.buckets.map((b, i) => ({ b, i })).filter(({ b }) => b.missing > 0 || b.recovered_late > 0);
  const timelineData = dataTable(
    [unit === 'day' ? L.col.day : L.col.month, L.col.missing, L.col.gaps, L.col.recoveredLate],
    nonEmpty.map(({ b, i }) => [longLabels[i], f.number(b.missing), f.number(b.gaps), f.number(b.recovered_late)]),
    L.timelineTitle[unit],
  );

  return (
    '<section class="charts">' +
    `<figure aria-labelledby="top-title"><h2 id="top-title">${esc(topTitle)}</h2>${topChart}${report.top.length ? topData : ''}</figure>` +
    `<figure aria-labelledby="timeline-title"><h2 id="timeline-title">${esc(L.timelineTitle[unit])}</h2>${timelineChart}${timelineData}</figure>` +
    '</section>'
  );
}

function endOfMonth(isoMonth: string): string {
  const [y, m] = isoMonth.split('-').map(Number);
  return `${isoMonth}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** The chart's numbers as a plain table, folded away: for screen readers and for copying. */
function dataTable(columns: string[], rows: string[][], caption: string): string {
  const head = columns.map((c, i) => `<th scope="col"${i > 0 ? ' class="num"' : ''}>${esc(c)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td class="num">${esc(c)}</td>`)).join('')}</tr>`)
    .join('');
  return `<details class="data"><summary>${esc(caption)}</summary><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></details>`;
}

function recovered(report: Report, f: Formats): string {
  const L = f.labels;
  const n = report.totals.recovered_late;
  const stores = report.stores
    .filter((s) => s.recovered_late > 0)
    .sort((a, b) => b.recovered_late - a.recovered_late || (a.store < b.store ? -1 : 1));
  const list = stores.length
    ? `<table class="compact"><caption class="visually-hidden">${esc(L.recoveredTitle)}</caption><thead><tr><th scope="col">${esc(L.col.store)}</th><th scope="col" class="num">${esc(L.col.recoveredLate)}</th></tr></thead><tbody>` +
      stores.map((s) => `<tr><th scope="row">${esc(s.store)}</th><td class="num">${esc(f.number(s.recovered_late))}</td></tr>`).join('') +
      '</tbody></table>'
    : '';
  return (
    `<section aria-labelledby="recovered-title" id="recovered"><h2 id="recovered-title">${esc(L.recoveredTitle)}</h2>` +
    `<p class="note">${esc(n > 0 ? L.recoveredText(f.number(n)) : L.recoveredNone)}</p>${list}</section>`
  );
}

function storeFilter(model: DashboardModel, f: Formats): string {
  const L = f.labels;
  const options = model.report.stores.map((s) => `<option value="${esc(s.store)}"></option>`).join('');
  const download =
    model.exportRowCount > 0
      ? `<a class="button" id="csv-download" download="${esc(csvFileName(model))}" hidden>${esc(L.download(f.number(model.exportRowCount)))}</a>` +
        `<noscript><p class="note">${esc(L.downloadNoScript)}</p></noscript>`
      : '';
  return (
    '<div class="toolbar">' +
    `<label for="store-filter">${esc(L.filterLabel)}<input type="search" id="store-filter" list="store-list" placeholder="${esc(L.filterPlaceholder)}" autocomplete="off"></label>` +
    `<datalist id="store-list">${options}</datalist>${download}</div>`
  );
}

interface Column {
  label: string;
  type: 'text' | 'number';
}

function sortableHead(columns: Column[], hint: string): string {
  return (
    '<thead><tr>' +
    columns
      .map(
        (c) =>
          `<th scope="col" data-type="${c.type}"${c.type === 'number' ? ' class="num"' : ''}><button type="button" title="${esc(hint)}">${esc(c.label)}</button><span class="print-only" aria-hidden="true">${esc(c.label)}</span></th>`,
      )
      .join('') +
    '</tr></thead>'
  );
}

function storesTable(report: Report, f: Formats): string {
  const L = f.labels;
  const c = L.col;
  const head = sortableHead(
    [
      { label: c.store, type: 'text' },
      { label: c.invoices, type: 'number' },
      { label: c.voids, type: 'number' },
      { label: c.missing, type: 'number' },
      { label: c.gaps, type: 'number' },
      { label: c.missingRate, type: 'number' },
      { label: c.recoveredLate, type: 'number' },
      { label: c.conflicts, type: 'number' },
    ],
    L.sortHint,
  );
  const num = (n: number, text = f.number(n)) => `<td class="num" data-sort="${n}">${esc(text)}</td>`;
  const rows = report.stores
    .map((s, i) => {
      const rate = missingRate(s.missing, s.invoices);
      return (
        `<tr data-store="${esc(s.store)}" data-order="${i}"><th scope="row">${esc(s.store)}</th>` +
        num(s.invoices) +
        num(s.voids) +
        num(s.missing) +
        num(s.gaps.length - s.jumps) +
        num(rate, f.percent(rate)) +
        num(s.recovered_late) +
        num(s.conflicts) +
        '</tr>'
      );
    })
    .join('');
  return (
    `<section aria-labelledby="stores-title"><h2 id="stores-title">${esc(L.storesTitle)}</h2>` +
    `<p class="status" id="stores-status" aria-live="polite" data-template="${esc(L.showing)}"></p>` +
    `<div class="table-wrap"><table id="stores-table" data-sortable data-filterable data-status="stores-status">` +
    `<caption class="visually-hidden">${esc(L.storesTitle)}</caption>${head}<tbody>${rows}</tbody></table></div></section>`
  );
}

function docType(code: string, f: Formats): string {
  const name = f.labels.docTypes[code];
  return `<span class="code">${esc(code)}</span>${name ? ` <span class="sub">${esc(name)}</span>` : ''}`;
}

function gapsTable(model: DashboardModel, f: Formats): string {
  const L = f.labels;
  const c = L.col;
  const gaps = model.report.stores.flatMap((s) => s.gaps.map((g) => ({ store: s.store, ...g })));
  if (gaps.length === 0) {
    return `<section aria-labelledby="gaps-title"><h2 id="gaps-title">${esc(L.gapsTitle)}</h2><p class="empty">${esc(L.gapsEmpty)}</p></section>`;
  }
  const head = sortableHead(
    [
      { label: c.store, type: 'text' },
      { label: c.docType, type: 'text' },
      { label: c.series, type: 'text' },
      { label: c.from, type: 'number' },
      { label: c.to, type: 'number' },
      { label: c.count, type: 'number' },
      { label: c.prevDate, type: 'text' },
      { label: c.nextDate, type: 'text' },
    ],
    L.sortHint,
  );
  // Sequentials are identifiers: written without thousands separators, as on the invoice.
  const rows = gaps
    .map(
      (g, i) =>
        `<tr data-store="${esc(g.store)}" data-order="${i}"><th scope="row">${esc(g.store)}</th>` +
        `<td data-sort="${esc(g.doc_type)}">${docType(g.doc_type, f)}</td><td><span class="code">${esc(g.series)}</span></td>` +
        `<td class="num" data-sort="${g.from}">${g.from}</td><td class="num" data-sort="${g.to}">${g.to}</td>` +
        `<td class="num" data-sort="${g.count}">${esc(f.number(g.count))}${g.jump ? ` <span class="sub">(${esc(jumpWord(f.lang))})</span>` : ''}</td>` +
        `<td data-sort="${esc(g.prev_date)}">${esc(f.date(g.prev_date))}</td><td data-sort="${esc(g.next_date)}">${esc(f.date(g.next_date))}</td></tr>`,
    )
    .join('');
  return (
    `<section aria-labelledby="gaps-title"><h2 id="gaps-title">${esc(L.gapsTitle)}</h2>` +
    `<p class="status" id="gaps-status" aria-live="polite" data-template="${esc(L.showing)}"></p>` +
    `<div class="table-wrap"><table id="gaps-table" data-sortable data-filterable data-status="gaps-status">` +
    `<caption class="visually-hidden">${esc(L.gapsTitle)}</caption>${head}<tbody>${rows}</tbody></table></div></section>`
  );
}

function conflicts(report: Report, f: Formats): string {
  if (report.conflicts.length === 0) return '';
  const L = f.labels;
  const c = L.col;
  const side = (s: Report['conflicts'][number]['kept']) =>
    `${esc(f.date(s.date))}${s.amount === null ? '' : ` · ${esc(f.amount(s.amount))}`}${s.void ? ` · ${esc(L.voidWord)}` : ''}<br><span class="sub">${esc(s.file)}:${s.line}</span>`;
  const rows = report.conflicts
    .map(
      (x) =>
        `<tr><th scope="row">${esc(x.store)}</th><td>${docType(x.doc_type, f)}</td><td><span class="code">${esc(x.series)}</span></td>` +
        `<td class="num">${x.sequential}</td><td>${side(x.kept)}</td><td>${side(x.duplicate)}</td></tr>`,
    )
    .join('');
  const head = [c.store, c.docType, c.series, c.sequential, c.kept, c.duplicate]
    .map((h, i) => `<th scope="col"${i === 3 ? ' class="num"' : ''}>${esc(h)}</th>`)
    .join('');
  return (
    `<section aria-labelledby="conflicts-title"><h2 id="conflicts-title">${esc(L.conflictsTitle)}</h2><p class="note">${esc(L.conflictsText)}</p>` +
    `<div class="table-wrap"><table id="conflicts-table"><caption class="visually-hidden">${esc(L.conflictsTitle)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div></section>`
  );
}
