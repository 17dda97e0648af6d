import type { Report } from '../../audit/report.js';
import type { Timeline } from '../../audit/timeline.js';
import type { Formats } from '../i18n.js';
import { charts, conflicts, gapsTable, recovered, storesTable, totals, type StoreLink } from '../html.js';
import { esc } from '../svg.js';
import { FINDING_KINDS, type FindingKind } from '../../audit/findings/index.js';
import { findingsEmpty, findingsTitle, kindName } from '../html-findings.js';

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

/** The period's findings counted by kind (the report's totals.findings), each kind a link to its list. */
export function findingsByKind(totals: Partial<Record<FindingKind, number>>, f: Formats, link: (kind: FindingKind) => string): string {
  const kinds = FINDING_KINDS.filter((k) => (totals[k] ?? 0) > 0);
  const title = `<h2 id="findings-kinds-title">${esc(findingsTitle(f.lang))}</h2>`;
  if (kinds.length === 0)
    return `<section aria-labelledby="findings-kinds-title" id="findings-kinds">${title}<p class="empty">${esc(findingsEmpty(f.lang))}</p></section>`;
  const rows = kinds
    .map(
      (k) =>
        `<tr data-kind="${esc(k)}"><th scope="row"><a href="${esc(link(k))}">${esc(kindName(f.lang, k))}</a></th><td class="num">${esc(f.number(totals[k] ?? 0))}</td></tr>`,
    )
    .join('');
  return (
    `<section aria-labelledby="findings-kinds-title" id="findings-kinds">${title}` +
    `<table class="compact" id="findings-kinds-table"><caption class="visually-hidden">${esc(findingsTitle(f.lang))}</caption><tbody>${rows}</tbody></table></section>`
  );
}
