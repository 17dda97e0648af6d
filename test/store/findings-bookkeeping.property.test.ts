import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../helpers/random.js';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DB } from '../../src/store/db.js';
import { loadFile } from '../../src/ingest/load-file.js';
import { buildFindings, type Finding } from '../../src/audit/findings/index.js';
import { buildReport } from '../../src/audit/report.js';
import { formatDay, type Day } from '../../src/input/dates.js';
import { addDays } from '../../src/audit/findings/rules.js';

/**
 * The neighbour findings (jump, backdated) as the ingest keeps them current, against a
 * brute-force model: random series with drops, bursts and big jumps, dates that sometimes go
 * back, rows split into random files (identical re-uploads included), loaded in random
 * orders, read with random --jump thresholds. Upload order changes nothing but which copy
 * of a re-uploaded row is the evidence.
 */

interface Row {
  store: string;
  label: string;
  seq: number;
  date: Day;
}

const key = (r: { store: string; label: string }) => `${r.store}|${r.label}`;

function generate(rng: fc.Random | (() => number)) {
  const rand = typeof rng === 'function' ? rng : () => rng.nextDouble();
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const rows: Row[] = [];
  for (const store of ['A', 'B', 'C'].slice(0, int(1, 3))) {
    for (const label of ['001-001', '002-001'].slice(0, int(1, 2))) {
      let seq = int(1, 50);
      let date = 20240101 + int(0, 20);
      for (let i = int(3, 70); i > 0; i--) {
        rows.push({ store, label, seq, date: rand() < 0.12 ? addDays(date, -int(1, 9)) : date });
        const r = rand();
        seq += r < 0.75 ? 1 : r < 0.9 ? int(2, 6) : r < 0.97 ? int(15, 40) : int(80, 400);
        if (rand() < 0.3) date = addDays(date, int(1, 3));
      }
    }
  }
  const fileCount = int(1, 6);
  const files: Row[][] = Array.from({ length: fileCount }, () => []);
  for (const r of rows) {
    files[int(0, fileCount - 1)].push(r);
    if (rand() < 0.06) files[int(0, fileCount - 1)].push(r); // an identical re-upload
  }
  for (const f of files) {
    for (let i = f.length - 1; i > 0; i--) {
      const j = int(0, i);
      [f[i], f[j]] = [f[j], f[i]];
    }
  }
  return { rows, files, int };
}

