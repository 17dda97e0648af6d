import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, RANGE_COLUMNS, exportRows, type MissingGap } from '../../src/audit/missing.js';

const gap = (from: number, to: number): MissingGap => ({
  store: 'S',
  doc_type: '01',
  series: '001-001',
  gap_from: from,
  gap_to: to,
  gap_count: to - from + 1,
  prev_date: '2024-03-01',
  next_date: '2024-03-02',
});

describe('exportRows', () => {
  it('has the columns of SPEC §6, in order', () => {
    expect(EXPORT_COLUMNS.join(',')).toBe('store,doc_type,series,sequential,gap_from,gap_to,gap_count,prev_date,next_date,listed');
    expect(RANGE_COLUMNS.join(',')).toBe('store,doc_type,series,gap_from,gap_to,gap_count,prev_date,next_date,listed');
  });

  it('lists a gap of exactly --max-list numbers, and writes one over it as a range row', () => {
    const listed = [...exportRows([gap(1, 3)], { maxList: 3, ranges: false })];
    expect(listed).toEqual([
      ['S', '01', '001-001', 1, 1, 3, 3, '2024-03-01', '2024-03-02', 'number'],
      ['S', '01', '001-001', 2, 1, 3, 3, '2024-03-01', '2024-03-02', 'number'],
      ['S', '01', '001-001', 3, 1, 3, 3, '2024-03-01', '2024-03-02', 'number'],
    ]);
    expect([...exportRows([gap(1, 4)], { maxList: 3, ranges: false })]).toEqual([
      ['S', '01', '001-001', '', 1, 4, 4, '2024-03-01', '2024-03-02', 'range'],
    ]);
  });

  it('never lists a typo jump to 999,999,999 number by number', () => {
    const rows = [...exportRows([gap(2, 999_999_998)], { maxList: 1000, ranges: false })];
    expect(rows).toHaveLength(1);
    expect(rows[0][9]).toBe('range');
  });

  it('writes one row per gap with ranges, matching RANGE_COLUMNS', () => {
    const rows = [...exportRows([gap(1, 1), gap(5, 9)], { maxList: 1000, ranges: true })];
    expect(rows).toEqual([
      ['S', '01', '001-001', 1, 1, 1, '2024-03-01', '2024-03-02', 'range'],
      ['S', '01', '001-001', 5, 9, 5, '2024-03-01', '2024-03-02', 'range'],
    ]);
    for (const row of rows) expect(row).toHaveLength(RANGE_COLUMNS.length);
  });
});
