import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, scratch, smo } from '../helpers/cli.js';

const OPS = join(FIXTURES, 'ops');
const s = scratch('smo-gaps-status-');
const env = { SMO_GAPS_TODAY: '2024-03-04' };

beforeAll(() => {
  const files = [
    'day1/l101-2024-03-01.csv',
    'day1/l102-2024-03-01.csv',
    'day1/l103-2024-03-01.csv',
    'day2/l101-2024-03-02.csv',
    'day2/l102-2024-03-02.csv',
    'day3/l101-2024-03-03.csv',
    'day3/l102-2024-03-02-late.csv',
    'day3/l102-2024-03-03.csv',
  ];
  const result = smo(['ingest', '--db', s.db, '--quiet', '--rejects', join(s.dir, 'rejects.csv'), ...files.map((f) => join(OPS, f))]);
  expect(result.code, result.stderr).toBe(0);
});
afterAll(() => s.cleanup());

describe('status', () => {
  it('names the store that did not upload yesterday', () => {
    const result = smo(['status', '--db', s.db], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Status on 2024-03-04\nStores 3 · series 3 · late \(nothing for 2024-03-03\) 1 · open gaps 2 \(2 missing\)\n/,
    );
    expect(result.stdout).toMatch(/Stores with no invoices for 2024-03-03\n[^]*│ L-103 │ 2024-03-01 {3}│ {11}3 │/);
    expect(result.stdout).toMatch(/│ L-102 │ 01 {3}│ 002-001 │ {5}108 │ 2024-03-03 │/);
  });

  it('as JSON: current sequentials, uploads, late stores, open gaps', () => {
    const status = JSON.parse(smo(['status', '--db', s.db, '--format', 'json'], { env }).stdout);
    expect(status.late.map((x: { store: string }) => x.store)).toEqual(['L-103']);
    expect(status.stores.find((x: { store: string }) => x.store === 'L-101')).toMatchObject({
      last_date: '2024-03-03',
      invoices_yesterday: 2,
      late: false,
      open_gaps: 2,
      missing: 2,
      days_behind: 1,
      days_since_upload: 0,
    });
    expect(status.series[1]).toMatchObject({
      store: 'L-102',
      doc_type: '01',
      series: '002-001',
      last_seq: 108,
      first_seq: 100,
      open_gaps: 0,
    });
    expect(status.series[1].last_upload).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(status.gaps.map((g: { from: number }) => g.from)).toEqual([10, 3]);
  });

  it('as CSV, one row per series', () => {
    const lines = smo(['status', '--db', s.db, '--format', 'csv'], { env }).stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'store,doc_type,series,last_seq,last_date,last_upload,days_since_upload,invoices_yesterday,late,open_gaps,missing,jumps',
    );
    expect(lines[3]).toMatch(/^L-103,01,001-002,51,2024-03-01,[^,]+,0,0,true,0,0,0$/);
  });

  it('--fail-on-late exits 1 naming the store', () => {
    const result = smo(['status', '--db', s.db, '--fail-on-late', '--format', 'json'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('smo-gaps: 1 store has no invoices for 2024-03-03: L-103\n');
    expect(smo(['status', '--db', s.db, '--fail-on-late', '--store', 'L-101'], { env }).code).toBe(0);
  });
});
