import { esc } from '../svg.js';
import type { Formats } from '../i18n.js';
import type { LiveLabels } from './labels.js';

/**
 * The frame of every page `smo-gaps serve` renders: the HTML page's header, a navigation bar,
 * the period picker (a plain GET form, so it works without JavaScript), the links to the
 * JSON and CSV of what the page shows, and the footer with the attribution rule. The style
 * sheet and the script are this server's own files (/assets/…), which the CSP allows alone.
 */
export type Query = Readonly<Record<string, string>>;

/** A link inside the server, its query parameters encoded. */
export function href(path: string, query: Query = {}): string {
  const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')).toString();
  return search ? `${path}?${search}` : path;
}

export interface Link {
  label: string;
  href: string;
}

export interface Frame {
  f: Formats;
  L: LiveLabels;
  /** The browser tab's title. */
  title: string;
  /** The large line of the header: the period, or the store and the period. */
  heading: string;
  /** Which navigation entry is this page. */
  current: 'overview' | 'findings' | 'store' | 'error';
  /** The period parameters the page was asked for (day, month, from, to), kept by every link. */
  period: Query;
  /** The periods before and after, as parameters, with their titles (day and month periods). */
  steps?: { previous: Link; next: Link };
  /** Hidden fields the period picker keeps (the store of a store page). */
  keep?: Query;
  downloads?: Link[];
  /** Whether this build can list findings (the navigation shows the page only then). */
  findings: boolean;
  body: string;
}

export function page(frame: Frame): string {
  const { f, L } = frame;
  return [
    '<!doctype html>',
    `<html lang="${f.locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="smo-gaps">',
    `<title>${esc(frame.title)}</title>`,
    '<link rel="icon" href="data:,">',
    '<link rel="stylesheet" href="/assets/style.css">',
    '<script src="/assets/app.js" defer></script>',
    '</head>',
    '<body>',
    '<div class="page">',
    `<header class="top"><h1>${esc(f.labels.title)}</h1><p class="period">${esc(frame.heading)}</p>` +
      `<p class="meta">${esc(L.live)}</p></header>`,
    nav(frame),
    frame.current === 'error' ? '' : picker(frame),
    downloads(frame),
    `<main>${frame.body}</main>`,
    `<footer><p>${esc(f.labels.attribution)}</p></footer>`,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function nav(frame: Frame): string {
  const { L } = frame;
  const items: [Frame['current'], string, string][] = [['overview', L.nav.overview, href('/', frame.period)]];
  if (frame.findings) items.push(['findings', L.nav.findings, href('/findings', frame.period)]);
  return (
    '<nav class="live-nav"><ul>' +
    items
      .map(
        ([key, label, link]) => `<li><a href="${esc(link)}"${key === frame.current ? ' aria-current="page"' : ''}>${esc(label)}</a></li>`,
      )
      .join('') +
    '</ul></nav>'
  );
}

function picker(frame: Frame): string {
  const P = frame.L.picker;
  const value = (name: string) => esc(frame.period[name] ?? '');
  const field = (name: string, label: string, type: string) =>
    `<label for="period-${name}">${esc(label)}<input id="period-${name}" name="${name}" type="${type}" value="${value(name)}"></label>`;
  const keep = { ...frame.keep, ...(frame.period.lang ? { lang: frame.period.lang } : {}) };
  const hidden = Object.entries(keep)
    .map(([name, v]) => `<input type="hidden" name="${esc(name)}" value="${esc(v)}">`)
    .join('');
  return (
    `<form class="toolbar period-picker" method="get" action="" id="period-picker"><fieldset><legend>${esc(P.legend)}</legend>` +
    field('day', P.day, 'date') +
    field('month', P.month, 'month') +
    field('from', P.from, 'date') +
    field('to', P.to, 'date') +
    `${hidden}<button type="submit" class="button">${esc(P.show)}</button>${steps(frame)}<p class="note">${esc(P.help)}</p></fieldset></form>`
  );
}

function steps(frame: Frame): string {
  if (!frame.steps) return '';
  const { previous, next } = frame.steps;
  return (
    `<span class="steps"><a rel="prev" id="period-previous" href="${esc(previous.href)}">← ${esc(previous.label)}</a>` +
    `<a rel="next" id="period-next" href="${esc(next.href)}">${esc(next.label)} →</a></span>`
  );
}

function downloads(frame: Frame): string {
  if (!frame.downloads?.length) return '';
  return (
    `<p class="downloads" id="downloads"><span>${esc(frame.L.downloads)}:</span> ` +
    frame.downloads.map((d) => `<a href="${esc(d.href)}">${esc(d.label)}</a>`).join(' · ') +
    '</p>'
  );
}

/** A page that says what went wrong, in the frame of the others. */
export function errorPage(f: Formats, L: LiveLabels, status: keyof LiveLabels['errorTitle'], message: string, findings: boolean): string {
  const title = L.errorTitle[status];
  const help = status === 401 || status === 403 ? `<p class="note">${esc(L.tokenHelp)}</p>` : '';
  return page({
    f,
    L,
    title: `${title} · ${f.labels.title}`,
    heading: title,
    current: 'error',
    period: {},
    findings,
    body: `<section class="error" id="error"><p class="message">${esc(message)}</p>${help}<p><a href="/">${esc(L.backToOverview)}</a></p></section>`,
  });
}
