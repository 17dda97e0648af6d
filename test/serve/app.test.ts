import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, scratch, smo } from '../helpers/cli.js';
import { createApp, type AppOptions, type LiveApp } from '../../src/serve/app.js';
import { CSP } from '../../src/serve/security.js';

/**
 * Every route of `smo-gaps serve`, in process (hono's app.request, no socket), on a database
 * the built binary loaded from fixtures/html; the API compared byte for byte with what the
 * binary prints for the same options.
 */
const TODAY = '2024-04-01';
const env = { SMO_GAPS_TODAY: TODAY, TZ: 'UTC' };
const HOSTILE = '"><script>alert(1)</script>';
const BASE = 'http://127.0.0.1:8080';

describe('smo-gaps serve, route by route', () => {
  const tmp = scratch('smo-gaps-serve-');
  const logs: string[] = [];
  let live: LiveApp;
  const make = (options: Partial<AppOptions> = {}): LiveApp =>
    createApp({ dbPath: tmp.db, allowReview: false, lang: 'en', env, log: (line) => logs.push(line), ...options });
  const get = (path: string, init?: RequestInit, app = live) => app.app.request(`${BASE}${path}`, init);

  beforeAll(() => {
    const files = ['01-ventas-ene-mar.csv', '02-tardios.csv'].map((f) => join(FIXTURES, 'html', f));
    const ingest = smo(['ingest', '--db', tmp.db, '--delimiter', ',', '--quiet', ...files]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const hostile = join(tmp.dir, 'hostile.csv');
    writeFileSync(hostile, 'numero_comprobante,fecha_emision\n001-001-000000001,2024-03-04\n001-001-000000004,2024-03-05\n');
    const r = smo(['ingest', '--db', tmp.db, '--store', HOSTILE, '--quiet', hostile]);
    expect(r.code, r.stderr).toBe(0);
    const leases = smo(['leases', 'import', '--db', tmp.db, join(FIXTURES, 'demo', 'contratos.csv')]);
    expect(leases.code, leases.stderr).toBe(0);
    live = make();
  });
  afterAll(() => {
    live.close();
    tmp.cleanup();
  });

  it('serves the overview of a month with the totals, the top stores and the charts', async () => {
    const res = await get('/?month=2024-03');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<p class="period">March 2024</p>');
    expect(html).toContain('id="top-chart"');
    expect(html).toContain('id="timeline-chart"');
    expect(html).toContain('<a href="/store?store=L-101&amp;month=2024-03">L-101</a>');
    expect(html).toContain('href="/api/report?month=2024-03"');
    expect(html).toContain('href="/api/export?month=2024-03"');
  });

  it('steps to the month or day before and after, keeping the store', async () => {
    const month = await (await get('/?month=2024-03')).text();
    expect(month).toContain('<a rel="prev" id="period-previous" href="/?month=2024-02">← February 2024</a>');
    expect(month).toContain('<a rel="next" id="period-next" href="/?month=2024-04">April 2024 →</a>');
    const day = await (await get('/store?store=L-101&day=2024-03-01')).text();
    expect(day).toContain('href="/store?store=L-101&amp;day=2024-02-29">← Feb 29, 2024</a>');
    expect(day).toContain('href="/store?store=L-101&amp;day=2024-03-02">Mar 2, 2024 →</a>');
    expect(await (await get('/?from=2024-03-01&to=2024-03-10')).text()).not.toContain('period-previous');
  });

  it('speaks Spanish when asked, and keeps the language in its links to pages, not to the API', async () => {
    const html = await (await get('/?month=2024-03&lang=es')).text();
    expect(html).toContain('<html lang="es-EC">');
    expect(html).toContain('<p class="period">Marzo de 2024</p>');
    expect(html).toContain('href="/store?store=L-101&amp;month=2024-03&amp;lang=es"');
    expect(html).toContain('href="/api/report?month=2024-03"');
    expect(html).toContain('<input type="hidden" name="lang" value="es">');
    expect((await get('/?lang=fr')).status).toBe(200); // an unknown language falls back to the server's
  });

  it('serves yesterday without a period, as the command line does', async () => {
    const html = await (await get('/')).text();
    expect(html).toContain('<p class="period">Sunday, March 31, 2024</p>');
  });

  it('sends its CSP and the other security headers on every answer, errors included', async () => {
    for (const path of ['/', '/?month=2024-13', '/api/report?month=2024-03', '/nowhere', '/assets/app.js']) {
      const res = await get(path);
      expect(res.headers.get('content-security-policy'), path).toBe(CSP);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
    }
    expect(CSP).toContain("default-src 'none'");
    expect(CSP).not.toMatch(/https?:|\*|unsafe/);
  });

  it('serves its own style sheet and script, and the pages load nothing else', async () => {
    expect((await get('/assets/style.css')).headers.get('content-type')).toMatch(/^text\/css/);
    expect(await (await get('/assets/app.js')).text()).toContain("getElementById('period-picker')");
    const html = await (await get('/?month=2024-03')).text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(sources.filter((s) => !s.startsWith('/') && s !== 'data:,')).toEqual([]);
    expect(html).not.toMatch(/<script>|style="/);
  });

  it("serves a store's page: series with their current sequential, gaps between invoices with file:line", async () => {
    const res = await get('/store?store=L-101&month=2024-03');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Store L-101 · March 2024');
    expect(html).toContain('id="series-table"');
    expect(html).toMatch(/id="store-gaps-table"/);
    expect(html).toMatch(/01-ventas-ene-mar\.csv:\d+/);
    expect(html).toContain('href="/api/report?month=2024-03&amp;store=L-101"');
    expect(html).not.toContain('class="review-form"');
  });

  it('answers 404 for a store it does not know, 400 for a store page without a store', async () => {
    const missing = await get('/store?store=NOPE&month=2024-03');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('no such store in the database');
    expect((await get('/store?month=2024-03')).status).toBe(400);
    expect((await get('/nowhere')).status).toBe(404);
  });

  it('escapes a hostile store code everywhere it shows', async () => {
    for (const path of ['/?month=2024-03', `/store?${new URLSearchParams({ store: HOSTILE, month: '2024-03' })}`]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).not.toContain('<script>alert(1)</script>');
      expect(html, path).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    const html = await (await get('/?month=2024-03')).text();
    expect(html).toContain('Café &amp; Té &lt;Norte&gt;');
    expect(html).not.toContain('<Norte>');
  });

  describe('the JSON API returns exactly what the command line prints', () => {
    const cases: [string, string[]][] = [
      ['/api/report?month=2024-03', ['report', '--format', 'json', '--month', '2024-03']],
      ['/api/report', ['report', '--format', 'json']],
      [
        '/api/report?from=2024-01&to=2024-03-15&top=2',
        ['report', '--format', 'json', '--from', '2024-01', '--to', '2024-03-15', '--top', '2'],
      ],
      ['/api/report?day=2024-03-06&store=L-101', ['report', '--format', 'json', '--day', '2024-03-06', '--store', 'L-101']],
      [
        `/api/report?${new URLSearchParams({ month: '2024-03', store: HOSTILE })}`,
        ['report', '--format', 'json', '--month', '2024-03', '--store', HOSTILE],
      ],
      ['/api/export?month=2024-03', ['export', '--month', '2024-03']],
      ['/api/export?month=2024-03&ranges=true&store=L-102', ['export', '--month', '2024-03', '--ranges', '--store', 'L-102']],
      ['/api/export?from=2024-01&max-list=2', ['export', '--from', '2024-01', '--max-list', '2']],
      ['/api/report?month=2024-03&format=csv', ['report', '--format', 'csv', '--month', '2024-03']],
      ['/api/status', ['status', '--format', 'json']],
      ['/api/findings?month=2024-03', ['findings', '--format', 'json', '--month', '2024-03']],
      ['/api/findings?from=2024-01&format=csv', ['findings', '--format', 'csv', '--from', '2024-01']],
      [
        '/api/findings?month=2024-03&kind=conflict,void_rate&store=L-101',
        ['findings', '--format', 'json', '--month', '2024-03', '--kind', 'conflict,void_rate', '--store', 'L-101'],
      ],
      ['/api/money?month=2024-03', ['money', '--format', 'json', '--month', '2024-03']],
      ['/api/money', ['money', '--format', 'json']],
      [
        '/api/money?from=2024-01&to=2024-03&store=L-101&format=csv',
        ['money', '--format', 'csv', '--from', '2024-01', '--to', '2024-03', '--store', 'L-101'],
      ],
      ['/api/money?month=2024-03&top=2', ['money', '--format', 'json', '--month', '2024-03', '--top', '2']],
      ['/api/report?month=2024-03&jump=3', ['report', '--format', 'json', '--month', '2024-03', '--jump', '3']],
      ['/api/status?format=csv&store=L-102', ['status', '--format', 'csv', '--store', 'L-102']],
      ['/api/status?store=L-101&gaps=3', ['status', '--format', 'json', '--store', 'L-101', '--gaps', '3']],
    ];
    it.each(cases)('%s', async (path, args) => {
      const cli = smo([...args, '--db', tmp.db], { env });
      expect(cli.code, cli.stderr).toBe(0);
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(cli.stdout);
    });

    it('types its answers', async () => {
      expect((await get('/api/report?month=2024-03')).headers.get('content-type')).toBe('application/json; charset=utf-8');
      const csv = await get('/api/export?month=2024-03');
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toBe('attachment; filename="smo-gaps-missing-2024-03-01_2024-03-31.csv"');
    });
  });

  describe('bad parameters get 400 with the message the command line gives', () => {
    const cases: [string, string[]][] = [
      ['/api/report?month=2024-13', ['report', '--month', '2024-13']],
      ['/api/report?day=2024-02-30', ['report', '--day', '2024-02-30']],
      ['/api/report?day=yesterday', ['report', '--day', 'yesterday']],
      ['/api/report?from=2024-03-10&to=2024-03-01', ['report', '--from', '2024-03-10', '--to', '2024-03-01']],
      ['/api/report?to=2024-03-01', ['report', '--to', '2024-03-01']],
      ['/api/report?day=2024-03-01&month=2024-03', ['report', '--day', '2024-03-01', '--month', '2024-03']],
      ['/api/report?month=2024-03&top=0', ['report', '--month', '2024-03', '--top', '0']],
      ['/api/report?month=2024-03&store=NOPE', ['report', '--month', '2024-03', '--store', 'NOPE']],
      ['/api/export?month=2024-03&max-list=x', ['export', '--month', '2024-03', '--max-list', 'x']],
      ['/api/status?gaps=-1', ['status', '--gaps', '-1']],
      ['/api/findings?month=2024-03&kind=nonsense', ['findings', '--month', '2024-03', '--kind', 'nonsense']],
      ['/api/findings?day=2024-3-1', ['findings', '--day', '2024-3-1']],
      ['/api/money?day=2024-03-01', ['money', '--day', '2024-03-01']],
      ['/api/money?month=2024-03-01', ['money', '--month', '2024-03-01']],
      ['/api/money?month=2024-03&store=NOPE', ['money', '--month', '2024-03', '--store', 'NOPE']],
      ['/api/report?month=2024-03&jump=0', ['report', '--month', '2024-03', '--jump', '0']],
    ];
    it.each(cases)('%s', async (path, args) => {
      const cli = smo([...args, '--db', tmp.db], { env });
      expect(cli.code).toBe(2);
      const res = await get(path);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string };
      expect(`smo-gaps: ${body.error}\n`).toBe(cli.stderr);
    });

    it('refuses a parameter no command takes, and the pages show the message', async () => {
      const res = await get('/api/report?month=2024-03&output=/tmp/x');
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/^unknown parameter 'output'/);
      const page = await get('/?month=2024-13');
      expect(page.status).toBe(400);
      expect(await page.text()).toContain('--month &#39;2024-13&#39;: expected YYYY-MM');
    });
  });

  it('shows the findings by kind on the overview, each a link to the findings list', async () => {
    const report = JSON.parse(smo(['report', '--format', 'json', '--from', '2024-01', '--db', tmp.db], { env }).stdout) as {
      totals: { findings: Record<string, number> };
    };
    const kinds = Object.entries(report.totals.findings).filter(([, n]) => n > 0);
    expect(kinds.length).toBeGreaterThan(0);
    const html = await (await get('/?from=2024-01')).text();
    for (const [kind, n] of kinds) {
      expect(html).toMatch(
        new RegExp(
          `<tr data-kind="${kind}"><th scope="row"><a href="/findings\\?from=2024-01&amp;kind=${kind}">[^<]+</a></th><td class="num">${n}</td></tr>`,
        ),
      );
    }
    const list = await get(`/findings?from=2024-01&kind=${kinds[0][0]}`);
    expect(list.status).toBe(200);
    const page = await list.text();
    expect(page).toContain('id="findings-table"');
    expect(page.match(/<tr data-kind="/g)).toHaveLength(kinds[0][1]);
    expect(page).toContain(`href="/api/findings?from=2024-01&amp;kind=${kinds[0][0]}"`);
  });

  it('shows the money at stake of the months the period touches, with the top stores by it, and links its JSON and CSV', async () => {
    const money = JSON.parse(smo(['money', '--format', 'json', '--month', '2024-03', '--db', tmp.db], { env }).stdout) as {
      top: { store: string }[];
    };
    expect(money.top.length).toBeGreaterThan(0);
    for (const path of ['/?month=2024-03', '/?day=2024-03-14']) {
      const html = await (await get(path)).text();
      expect(html, path).toContain('id="money"');
      expect(html, path).toContain('id="money-chart"');
      for (const t of money.top) expect(html, path).toContain(`>${t.store}</text>`);
      expect(html, path).toContain('href="/api/money?from=2024-03&amp;to=2024-03"');
    }
    const store = await (await get('/store?store=L-101&month=2024-03')).text();
    expect(store).toContain('id="money"');
    expect(store).toContain('href="/api/money?from=2024-03&amp;to=2024-03&amp;store=L-101"');
  });

  it('logs one line per request: method, path, status, milliseconds (never the query)', async () => {
    logs.length = 0;
    await get('/api/report?month=2024-03&token=secret');
    await get('/nowhere');
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/^GET \/api\/report 200 \d+ms$/);
    expect(logs[1]).toMatch(/^GET \/nowhere 404 \d+ms$/);
  });

  describe('with a token (as on a non-loopback host)', () => {
    const token = 'a-long-enough-test-token';
    let secured: LiveApp;
    beforeAll(() => {
      secured = make({ token });
    });
    afterAll(() => secured.close());

    it('answers 401 without the token and 403 with a wrong one, on every route', async () => {
      for (const path of ['/', '/store?store=L-101', '/api/report', '/assets/app.js', '/nowhere']) {
        expect((await get(path, undefined, secured)).status, path).toBe(401);
        expect(
          (await get(`${path}${path.includes('?') ? '&' : '?'}token=wrong-token-of-some-length`, undefined, secured)).status,
          path,
        ).toBe(403);
        expect((await get(path, { headers: { Authorization: 'Bearer nope' } }, secured)).status, path).toBe(403);
      }
      const res = await get('/api/report', undefined, secured);
      expect(res.headers.get('content-security-policy')).toBe(CSP);
      expect(await res.json()).toEqual({ error: 'this server needs its access token' });
    });

    it('takes it as a bearer token, or once in the address and then from a cookie', async () => {
      expect((await get('/api/report?month=2024-03', { headers: { Authorization: `Bearer ${token}` } }, secured)).status).toBe(200);
      expect((await get(`/api/report?month=2024-03&token=${token}`, undefined, secured)).status).toBe(200);
      const first = await get(`/store?store=L-101&token=${token}&month=2024-03`, undefined, secured);
      expect(first.status).toBe(303);
      expect(first.headers.get('location')).toBe('/store?store=L-101&month=2024-03');
      const cookie = first.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^smo_gaps_token=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
      const next = await get('/store?store=L-101&month=2024-03', { headers: { Cookie: cookie.split(';')[0] } }, secured);
      expect(next.status).toBe(200);
    });

    it('then answers to any Host: the token is the check', async () => {
      const res = await secured.app.request('http://audit.example.com/api/report', { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
    });
  });

  it('without a token, answers only to a loopback Host (no DNS rebinding)', async () => {
    expect((await live.app.request('http://localhost:8080/api/report')).status).toBe(200);
    expect((await live.app.request('http://[::1]:8080/api/report')).status).toBe(200);
    const res = await live.app.request('http://rebound.example.com:8080/api/report');
    expect(res.status).toBe(403);
    const proxied = make({ publicUrl: 'https://audit.example.com/' });
    expect((await proxied.app.request('https://audit.example.com/api/report')).status).toBe(200);
    proxied.close();
  });

  describe('POST', () => {
    const form = (fields: Record<string, string>) =>
      new URLSearchParams({ store: 'L-101', doc_type: '01', series: '001-001', from: '1', to: '1', status: 'explained', ...fields });
    const post = (app: LiveApp, body: URLSearchParams, headers: Record<string, string> = { Origin: BASE }) =>
      app.app.request(`${BASE}/review`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      });
    let writable: LiveApp;
    beforeAll(() => {
      writable = make({ allowReview: true });
    });
    afterAll(() => writable.close());

    it('is refused without the CSRF token, or with a wrong one', async () => {
      expect((await post(writable, form({}))).status).toBe(403);
      const res = await post(writable, form({ csrf: 'x'.repeat(32) }));
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('no valid CSRF token');
    });

    it('is refused from a foreign Origin, or with none, even with the CSRF token', async () => {
      const csrf = writable.csrf;
      const foreign = await post(writable, form({ csrf }), { Origin: 'http://evil.example' });
      expect(foreign.status).toBe(403);
      expect(await foreign.text()).toContain('Origin missing or foreign');
      expect((await post(writable, form({ csrf }), {})).status).toBe(403);
      expect((await post(writable, form({ csrf }), { Origin: 'null' })).status).toBe(403);
      expect((await post(writable, form({ csrf }), { Origin: 'http://127.0.0.1:9999' })).status).toBe(403);
    });

    it('is refused without --allow-review', async () => {
      const res = await post(live, form({ csrf: live.csrf }));
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('--allow-review');
    });

    it('changes nothing anywhere else: other paths and methods are not served', async () => {
      for (const path of ['/', '/api/report', '/store?store=L-101']) {
        expect(
          (await writable.app.request(`${BASE}${path}`, { method: 'POST', body: form({ csrf: writable.csrf }), headers: { Origin: BASE } }))
            .status,
          path,
        ).toBe(404);
      }
      for (const method of ['PUT', 'DELETE', 'PATCH']) {
        expect((await writable.app.request(`${BASE}/review`, { method, headers: { Origin: BASE } })).status, method).toBe(404);
      }
    });
  });
});
