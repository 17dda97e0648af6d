import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, inFixture, scratchPerTest } from '../helpers/cli.js';
import { expectFile, normalizeIngestJson } from '../helpers/expected.js';

const fixture = (...parts: string[]) => join(FIXTURES, 'e2e', ...parts);

const current = scratchPerTest();

const inDir = (dir: string) => inFixture(dir, () => current().db);

describe('formula escaping', () => {
  const run = inDir('formulas');

  it("prefixes ' to store codes that could start a formula, in the export and the report CSV", () => {
    expect(run(['ingest', '--quiet', 'input.csv']).code).toBe(0);
    const exported = run(['export', '--month', '2024-07']);
    expect(exported.code).toBe(0);
    expectFile(exported.stdout, fixture('formulas', 'expected', 'export-2024-07.csv'));
    for (const escaped of ["'=SUM(A1),", "'-L9,", "'+X,", "'@Y,"]) expect(exported.stdout).toContain(`\n${escaped}`);
    expect(exported.stdout).toContain('\n-101,'); // a plain number cannot start a formula
    expect(exported.stdout).toContain('\nL-1,');
    const report = run(['report', '--month', '2024-07', '--format', 'csv']);
    expectFile(report.stdout, fixture('formulas', 'expected', 'report-2024-07.csv'));
    // JSON keeps the codes exactly.
    const json = JSON.parse(run(['report', '--month', '2024-07', '--format', 'json']).stdout);
    expect(json.stores.map((s: { store: string }) => s.store)).toEqual(['+X', '-101', '-L9', '=SUM(A1)', '@Y', 'L-1']);
  });
});

describe('encodings', () => {
  const run = inDir('encodings');

  it('reads UTF-8 with a BOM (comma) and Windows-1252 (semicolon, CRLF), with accented headers and names', () => {
    const r = run(['ingest', '--json', 'utf8-bom.csv', 'windows-1252.csv']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectFile(normalizeIngestJson(r.stdout, current().dir), fixture('encodings', 'expected', 'ingest.json'));
    const report = run(['report', '--month', '2024-08', '--format', 'json']);
    expectFile(report.stdout, fixture('encodings', 'expected', 'report-2024-08.json'));
    expect(JSON.parse(report.stdout).stores[0].gaps).toEqual([
      { doc_type: '01', series: '001-001', from: 11, to: 11, count: 1, prev_date: '2024-08-01', next_date: '2024-08-16', jump: false },
      { doc_type: '04', series: '001-001', from: 2, to: 3, count: 2, prev_date: '2024-08-02', next_date: '2024-08-15', jump: false },
    ]);
  });
});

describe("SRI portal download ('emitidos', tab-separated, Windows-1252)", () => {
  const run = inDir('sri');

  it('takes the store from the RUC in the access key, and rejects a row whose date disagrees with its key', () => {
    const r = run(['ingest', '--json', '--rejects', join(current().dir, 'rejects.csv'), 'emitidos.txt']);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe("emitidos.txt: line 5: date '04/03/2024' disagrees with access key (2024-03-03)");
    expectFile(normalizeIngestJson(r.stdout, current().dir), fixture('sri', 'expected', 'ingest.json'));
    const exported = run(['export', '--month', '2024-03']);
    expectFile(exported.stdout, fixture('sri', 'expected', 'export-2024-03.csv'));
    expect(exported.stdout).toContain('\n1790012345001,01,001-012,24304726,24304726,24304727,2,2024-03-01,2024-03-02,number,gap,,\n');
  });
});

describe('unwritable --output', () => {
  const run = inDir('formulas');

  it('exits 2 with the reason, for a file in the way and under /proc (no hang)', () => {
    expect(run(['ingest', '--quiet', 'input.csv']).code).toBe(0);
    const blocked = run(['export', '--month', '2024-07', '--output', join(fixture('formulas', 'input.csv'), 'x.csv')]);
    expect(blocked.code, blocked.stderr).toBe(2);
    expect(blocked.stderr).toMatch(/input\.csv\/x\.csv: cannot write: ENOTDIR\n$/);
    if (!existsSync('/proc/self')) return;
    const proc = run(['report', '--month', '2024-07', '--output', '/proc/smo-gaps-no-such/report.txt']);
    expect(proc.code).toBe(2);
    expect(proc.stderr).toBe('smo-gaps: /proc/smo-gaps-no-such/report.txt: cannot write: ENOENT\n');
  });
});
