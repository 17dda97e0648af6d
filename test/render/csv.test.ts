import { describe, expect, it } from 'vitest';
import { csvText, escapeFormula } from '../../src/render/csv.js';

describe('CSV formula escaping (SPEC §6)', () => {
  it('prefixes text cells that could start a formula', () => {
    for (const cell of ['=SUM(A1)', '+X', '-L9', '@cmd', '\tx', '\rx', '=1+1', '-', '+', '\uFF1D1']) {
      expect(escapeFormula(cell), JSON.stringify(cell)).toBe(`'${cell}`);
    }
  });

  it('leaves plain numbers and ordinary text alone', () => {
    for (const cell of ['-101', '+5', '-1.5', '12', 'L-101', 'a=b', '']) expect(escapeFormula(cell)).toBe(cell);
  });

  it('applies to every text cell, quotes where needed, and keeps numbers as numbers', () => {
    expect(
      csvText(
        ['a', 'b', 'c'],
        [
          ['=HYPERLINK("x")', -3, '-101'],
          ['@x,y', 'ok', true],
        ],
      ),
    ).toBe(`a,b,c\n"'=HYPERLINK(""x"")",-3,-101\n"'@x,y",ok,true\n`);
  });
});
