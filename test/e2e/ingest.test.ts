import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, FIXTURES, inFixture, scratchPerTest, smo } from '../helpers/cli.js';
import { expectFile, normalizeIngestJson, normalizePaths } from '../helpers/expected.js';

/** Ingest scenarios on small hand-made fixtures (fixtures/e2e/*), each with expected outputs. */
const fixture = (...parts: string[]) => join(FIXTURES, 'e2e', ...parts);

const current = scratchPerTest();

const inDir = (dir: string) => inFixture(dir, () => current().db);

const json = (stdout: string) => JSON.parse(stdout);

describe('month boundary', () => {
  const run = inDir('month-boundary');

  it('puts a gap whose next invoice is on April 1 in April, not March (times ignored)', () => {
    expect(run(['ingest', '--quiet', 'sales.csv']).code).toBe(0);
    const march = run(['report', '--month', '2024-03', '--format', 'json']);
    const april = run(['report', '--month', '2024-04', '--format', 'json']);
    expectFile(march.stdout, fixture('month-boundary', 'expected', 'report-2024-03.json'));
    expectFile(april.stdout, fixture('month-boundary', 'expected', 'report-2024-04.json'));
    expect(json(march.stdout).stores[0].gaps.map((g: { from: number }) => g.from)).toEqual([2]);
    expect(json(april.stdout).stores[0].gaps).toEqual([
      { doc_type: '01', series: '001-001', from: 5, to: 6, count: 2, prev_date: '2024-03-31', next_date: '2024-04-01', jump: false },
    ]);
    expectFile(run(['export', '--month', '2024-03']).stdout, fixture('month-boundary', 'expected', 'export-2024-03.csv'));
    expectFile(run(['export', '--month', '2024-04']).stdout, fixture('month-boundary', 'expected', 'export-2024-04.csv'));
    // A --from/--to range across the boundary holds both.
    const both = json(run(['report', '--from', '2024-03-30', '--to', '2024-04-01', '--format', 'json']).stdout);
    expect(both.totals).toMatchObject({ missing: 3, gaps: 2, invoices: 3 });
  });
});

describe('late arrival', () => {
  const run = inDir('late-arrival');

  it('splits a gap when a number in its middle arrives later, and counts it as recovered late', () => {
    expect(run(['ingest', '--quiet', '--store', 'S1', 'part-1.csv']).code).toBe(0);
    const before = run(['report', '--month', '2024-05', '--format', 'json']);
    expectFile(before.stdout, fixture('late-arrival', 'expected', 'report-after-part-1.json'));
    expect(json(before.stdout).stores[0].gaps).toHaveLength(1);

    const second = run(['ingest', '--json', '--store', 'S1', 'part-2.csv']);
    expect(second.code).toBe(0);
    expectFile(normalizeIngestJson(second.stdout, current().dir), fixture('late-arrival', 'expected', 'ingest-part-2.json'));
    expect(json(second.stdout).totals).toMatchObject({ loaded: 1, recovered_late: 1, gaps_opened: 0 });

    const after = run(['report', '--month', '2024-05', '--format', 'json']);
    expectFile(after.stdout, fixture('late-arrival', 'expected', 'report-after-part-2.json'));
    const report = json(after.stdout);
    expect(report.stores[0].gaps.map((g: { from: number; to: number }) => [g.from, g.to])).toEqual([
      [4, 5],
      [7, 9],
    ]);
    expect(report.totals.recovered_late).toBe(1);
  });

  it('ends with the same gaps whatever the upload order', () => {
    expect(run(['ingest', '--quiet', '--store', 'S1', 'part-2.csv', 'part-1.csv']).code).toBe(0);
    const report = json(run(['report', '--month', '2024-05', '--format', 'json']).stdout);
    const expected = JSON.parse(readFileSync(fixture('late-arrival', 'expected', 'report-after-part-2.json'), 'utf8'));
    expect(report.stores[0].gaps).toEqual(expected.stores[0].gaps);
    expect(report.totals.recovered_late).toBe(0); // nothing arrived after it was found missing
  });
});

