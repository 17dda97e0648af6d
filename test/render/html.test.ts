import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { csvFileName, jsonForScript, renderHtml, type DashboardModel } from '../../src/render/html.js';
import { SCRIPT } from '../../src/render/html-assets.js';
import { emptyBuckets } from '../../src/audit/timeline.js';
import type { Report } from '../../src/audit/report.js';

const HOSTILE = '<script>alert("x")</script>&\'';

function model(overrides: Partial<DashboardModel> = {}): DashboardModel {
  const report: Report = {
    period: { from: '2024-03-01', to: '2024-03-31' },
    totals: {
      stores: 2,
      series: 2,
      invoices: 1234,
      voids: 5,
      missing: 1500,
      gaps: 2,
      jumps: 0,
      jump_numbers: 0,
      recovered_late: 3,
      conflicts: 0,
      explained: 0,
      findings: {},
    },
    stores: [
      {
        store: HOSTILE,
        missing: 1500,
        jumps: 0,
        jump_numbers: 0,
        unexplained: 1500,
        invoices: 1000,
        voids: 5,
        recovered_late: 3,
        conflicts: 0,
        estimated_unreported: 0,
        gaps: [
          {
            doc_type: '04',
            series: '001-002',
            from: 10,
            to: 1509,
            count: 1500,
            prev_date: '2024-03-04',
            next_date: '2024-03-05',
            jump: false,
          },
        ],
      },
      {
        store: 'L-2',
        missing: 0,
        unexplained: 0,
        jumps: 0,
        jump_numbers: 0,
        invoices: 234,
        voids: 0,
        recovered_late: 0,
        conflicts: 0,
        estimated_unreported: 0,
        gaps: [],
      },
    ],
    top: [{ store: HOSTILE, missing: 1500, invoices: 1000, missing_rate: 0.6, unexplained: 1500 }],
    conflicts: [],
  };
  const buckets = emptyBuckets({ from: 20240301, to: 20240331 }, 'day');
  buckets[4] = { ...buckets[4], missing: 1500, gaps: 1 };
  buckets[9] = { ...buckets[9], recovered_late: 3 };
  return {
    report,
    timeline: { unit: 'day', buckets },
    exportCsv: 'store,sequential\n"<script>alert(1)</script>",10\n</script><!--,11\n',
    exportRowCount: 2,
    generatedAt: new Date(Date.UTC(2024, 3, 1, 8, 30)),
    version: '9.9.9',
    source: 'audit.db',
    top: 5,
    ...overrides,
  };
}

