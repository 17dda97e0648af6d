import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratch, smo } from '../helpers/cli.js';

/**
 * Large exports are read and interpreted on a worker thread (input/parallel-reader.ts).
 * Forced on and off with SMO_GAPS_READ_THREAD, the same files must give the same
 * database: counts, rejects with their lines and reasons, gaps, reports.
 */
function ingestBoth(name: string, text: string, args: string[] = []) {
  const outcomes = (['always', 'never'] as const).map((mode) => {
    const s = scratch();
    try {
      const file = join(s.dir, name);
      writeFileSync(file, text);
      const rejects = join(s.dir, 'rejects.csv');
      const env = { SMO_GAPS_READ_THREAD: mode, SMO_GAPS_TODAY: '2024-04-01' };
      const ingest = smo(['ingest', file, '--db', s.db, '--json', '--rejects', rejects, ...args], { env });
      const report = smo(['report', '--db', s.db, '--from', '2020-01-01', '--to', '2024-12-31', '--format', 'json'], { env });
      let rejected = '';
      try {
        rejected = readFileSync(rejects, 'utf8').replaceAll(file, 'FILE');
      } catch {
        // nothing rejected
      }
      const summary = ingest.stdout ? JSON.parse(ingest.stdout) : undefined;
      for (const f of summary?.files ?? []) {
        f.file = 'FILE';
        delete f.seconds;
        delete f.rows_per_second;
      }
      if (summary) summary.rejects_file = summary.rejects_file && 'REJECTS';
      return { code: ingest.code, stderr: ingest.stderr.replaceAll(file, 'FILE').replaceAll(rejects, 'REJECTS'), summary, report: report.stdout, rejected };
    } finally {
      s.cleanup();
    }
  });
  expect(outcomes[0]).toEqual(outcomes[1]);
  return outcomes[0];
}

const rows = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i + 1)).join('\n');

describe('reading on a worker thread', () => {
  it('loads the same rows, gaps and rejects as reading in-line', () => {
    const body = rows(30_000, (i) =>
      i % 997 === 0
        ? `L-${i % 7},001-001-00000000X,2024-03-01,1.00`
        : i % 1009 === 0
          ? `L-${i % 7},001-001-${String(i).padStart(9, '0')},2024-02-30,1.00`
          : i % 211 === 0
            ? `L-${i % 7},"001-002-${String(i).padStart(9, '0')}",2024-03-${String(1 + (i % 28)).padStart(2, '0')},"1,5"`
            : `L-${i % 7},001-001-${String(i).padStart(9, '0')},2024-03-${String(1 + (i % 28)).padStart(2, '0')},${i % 50}.25`,
    );
    // --delimiter: csv-parse's delimiter discovery throws outside the stream on a quote it
    // meets while sniffing a large file (a separate bug, reported), in-line and threaded alike.
    const outcome = ingestBoth('big.csv', `store,invoice_number,date,amount\n${body}\n`, ['--delimiter', ',']);
    expect(outcome.code).toBe(0);
    expect(outcome.summary.totals.rejected).toBeGreaterThan(0);
    expect(JSON.parse(outcome.report).totals.missing).toBeGreaterThan(0);
  });

  it('settles an ambiguous date order the same way, after the look-ahead', () => {
    // Slashed dates: the first ones cannot tell dd/MM from MM/dd; a later one can.
    const body = rows(25_000, (i) => `L-1;${i};${i === 12_000 ? '25/03/2024' : `0${1 + (i % 9)}/03/2024`};void;${i % 3 === 0 ? 'anulado' : ''}`);
    const outcome = ingestBoth('slashed.csv', `local;secuencial;fecha;nota;estado\n${body}\n`);
    expect(outcome.code).toBe(0);
    // Month first, told early by 03/25/2024: the rows after it are interpreted on the worker.
    const early = rows(15_000, (i) => `L-2;${i};${i === 500 ? '03/25/2024' : `03/0${1 + (i % 9)}/2024`};x;`);
    const mdy = ingestBoth('mdy.csv', `local;secuencial;fecha;nota;estado\n${early}\n`);
    expect(JSON.parse(mdy.report).totals.invoices).toBe(15_000);
  });

  it('reports the same unreadable rows, and fails alike with --strict', () => {
    const body = rows(12_000, (i) => (i === 5_000 ? `L-1,${i},2024-03-01,"bad "quote` : `L-1,${i},2024-03-01,x`));
    ingestBoth('quotes.csv', `store,number,date,note\n${body}\n`, ['--delimiter', ',']);
    const strict = ingestBoth('strict.csv', `store,number,date\n${rows(9_000, (i) => `L-1,${i === 8_000 ? 'X' : i},2024-03-01`)}\n`, ['--strict']);
    expect(strict.code).toBe(2);
  });
});