describe('exact re-upload', () => {
  const run = inDir('late-arrival');

  it('counts every row as already present and changes nothing', () => {
    expect(run(['ingest', '--quiet', '--store', 'S1', 'part-1.csv']).code).toBe(0);
    const before = run(['report', '--month', '2024-05', '--format', 'json']).stdout;
    const again = run(['ingest', '--json', '--store', 'S1', 'part-1.csv']);
    expect(again.code).toBe(0);
    expectFile(normalizeIngestJson(again.stdout, current().dir), fixture('late-arrival', 'expected', 'ingest-part-1-again.json'));
    expect(json(again.stdout).totals).toMatchObject({ rows_read: 4, loaded: 0, already_present: 4, conflicts: 0, gaps_opened: 0 });
    expect(run(['report', '--month', '2024-05', '--format', 'json']).stdout).toBe(before);
    expectFile(before, fixture('late-arrival', 'expected', 'report-after-part-1.json'));
  });
});

describe('conflicting duplicate', () => {
  const run = inDir('conflict');

  it('keeps the first row, records the conflict, and shows it in the report', () => {
    expect(run(['ingest', '--quiet', 'first.csv']).code).toBe(0);
    const second = run(['ingest', '--json', 'second.csv']);
    expect(second.code).toBe(0);
    expectFile(normalizeIngestJson(second.stdout, current().dir), fixture('conflict', 'expected', 'ingest-second.json'));
    expect(json(second.stdout).totals).toMatchObject({ rows_read: 3, loaded: 1, already_present: 1, conflicts: 1 });
    const report = run(['report', '--month', '2024-06', '--format', 'json']);
    expectFile(report.stdout, fixture('conflict', 'expected', 'report-2024-06.json'));
    expect(json(report.stdout).conflicts).toEqual([
      {
        store: 'C1',
        doc_type: '01',
        series: '-',
        sequential: 2,
        kept: { date: '2024-06-10', amount: 6, void: false, file: 'first.csv', line: 3 },
        duplicate: { date: '2024-06-10', amount: 60, void: false, file: 'second.csv', line: 2 },
      },
    ]);
  });
});

describe('bad rows', () => {
  const run = inDir('bad-rows');

  it('rejects them with file, line and reason on stderr and in the rejects CSV, and loads the rest', () => {
    const rejects = join(current().dir, 'rejects.csv');
    const r = run(['ingest', '--json', '--rejects', rejects, 'input.csv']);
    expect(r.code).toBe(0);
    expectFile(normalizePaths(r.stderr, current().dir), fixture('bad-rows', 'expected', 'stderr.txt'));
    expect(r.stderr).toContain("input.csv: line 4: impossible date '2024-02-30'\n");
    expectFile(readFileSync(rejects, 'utf8'), fixture('bad-rows', 'expected', 'rejects.csv'));
    expectFile(normalizeIngestJson(r.stdout, current().dir), fixture('bad-rows', 'expected', 'ingest.json'));
    expect(json(r.stdout).totals).toMatchObject({ rows_read: 7, loaded: 2, rejected: 5 });
  });

  it('writes the rejects beside the database by default', () => {
    const r = run(['ingest', '--quiet', 'input.csv']);
    expect(r.code).toBe(0);
    const written = readdirSync(current().dir).filter((f) => /^test-rejects-\d{8}-\d{6}\.csv$/.test(f));
    expect(written).toHaveLength(1);
    expect(readFileSync(join(current().dir, written[0]), 'utf8')).toBe(
      readFileSync(fixture('bad-rows', 'expected', 'rejects.csv'), 'utf8'),
    );
  });

  it.each([
    ['in line', '0'],
    ['on the reading thread', '1'],
  ])('--strict fails the whole file with exit 2 and loads nothing of it (read %s)', (_, thread) => {
    const rejects = join(current().dir, 'rejects.csv');
    const r = run(['ingest', '--strict', '--rejects', rejects, 'input.csv'], { SMO_GAPS_READ_THREAD: thread });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("smo-gaps: input.csv: line 3: non-numeric sequential 'x' (--strict: nothing of this file was loaded)\n");
    expect(existsSync(rejects)).toBe(false);
    const report = json(run(['report', '--from', '2024-01-01', '--to', '2024-12-31', '--format', 'json']).stdout);
    expect(report.totals).toMatchObject({ stores: 0, invoices: 0, missing: 0 });
  });
});

