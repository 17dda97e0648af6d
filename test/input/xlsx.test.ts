import { describe, expect, it } from 'vitest';
import { cellText, rowCells } from '../../src/input/xlsx.js';

describe('cellText: a workbook cell as the text a CSV would hold', () => {
  it('writes numbers as Excel stores them', () => {
    expect(cellText(123)).toBe('123');
    expect(cellText(118.88)).toBe('118.88');
    expect(cellText(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(cellText(Number.NaN)).toBe('');
  });

  it('writes dates as yyyy-MM-dd, with the time when there is one', () => {
    expect(cellText(new Date(Date.UTC(2024, 2, 1)))).toBe('2024-03-01');
    expect(cellText(new Date(Date.UTC(2024, 2, 6, 14, 30)))).toBe('2024-03-06 14:30:00');
  });

  it('takes a formula by its result, rich text by its text, errors and booleans as Excel shows them', () => {
    expect(cellText({ formula: 'E4*2', result: 21 })).toBe('21');
    expect(cellText({ formula: 'A1', result: 'L-101' })).toBe('L-101');
    expect(cellText({ formula: 'A1' })).toBe('');
    expect(cellText({ richText: [{ text: 'L-' }, { text: '101' }] })).toBe('L-101');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
  });
});

describe('rowCells', () => {
  const row = (values: unknown[]) => ({ number: 4, values: [undefined, ...values] });

  it('pads a row to the header width (Excel leaves empty cells out)', () => {
    expect(rowCells(row(['L-1', undefined, 3]), 5)).toEqual(['L-1', '', '3', '', '']);
  });

  it('drops empty cells past the width, keeps non-empty ones', () => {
    expect(rowCells(row(['a', 'b', null, '']), 2)).toEqual(['a', 'b']);
    expect(rowCells(row(['a', 'b', null, 'x']), 2)).toEqual(['a', 'b', '', 'x']);
  });

  it('skips a row with nothing in it', () => {
    expect(rowCells(row([null, '', { richText: [] }]), 3)).toBeUndefined();
    expect(rowCells(row([]), 0)).toBeUndefined();
  });

  it('takes a header as wide as its last non-empty cell', () => {
    expect(rowCells(row(['Local', 'Número', null]), 0)).toEqual(['Local', 'Número']);
  });
});
