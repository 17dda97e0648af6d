import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { FIXTURES, scratch, smo } from '../helpers/cli.js';
import { ARTIFACTS, chromiumAvailable, launchChromium } from '../helpers/browser.js';
import { startServer, type RunningServer } from '../helpers/serve.js';

/**
 * The live dashboard as an auditor browses it: the binary's `serve` on fixtures/html, Debian's
 * chromium on its pages. No console error (a CSP violation is one), no request to anywhere
 * but the server.
 */
const available = chromiumAvailable('the browser test of serve');

describe.skipIf(!available)('smo-gaps serve in a browser', () => {
  const tmp = scratch('smo-gaps-serve-browser-');
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    const files = ['01-ventas-ene-mar.csv', '02-tardios.csv'].map((f) => join(FIXTURES, 'html', f));
    const ingest = smo(['ingest', '--db', tmp.db, '--delimiter', ',', '--quiet', ...files]);
    expect(ingest.code, ingest.stderr).toBe(0);
    server = await startServer(['--db', tmp.db, '--lang', 'en', '--allow-review'], { SMO_GAPS_TODAY: '2024-04-01' });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !/^data:/.test(request.url())) foreignRequests.push(request.url());
    });
    await page.goto(server.url, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    const stopped = await server?.stop();
    expect(stopped?.code).toBe(0);
    tmp.cleanup();
  });

  it('opens on yesterday, and the period picker moves it to a month', async () => {
    expect((await page.locator('.period').textContent())?.trim()).toBe('Sunday, March 31, 2024');
    await page.fill('#period-month', '2024-03');
    await Promise.all([page.waitForURL(/month=2024-03/), page.click('#period-picker button[type=submit]')]);
    expect((await page.locator('.period').textContent())?.trim()).toBe('March 2024');
    // The picker sent one period: the empty fields were left out.
    expect(new URL(page.url()).searchParams.get('month')).toBe('2024-03');
  });

  it('shows the top stores and the charts, and saves a screenshot', async () => {
    const bars = await page.$$eval('#top-chart g.bar', (groups) =>
      groups.map((g) => [g.querySelector('.bar-label')!.textContent, g.querySelector('.bar-value')!.textContent]),
    );
    expect(bars).toEqual([
      ['L-101', '13'],
      ['L-102', '9'],
      ['L-103', '9'],
      ['Café & Té <Norte>', '7'],
      ['L-104', '5'],
    ]);
    expect(await page.locator('#top-stores li').allTextContents()).toHaveLength(5);
    expect(await page.locator('#timeline-chart g.column-group').count()).toBe(31);
    const totals = await page.$$eval('#totals .kpi', (kpis) =>
      kpis.map((k) => [k.querySelector('dt')!.textContent, k.querySelector('dd')!.firstChild!.textContent!.trim()]),
    );
    expect(totals).toEqual(
      expect.arrayContaining([
        ['Missing numbers', '45'],
        ['Gaps', '12'],
      ]),
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'serve-overview.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'serve-overview.png'))).toBe(true);
  });

  it("sorts and filters the tables with the HTML page's script", async () => {
    await page.fill('#store-filter', 'café');
    expect(await page.locator('#gaps-table tbody tr:visible').count()).toBe(2);
    await page.fill('#store-filter', '');
    expect(await page.locator('#gaps-table tbody tr:visible').count()).toBe(12);
  });

  it("opens a store's page from the top stores, with its gaps and the invoices around them", async () => {
    await Promise.all([page.waitForURL(/\/store\?/), page.locator('#top-stores a', { hasText: 'L-101' }).click()]);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/store');
    expect(url.searchParams.get('store')).toBe('L-101');
    expect(url.searchParams.get('month')).toBe('2024-03');
    expect((await page.locator('.period').textContent())?.trim()).toBe('Store L-101 · March 2024');
    expect(await page.locator('#store-gaps-table tbody tr').count()).toBe(4);
    const evidence = await page.locator('#store-gaps-table .file-line').allTextContents();
    expect(evidence).toHaveLength(8);
    for (const line of evidence) expect(line).toMatch(/^.*\.csv:\d+$/);
    expect(await page.locator('#series-table tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'serve-store.png'), fullPage: true });
  });

  it('saves a review from the store page (with --allow-review), and the page shows it', async () => {
    const row = page.locator('#store-gaps-table tbody tr').first();
    expect(await row.locator('.review-state .badge').getAttribute('data-status')).toBe('');
    await row.locator('select[name=status]').selectOption('explained');
    await row.locator('input[name=comment]').fill('paper invoice voided');
    await row.locator('input[name=by]').fill('ana');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/review')),
      row.locator('button[type=submit]').click(),
    ]);
    expect(response.status()).toBe(303);
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/store');
    expect(new URL(page.url()).searchParams.get('month')).toBe('2024-03');
    const after = page.locator('#store-gaps-table tbody tr').first();
    expect(await after.locator('.review-state .badge').getAttribute('data-status')).toBe('explained');
    expect(await after.locator('.review-comment').textContent()).toBe('paper invoice voided');
    // The command line sees the same review, written by the same function as `review set`.
    const log = smo(['review', 'log', '--db', tmp.db, '--format', 'json']);
    expect(log.code, log.stderr).toBe(0);
    expect(JSON.parse(log.stdout)).toEqual([
      expect.objectContaining({ store: 'L-101', new_status: 'explained', comment: 'paper invoice voided', by: 'ana', source: 'web' }),
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'serve-review.png'), fullPage: true });
  });

  it("opens the hostile store's page, its name shown as text", async () => {
    await page.goto(`${server.url}?month=2024-03`);
    await Promise.all([page.waitForURL(/\/store\?/), page.locator('#stores-table a', { hasText: 'Café & Té <Norte>' }).click()]);
    expect((await page.locator('.period').textContent())?.trim()).toBe('Store Café & Té <Norte> · March 2024');
    expect(await page.locator('#store-gaps-table tbody tr').count()).toBe(2);
  });

  it('had no console error and no request to anywhere but the server', () => {
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
