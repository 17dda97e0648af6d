import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rand } from '../../helpers/random.js';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/store/db.js';
import { loadFile } from '../../../src/ingest/load-file.js';
import { replaceLeases } from '../../../src/store/leases.js';
import { importDeclaredSales } from '../../../src/store/declared-sales.js';
import { readDeclaredSalesFile, readLeaseFile } from '../../../src/input/contract-files.js';
import { buildMoney, type MoneyReport } from '../../../src/audit/money/build.js';
import { setReview } from '../../../src/audit/reviews.js';
import { smo } from '../../helpers/cli.js';

/**
 * Money at stake (SPEC §8) against a brute-force model: random stores, series (facturas and
 * credit notes), invoices with totals, pre-tax amounts, voids and missing numbers, split into
 * files uploaded in random order (late arrivals, identical re-uploads), lease registers and
 * declared sales imported several times between the uploads (the last one counts), amounts
 * written with either decimal mark. Every figure of the money JSON must equal the model's to the cent.
 */

interface Invoice {
  store: string;
  docType: '01' | '04';
  label: string;
  seq: number;
  date: number;
  total: number | null;
  net: number | null;
  void: boolean;
}
interface Lease {
  store: string;
  fixed: boolean;
  /** Basis points: 825 = 8.25%. */
  bp: number;
  minimum: number;
  from: string;
  to: string | null;
}
interface Review {
  store: string;
  docType: Invoice['docType'];
  label: string;
  from: number;
  to: number;
  status: 'explained' | 'billed' | 'open';
}
interface World {
  invoices: Invoice[];
  /** Reviews of numbers (SPEC §10), in the order they are set: the last one of a number counts. */
  reviews: Review[];
  uploaded: Invoice[][];
  leaseImports: Lease[][];
  declaredImports: { store: string; month: string; cents: number }[][];
}

const MONTHS = ['2024-01', '2024-02', '2024-03'];
const monthOfDay = (day: number) => `${Math.floor(day / 10000)}-${String(Math.floor(day / 100) % 100).padStart(2, '0')}`;

function generate(rand: Rand): World {
  const stores = ['A-1', 'B-2', 'C-3', 'D-4'].slice(0, rand.int(1, 4));
  const invoices: Invoice[] = [];
  for (const store of stores) {
    const series: [Invoice['docType'], string][] = [['01', '001-001']];
    if (rand.chance(0.5)) series.push(['01', '002-001']);
    if (rand.chance(0.5)) series.push(['04', '001-001']);
    for (const [docType, label] of series) {
      const n = rand.int(1, docType === '04' ? 8 : 90);
      let day = rand.int(1, 28);
      let month = rand.int(1, 3);
      let seq = rand.int(1, 500);
      for (let i = 0; i < n; i++) {
        seq += rand.chance(0.12) ? rand.int(2, 6) : 1; // a gap
        if (rand.chance(0.15)) day += 1;
        if (day > 28) {
          day = 1;
          month = Math.min(3, month + 1);
        }
        const date = 20240000 + month * 100 + (rand.chance(0.05) ? rand.int(1, 28) : day);
        const total = rand.chance(0.1) ? null : rand.int(0, 400_000);
        const net = total !== null && rand.chance(0.5) ? Math.floor(total / 1.12) : null;
        invoices.push({ store, docType, label, seq, date, total, net, void: rand.chance(0.06) });
      }
    }
  }
  // Files: each invoice in one file (some never uploaded: more gaps; some twice: re-uploads).
  const files: Invoice[][] = Array.from({ length: rand.int(1, 4) }, () => []);
  for (const invoice of invoices) {
    if (rand.chance(0.05)) continue;
    rand.pick(files).push(invoice);
    if (rand.chance(0.05)) rand.pick(files).push(invoice);
  }
  const leaseImports: Lease[][] = Array.from({ length: rand.int(1, 2) }, () => {
    const register: Lease[] = [];
    for (const store of [...stores, 'Z-9']) {
      if (rand.chance(0.2)) continue;
      const fixed = rand.chance(0.25);
      const change = rand.pick(['2024-02', '2024-03', null]);
      const lease = (from: string, to: string | null): Lease => ({
        store,
        fixed,
        bp: rand.int(1, 1500),
        minimum: rand.chance(0.3) ? 0 : rand.int(0, 200_000),
        from,
        to,
      });
      if (change === null) register.push(lease('2023-11', rand.chance(0.5) ? null : '2024-12'));
      else register.push(lease('2023-11', change === '2024-02' ? '2024-01' : '2024-02'), lease(change, null));
    }
    return register;
  });
  const declaredImports = Array.from({ length: rand.int(0, 3) }, () => {
    const figures: { store: string; month: string; cents: number }[] = [];
    for (const store of stores)
      for (const month of MONTHS) if (rand.chance(0.4)) figures.push({ store, month, cents: rand.int(0, 5_000_000) });
    return figures;
  });
  const reviews: Review[] = [];
  const uploadedSeries = [...new Set(files.flat().map((r) => `${r.store}|${r.docType}|${r.label}`))];
  for (let i = rand.int(0, 4); i > 0 && uploadedSeries.length; i--) {
    const [store, docType, label] = rand.pick(uploadedSeries).split('|');
    const seqs = invoices.filter((r) => r.store === store && r.docType === docType && r.label === label).map((r) => r.seq);
    const from = rand.int(Math.min(...seqs), Math.max(...seqs));
    reviews.push({
      store,
      docType: docType as Invoice['docType'],
      label,
      from,
      to: from + rand.int(0, 8),
      status: rand.pick(['explained', 'explained', 'billed', 'open'] as const),
    });
  }
  return { invoices, uploaded: files, leaseImports, declaredImports, reviews };
}

