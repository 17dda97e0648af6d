import { SCRIPT, STYLE } from '../html-assets.js';

/**
 * The live dashboard's style sheet and script: the HTML page's own (the same look, the same
 * sorting and filtering of tables), plus a few rules for the navigation, the period picker and
 * the review forms. Served by the server as /assets/style.css and /assets/app.js, the only
 * style and script its Content-Security-Policy allows.
 */
export const LIVE_STYLE = `${STYLE}
.live-nav ul { list-style: none; display: flex; gap: 18px; margin: 0 0 14px; padding: 0; }
.live-nav a { color: var(--blue); font-weight: 600; text-decoration: none; }
.live-nav a[aria-current="page"] { color: var(--text); border-bottom: 3px solid var(--accent); }
a { color: var(--blue); }
.period-picker fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; align-items: end; gap: 10px 16px; }
.period-picker legend { font-weight: 600; padding: 0; margin-bottom: 4px; }
.period-picker input { min-width: 0; }
.period-picker .note { width: 100%; margin: 0; }
.period-picker .steps { display: flex; gap: 14px; align-self: center; font-size: 0.9rem; }
.period-picker button { border: 0; cursor: pointer; font: inherit; font-weight: 600; }
.downloads { font-size: 0.9rem; margin: 0 0 18px; }
.top-links ol { margin: 8px 0 0; padding-left: 1.4em; columns: 2; font-size: 0.9rem; }
.error .message { font-size: 1.1rem; font-weight: 600; }
td.review form { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
td.review select, td.review input { font: inherit; font-size: 0.85rem; padding: 2px 4px; }
td.review button { font: inherit; font-size: 0.85rem; cursor: pointer; }
.badge { display: inline-block; padding: 1px 6px; border-radius: 3px; background: var(--soft); font-size: 0.8rem; font-weight: 600; }
.badge.explained, .badge.billed { background: #d6ebf5; }
.badge.escalated { background: #f7dccc; }
@media print { .live-nav, .period-picker, .downloads, td.review form { display: none; } }
`;

export const LIVE_SCRIPT = `${SCRIPT}
(() => {
  'use strict';
  // The period picker: typing a day, a month or a range clears the other kinds, so the form
  // sends one period (the server refuses two, as the command line does).
  const form = document.getElementById('period-picker');
  if (!form) return;
  const groups = { day: ['day'], month: ['month'], from: ['from', 'to'], to: ['from', 'to'] };
  for (const [name, keep] of Object.entries(groups)) {
    const input = form.elements.namedItem(name);
    if (!input) continue;
    input.addEventListener('change', () => {
      if (input.value === '') return;
      for (const other of ['day', 'month', 'from', 'to']) {
        if (!keep.includes(other)) form.elements.namedItem(other).value = '';
      }
    });
  }
})();
`;
