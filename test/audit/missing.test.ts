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
  kind: to - from + 1 > 10_000 ? 'jump' : 'gap',
  reviews: [{ from, to, status: '', comment: '' }],
});

describe('exportRows', () => {
  it('has the columns of SPEC §6, in order', () => {
    expect(EXPORT_COLUMNS.join(',')).toBe(
      'store,doc_type,series,sequential,gap_from,gap_to,gap_count,prev_date,next_date,listed,kind,review_status,review_comment',
    );
    expect(RANGE_COLUMNS.join(',')).toBe(
      'store,doc_type,series,gap_from,gap_to,gap_count,prev_date,next_date,listed,kind,review_status,review_comment',
    );
  });

  it('lists a gap of exactly --max-list numbers, and writes one over it as a range row', () => {
    const listed = [...exportRows([gap(1, 3)], { maxList: 3, ranges: false })];
    expect(listed).toEqual([
      ['S', '01', '001-001', 1, 1, 3, 3, '2024-03-01', '2024-03-02', 'number', 'gap', '', ''],
      ['S', '01', '001-001', 2, 1, 3, 3, '2024-03-01', '2024-03-02', 'number', 'gap', '', ''],
      ['S', '01', '001-001', 3, 1, 3, 3, '2024-03-01', '2024-03-02', 'number', 'gap', '', ''],
    ]);
    expect([...exportRows([gap(1, 4)], { maxList: 3, ranges: false })]).toEqual([
      ['S', '01', '001-001', '', 1, 4, 4, '2024-03-01', '2024-03-02', 'range', 'gap', '', ''],
    ]);
  });

  it('never lists a typo jump to 999,999,999 number by number', () => {
    const rows = [...exportRows([gap(2, 999_999_998)], { maxList: 1000, ranges: false })];
    expect(rows).toHaveLength(1);
    expect(rows[0][9]).toBe('range');
    expect(rows[0][10]).toBe('jump');
  });

  it('writes one row per gap with ranges, matching RANGE_COLUMNS', () => {
    const rows = [...exportRows([gap(1, 1), gap(5, 9)], { maxList: 1000, ranges: true })];
    expect(rows).toEqual([
      ['S', '01', '001-001', 1, 1, 1, '2024-03-01', '2024-03-02', 'range', 'gap', '', ''],
      ['S', '01', '001-001', 5, 9, 5, '2024-03-01', '2024-03-02', 'range', 'gap', '', ''],
    ]);
    for (const row of rows) expect(row).toHaveLength(RANGE_COLUMNS.length);
  });

  it("gives each number its review, and a range row the gap's when one review covers it all, else mixed", () => {
    const reviewed: MissingGap = {
      ...gap(1, 4),
      reviews: [
        { from: 1, to: 2, status: 'explained', comment: 'anulada' },
        { from: 3, to: 4, status: '', comment: '' },
      ],
    };
    expect([...exportRows([reviewed], { maxList: 10, ranges: false })].map((r) => r.slice(9))).toEqual([
      ['number', 'gap', 'explained', 'anulada'],
      ['number', 'gap', 'explained', 'anulada'],
      ['number', 'gap', '', ''],
      ['number', 'gap', '', ''],
    ]);
    expect([...exportRows([reviewed], { maxList: 10, ranges: true })].map((r) => r.slice(8))).toEqual([['range', 'gap', 'mixed', '']]);
    const whole: MissingGap = { ...gap(1, 4), reviews: [{ from: 1, to: 4, status: 'billed', comment: 'renta' }] };
    expect([...exportRows([whole], { maxList: 2, ranges: false })].map((r) => r.slice(9))).toEqual([['range', 'gap', 'billed', 'renta']]);
  });
});
