import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, scratch, smo } from '../helpers/cli.js';
import { expectFile, normalizeIngestJson } from '../helpers/expected.js';

/**
 * Money at stake (SPEC §8) on fixtures/e2e/money, every figure checked by hand in its README:
 * a decimal-comma export (semicolons, `1.000` read as one thousand, `$` and `PEN` marks, a
 * `NULL` amount loaded without one, a void, a credit note), a lease register (commission, fixed,
 * a store with no invoices), a bad register (overlap: exit 2, nothing changed), two imports of
 * declared sales (the second replaces the first).
 */
const DIR = join(FIXTURES, 'e2e', 'money');
const expected = (name: string) => join(DIR, 'expected', name);

let work: ReturnType<typeof scratch>;
const run = (args: string[], env: Record<string, string> = {}) => smo([...args, '--db', work.db], { cwd: DIR, env });

beforeAll(() => {
  work = scratch();
  const ingest = run(['ingest', '--json', 'facturas-2024-03.csv']);
  expect(ingest.code).toBe(0);
  expect(ingest.stderr).toBe(
    'facturas-2024-03.csv: warning: 1 row loaded without an amount (the amount could not be read); their invoices count as present, their sales as 0\n',
  );
  expectFile(normalizeIngestJson(ingest.stdout, work.dir), expected('ingest.json'));
  expect(run(['leases', 'import', 'leases.csv']).code).toBe(0);
  const v1 = run(['sales', 'import', 'ventas-declaradas-v1.csv']);
  expect(v1.stdout).toMatch(/^ventas-declaradas-v1\.csv: 1 declared figure imported \(1 new, 0 replaced; sha256 21edbd11357c…\)\n$/);
  const v2 = run(['sales', 'import', 'ventas-declaradas-v2.csv']);
  expect(v2.stdout).toMatch(/1 declared figure imported \(0 new, 1 replaced; sha256 aeb8275adb73…\)/);
});
afterAll(() => work.cleanup());

describe('leases', () => {
  it('lists the register', () => {
    const r = run(['leases']);
    expect(r.code).toBe(0);
    expectFile(r.stdout, expected('leases.txt'));
  });

  it('refuses an overlapping register with exit 2, naming the line, and keeps the register as it was', () => {
    const before = run(['leases', '--format', 'json']).stdout;
    const r = run(['leases', 'import', 'leases-bad.csv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "smo-gaps: leases-bad.csv: line 4: store L-201's lease 2024-03..2024-06 overlaps line 2 (2024-01..open) (nothing was imported)\n",
    );
    expect(run(['leases', '--format', 'json']).stdout).toBe(before);
    expect(JSON.parse(before).leases).toHaveLength(3);
  });

  it('names a bad line (the header is line 1)', () => {
    const input = 'store,scheme,rate,minimum,from,to\nL-1,commission,8%,0,2024-01,\nL-2,rent,8%,0,2024-01,\n';
    const r = smo(['leases', 'import', '-', '--db', work.db], { cwd: DIR, input });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("smo-gaps: (stdin): line 3: scheme 'rent' is neither commission nor fixed (nothing was imported)\n");
  });
});

describe('sales', () => {
  it('lists the declared figures, the later import having replaced the earlier', () => {
    const r = run(['sales', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('store,month,declared_sales,file,line\nL-201,2024-03,7000.00,ventas-declaradas-v2.csv,2\n');
  });
});

describe('money', () => {
  it('prints the JSON of SPEC §8', () => {
    const r = run(['money', '--month', '2024-03', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expectFile(r.stdout, expected('money-2024-03.json'));
    const money = JSON.parse(r.stdout);
    expect(Object.keys(money)).toEqual(['months', 'totals', 'stores', 'top']);
    expect(Object.keys(money.stores[0])).toEqual([
      'store',
      'month',
      'scheme',
      'rate',
      'minimum',
      'invoices',
      'missing',
      'invoiced_sales',
      'declared_sales',
      'under_declared',
      'estimated_unreported',
      'billing_basis',
      'best_estimate',
      'rent_billed',
      'rent_due',
      'at_stake',
    ]);
    // L-201 (README): 2 missing × median ticket 1,922.84 = 3,845.68; 10% of 11,591.35 = 1,159.14 due, 700.00 billed.
    expect(money.stores[0]).toMatchObject({
      store: 'L-201',
      estimated_unreported: 3845.68,
      rent_due: 1159.14,
      rent_billed: 700,
      at_stake: 459.14,
    });
    expect(money.top).toEqual([
      { store: 'L-201', month: '2024-03', at_stake: 459.14 },
      { store: 'L-202', month: '2024-03', at_stake: 0 },
      { store: 'L-204', month: '2024-03', at_stake: 0 },
    ]);
  });

  it('prints a table and a CSV of the same figures', () => {
    expectFile(run(['money', '--month', '2024-03']).stdout, expected('money-2024-03.txt'));
    expectFile(run(['money', '--month', '2024-03', '--format', 'csv']).stdout, expected('money-2024-03.csv'));
  });

  it('defaults to the last complete month; --top and --store narrow it', () => {
    const byDefault = run(['money', '--format', 'json'], { SMO_GAPS_TODAY: '2024-04-10' });
    expect(byDefault.stdout).toBe(readFileSync(expected('money-2024-03.json'), 'utf8'));
    const one = JSON.parse(run(['money', '--month', '2024-03', '--format', 'json', '--top', '1', '--store', 'L-202']).stdout);
    expect(one.stores.map((s: { store: string }) => s.store)).toEqual(['L-202']);
    expect(one.top).toEqual([{ store: 'L-202', month: '2024-03', at_stake: 0 }]);
  });

  it('refuses a day period with exit 2', () => {
    for (const period of [
      ['--day', '2024-03-05'],
      ['--from', '2024-03-01', '--to', '2024-03-31'],
    ]) {
      const r = run(['money', ...period]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/whole months/);
    }
  });
});

describe('money elsewhere', () => {
  it('report carries estimated_unreported per store', () => {
    const report = JSON.parse(run(['report', '--month', '2024-03', '--format', 'json']).stdout);
    expect(report.stores.map((s: { store: string; estimated_unreported: number }) => [s.store, s.estimated_unreported])).toEqual([
      ['L-201', 3845.68],
      ['L-202', 65],
      ['L-203', 1000.5],
    ]);
  });

  it('summary gains the rent at stake when leases exist', () => {
    const csv = run(['summary', '--from', '2024-03', '--to', '2024-03', '--format', 'csv']).stdout;
    expect(csv.split('\n')[0]).toMatch(/,at_stake$/);
    expect(csv.split('\n')[1]).toMatch(/,459\.14$/);
  });

  it('the HTML page shows the money at stake and the top stores by it', () => {
    const html = run(['html', '--month', '2024-03', '--lang', 'en']).stdout;
    expect(html).toContain('Money at stake, 2024-03');
    expect(html).toContain('459.14');
    expect(html).toContain('id="money-chart"');
  });

  it('run monthly writes money-<month>.csv and .json', () => {
    const inbox = join(work.dir, 'inbox');
    const out = join(work.dir, 'out');
    mkdirSync(inbox);
    const r = run(['run', 'monthly', '--inbox', inbox, '--out', out], { SMO_GAPS_TODAY: '2024-04-01' });
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'money-2024-03.json'), 'utf8')).toBe(readFileSync(expected('money-2024-03.json'), 'utf8'));
    expect(readFileSync(join(out, 'money-2024-03.csv'), 'utf8')).toBe(readFileSync(expected('money-2024-03.csv'), 'utf8'));
  });
});
