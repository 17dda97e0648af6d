import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchedInsert, placeholders } from '../../src/store/batched-insert.js';

describe('BatchedInsert', () => {
  it('writes every row pushed, whatever their count, as one INSERT a row would', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 100_000 }), { maxLength: 450 }), (keys) => {
        const db = new Database(':memory:');
        db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, a TEXT, b REAL)');
        const insert = new BatchedInsert(db, (rows) => `INSERT INTO t (k, a, b) VALUES ${placeholders(rows, 3)}`, 3);
        for (const k of keys) {
          insert.push(k);
          insert.push(`row ${k}`);
          insert.push(k / 4);
        }
        insert.flush();
        insert.flush(); // a second flush writes nothing more
        expect(db.prepare('SELECT k, a, b FROM t ORDER BY k').all()).toEqual(
          [...keys].sort((x, y) => x - y).map((k) => ({ k, a: `row ${k}`, b: k / 4 })),
        );
        db.close();
      }),
      { numRuns: 60 },
    );
  });

  it('spells out the VALUES of n rows', () => {
    expect(placeholders(1, 2)).toBe('(?, ?)');
    expect(placeholders(3, 1)).toBe('(?), (?), (?)');
  });
});
