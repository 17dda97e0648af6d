import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newDatabase } from '../../src/store/sqlite.js';

describe('newDatabase', () => {
  it('opens a database with the addon of the installed package', () => {
    const db = newDatabase(':memory:');
    expect(db.prepare('SELECT 6 * 7 AS answer').get()).toEqual({ answer: 42 });
    db.close();
  });

  it('loads the package as installed when its addon is not where an install puts it', () => {
    const db = newDatabase(':memory:', {}, undefined);
    expect(db.prepare('SELECT 6 * 7 AS answer').get()).toEqual({ answer: 42 });
    db.close();
  });

  it('keeps the options it is given, on either path', () => {
    const missing = join(tmpdir(), `smo-gaps-no-such-${process.pid}.db`);
    expect(() => newDatabase(missing, { fileMustExist: true })).toThrow(/unable to open database file/);
    expect(() => newDatabase(missing, { fileMustExist: true }, undefined)).toThrow(/unable to open database file/);
  });
});
