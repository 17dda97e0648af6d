import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, inFixture, scratchPerTest } from '../helpers/cli.js';
import { expectFile } from '../helpers/expected.js';

const fixture = (...parts: string[]) => join(FIXTURES, 'e2e', ...parts);
const current = scratchPerTest();
const inDir = (dir: string) => inFixture(dir, () => current().db);

describe('findings (fixtures/e2e/findings: every kind once, generate.mjs)', () => {
  const run = inDir('findings');
  const load = () => {
    expect(run(['ingest', '--quiet', 'tienda-A.csv', 'tienda-B.csv', 'tienda-C.csv', 'tienda-D.csv']).code).toBe(0);
    expect(run(['ingest', '--quiet', 'envio-tardio.csv']).code).toBe(0);
  };

  it('lists each kind with its evidence, in table, CSV and JSON', () => {
    load();
    for (const [format, ext] of [
      ['table', 'txt'],
      ['csv', 'csv'],
      ['json', 'json'],
    ]) {
      const r = run(['findings', '--month', '2024-03', '--format', format]);
      expect(r.code, r.stderr).toBe(0);
      expectFile(r.stdout, fixture('findings', 'expected', `findings-2024-03.${ext}`));
    }
    const json = JSON.parse(run(['findings', '--month', '2024-03', '--format', 'json']).stdout);
    expect(json.totals).toEqual({ jump: 1, backdated: 1, void_rate: 1, silent_day: 1, conflict: 1, key_reuse: 1, late_authorisation: 1 });
    expect(json.findings.map((f: { kind: string; store: string; date: string }) => `${f.kind} ${f.store} ${f.date}`)).toEqual([
      'jump A 2024-03-28',
      'backdated A 2024-03-10',
      'void_rate C 2024-03-31',
      'silent_day B 2024-03-26',
      'conflict B 2024-03-02',
      'key_reuse E 2024-03-16',
      'late_authorisation D 2024-03-17',
    ]);
    expect(json.findings.find((f: { kind: string }) => f.kind === 'key_reuse').evidence).toEqual(['tienda-D.csv:3', 'envio-tardio.csv:3']);
  });

  it('filters by --kind, --store and the period, and fails on findings when asked', () => {
    load();
    const kinds = JSON.parse(run(['findings', '--month', '2024-03', '--kind', 'jump,late_authorisation', '--format', 'json']).stdout);
    expect(kinds.totals).toEqual({ jump: 1, late_authorisation: 1 });
    expect(
      JSON.parse(run(['findings', '--month', '2024-03', '--store', 'B', '--format', 'json']).stdout).findings.map(
        (f: { kind: string }) => f.kind,
      ),
    ).toEqual(['silent_day', 'conflict']);
    expect(JSON.parse(run(['findings', '--day', '2024-03-26', '--format', 'json']).stdout).totals.silent_day).toBe(1);
    const failed = run(['findings', '--month', '2024-03', '--fail-on-findings', '--format', 'csv']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe('smo-gaps: 7 findings in 2024-03-01 to 2024-03-31\n');
    expect(run(['findings', '--month', '2024-02', '--fail-on-findings']).code).toBe(0);
    const bad = run(['findings', '--month', '2024-03', '--kind', 'jump,typo']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--kind 'typo': unknown kind");
    // --jump moves the line: with 20,000 allowed, A's typo is an ordinary gap of 19,999 numbers.
    const wide = JSON.parse(run(['findings', '--month', '2024-03', '--jump', '20000', '--format', 'json']).stdout);
    expect(wide.totals.jump).toBe(0);
  });

  it("counts the findings in report's totals and flags the jump in report and export", () => {
    load();
    const report = JSON.parse(run(['report', '--month', '2024-03', '--format', 'json']).stdout);
    expect(report.totals.findings).toEqual({
      jump: 1,
      backdated: 1,
      void_rate: 1,
      silent_day: 1,
      conflict: 1,
      key_reuse: 1,
      late_authorisation: 1,
    });
    expect(report.totals).toMatchObject({ missing: 1, gaps: 1, jumps: 1, jump_numbers: 19_999, explained: 0 });
    expect(report.top).toEqual([{ store: 'A', missing: 1, invoices: 117, missing_rate: 0.0085, unexplained: 1 }]);
    const exported = run(['export', '--month', '2024-03']).stdout.trim().split('\n');
    expect(exported).toEqual([
      'store,doc_type,series,sequential,gap_from,gap_to,gap_count,prev_date,next_date,listed,kind,review_status,review_comment',
      'A,01,001-001,,113,20111,19999,2024-03-28,2024-03-28,range,jump,,',
      'A,01,002-001,3,3,3,1,2024-03-12,2024-03-10,number,gap,,',
    ]);
  });
});

describe('rollover past 999,999,999 (fixtures/e2e/rollover)', () => {
  const run = inDir('rollover');

  it('reports no billion missing numbers: the gap is a jump', () => {
    expect(run(['ingest', '--quiet', 'numeracion-marzo.csv']).code).toBe(0);
    expect(run(['ingest', '--quiet', 'numeracion-abril.csv']).code).toBe(0);
    const report = run(['report', '--from', '2024-03', '--to', '2024-04', '--format', 'json']);
    expectFile(report.stdout, fixture('rollover', 'expected', 'report-2024-03-to-04.json'));
    const json = JSON.parse(report.stdout);
    expect(json.totals).toMatchObject({ missing: 0, gaps: 0, jumps: 1, jump_numbers: 999_999_994, invoices: 5 });
    expect(json.top).toEqual([]);
    expect(json.stores[0].gaps).toEqual([
      {
        doc_type: '01',
        series: '001-001',
        from: 4,
        to: 999_999_997,
        count: 999_999_994,
        prev_date: '2024-04-03',
        next_date: '2024-03-30',
        jump: true,
      },
    ]);
    expect(run(['report', '--from', '2024-03', '--to', '2024-04', '--fail-on-gaps']).code).toBe(0);
    const table = run(['report', '--from', '2024-03', '--to', '2024-04']).stdout;
    expect(table).toContain('missing 0 in 0 gaps · jumps 1 (999,999,994 numbers, not counted as missing)');
    const findings = JSON.parse(run(['findings', '--from', '2024-03', '--to', '2024-04', '--format', 'json']).stdout);
    // Not backdated either: 999999998 is dated before 3, but across the jump.
    expect(findings.totals).toMatchObject({ jump: 1, backdated: 0 });
    expect(findings.findings[0].evidence).toEqual(['numeracion-abril.csv:4', 'numeracion-marzo.csv:2']);
    const summary = JSON.parse(run(['summary', '--from', '2024-03', '--to', '2024-04', '--format', 'json']).stdout);
    expect(summary.totals).toMatchObject({ missing: 0, jumps: 1, jump_numbers: 999_999_994 });
    const status = JSON.parse(run(['status', '--format', 'json'], { SMO_GAPS_TODAY: '2024-04-04' }).stdout);
    expect(status.totals).toMatchObject({ missing: 0, open_gaps: 0, jumps: 1 });
    expect(run(['export', '--from', '2024-03', '--to', '2024-04']).stdout).toBe(
      'store,doc_type,series,sequential,gap_from,gap_to,gap_count,prev_date,next_date,listed,kind,review_status,review_comment\n' +
        'R-1,01,001-001,,4,999999997,999999994,2024-04-03,2024-03-30,range,jump,,\n',
    );
  });
});
