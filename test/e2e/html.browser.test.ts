import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FIXTURES, scratch, smo } from '../helpers/cli.js';

/**
 * The dashboard as an auditor sees it: Debian's chromium, headless, opens the file the
 * binary wrote from fixtures/html and checks the page works offline. Never downloads a
 * browser; CI installs chromium with apt-get (.ci/run).
 */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

function chromiumRuns(): boolean {
  if (!existsSync(CHROMIUM)) return false;
  return spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).status === 0;
}
const available = chromiumRuns();
if (!available) {
  console.warn(`SKIPPED the browser test: ${CHROMIUM} is missing or does not run (install it: apt-get install -y chromium)`);
}

describe.skipIf(!available)('smo-gaps html in a browser', () => {
  const tmp = scratch('smo-gaps-html-');
  const reportPath = join(tmp.dir, 'report.html');
  let exportCsv: string;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    // --delimiter: the sniffer does not yet cope with this file's accented store code (see the issue note).
    const files = ['01-ventas-ene-mar.csv', '02-tardios.csv'].map((f) => join(FIXTURES, 'html', f));
    const ingest = smo(['ingest', '--db', tmp.db, '--delimiter', ',', '--quiet', ...files]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const html = smo(['html', '--db', tmp.db, '--month', '2024-03', '--lang', 'en', '--output', reportPath]);
    expect(html.code, html.stderr).toBe(0);
    const exported = smo(['export', '--db', tmp.db, '--month', '2024-03']);
    expect(exported.code, exported.stderr).toBe(0);
    exportCsv = exported.stdout;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => {
      if (!/^(file|data|blob):/.test(request.url())) foreignRequests.push(request.url());
    });
    await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    tmp.cleanup();
  });

  it('loads with no console error and no network request', async () => {
    expect((await page.locator('h1').textContent())?.trim()).toBe('Invoice numbering audit');
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('shows the month at a glance and saves a screenshot', async () => {
    expect((await page.locator('.period').textContent())?.trim()).toBe('March 2024');
    const totals = await page.$$eval('#totals .kpi', (kpis) =>
      kpis.map((k) => [k.querySelector('dt')!.textContent, k.querySelector('dd')!.firstChild!.textContent!.trim()]),
    );
    expect(totals).toEqual(
      expect.arrayContaining([
        ['Missing numbers', '45'],
        ['Gaps', '12'],
        ['Recovered late', '5'],
        ['Conflicting duplicates', '1'],
      ]),
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'html-report.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'html-report.png'))).toBe(true);
  });

  it('charts the right five stores with their missing numbers', async () => {
    const bars = await page.$$eval('#top-chart g.bar', (groups) =>
      groups.map((g) => [
        g.querySelector('.bar-label')!.textContent,
        g.querySelector('.bar-value')!.textContent,
        g.getAttribute('data-value'),
      ]),
    );
    expect(bars).toEqual([
      ['L-101', '13', '13'],
      ['L-102', '9', '9'],
      ['L-103', '9', '9'],
      ['Café & Té <Norte>', '7', '7'],
      ['L-104', '5', '5'],
    ]);
    // Bar lengths follow the values.
    const widths = await page.$$eval('#top-chart g.bar rect', (rects) => rects.map((r) => r.getBoundingClientRect().width));
    expect(widths[0]).toBeGreaterThan(widths[1]);
    expect(widths[1]).toBeCloseTo(widths[2]);
    expect(widths[3]).toBeGreaterThan(widths[4]);
  });

  it('charts the missing numbers per day', async () => {
    expect(await page.locator('#timeline-chart g.column-group').count()).toBe(31);
    const missing = await page.$$eval('#timeline-chart rect.column[data-series="0"]', (rects) =>
      rects.map((r) => Number(r.getAttribute('data-value'))),
    );
    expect(missing.reduce((a, b) => a + b, 0)).toBe(45);
  });

  it('narrows the tables to the store typed in the filter', async () => {
    const visible = (table: string) => page.locator(`#${table} tbody tr:visible`);
    expect(await visible('gaps-table').count()).toBe(12);
    await page.fill('#store-filter', 'L-101');
    expect(await visible('gaps-table').count()).toBe(4);
    expect(new Set(await visible('gaps-table').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.store)))).toEqual(
      new Set(['L-101']),
    );
    expect(await visible('stores-table').count()).toBe(1);
    expect((await page.locator('#gaps-status').textContent())?.trim()).toBe('Showing 4 of 12 rows');
    await page.fill('#store-filter', 'café');
    expect(await visible('gaps-table').count()).toBe(2);
    await page.fill('#store-filter', '');
    expect(await visible('gaps-table').count()).toBe(12);
  });

  it('sorts a table by the column whose heading is pressed', async () => {
    const counts = () =>
      page.$$eval('#gaps-table tbody tr', (rows) => rows.map((r) => Number((r as HTMLTableRowElement).cells[5].dataset.sort)));
    const countHeading = page.locator('#gaps-table thead th', { hasText: 'Count' });
    await countHeading.locator('button').click();
    expect(await countHeading.getAttribute('aria-sort')).toBe('ascending');
    expect(await counts()).toEqual([1, 1, 1, 1, 1, 2, 3, 5, 6, 7, 8, 9]);
    await countHeading.locator('button').click();
    expect(await countHeading.getAttribute('aria-sort')).toBe('descending');
    expect((await counts())[0]).toBe(9);
  });

  it('downloads the CSV of missing numbers that export writes', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv-download')]);
    expect(download.suggestedFilename()).toBe('smo-gaps-missing-2024-03-01_2024-03-31.csv');
    const content = readFileSync((await download.path())!, 'utf8');
    expect(content).toBe(exportCsv);
    expect(content.split('\n').filter(Boolean)).toHaveLength(46);
    expect(foreignRequests).toEqual([]);
  });

  it('fits an A4 page when printed', async () => {
    await page.emulateMedia({ media: 'print' });
    // A4 is 210 mm wide; less the 11 mm margins, 188 mm is about 710 CSS pixels.
    await page.setViewportSize({ width: 710, height: 1000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    await page.pdf({ path: join(ARTIFACTS, 'html-report-a4.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows its charts and tables without JavaScript', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto(pathToFileURL(reportPath).href);
    expect(await plain.locator('#top-chart g.bar').count()).toBe(5);
    expect(await plain.locator('#timeline-chart').isVisible()).toBe(true);
    expect(await plain.locator('#gaps-table tbody tr').count()).toBe(12);
    expect(await plain.locator('#csv-download').isVisible()).toBe(false);
    expect(await plain.locator('noscript').count()).toBe(1);
    await context.close();
  });

  it('speaks Spanish when asked, with no console error either', async () => {
    const esPath = join(tmp.dir, 'informe.html');
    expect(smo(['html', '--db', tmp.db, '--month', '2024-03', '--output', esPath], { env: { LANG: 'es_EC.UTF-8' } }).code).toBe(0);
    const errors: string[] = [];
    const es = await page.context().newPage();
    es.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    es.on('pageerror', (e) => errors.push(e.message));
    await es.goto(pathToFileURL(esPath).href);
    expect((await es.locator('.period').textContent())?.trim()).toBe('Marzo de 2024');
    expect((await es.locator('#top-title').textContent())?.trim()).toBe('Los 5 locales con más faltantes');
    expect((await es.locator('#csv-download').textContent())?.trim()).toBe('Descargar los faltantes en CSV (45 filas)');
    expect(errors).toEqual([]);
    await es.close();
  });
});
