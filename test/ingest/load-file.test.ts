import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DB } from '../../src/store/db.js';
import { loadFile, reasonKind } from '../../src/ingest/load-file.js';
import { InputError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'smo-gaps-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const dates = (db: DB) => db.prepare('SELECT seq, date FROM invoices ORDER BY seq').all();
const count = (db: DB, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('loadFile', () => {
  it('decides month-first from a later row, and applies it to the ambiguous rows before it', async () => {
    const db = openDatabase(':memory:');
    await loadFile(db, file('mdy.csv', 'store,secuencial,fecha\nA,1,03/04/2024\nA,2,03/05/2024\nA,3,03/15/2024\n'), {});
    expect(dates(db)).toEqual([
      { seq: 1, date: 20240304 },
      { seq: 2, date: 20240305 },
      { seq: 3, date: 20240315 },
    ]);
    db.close();
  });

  it('reads ambiguous dates day-first, and honours an explicit order', async () => {
    const db = openDatabase(':memory:');
    await loadFile(db, file('dmy.csv', 'store,secuencial,fecha\nA,1,03/04/2024\n'), {});
    expect(dates(db)).toEqual([{ seq: 1, date: 20240403 }]);
    await loadFile(db, file('forced.csv', 'store,secuencial,fecha\nA,2,03/04/2024\nA,3,13/04/2024\n'), { dateOrder: 'mdy' });
    expect(dates(db)).toEqual([
      { seq: 1, date: 20240403 },
      { seq: 2, date: 20240304 },
    ]);
    db.close();
  });

  it('records the run: file, SHA-256, size, counts and status', async () => {
    const db = openDatabase(':memory:');
    const text = 'store,secuencial,fecha\nA,1,2024-01-01\nA,1,2024-01-01\nA,4,2024-01-02\nA,x,2024-01-02\n';
    const path = file('run.csv', text);
    const result = await loadFile(db, path, {});
    const run = db.prepare('SELECT * FROM runs').get() as Record<string, unknown>;
    expect(run).toMatchObject({
      file: path,
      sha256: createHash('sha256').update(text).digest('hex'),
      size: Buffer.byteLength(text),
      status: 'finished',
      rows_read: 4,
      loaded: 2,
      already_present: 1,
      conflicts: 0,
      rejected: 1,
      gaps_opened: 1,
      missing_opened: 2,
      recovered_late: 0,
    });
    expect(run.finished_at).toEqual(expect.any(String));
    expect(result.rejectsByReason).toEqual({ 'non-numeric sequential': 1 });
    expect(db.prepare('SELECT line, reason, raw FROM rejects').all()).toEqual([
      { line: 5, reason: "non-numeric sequential 'x'", raw: 'A,x,2024-01-02' },
    ]);
    db.close();
  });

  it('writes nothing in a dry run, and nothing of a --strict file with a bad row', async () => {
    const db = openDatabase(':memory:');
    const good = file('good.csv', 'store,secuencial,fecha\nA,1,2024-01-01\nA,3,2024-01-02\n');
    const dry = await loadFile(db, good, { dryRun: true });
    expect(dry.counts).toMatchObject({ loaded: 2, gapsOpened: 1 });
    for (const table of ['invoices', 'gaps', 'series', 'stores', 'runs', 'series_days']) expect(count(db, table), table).toBe(0);

    const bad = file('bad.csv', 'store,secuencial,fecha\nA,1,2024-01-01\nA,2,2024-02-30\nA,3,2024-01-02\n');
    await expect(loadFile(db, bad, { strict: true })).rejects.toThrow(InputError);
    for (const table of ['invoices', 'gaps', 'series', 'stores', 'series_days', 'rejects']) expect(count(db, table), table).toBe(0);
    expect(db.prepare('SELECT status, message FROM runs').get()).toEqual({
      status: 'failed',
      message: "bad.csv: line 3: impossible date '2024-02-30' (--strict: nothing of this file was loaded)".replace('bad.csv', bad),
    });
    db.close();
  });

  it('leaves the database as it was when a file fails half-way', async () => {
    const db = openDatabase(':memory:');
    await loadFile(db, file('first.csv', 'store,secuencial,fecha\nA,1,2024-01-01\nA,5,2024-01-05\n'), {});
    const before = { invoices: dates(db), gaps: db.prepare('SELECT * FROM gaps').all() };
    await expect(loadFile(db, file('nostore.csv', 'secuencial,fecha\n3,2024-01-03\n'), {})).rejects.toThrow(/no store identifiable/);
    await expect(loadFile(db, file('map.csv', 'store,secuencial,fecha\nA,3,2024-01-03\n'), { map: { date: 'Nope' } })).rejects.toThrow(
      /--map names no column/,
    );
    expect({ invoices: dates(db), gaps: db.prepare('SELECT * FROM gaps').all() }).toEqual(before);
    db.close();
  });

  it('names reason kinds without their values', () => {
    expect(reasonKind("impossible date '2024-02-30'")).toBe('impossible date');
    expect(reasonKind('sequential 1000000000 is over the SRI limit of 999,999,999')).toBe('sequential N is over the SRI limit of N');
  });
});