// ---------------------------------------------------------------- the files, as stores and managers write them

const dotText = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
const commaText = (c: number) => `${Math.floor(c / 100).toLocaleString('de-DE')},${String(c % 100).padStart(2, '0')}`;

function exportText(rows: Invoice[], commaStyle: boolean): string {
  const d = commaStyle ? ';' : ',';
  const money = (c: number | null) => (c === null ? '' : commaStyle ? commaText(c) : dotText(c));
  const lines = [
    ['local', 'establecimiento', 'punto_emision', 'secuencial', 'fecha_emision', 'tipo_comprobante', 'total', 'subtotal', 'estado'].join(d),
  ];
  for (const r of rows) {
    const [estab, point] = r.label.split('-');
    const date = String(r.date);
    lines.push(
      [
        r.store,
        estab,
        point,
        r.seq,
        `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`,
        r.docType,
        money(r.total),
        money(r.net),
        r.void ? 'ANULADO' : 'AUTORIZADO',
      ].join(d),
    );
  }
  return `${lines.join('\n')}\n`;
}

function leaseText(register: Lease[], commaStyle: boolean): string {
  const d = commaStyle ? ';' : ',';
  const rate = (bp: number) => `${(bp / 100).toString().replace('.', commaStyle ? ',' : '.')}%`;
  return `${['store', 'scheme', 'rate', 'minimum', 'from', 'to'].join(d)}\n${register
    .map((l) =>
      [
        l.store,
        l.fixed ? 'fixed' : 'commission',
        l.fixed ? '' : rate(l.bp),
        commaStyle ? commaText(l.minimum) : dotText(l.minimum),
        l.from,
        l.to ?? '',
      ].join(d),
    )
    .join('\n')}\n`;
}

function salesText(figures: { store: string; month: string; cents: number }[], commaStyle: boolean): string {
  const d = commaStyle ? ';' : ',';
  return `store${d}month${d}declared_sales\n${figures.map((f) => [f.store, f.month, commaStyle ? commaText(f.cents) : dotText(f.cents)].join(d)).join('\n')}\n`;
}

// ---------------------------------------------------------------- the model

function halfAway(n: number, d: number): number {
  const q = Math.floor(Math.abs(n) / d);
  const r = Math.abs(n) % d;
  const v = 2 * r >= d ? q + 1 : q;
  return n < 0 ? -v : v;
}

