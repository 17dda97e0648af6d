import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, scratch, smo } from '../helpers/cli.js';

const OPS = join(FIXTURES, 'ops');
const FILES = [
  'day1/l101-2024-03-01.csv',
  'day1/l102-2024-03-01.csv',
  'day1/l103-2024-03-01.csv',
  'day2/l101-2024-03-02.csv',
  'day2/l102-2024-03-02.csv',
  'day3/l101-2024-03-03.csv',
  'day3/l101-resent-copy.csv',
  'day3/l102-2024-03-02-late.csv',
  'day3/l102-2024-03-03.csv',
];

describe('verify', () => {
  it('passes when the missing numbers are those expected', () => {
    const result = smo(['verify', ...FILES, '--expect', 'expected/missing-all.csv'], { cwd: OPS });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('missing numbers as expected: 2 missing numbers in 2 gaps\n');
    expect(result.stderr).toBe(
      "day2/l102-2024-03-02.csv: line 4: impossible date '2024-02-30'\nverify: 9 files, 20 invoices, 1 rejected row\n",
    );
  });

  it('fails with what was added and what disappeared', () => {
    const result = smo(['verify', ...FILES, '--expect', 'expected/missing-stale.csv'], { cwd: OPS });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      'added (missing now, not in expected/missing-stale.csv): 1 missing number\n' +
        '+ L-101 01 001-001 10\n' +
        'disappeared (in expected/missing-stale.csv, not missing now): 1 missing number\n' +
        '- L-102 01 002-001 105\n',
    );
    expect(result.stderr).toMatch(/smo-gaps: the missing numbers differ from expected\/missing-stale.csv: 1 added, 1 disappeared\n$/);
  });

  it('without --expect, fails listing the missing numbers, and passes on a clean dataset', () => {
    const failing = smo(['verify', ...FILES], { cwd: OPS });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toBe('missing: L-101 01 001-001 3\nmissing: L-101 01 001-001 10\n');
    expect(failing.stderr).toMatch(/smo-gaps: 2 missing numbers in 2 gaps\n$/);

    const clean = smo(['verify', 'day1/l102-2024-03-01.csv', 'day1/l103-2024-03-01.csv', '--quiet'], { cwd: OPS });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('no missing numbers\n');
    expect(clean.stderr).toBe('');
  });

  it('reads range rows, --ranges exports, a BOM and formula-escaped cells', () => {
    const s = scratch();
    try {
      const data = join(s.dir, 'data.csv');
      writeFileSync(
        data,
        [
          'store,invoice_number,date',
          '-X1,001-001-000000001,2024-03-01',
          '-X1,001-001-000005000,2024-03-02',
          '-X1,001-001-000005002,2024-03-03',
        ].join('\n'),
      );
      const exported = join(s.dir, 'expected.csv');
      const written = smo(['verify', data, '--write-expected', exported, '--quiet']);
      expect(written.code).toBe(1);
      const text = readFileSync(exported, 'utf8');
      expect(text.split('\n')[1]).toBe("'-X1,01,001-001,,2,4999,4998,2024-03-01,2024-03-02,range,gap,,");
      expect(smo(['verify', data, '--expect', exported, '--quiet']).code).toBe(0);

      const ranges = join(s.dir, 'ranges.csv');
      writeFileSync(
        ranges,
        "\uFEFFstore,doc_type,series,gap_from,gap_to,gap_count,prev_date,next_date,listed\n'-X1,01,001-001,2,4999,4998,2024-03-01,2024-03-02,range\n'-X1,01,001-001,5001,5001,1,2024-03-02,2024-03-03,range\n",
      );
      const pass = smo(['verify', data, '--expect', ranges, '--quiet']);
      expect(pass.code, pass.stdout + pass.stderr).toBe(0);

      writeFileSync(
        ranges,
        "store,doc_type,series,gap_from,gap_to,gap_count,prev_date,next_date,listed\n'-X1,01,001-001,2,5001,5000,2024-03-01,2024-03-03,range\n",
      );
      const differ = smo(['verify', data, '--expect', ranges, '--quiet']);
      expect(differ.code).toBe(1);
      expect(differ.stdout).toBe('disappeared (in ' + ranges + ', not missing now): 1 missing number\n- -X1 01 001-001 5000\n');
    } finally {
      s.cleanup();
    }
  });

  it('exits 2 when a file or the expected file cannot be used', () => {
    expect(smo(['verify', 'nope.csv'], { cwd: OPS }).code).toBe(2);
    const missingExpect = smo(['verify', 'day1/l102-2024-03-01.csv', '--expect', 'nope.csv'], { cwd: OPS });
    expect(missingExpect.code).toBe(2);
    expect(missingExpect.stderr).toMatch(/nope.csv: cannot read: ENOENT/);
    const notExport = smo(['verify', 'day1/l102-2024-03-01.csv', '--expect', 'day1/l101-2024-03-01.csv'], { cwd: OPS });
    expect(notExport.code).toBe(2);
    expect(notExport.stderr).toMatch(/not an export CSV/);
  });
});
