import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, scratch, smo } from '../helpers/cli.js';
import { createApp, type LiveApp } from '../../src/serve/app.js';
import type { ReviewFeature, ReviewState, ReviewTarget } from '../../src/serve/features.js';

/**
 * The review forms' plumbing, with a stand-in for the reviews feature that records what it is
 * given: the form on each gap, the POST that reaches it, the page that shows the result.
 */
const BASE = 'http://127.0.0.1:8080';

describe('review forms', () => {
  const tmp = scratch('smo-gaps-serve-review-');
  const saved = new Map<string, ReviewState>();
  const key = (t: ReviewTarget) => `${t.store}|${t.doc_type}|${t.series}|${t.from}|${t.to}`;
  const stand: ReviewFeature = {
    statuses: ['open', 'explained', 'billed', 'escalated'],
    current: (_db, gaps) =>
      gaps.map((g) => {
        const review = saved.get(key(g));
        return [{ from: g.from, to: g.to, status: review?.status ?? '', comment: review?.comment ?? '' }];
      }),
    set: (_db, target, review) => {
      if (!['open', 'explained', 'billed', 'escalated'].includes(review.status)) throw new Error('bad status');
      saved.set(key(target), review);
    },
  };
  let live: LiveApp;

  beforeAll(() => {
    const files = ['01-ventas-ene-mar.csv', '02-tardios.csv'].map((f) => join(FIXTURES, 'html', f));
    expect(smo(['ingest', '--db', tmp.db, '--delimiter', ',', '--quiet', ...files]).code).toBe(0);
    live = createApp({
      dbPath: tmp.db,
      allowReview: true,
      lang: 'en',
      env: { SMO_GAPS_TODAY: '2024-04-01' },
      log: () => undefined,
      features: { reviews: stand },
    });
  });
  afterAll(() => {
    live.close();
    tmp.cleanup();
  });

  const page = async () => (await live.app.request(`${BASE}/store?store=L-101&month=2024-03`)).text();

  it('puts a form with the CSRF token on each gap of the store page', async () => {
    const html = await page();
    const forms = html.match(/<form method="post" action="\/review" class="review-form"/g) ?? [];
    expect(forms).toHaveLength(4);
    expect(html.split(`name="csrf" value="${live.csrf}"`).length - 1).toBe(4);
    expect(html).toContain('<span class="badge" data-status="">not reviewed</span>');
  });

  it('saves a posted review and shows it on the page it came back to', async () => {
    const html = await page();
    const form = /<form method="post" action="\/review" class="review-form" id="[^"]+">(.*?)<\/form>/.exec(html)![1];
    const fields = Object.fromEntries(
      [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2].replaceAll('&amp;', '&')]),
    );
    const body = new URLSearchParams({ ...fields, status: 'explained', comment: 'voided paper invoice <b>', by: 'ana' });
    const res = await live.app.request(`${BASE}/review`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: BASE },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/store?store=L-101&month=2024-03');
    expect([...saved.values()]).toEqual([{ status: 'explained', comment: 'voided paper invoice <b>', by: 'ana' }]);
    const after = await page();
    expect(after).toContain('<span class="badge explained" data-status="explained">explained</span>');
    expect(after).toContain('voided paper invoice &lt;b&gt;');
  });

  it('goes back only to a store page of this server', async () => {
    const body = new URLSearchParams({
      csrf: live.csrf,
      store: 'L-101',
      doc_type: '01',
      series: '001-001',
      from: '5',
      to: '5',
      status: 'billed',
      back: 'https://evil.example/',
    });
    const res = await live.app.request(`${BASE}/review`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: BASE },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/store?store=L-101');
  });

  it('answers 400 to a form that lacks a field or has a bad number', async () => {
    const post = (fields: Record<string, string>) =>
      live.app.request(`${BASE}/review`, {
        method: 'POST',
        body: new URLSearchParams({ csrf: live.csrf, ...fields }),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: BASE },
      });
    const missing = await post({ store: 'L-101' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('the review form lacks its &#39;doc_type&#39; field');
    const bad = await post({ store: 'L-101', doc_type: '01', series: '001-001', from: 'x', to: '1', status: 'open' });
    expect(bad.status).toBe(400);
  });
});