function model(world: World): MoneyReport {
  const present = new Map<string, Invoice>();
  for (const file of world.uploaded) for (const r of file) present.set(`${r.store}|${r.docType}|${r.label}|${r.seq}`, r);
  const leases = world.leaseImports[world.leaseImports.length - 1];
  const declared = new Map<string, number>();
  for (const imp of world.declaredImports) for (const f of imp) declared.set(`${f.store}|${f.month}`, f.cents);
  const series = new Map<string, Invoice[]>();
  for (const r of present.values()) {
    const key = `${r.store}|${r.docType}|${r.label}`;
    series.set(key, [...(series.get(key) ?? []), r]);
  }
  for (const list of series.values()) list.sort((a, b) => a.seq - b.seq);
  const value = (r: Invoice) => r.net ?? r.total;

  const rows: MoneyReport['stores'] = [];
  const cents: {
    atStake: number | null;
    est: number;
    inv: number;
    dec: number | null;
    und: number | null;
    billed: number | null;
    due: number | null;
  }[] = [];
  for (const month of MONTHS) {
    const stores = new Set<string>();
    for (const r of present.values()) if (monthOfDay(r.date) === month) stores.add(r.store);
    const leaseOf = (store: string) => leases.find((l) => l.store === store && l.from <= month && (l.to === null || month <= l.to));
    for (const l of leases) if (leaseOf(l.store) === l) stores.add(l.store);
    for (const store of stores) {
      let invoices = 0;
      let invoiced = 0;
      let missing = 0;
      let estimate = 0;
      for (const r of present.values()) {
        if (r.store !== store || monthOfDay(r.date) !== month) continue;
        invoices++;
        if (!r.void) invoiced += (r.docType === '01' ? 1 : r.docType === '04' ? -1 : 0) * (value(r) ?? 0);
      }
      for (const [key, list] of series) {
        if (!key.startsWith(`${store}|`)) continue;
        for (let i = 1; i < list.length; i++) {
          const count = list[i].seq - list[i - 1].seq - 1;
          if (count === 0 || monthOfDay(list[i].date) !== month) continue;
          missing += count;
          if (list[i].docType !== '01') continue;
          let explained = 0;
          for (let n = list[i - 1].seq + 1; n < list[i].seq; n++) {
            const last = world.reviews.filter((r) => `${r.store}|${r.docType}|${r.label}` === key && r.from <= n && n <= r.to).pop();
            if (last?.status === 'explained') explained++;
          }
          const ok = (r: Invoice) => !r.void && value(r) !== null;
          const below = list.slice(0, i).filter(ok).slice(-50);
          const above = list.slice(i).filter(ok).slice(0, 50);
          const values = [...below, ...above].map((r) => value(r)!).sort((a, b) => a - b);
          const mid = values.length >> 1;
          const median = values.length === 0 ? 0 : values.length % 2 ? values[mid] : halfAway(values[mid - 1] + values[mid], 2);
          estimate += (count - explained) * median;
        }
      }
      const dec = declared.get(`${store}|${month}`) ?? null;
      const basis = dec ?? invoiced;
      const best = Math.max(dec ?? 0, invoiced + estimate);
      const lease = leaseOf(store);
      const rent = (b: number) => (lease!.fixed ? lease!.minimum : Math.max(lease!.minimum, halfAway(b * lease!.bp, 10_000)));
      const billed = lease ? rent(basis) : null;
      const due = lease ? rent(best) : null;
      const u = (c: number | null) => (c === null ? null : c / 100);
      const und = dec === null ? null : Math.max(0, invoiced - dec);
      rows.push({
        store,
        month,
        scheme: lease ? (lease.fixed ? 'fixed' : 'commission') : null,
        rate: lease && !lease.fixed ? lease.bp / 10_000 : null,
        minimum: lease ? lease.minimum / 100 : null,
        invoices,
        missing,
        invoiced_sales: invoiced / 100,
        declared_sales: u(dec),
        under_declared: u(und),
        estimated_unreported: estimate / 100,
        billing_basis: basis / 100,
        best_estimate: best / 100,
        rent_billed: u(billed),
        rent_due: u(due),
        at_stake: lease ? u(due! - billed!) : null,
      });
      cents.push({ atStake: lease ? due! - billed! : null, est: estimate, inv: invoiced, dec, und, billed, due });
    }
  }
  const order = rows
    .map((_, i) => i)
    .sort((a, b) => {
      const x = cents[a].atStake ?? -Infinity;
      const y = cents[b].atStake ?? -Infinity;
      if (x !== y) return y - x;
      if (cents[a].est !== cents[b].est) return cents[b].est - cents[a].est;
      return rows[a].store.localeCompare(rows[b].store) || rows[a].month.localeCompare(rows[b].month);
    });
  const sum = (pick: (c: (typeof cents)[number]) => number | null) => cents.reduce((acc, c) => acc + (pick(c) ?? 0), 0) / 100;
  return {
    months: MONTHS,
    totals: {
      invoiced_sales: sum((c) => c.inv),
      declared_sales: sum((c) => c.dec),
      under_declared: sum((c) => c.und),
      estimated_unreported: sum((c) => c.est),
      rent_billed: sum((c) => c.billed),
      rent_due: sum((c) => c.due),
      at_stake: sum((c) => c.atStake),
    },
    stores: order.map((i) => rows[i]),
    top: order
      .filter((i) => cents[i].atStake !== null)
      .slice(0, 5)
      .map((i) => ({ store: rows[i].store, month: rows[i].month, at_stake: rows[i].at_stake! })),
  };
}

