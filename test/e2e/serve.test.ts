import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, scratch, smo } from '../helpers/cli.js';
import { startServer, type RunningServer } from '../helpers/serve.js';

/** The binary's `serve`: started, read while an ingest runs beside it, stopped by a signal. */
const env = { SMO_GAPS_TODAY: '2024-04-01' };

describe('smo-gaps serve, the process', () => {
  const tmp = scratch('smo-gaps-serve-e2e-');
  let server: RunningServer;

  beforeAll(async () => {
    const r = smo(['ingest', '--db', tmp.db, '--delimiter', ',', '--quiet', join(FIXTURES, 'html', '01-ventas-ene-mar.csv')]);
    expect(r.code, r.stderr).toBe(0);
    server = await startServer(['--db', tmp.db], env);
  });
  afterAll(() => tmp.cleanup());

  it('shows on the next request what an ingest made while it runs', async () => {
    const report = async () =>
      (await (await fetch(`${server.url}api/report?month=2024-03`)).json()) as { totals: { missing: number; recovered_late: number } };
    const before = await report();
    const page = await (await fetch(`${server.url}?month=2024-03`)).text();
    expect(page).toContain('<p class="period">March 2024</p>');

    const ingest = smo(['ingest', '--db', tmp.db, '--delimiter', ',', '--quiet', join(FIXTURES, 'html', '02-tardios.csv')]);
    expect(ingest.code, ingest.stderr).toBe(0);

    const after = await report();
    expect(after.totals.recovered_late).toBeGreaterThan(before.totals.recovered_late);
    expect(after.totals.missing).toBeLessThan(before.totals.missing);
    // And it is what the command line now says.
    const cli = smo(['report', '--format', 'json', '--month', '2024-03', '--db', tmp.db], { env });
    expect(after).toEqual(JSON.parse(cli.stdout));
  });

  it('logs one line per request on standard error, and stops cleanly on SIGTERM', async () => {
    await fetch(`${server.url}nowhere`);
    const { code, stderr } = await server.stop('SIGTERM');
    expect(code).toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^smo-gaps: serving .*test\.db on http:\/\/127\.0\.0\.1:\d+\/; Ctrl-C stops$/);
    expect(lines).toContainEqual(expect.stringMatching(/^GET \/api\/report 200 \d+ms$/));
    expect(lines).toContainEqual(expect.stringMatching(/^GET \/nowhere 404 \d+ms$/));
    expect(lines.at(-1)).toBe('smo-gaps: stopped (SIGTERM)');
  });

  it('on a non-loopback host, makes up a token, prints it once, and asks it of every request', async () => {
    const open = await startServer(['--db', tmp.db, '--host', '0.0.0.0'], env);
    const token = /access token \(shown once; set SMO_GAPS_TOKEN to choose it\): (\S+)/.exec(open.stderr())![1];
    const local = open.url.replace('0.0.0.0', '127.0.0.1');
    expect((await fetch(`${local}api/report`)).status).toBe(401);
    expect((await fetch(`${local}api/report`, { headers: { Authorization: 'Bearer wrong-wrong-wrong-wrong' } })).status).toBe(403);
    expect((await fetch(`${local}api/report`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    const { code, stderr } = await open.stop('SIGINT');
    expect(code).toBe(0);
    expect(stderr.split(token).length - 1).toBe(2); // the token line and the address line, nothing else
    expect(stderr.trim().split('\n').at(-1)).toBe('smo-gaps: stopped (SIGINT)');
  });

  it('refuses to start without a database, a short token, or a port in use', async () => {
    const missing = smo(['serve', '--db', join(tmp.dir, 'none.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^smo-gaps: .*none\.db: no such database/);
    const short = smo(['serve', '--db', tmp.db, '--token', 'abc']);
    expect(short.code).toBe(2);
    expect(short.stderr).toBe("smo-gaps: --token: the token must be at least 16 characters, without spaces, ',' or ';'\n");
    const first = await startServer(['--db', tmp.db], env);
    const port = new URL(first.url).port;
    const busy = smo(['serve', '--db', tmp.db, '--port', port]);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toBe(`smo-gaps: cannot listen on 127.0.0.1:${port}: the port is in use\n`);
    await first.stop();
  });
});