describe('renderHtml', () => {
  const en = renderHtml(model(), 'en');
  const es = renderHtml(model(), 'es');

  it('is one self-contained document: no URL that could be fetched', () => {
    expect(en.startsWith('<!doctype html>')).toBe(true);
    expect(en).not.toMatch(/https?:|\/\/[a-z]/i);
    expect(en).not.toMatch(/<link (?![^>]*href="data:)/);
    expect(en).not.toMatch(/<(img|iframe|object|embed)\b/);
    expect(en).not.toMatch(/<script [^>]*src=/);
    expect(en).toContain("default-src 'none'");
  });

  it('allows its own script by hash, and only it', () => {
    const hash = createHash('sha256').update(SCRIPT).digest('base64');
    expect(en).toContain(`script-src 'sha256-${hash}'`);
    expect(en).toContain(`<script>${SCRIPT}</script>`);
  });

  it('escapes every store code it prints, in text and attributes', () => {
    expect(en).not.toContain('<script>alert');
    expect(en).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    expect(en).toContain('data-store="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"');
    // Exactly the page's own two script elements.
    expect(en.match(/<script\b/g)).toHaveLength(2);
  });

  it('embeds the export CSV so that no </script> or <!-- can end its element', () => {
    const start =
      en.indexOf('<script type="application/json" id="export-csv">') + '<script type="application/json" id="export-csv">'.length;
    const body = en.slice(start, en.indexOf('</script>', start));
    expect(body).not.toMatch(/[<>]/);
    expect(JSON.parse(body)).toBe(model().exportCsv);
  });

  it('writes numbers and dates in the language asked for', () => {
    expect(en).toContain('<html lang="en-US">');
    expect(es).toContain('<html lang="es-EC">');
    expect(en).toContain('>1,500<');
    expect(es).toContain('>1.500<');
    expect(en).toContain('60.00%');
    expect(es).toContain('60,00');
    expect(en).toContain('Mar 5, 2024');
    expect(es).toContain('5 mar 2024');
    expect(en).toContain('<p class="period">March 2024</p>');
    expect(es).toContain('<p class="period">Marzo de 2024</p>');
    expect(en).toContain('Top 5 stores by missing numbers');
    expect(es).toContain('Los 5 locales con más faltantes');
    expect(en).toContain('Credit note');
    expect(es).toContain('Nota de crédito');
  });

  it('draws the top stores as bars carrying their values', () => {
    const bars = [...en.matchAll(/<g class="bar" data-label="([^"]*)" data-value="(\d+)">/g)].map((m) => [m[1], Number(m[2])]);
    expect(bars).toEqual([['&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;', 1500]]);
    expect(en).toMatch(/class="bar-value"[^>]*>1,500</);
  });

  it('draws a column per day with the missing and recovered numbers', () => {
    expect(en).toContain('Missing numbers per day');
    expect(en.match(/<g class="column-group"/g)).toHaveLength(31);
    expect(en).toMatch(/<rect class="column" data-series="0" data-value="1500"/);
    expect(en).toMatch(/<rect class="column" data-series="1" data-value="3"/);
  });

  it('lists per store and per gap in accessible, sortable, filterable tables', () => {
    expect(en).toMatch(/<table id="stores-table" data-sortable data-filterable/);
    expect(en).toMatch(/<table id="gaps-table" data-sortable data-filterable/);
    expect(en).toContain('<th scope="col" data-type="number" class="num"><button type="button"');
    expect(en).toContain('<caption class="visually-hidden">Gaps by store</caption>');
    // Sequentials are identifiers: no thousands separator, sorted by their value.
    expect(en).toContain('<td class="num" data-sort="1509">1509</td>');
    expect(en).toContain('<label for="store-filter">');
  });

  it('offers the CSV for download under a name that says what and when', () => {
    expect(en).toMatch(
      /<a class="button" id="csv-download" download="smo-gaps-missing-2024-03-01_2024-03-31.csv" hidden>Download the missing numbers as CSV \(2 rows\)<\/a>/,
    );
    expect(csvFileName(model({ store: 'Café & Té' }))).toBe('smo-gaps-missing-Caf_T_-2024-03-01_2024-03-31.csv');
  });

  it('says so plainly when the period has no gaps', () => {
    const empty = model();
    empty.report = { ...empty.report, stores: [], top: [], totals: { ...empty.report.totals, missing: 0, gaps: 0 } };
    const html = renderHtml({ ...empty, exportCsv: 'store\n', exportRowCount: 0 }, 'en');
    expect(html).toContain('No store has missing numbers in this period.');
    expect(html).toContain('No missing numbers in this period.');
    expect(html).not.toContain('id="csv-download"');
  });

  it('lists the findings with their evidence, escaped, in the language asked for', () => {
    const findings = {
      period: { from: '2024-03-01', to: '2024-03-31' },
      totals: { key_reuse: 1 },
      findings: [
        {
          kind: 'key_reuse' as const,
          store: HOSTILE,
          doc_type: '01',
          series: '001-002',
          from: 9,
          to: 9,
          date: '2024-03-16',
          detail: { first_store: 'L-2' },
          evidence: ['<b>a.csv:2', 'b.csv:3'],
        },
      ],
    };
    const page = renderHtml(model({ findings }), 'es');
    expect(page).toContain('<h2 id="findings-title">Hallazgos además de los saltos</h2>');
    expect(page).toContain('Clave de acceso reutilizada');
    expect(page).toContain('&lt;b&gt;a.csv:2<br>b.csv:3');
    expect(page).not.toContain('<b>a.csv');
    expect(renderHtml(model({ findings: { ...findings, totals: {}, findings: [] } }), 'en')).toContain('No findings in this period.');
    expect(en).not.toContain('findings-title'); // no findings section without findings computed
  });

  it('titles a day, months and a range of days', () => {
    const day = renderHtml(model({ report: { ...model().report, period: { from: '2024-03-05', to: '2024-03-05' } } }), 'en');
    expect(day).toContain('<p class="period">Tuesday, March 5, 2024</p>');
    const quarter = renderHtml(model({ report: { ...model().report, period: { from: '2024-01-01', to: '2024-03-31' } } }), 'es');
    expect(quarter).toContain('<p class="period">Enero–marzo de 2024</p>');
    const days = renderHtml(model({ report: { ...model().report, period: { from: '2024-03-05', to: '2024-04-10' } } }), 'en');
    expect(days.replace(/[\u2009\u202f]/g, ' ')).toContain('<p class="period">March 5 – April 10, 2024</p>');
  });
});

describe('jsonForScript', () => {
  it('round-trips through JSON.parse and keeps markup characters out', () => {
    const text = '</script><!-- & \u2028\u2029 "q"';
    const out = jsonForScript(text);
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(out)).toBe(text);
  });
});