describe('standard input', () => {
  it('reads - as an export, shown as (stdin)', () => {
    const r = smo(['ingest', '--json', '--store', 'S9', '--db', current().db, '-'], {
      input: 'numero,fecha\n1,2024-05-01\n3,2024-05-02\n',
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ file: '(stdin)', rows_read: 2, loaded: 2, gaps_opened: 1, size: 39 });
    const report = JSON.parse(smo(['report', '--db', current().db, '--day', '2024-05-02', '--format', 'json']).stdout);
    expect(report.stores[0]).toMatchObject({ store: 'S9', missing: 1 });
  });
});

describe('exit codes', () => {
  const run = inDir('late-arrival');

  it('exits 2 for an unknown option, with the message on stderr', () => {
    const r = run(['report', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("error: unknown option '--bogus'");
  });

  it('exits 2 for a missing file, naming it', () => {
    const r = run(['ingest', 'no-such-file.csv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('smo-gaps: no-such-file.csv: cannot read: no such file\n');
  });

  it('exits 2 without a command or with an unknown one, 0 for --help and --version', () => {
    const none = smo([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: smo-gaps');
    expect(smo(['audit']).code).toBe(2);
    const help = smo(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    expect(smo(['report', '--help']).code).toBe(0);
    expect(smo(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('exits 2 for bad usage: a malformed period, a file without a store', () => {
    const period = run(['report', '--month', '2024-13']);
    expect(period.code).toBe(2);
    expect(period.stderr).toBe("smo-gaps: --month '2024-13': expected YYYY-MM\n");
    const noStore = run(['ingest', 'part-1.csv']);
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toMatch(/^smo-gaps: part-1\.csv: no store identifiable/);
  });
});

describe('the reading thread (large files are read on a worker thread)', () => {
  // Without its script beside the bundle, SMO_GAPS_READ_THREAD=1 falls back to reading in line,
  // and every "(reading thread)" test would pass without a thread.
  it('has its script where the bundle looks for it', () => {
    expect(existsSync(join(BIN, '..', '..', 'dist', 'parse-worker.bundle.js'))).toBe(true);
  });

  const ingestJson = (file: string, thread: string) =>
    smo(['ingest', '--json', '--db', current().db, file], { env: { SMO_GAPS_READ_THREAD: thread } });

  it('loads a generated history exactly as the in-line reader does', async () => {
    const { generate } = await import('../../scripts/bench-data.js');
    const truth = await generate(current().dir, 60_000, 7);
    const summaries: unknown[] = [];
    const exports: string[] = [];
    for (const thread of ['0', '1']) {
      rmSync(current().db, { force: true });
      const r = ingestJson(truth.history, thread);
      expect(r.code, r.stderr).toBe(0);
      summaries.push(normalizeIngestJson(r.stdout, current().dir));
      exports.push(smo(['export', '--db', current().db, '--from', '2000-01', '--to', '2099-12']).stdout);
      // What no report shows: each invoice's file line, amount, void mark and access key.
      const db = new Database(current().db, { readonly: true });
      exports.push(JSON.stringify(db.prepare(`SELECT series_id, seq, line, amount, void, access_key FROM invoices ORDER BY 1, 2`).all()));
      db.close();
    }
    expect(summaries[1]).toEqual(summaries[0]);
    expect(exports[2]).toBe(exports[0]);
    expect(exports[3]).toBe(exports[1]);
    expect((JSON.parse(ingestJson(truth.daily, '1').stdout) as { files: { loaded: number }[] }).files[0].loaded).toBe(truth.dailyRows);
  });

  it('reports a file it cannot use as the in-line reader does: exit 2, the file and the reason', () => {
    const file = join(current().dir, 'no-numbers.csv');
    writeFileSync(file, 'tienda,fecha\nS1,2024-05-01\n');
    const r = ingestJson(file, '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^smo-gaps: .*no-numbers\.csv: no sequential column \(looked for/);
    expect(r.stderr).not.toContain('    at ');
  });
});
