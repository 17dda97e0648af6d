import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DB } from '../../src/store/db.js';
import { loadFile } from '../../src/ingest/load-file.js';
import { logRows } from '../../src/store/reviews.js';
import { setReview, type ReviewInput } from '../../src/audit/reviews.js';
import { missingGaps } from '../../src/audit/missing.js';
import { buildReport } from '../../src/audit/report.js';

/** Reviews belong to numbers: a late arrival that splits a gap leaves the rest with theirs. */
let dir: string;
let db: DB;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'smo-reviews-'));
  db = openDatabase(':memory:');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function load(name: string, rows: [number, string][]): Promise<void> {
  const path = join(dir, name);
  writeFileSync(path, `local,secuencial,fecha\n${rows.map(([seq, date]) => `L-1,${seq},${date}`).join('\n')}\n`);
  await loadFile(db, path, {});
}

const MARCH = { from: 20240301, to: 20240331 };
const review = (from: number, to: number, status: ReviewInput['status'], comment = '', by = 'ana'): ReviewInput => ({
  store: 'L-1',
  docType: '01',
  series: '-',
  from,
  to,
  status,
  comment,
  by,
  source: 'test',
});

/** Every missing number of March with its review status, as the export lists them. */
function statuses(): Record<number, string> {
  const out: Record<number, string> = {};
  for (const g of missingGaps(db, MARCH)) for (const p of g.reviews) for (let n = p.from; n <= p.to; n++) out[n] = p.status;
  return out;
}

describe('reviews on numbers', () => {
  it('a review over part of a gap covers only those numbers; a late arrival inside leaves the rest reviewed', async () => {
    await load('a.csv', [
      [1, '2024-03-01'],
      [10, '2024-03-10'],
    ]); // gap 2..9
    setReview(db, review(3, 6, 'explained', 'talonario anulado'));
    expect(statuses()).toEqual({ 2: '', 3: 'explained', 4: 'explained', 5: 'explained', 6: 'explained', 7: '', 8: '', 9: '' });
    expect(buildReport(db, MARCH).totals).toMatchObject({ missing: 8, explained: 4 });

    await load('late.csv', [[4, '2024-03-04']]); // splits the gap into 2..3 and 5..9
    expect([...missingGaps(db, MARCH)].map((g) => [g.gap_from, g.gap_to])).toEqual([
      [2, 3],
      [5, 9],
    ]);
    expect(statuses()).toEqual({ 2: '', 3: 'explained', 5: 'explained', 6: 'explained', 7: '', 8: '', 9: '' });
    const report = buildReport(db, MARCH);
    expect(report.totals).toMatchObject({ missing: 7, explained: 3 });
    expect(report.stores[0]).toMatchObject({ missing: 7, unexplained: 4 });
  });

  it('a review over several gaps covers each, and the present numbers between them change nothing', async () => {
    await load('a.csv', [
      [1, '2024-03-01'],
      [4, '2024-03-04'],
      [8, '2024-03-08'],
    ]); // gaps 2..3 and 5..7
    setReview(db, review(2, 7, 'billed', 'renta facturada'));
    expect(statuses()).toEqual({ 2: 'billed', 3: 'billed', 5: 'billed', 6: 'billed', 7: 'billed' });
    expect(buildReport(db, MARCH).totals.explained).toBe(0);
  });

  it('overlapping reviews: the later wins where they overlap, and the log keeps both', async () => {
    await load('a.csv', [
      [1, '2024-03-01'],
      [10, '2024-03-10'],
    ]);
    setReview(db, review(2, 6, 'explained', 'first', 'ana'));
    setReview(db, review(5, 9, 'escalated', 'second', 'bob'));
    expect(statuses()).toEqual({
      2: 'explained',
      3: 'explained',
      4: 'explained',
      5: 'escalated',
      6: 'escalated',
      7: 'escalated',
      8: 'escalated',
      9: 'escalated',
    });
    const log = logRows(db).map((r) => [r.by, r.from, r.to, r.old_status, r.new_status, r.comment]);
    expect(log).toEqual([
      ['ana', 2, 6, null, 'explained', 'first'],
      ['bob', 5, 6, 'explained', 'escalated', 'second'],
      ['bob', 7, 9, null, 'escalated', 'second'],
    ]);
  });

  it('a review that changes nothing writes nothing; back to open is a change', async () => {
    await load('a.csv', [
      [1, '2024-03-01'],
      [5, '2024-03-05'],
    ]);
    expect(setReview(db, review(2, 4, 'explained', 'x')).changed).toBe(true);
    expect(setReview(db, review(2, 4, 'explained', 'x'))).toEqual({ changed: false, logged: 0 });
    expect(setReview(db, review(3, 3, 'open', 'reabierto')).logged).toBe(1);
    expect(statuses()).toEqual({ 2: 'explained', 3: 'open', 4: 'explained' });
    expect(logRows(db)).toHaveLength(2);
  });

  it('refuses an unknown series and numbers in the wrong order, writing nothing', async () => {
    await load('a.csv', [
      [1, '2024-03-01'],
      [5, '2024-03-05'],
    ]);
    expect(() => setReview(db, { ...review(2, 3, 'billed'), series: '001-001' })).toThrow(/no series L-1 \/ 01 \/ 001-001/);
    expect(() => setReview(db, review(4, 2, 'billed'))).toThrow(/from <= to/);
    expect(logRows(db)).toEqual([]);
  });

  it('the log cannot be edited or shortened', async () => {
    await load('a.csv', [
      [1, '2024-03-01'],
      [5, '2024-03-05'],
    ]);
    setReview(db, review(2, 3, 'billed'));
    expect(() => db.prepare(`UPDATE review_log SET new_status = 'open'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM review_log`).run()).toThrow(/append-only/);
  });
});
