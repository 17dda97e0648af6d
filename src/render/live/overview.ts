import type { Report } from '../../audit/report.js';
import type { Timeline } from '../../audit/timeline.js';
import type { Formats } from '../i18n.js';
import { charts, conflicts, gapsTable, recovered, storesTable, totals, type StoreLink } from '../html.js';
import { esc } from '../svg.js';

/**
 * The overview of a period: the HTML page's totals, charts, store and gap tables (the same
 * functions draw them), with every store a link to its page, and the top stores as links.
 */
export interface OverviewModel {
  report: Report;
  timeline: Timeline;
  top: number;
  /** Sections from the features this build has (money, findings), already rendered. */
  extra?: string[];
}

export function overviewBody(model: OverviewModel, f: Formats, link: StoreLink): string {
  const { report } = model;
  return [
    totals(report, f),
    charts(model, f),
    topLinks(report, f, link),
    ...(model.extra ?? []),
    recovered(report, f),
    filter(f),
    storesTable(report, f, link),
    gapsTable(model, f, link),
    conflicts(report, f),
  ].join('\n');
}

/** The top stores again, as links to their pages (the chart's bars are a picture). */
function topLinks(report: Report, f: Formats, link: StoreLink): string {
  if (report.top.length === 0) return '';
  const items = report.top
    .map(
      (t) =>
        `<li><a href="${esc(link(t.store))}">${esc(t.store)}</a> <span class="sub">${esc(f.number(t.missing))} · ${esc(f.percent(t.missing_rate))}</span></li>`,
    )
    .join('');
  return `<nav class="top-links" aria-labelledby="top-title"><ol id="top-stores">${items}</ol></nav>`;
}

function filter(f: Formats): string {
  const L = f.labels;
  return (
    '<div class="toolbar">' +
    `<label for="store-filter">${esc(L.filterLabel)}<input type="search" id="store-filter" placeholder="${esc(L.filterPlaceholder)}" autocomplete="off"></label></div>`
  );
}