// ---------------------------------------------------------------- the property

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smo-money-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let case_ = 0;
async function check(seed: number, viaCli: boolean): Promise<{ rows: number; gaps: number; stake: number }> {
  const rand = new Rand(seed);
  const world = generate(rand);
  const dbPath = join(dir, `money-${seed}-${case_++}.db`);
  const db = openDatabase(dbPath);
  try {
    // Uploads, lease imports and declared-sales imports, interleaved in a random order.
    const steps: (() => Promise<void>)[] = [];
    world.uploaded.forEach((rows, i) =>
      steps.push(async () => {
        const path = join(dir, `export-${seed}-${i}.csv`);
        writeFileSync(path, exportText(rand.shuffle([...rows]), rand.chance(0.5)));
        await loadFile(db, path);
      }),
    );
    const contract = <T>(
      kind: string,
      imports: T[][],
      text: (items: T[], comma: boolean) => string,
      load: (path: string) => Promise<void>,
    ) =>
      imports.map((items, i) => async () => {
        const path = join(dir, `${kind}-${seed}-${i}.csv`);
        writeFileSync(path, text(items, rand.chance(0.5)));
        await load(path);
      });
    const leaseSteps = contract('leases', world.leaseImports, leaseText, async (path) => {
      const read = await readLeaseFile(path);
      replaceLeases(db, read, read.records);
    });
    const salesSteps = contract('sales', world.declaredImports, salesText, async (path) => {
      const read = await readDeclaredSalesFile(path);
      importDeclaredSales(db, read, read.records);
    });
    // Imports of one kind keep their order (the last counts); everything else is shuffled.
    const queue = rand.shuffle([...steps, ...leaseSteps.map(() => 'lease'), ...salesSteps.map(() => 'sales')] as (
      | string
      | (() => Promise<void>)
    )[]);
    for (const step of queue) {
      if (step === 'lease') await leaseSteps.shift()!();
      else if (step === 'sales') await salesSteps.shift()!();
      else await (step as () => Promise<void>)();
    }
    for (const r of world.reviews) {
      setReview(db, {
        store: r.store,
        docType: r.docType,
        series: r.label,
        from: r.from,
        to: r.to,
        status: r.status,
        comment: 'c',
        by: 'p',
        source: 'set',
      });
    }
    const expected = model(world);
    expect(buildMoney(db, MONTHS)).toEqual(expected);
    if (viaCli) {
      db.close();
      const out = smo(['money', '--from', '2024-01', '--to', '2024-03', '--format', 'json', '--db', dbPath]);
      expect(out.stderr).toBe('');
      expect(JSON.parse(out.stdout)).toEqual(expected);
    }
    return { rows: expected.stores.length, gaps: expected.stores.reduce((n, s) => n + s.missing, 0), stake: expected.totals.at_stake };
  } finally {
    if (db.open) db.close();
  }
}

describe('money at stake (property, against a brute-force model)', () => {
  it('every figure equals the model to the cent, whatever the upload order', async () => {
    const seen = { rows: 0, gaps: 0, withStake: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const r = await check(seed, false);
        seen.rows += r.rows;
        seen.gaps += r.gaps;
        if (r.stake !== 0) seen.withStake++;
      }),
      { numRuns: 60 },
    );
    // The generator exercised what it is meant to.
    expect(seen.rows).toBeGreaterThan(100);
    expect(seen.gaps).toBeGreaterThan(200);
    expect(seen.withStake).toBeGreaterThan(20);
  }, 120_000);

  it('the command line prints the same JSON (money --format json)', async () => {
    for (const seed of [7, 2024, 99_991]) await check(seed, true);
  }, 60_000);
});
