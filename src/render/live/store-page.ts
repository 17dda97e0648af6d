import type { Report } from '../../audit/report.js';
import type { SeriesStatus } from '../../audit/status.js';
import type { Formats } from '../i18n.js';
import { conflicts, docType, sortableHead, totals } from '../html.js';
import { esc } from '../svg.js';
import type { LiveLabels } from './labels.js';

/**
 * A store's page: its totals for the period, each series with its current sequential, and
 * each gap of the period between the invoices around it (number, date, file:line), so an
 * auditor can open the export at that line. Money, findings and reviews come as sections
 * from the features that compute them.
 */
/** A present invoice beside a gap, as the evidence trail names it (`evidence`'s trail.csv). */
export interface InvoiceRef {
  sequential: number;
  date: string;
  file: string;
  line: number;
}

/** A gap of the period between its previous and next invoice (null: not present). */
export interface GapTrail {
  doc_type: string;
  series: string;
  from: number;
  to: number;
  prev: InvoiceRef | null;
  next: InvoiceRef | null;
}

export interface StorePageModel {
  store: string;
  /** `report --store` for the period. */
  report: Report;
  /** The store's series as `status --store` lists them. */
  series: SeriesStatus[];
  /** The gaps of report.stores[0], with their neighbours. */
  trails: GapTrail[];
  /** Rendered sections of the features this build has (money, findings, reviews). */
  extra?: string[];
  /** The review cell of a gap, when reviews can be written from the page. */
  reviewCell?: (gap: GapTrail) => string;
  reviewHeading?: string;
}

export function storeBody(model: StorePageModel, f: Formats, L: LiveLabels): string {
  return [
    totals(model.report, f),
    seriesTable(model.series, f, L),
    gapsWithTrail(model, f, L),
    ...(model.extra ?? []),
    conflicts(model.report, f),
  ].join('\n');
}

function seriesTable(series: SeriesStatus[], f: Formats, L: LiveLabels): string {
  const c = f.labels.col;
  if (series.length === 0) {
    return `<section aria-labelledby="series-title"><h2 id="series-title">${esc(L.seriesTitle)}</h2><p class="empty">${esc(L.seriesEmpty)}</p></section>`;
  }
  const head = sortableHead(
    [
      { label: c.docType, type: 'text' },
      { label: c.series, type: 'text' },
      { label: L.col.lastSeq, type: 'number' },
      { label: L.col.lastDate, type: 'text' },
      { label: L.col.firstSeq, type: 'number' },
      { label: L.col.lastUpload, type: 'text' },
      { label: L.col.openGaps, type: 'number' },
      { label: L.col.missingAll, type: 'number' },
    ],
    f.labels.sortHint,
  );
  const rows = series
    .map(
      (s, i) =>
        `<tr data-order="${i}"><td data-sort="${esc(s.doc_type)}">${docType(s.doc_type, f)}</td><td><span class="code">${esc(s.series)}</span></td>` +
        `<td class="num" data-sort="${s.last_seq}">${s.last_seq}</td><td data-sort="${esc(s.last_date)}">${esc(f.date(s.last_date))}</td>` +
        `<td class="num" data-sort="${s.first_seq}">${s.first_seq}</td>` +
        `<td data-sort="${esc(s.last_upload ?? '')}">${s.last_upload ? esc(f.timestamp(new Date(s.last_upload))) : ''}</td>` +
        `<td class="num" data-sort="${s.open_gaps}">${esc(f.number(s.open_gaps))}</td><td class="num" data-sort="${s.missing}">${esc(f.number(s.missing))}</td></tr>`,
    )
    .join('');
  return (
    `<section aria-labelledby="series-title"><h2 id="series-title">${esc(L.seriesTitle)}</h2>` +
    `<div class="table-wrap"><table id="series-table" data-sortable><caption class="visually-hidden">${esc(L.seriesTitle)}</caption>${head}<tbody>${rows}</tbody></table></div></section>`
  );
}

function invoice(ref: InvoiceRef | null, f: Formats, L: LiveLabels): string {
  if (!ref) return `<span class="sub">${esc(L.noInvoice)}</span>`;
  return `<span class="code">${ref.sequential}</span> · ${esc(f.date(ref.date))}<br><span class="sub file-line">${esc(ref.file)}:${ref.line}</span>`;
}

function gapsWithTrail(model: StorePageModel, f: Formats, L: LiveLabels): string {
  const c = f.labels.col;
  const title = `<h2 id="store-gaps-title">${esc(L.gapsTitle)}</h2>`;
  if (model.trails.length === 0) {
    return `<section aria-labelledby="store-gaps-title">${title}<p class="empty">${esc(f.labels.gapsEmpty)}</p></section>`;
  }
  const columns = [c.docType, c.series, c.from, c.to, c.count, c.prevDate, c.nextDate];
  if (model.reviewCell) columns.push(model.reviewHeading ?? '');
  const head = columns.map((h, i) => `<th scope="col"${i >= 2 && i <= 4 ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const rows = model.trails
    .map(
      (g) =>
        `<tr data-series="${esc(g.series)}" data-from="${g.from}"><td>${docType(g.doc_type, f)}</td><td><span class="code">${esc(g.series)}</span></td>` +
        `<td class="num">${g.from}</td><td class="num">${g.to}</td><td class="num">${esc(f.number(g.to - g.from + 1))}</td>` +
        `<td>${invoice(g.prev, f, L)}</td><td>${invoice(g.next, f, L)}</td>` +
        (model.reviewCell ? `<td class="review">${model.reviewCell(g)}</td>` : '') +
        '</tr>',
    )
    .join('');
  return (
    `<section aria-labelledby="store-gaps-title">${title}<p class="note">${esc(L.gapsNote)}</p>` +
    `<div class="table-wrap"><table id="store-gaps-table"><caption class="visually-hidden">${esc(L.gapsTitle)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div></section>`
  );
}
