/**
 * The dashboard's inline style sheet and script. Both are constants, so the page's
 * Content-Security-Policy can allow exactly this script by its hash and nothing else:
 * the file loads nothing from anywhere, even if a store code tried to inject markup.
 */

export const STYLE = `
:root {
  --text: #1a1a1a; --muted: #595959; --line: #d9d9d9; --soft: #f4f4f2; --accent: #d55e00; --blue: #0072b2;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--text); background: #fff; line-height: 1.4;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; }
.page { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; }
header.top { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; gap: 4px 24px;
  border-bottom: 3px solid var(--text); padding-bottom: 12px; margin-bottom: 20px; }
h1 { font-size: 1.15rem; font-weight: 600; margin: 0; color: var(--muted); }
.period { font-size: 2rem; font-weight: 700; margin: 0; width: 100%; order: -1; }
.meta { margin: 0; color: var(--muted); font-size: 0.85rem; }
h2 { font-size: 1.15rem; margin: 0 0 10px; }
section { margin: 0 0 28px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(122px, 1fr)); gap: 10px; margin: 0; }
.kpi { background: var(--soft); border-radius: 6px; padding: 12px 14px; margin: 0; }
.kpi dt { font-size: 0.8rem; color: var(--muted); }
.kpi dd { margin: 2px 0 0; font-size: 1.6rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.kpi dd small { display: block; font-size: 0.8rem; font-weight: 400; color: var(--muted); }
.kpi.alert { border-left: 6px solid var(--accent); }
.kpi.good { border-left: 6px solid var(--blue); }
.charts { display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 7fr); gap: 24px; }
figure { margin: 0; }
.chart { display: block; width: 100%; height: auto; max-width: 100%; font-family: inherit; }
.chart-bars { max-width: 460px; }
table.compact { width: auto; min-width: 320px; }
details.data { margin-top: 6px; font-size: 0.85rem; color: var(--muted); }
details.data table { margin-top: 6px; }
.note { color: var(--muted); font-size: 0.9rem; margin: 4px 0 10px; max-width: 80ch; }
.empty { color: var(--muted); font-style: italic; }
.toolbar { display: flex; flex-wrap: wrap; align-items: end; gap: 12px 20px; margin: 0 0 16px; padding: 12px 14px; background: var(--soft); border-radius: 6px; }
.toolbar label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); gap: 2px; }
.toolbar input { font: inherit; padding: 6px 8px; min-width: 240px; border: 1px solid #8c8c8c; border-radius: 4px; }
.button { display: inline-block; padding: 7px 12px; border-radius: 4px; background: var(--blue); color: #fff; text-decoration: none; font-weight: 600; }
.button:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid #e69f00; outline-offset: 2px; }
.status { font-size: 0.85rem; color: var(--muted); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 0 0 6px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: baseline; }
thead th { border-bottom: 2px solid var(--text); white-space: nowrap; background: #fff; }
tbody th { font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #fafafa; }
th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-align: inherit; }
th button::after { content: " \\2195"; color: #8c8c8c; font-weight: 400; }
th[aria-sort="ascending"] button::after { content: " \\2191"; color: var(--text); }
th[aria-sort="descending"] button::after { content: " \\2193"; color: var(--text); }
.code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.85em; }
.sub { color: var(--muted); font-size: 0.85em; }
footer { border-top: 1px solid var(--line); padding-top: 10px; color: var(--muted); font-size: 0.85rem; }
.print-only { display: none; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 900px) { .charts { grid-template-columns: 1fr; } }
@media print {
  @page { size: A4; margin: 12mm 11mm; }
  :root { font-size: 9pt; }
  .page { max-width: none; padding: 0; }
  .period { font-size: 1.6rem; }
  .kpis { grid-template-columns: repeat(4, 1fr); gap: 6px; }
  .toolbar { display: none; }
  .kpi { padding: 6px 8px; border: 1px solid var(--line); }
  .kpi dd { font-size: 1.25rem; }
  .charts { grid-template-columns: minmax(0, 5fr) minmax(0, 7fr); gap: 12px; break-inside: avoid; }
  .button, noscript, details.data { display: none; }
  /* Chromium leaves buttons blank in the header it repeats on each printed page: print plain text. */
  th button { display: none; }
  .print-only { display: inline; }
  tr, .kpi, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  tbody tr:nth-child(even) { background: none; }
  section { margin-bottom: 14px; }
  a { color: inherit; text-decoration: none; }
}
`;

export const SCRIPT = `
(() => {
  'use strict';
  const doc = document;
  const locale = doc.documentElement.lang;
  const numbers = new Intl.NumberFormat(locale);
  const collator = new Intl.Collator(locale, { numeric: true });

  // The CSV of missing numbers travels inside the page as a JSON string; offer it as a file.
  const data = doc.getElementById('export-csv');
  const link = doc.getElementById('csv-download');
  if (data && link) {
    const csv = JSON.parse(data.textContent);
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    link.hidden = false;
  }

  // Sorting: a heading's button sorts its table by that column, then toggles the direction.
  for (const table of doc.querySelectorAll('table[data-sortable]')) {
    const heads = Array.from(table.tHead.rows[0].cells);
    heads.forEach((th, column) => {
      const button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', () => {
        const direction = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
        for (const h of heads) h.removeAttribute('aria-sort');
        th.setAttribute('aria-sort', direction);
        const numeric = th.dataset.type === 'number';
        const compare = numeric ? (a, b) => a - b : collator.compare;
        const sign = direction === 'ascending' ? 1 : -1;
        const body = table.tBodies[0];
        // Each row's key is read once, not at every comparison: thousands of gaps sort at once.
        const keyed = Array.from(body.rows, (row) => {
          const cell = row.cells[column];
          const value = cell.dataset.sort ?? cell.textContent.trim();
          return { row, key: numeric ? Number(value) : value, order: Number(row.dataset.order) };
        });
        keyed.sort((a, b) => sign * compare(a.key, b.key) || a.order - b.order);
        const rows = keyed.map((k) => k.row);
        body.append(...rows);
      });
    });
  }

  // Filtering: the store filter narrows every table that lists stores, and says how far.
  const input = doc.getElementById('store-filter');
  const tables = Array.from(doc.querySelectorAll('table[data-filterable]'));
  const tell = (table, shown, total) => {
    const status = doc.getElementById(table.dataset.status);
    if (status) {
      status.textContent = status.dataset.template.replace('{shown}', numbers.format(shown)).replace('{total}', numbers.format(total));
    }
  };
  const searchKeys = new WeakMap();
  const update = () => {
    const query = input.value.trim().toLocaleLowerCase(locale);
    for (const table of tables) {
      const rows = table.tBodies[0].rows;
      let shown = 0;
      for (const row of rows) {
        let store = searchKeys.get(row);
        if (store === undefined) searchKeys.set(row, (store = row.dataset.store.toLocaleLowerCase(locale)));
        const match = query === '' || store.includes(query);
        if (row.hidden === match) row.hidden = !match;
        if (match) shown++;
      }
      tell(table, shown, rows.length);
    }
  };
  for (const table of tables) tell(table, table.tBodies[0].rows.length, table.tBodies[0].rows.length);
  if (input) {
    input.addEventListener('input', update);
    // A browser may restore what was typed before a reload.
    if (input.value !== '') update();
  }
})();
`;
