import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readExpected, unescapeFormula } from '../../src/input/expected.js';
import { scratch } from '../helpers/cli.js';

describe('reading an export CSV back', () => {
  it('undoes the formula guard only before = + - @ tab or CR', () => {
    expect(unescapeFormula("'-X1")).toBe('-X1');
    expect(unescapeFormula("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(unescapeFormula("'abc")).toBe("'abc");
    expect(unescapeFormula('L-101')).toBe('L-101');
  });

  it('number rows are one sequential, range rows their gap', async () => {
    const s = scratch();
    try {
      const path = join(s.dir, 'e.csv');
      writeFileSync(
        path,
        [
          'store,doc_type,series,sequential,gap_from,gap_to,gap_count,prev_date,next_date,listed',
          'L-101,01,001-001,3,3,4,2,2024-03-01,2024-03-01,number',
          "'+A,04,F001,,10,5000,4991,2024-03-01,2024-03-02,range",
          '',
        ].join('\r\n'),
      );
      expect(await readExpected(path)).toEqual([
        { store: 'L-101', doc_type: '01', series: '001-001', from: 3, to: 3 },
        { store: '+A', doc_type: '04', series: 'F001', from: 10, to: 5000 },
      ]);
      writeFileSync(path, 'store,doc_type,series,sequential,gap_from,gap_to\nL-1,01,001-001,x,1,1\n');
      await expect(readExpected(path)).rejects.toThrow(/line 2: sequential 'x' is not a whole number/);
      writeFileSync(path, '');
      await expect(readExpected(path)).rejects.toThrow(/empty/);
    } finally {
      s.cleanup();
    }
  });
});
