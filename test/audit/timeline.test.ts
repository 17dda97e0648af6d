import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type DB } from '../../src/store/db.js';
import { loadFile } from '../../src/ingest/load-file.js';
import { buildReport } from '../../src/audit/report.js';
import { buildTimeline, emptyBuckets, timelineUnit } from '../../src/audit/timeline.js';
import { FIXTURES } from '../helpers/cli.js';

describe('timelineUnit', () => {
  it('is per day up to two calendar months, per month beyond', () => {
    expect(timelineUnit({ from: 20240315, to: 20240315 })).toBe('day');
    expect(timelineUnit({ from: 20240301, to: 20240331 })).toBe('day');
    expect(timelineUnit({ from: 20240215, to: 20240331 })).toBe('day');
    expect(timelineUnit({ from: 20240131, to: 20240301 })).toBe('month');
    expect(timelineUnit({ from: 20231201, to: 20240131 })).toBe('day');
    expect(timelineUnit({ from: 20231101, to: 20240131 })).toBe('month');
  });
});

describe('emptyBuckets', () => {
  it('lists every day of the period, leap day included', () => {
    const days = emptyBuckets({ from: 20240227, to: 20240302 }, 'day').map((b) => b.key);
    expect(days).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02']);
  });
  it('lists every month a range touches, across a year end', () => {
    const months = emptyBuckets({ from: 20231115, to: 20240203 }, 'month').map((b) => b.key);
    expect(months).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
  });
});

describe('buildTimeline on fixtures/html', () => {
  let db: DB;
  beforeAll(async () => {
    db = openDatabase(':memory:');
    for (const file of ['01-ventas-ene-mar.csv', '02-tardios.csv']) await loadFile(db, join(FIXTURES, 'html', file), { delimiter: ',' });
  });
  afterAll(() => db.close());

  it('puts each gap on its next invoice’s day, and adds up to the report', () => {
    const period = { from: 20240301, to: 20240331 };
    const timeline = buildTimeline(db, period);
    expect(timeline.unit).toBe('day');
    expect(timeline.buckets).toHaveLength(31);
    const byDay = Object.fromEntries(timeline.buckets.filter((b) => b.missing > 0).map((b) => [b.key.slice(8), b.missing]));
    // From fixtures/html/README.md: the gaps' next dates and counts.
    expect(byDay).toEqual({ '02': 1, '03': 2, '04': 3, '07': 6, '10': 9, '11': 1, '14': 1, '19': 7, '25': 8, '29': 6, '30': 1 });
    const report = buildReport(db, period);
    const sum = (k: 'missing' | 'gaps' | 'recovered_late') => timeline.buckets.reduce((a, b) => a + b[k], 0);
    expect(sum('missing')).toBe(report.totals.missing);
    expect(sum('gaps')).toBe(report.totals.gaps);
    expect(sum('recovered_late')).toBe(report.totals.recovered_late);
    expect(timeline.buckets.filter((b) => b.recovered_late > 0).map((b) => [b.key, b.recovered_late])).toEqual([
      ['2024-03-06', 2],
      ['2024-03-07', 1],
      ['2024-03-16', 2],
    ]);
  });

  it('groups by month for a quarter', () => {
    const timeline = buildTimeline(db, { from: 20240101, to: 20240331 });
    expect(timeline.unit).toBe('month');
    expect(timeline.buckets.map((b) => [b.key, b.missing, b.gaps])).toEqual([
      ['2024-01', 2, 1],
      ['2024-02', 4, 2],
      ['2024-03', 45, 12],
    ]);
  });

  it('honours the store filter', () => {
    const timeline = buildTimeline(db, { from: 20240101, to: 20240331 }, { store: 'L-102' });
    expect(timeline.buckets.map((b) => b.missing)).toEqual([0, 3, 9]);
  });
});
