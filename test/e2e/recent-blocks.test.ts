import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchPerTest, smo } from '../helpers/cli.js';

/**
 * A day's load on a history large against it keeps its blocks in recent_blocks (RecentLimits,
 * store/invoice-blocks.ts): through the binary, every answer is the one the same invoices give
 * loaded at once, into invoice_blocks alone.
 */
const current = scratchPerTest();

const HEADER = 'store,invoice_number,date,amount';
const line = (n: number, date: string, amount = (n % 97) + 0.5) => `S,001-001-${String(n).padStart(9, '0')},${date},${amount}`;
/** 500 invoices a day from 2024-01-01; every thousandth number never reported. */
const dayOf = (n: number) => new Date(Date.UTC(2024, 0, 1) + Math.floor(n / 500) * 86_400_000).toISOString().slice(0, 10);
const HISTORY = Array.from({ length: 40_000 }, (_, i) => i + 1)
  .filter((n) => n % 1000 !== 0)
  .map((n) => line(n, dayOf(n)));
/** The next day's ten invoices, and a number missing since January arriving late. */
const DAY = [...Array.from({ length: 10 }, (_, i) => line(40_001 + i, '2024-03-21')), line(5000, dayOf(5000), 12.5)];

const TODAY = { SMO_GAPS_TODAY: '2024-03-22' };

function load(db: string, ...files: string[]): void {
  for (const file of files) expect(smo(['ingest', file, '--db', db, '--quiet'], { env: TODAY }).stderr).toBe('');
}

function query<T>(db: string, sql: string): T[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all() as T[];
  } finally {
    d.close();
  }
}

describe('recent blocks, through the binary', () => {
  it('give the same invoices, gaps, report, duplicates and evidence as one load into invoice_blocks', () => {
    const { dir } = current();
    const write = (name: string, lines: string[]) => {
      const path = join(dir, name);
      writeFileSync(path, `${[HEADER, ...lines].join('\n')}\n`);
      return path;
    };
    const history = write('history.csv', HISTORY);
    const day = write('day.csv', DAY);
    const daily = join(dir, 'daily.db');
    const once = join(dir, 'once.db');
    load(daily, history, day);
    load(once, write('all.csv', [...HISTORY, ...DAY]));
    const count = (db: string, table: string) => query<{ n: number }>(db, `SELECT count(*) AS n FROM ${table}`)[0].n;
    expect(count(daily, 'recent_blocks')).toBe(2);
    expect(count(once, 'recent_blocks')).toBe(0);

    const invoices = `SELECT seq, date, amount, void FROM invoices ORDER BY series_id, seq`;
    expect(query(daily, invoices)).toEqual(query(once, invoices));
    const gaps = `SELECT from_seq, to_seq, prev_date, next_date FROM gaps ORDER BY series_id, from_seq`;
    expect(query(daily, gaps)).toEqual(query(once, gaps));
    const report = (db: string) =>
      JSON.parse(smo(['report', '--db', db, '--from', '2024-01-01', '--to', '2024-03-21', '--format', 'json'], { env: TODAY }).stdout);
    const [a, b] = [report(daily), report(once)];
    // Only the late number's arrival tells them apart: loaded at once, it was never missing.
    const onTime = (figures: { recovered_late: number }) => ({ ...figures, recovered_late: 0 });
    expect(a.stores.map(onTime)).toEqual(b.stores);
    expect(onTime(a.totals)).toEqual(b.totals);
    expect([a.totals.missing, a.totals.recovered_late]).toEqual([39, 1]);

    // An invoice of recent_blocks found again: the same row is already present, another amount conflicts.
    const again = smo(
      ['ingest', write('again.csv', [line(40_005, '2024-03-21'), line(40_006, '2024-03-21', 1)]), '--db', daily, '--json'],
      {
        env: TODAY,
      },
    );
    expect(JSON.parse(again.stdout).files[0]).toMatchObject({ loaded: 0, already_present: 1, conflicts: 1 });

    // The evidence pack of the day names the load that brought its invoices.
    const pack = join(dir, 'pack');
    expect(smo(['evidence', '--db', daily, '--day', '2024-03-21', '--output', pack], { env: TODAY }).code).toBe(0);
    expect(readFileSync(join(pack, 'inputs.csv'), 'utf8')).toMatch(/\n2,[^,\n]*day\.csv,/);
  });
});