/** The findings by definition, for the present numbers as the upload order left them. */
function modelFindings(order: { path: string; rows: Row[] }[], period: { from: Day; to: Day }, jump: number): Finding[] {
  const kept = new Map<string, Map<number, { row: Row; at: string }>>();
  for (const { path, rows } of order) {
    rows.forEach((row, i) => {
      let series = kept.get(key(row));
      if (!series) kept.set(key(row), (series = new Map()));
      if (!series.has(row.seq)) series.set(row.seq, { row, at: `${path}:${i + 2}` });
    });
  }
  const inPeriod = (d: Day) => d >= period.from && d <= period.to;
  const found: Finding[] = [];
  for (const series of kept.values()) {
    const sorted = [...series.values()].sort((a, b) => a.row.seq - b.row.seq);
    for (let i = 1; i < sorted.length; i++) {
      const lower = sorted[i - 1];
      const upper = sorted[i];
      const between = upper.row.seq - lower.row.seq - 1;
      const base = { store: upper.row.store, doc_type: '01', series: upper.row.label };
      if (between > jump && inPeriod(upper.row.date)) {
        found.push({
          kind: 'jump',
          ...base,
          from: lower.row.seq + 1,
          to: upper.row.seq - 1,
          date: formatDay(upper.row.date),
          detail: { count: between, prev_date: formatDay(lower.row.date), next_date: formatDay(upper.row.date) },
          evidence: [lower.at, upper.at],
        });
      }
      if (upper.row.date < lower.row.date && between <= jump && inPeriod(upper.row.date)) {
        found.push({
          kind: 'backdated',
          ...base,
          from: lower.row.seq,
          to: upper.row.seq,
          date: formatDay(upper.row.date),
          detail: {
            lower_date: formatDay(lower.row.date),
            days_back: Math.round((Date.UTC(...ymd(lower.row.date)) - Date.UTC(...ymd(upper.row.date))) / 86_400_000),
            numbers_between: between,
          },
          evidence: [lower.at, upper.at],
        });
      }
    }
  }
  const kinds = ['jump', 'backdated'];
  return found.sort(
    (a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || cmp(a.store, b.store) || cmp(a.series!, b.series!) || a.from! - b.from!,
  );
}

const ymd = (d: Day): [number, number, number] => [Math.floor(d / 10000), (Math.floor(d / 100) % 100) - 1, d % 100];
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const withoutEvidence = (f: Finding[]) => f.map(({ evidence: _, ...rest }) => rest);

let workDir: string;
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'smo-gaps-findings-property-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

let scenarios = 0;
const exercised = { jumps: 0, backdated: 0, changedByLateArrival: 0 };

async function scenario(seed: number): Promise<void> {
  const rand = mulberry32(seed);
  const { files, int } = generate(rand);
  const dir = join(workDir, `s${scenarios++}`);
  mkdirSync(dir);
  const written = files.map((rows, i) => {
    const path = join(dir, `part-${i}.csv`);
    writeFileSync(
      path,
      `local,serie,secuencial,fecha\n${rows.map((r) => `${r.store},${r.label},${r.seq},${formatDay(r.date)}`).join('\n')}\n`,
    );
    return { path, rows };
  });
  const shuffled = () => {
    const order = [...written];
    for (let i = order.length - 1; i > 0; i--) {
      const j = int(0, i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  };
  const periods = [
    { from: 20240101, to: 20241231 },
    { from: 20240101, to: 20240131 },
    { from: 20240201, to: 20240229 },
  ];
  const start = addDays(20240101, int(0, 40));
  periods.push({ from: start, to: addDays(start, int(0, 20)) });
  const jumps = [5, 20, 100, 10_000];

  const results: unknown[] = [];
  for (const order of [shuffled(), shuffled()]) {
    const db: DB = openDatabase(':memory:');
    try {
      // After each file, the findings so far are the model's for the files so far.
      for (let n = 1; n <= order.length; n++) {
        await loadFile(db, order[n - 1].path, {});
        const jump = jumps[int(0, jumps.length - 1)];
        const got = buildFindings(db, periods[0], { kinds: ['jump', 'backdated'], jump }).findings;
        const before = n > 1 ? modelFindings(order.slice(0, n - 1), periods[0], jump) : [];
        const want = modelFindings(order.slice(0, n), periods[0], jump);
        expect(got).toEqual(want);
        if (n > 1 && JSON.stringify(withoutEvidence(before)) !== JSON.stringify(withoutEvidence(want))) exercised.changedByLateArrival++;
      }
      const outcome: unknown[] = [];
      for (const period of periods) {
        for (const jump of jumps) {
          const got = buildFindings(db, period, { kinds: ['jump', 'backdated'], jump });
          const want = modelFindings(order, period, jump);
          expect(got.findings, `${formatDay(period.from)}..${formatDay(period.to)} --jump ${jump}`).toEqual(want);
          expect(got.totals).toEqual({
            jump: want.filter((f) => f.kind === 'jump').length,
            backdated: want.filter((f) => f.kind === 'backdated').length,
          });
          // The report leaves the jumps out of missing and counts them apart.
          const report = buildReport(db, period, { jump });
          const jumpsWanted = want.filter((f) => f.kind === 'jump');
          expect(report.totals.jumps).toBe(jumpsWanted.length);
          expect(report.totals.jump_numbers).toBe(jumpsWanted.reduce((acc, f) => acc + (f.to! - f.from! + 1), 0));
          expect(report.totals.findings.jump).toBe(jumpsWanted.length);
          const allGaps = report.stores.flatMap((s) => s.gaps);
          expect(report.totals.missing).toBe(allGaps.filter((g) => !g.jump).reduce((acc, g) => acc + g.count, 0));
          exercised.jumps += jumpsWanted.length;
          exercised.backdated += want.length - jumpsWanted.length;
          const { missing, gaps, jumps: j, jump_numbers, invoices } = report.totals;
          outcome.push(withoutEvidence(got.findings), { missing, gaps, jumps: j, jump_numbers, invoices });
        }
      }
      results.push(outcome);
    } finally {
      db.close();
    }
  }
  // The upload order changes nothing but the evidence of re-uploaded rows.
  expect(results[1]).toEqual(results[0]);
  rmSync(dir, { recursive: true, force: true });
}

const RUNS = Number(process.env.SMO_GAPS_PROPERTY_RUNS ?? 25);

describe('jumps and backdated invoices, kept as rows arrive (property)', () => {
  it('match a brute-force model after every file, for random series, files, upload orders and --jump', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => scenario(seed)),
      { numRuns: RUNS },
    );
  });

  it('exercised jumps, backdated invoices, and late arrivals that changed them', () => {
    expect(exercised.jumps).toBeGreaterThan(RUNS);
    expect(exercised.backdated).toBeGreaterThan(RUNS);
    expect(exercised.changedByLateArrival).toBeGreaterThan(RUNS / 4);
  });
});
