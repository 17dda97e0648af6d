import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../helpers/random.js';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { scratch, smo, smoAsync, type Scratch } from '../helpers/cli.js';

/**
 * kill -9 at random moments of `ingest` and `run daily`, then a re-run that must be exact
 * (issue 14, SPEC §12): the counts, the missing set, no doubled row, no run left `running`,
 * no temporary file left, and the day's report files (rejects included) as a clean run writes them.
 * Inputs are made here, in a temporary directory.
 */

const ROWS = 20_000;
/** Numbers left out (gaps) and rows made bad (rejects) in every generated export. */
const isGap = (n: number) => n % 997 === 0;
const isBad = (n: number) => n % 4001 === 0;

function makeExport(path: string, store: string, date = '2024-03-01'): { loaded: number; gaps: number; rejected: number } {
  const lines = ['store,secuencial,fecha,total'];
  let loaded = 0;
  let gaps = 0;
  let rejected = 0;
  for (let n = 1; n <= ROWS; n++) {
    if (isGap(n)) {
      gaps++;
      continue;
    }
    if (isBad(n)) {
      rejected++;
      lines.push(`${store},${n},2024-02-30,1.00`);
      continue;
    }
    loaded++;
    lines.push(`${store},${n},${date},1.00`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  // A rejected row's number is missing too (it was never loaded), unless it sits at an end.
  return { loaded, gaps: gaps + rejected, rejected };
}

function query<T>(db: string, sql: string, ...params: unknown[]): T {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).get(...params) as T;
  } finally {
    d.close();
  }
}

/** Runs recorded as running (0 before the database exists). */
function runningRuns(db: string): number {
  try {
    return query<{ n: number }>(db, `SELECT count(*) AS n FROM runs WHERE status = 'running'`).n;
  } catch {
    return 0;
  }
}

const temporaries = (dir: string) => readdirSync(dir).filter((f) => /\.(tmp|new)$/.test(f));

const spaces: Scratch[] = [];
afterAll(() => {
  for (const s of spaces) s.cleanup();
});

describe('kill -9 of ingest at random moments', () => {
  it('a re-run loads exactly what a clean run loads, and the dead run is marked interrupted', async () => {
    const s = scratch('smo-gaps-kill-');
    spaces.push(s);
    const next = mulberry32(20261201);
    const rejects = join(s.dir, 'rejects.csv');
    let killed = 0;
    for (let i = 0; i < 10; i++) {
      const file = join(s.dir, `store-${i}.csv`);
      const store = `K-${i}`;
      const expected = makeExport(file, store);
      const { child, done } = smoAsync(['ingest', file, '--db', s.db, '--rejects', rejects, '--quiet']);
      const delay = 40 + Math.floor(next() * 1500);
      let timer: NodeJS.Timeout | undefined;
      if (i % 2 === 0) timer = setTimeout(() => child.kill('SIGKILL'), delay);
      else {
        // Every other kill waits for the load to be under way (a slow machine starts late).
        const poll = setInterval(() => {
          if (runningRuns(s.db) > 0) {
            clearInterval(poll);
            timer = setTimeout(() => child.kill('SIGKILL'), Math.floor(next() * 100));
          }
        }, 15);
        void done.then(() => clearInterval(poll));
      }
      const first = await done;
      clearTimeout(timer);
      if (first.signal === 'SIGKILL') killed++;
      else expect(first.code, first.stderr).toBe(0);

      const again = smo(['ingest', file, '--db', s.db, '--rejects', rejects, '--quiet']);
      expect(again.code, again.stderr).toBe(0);
      const counts = query<{ invoices: number; distinct: number; gaps: number }>(
        s.db,
        `SELECT count(*) AS invoices, count(DISTINCT i.seq) AS "distinct", (SELECT count(*) FROM gaps g WHERE g.series_id = se.id) AS gaps
         FROM invoices i JOIN series se ON se.id = i.series_id JOIN stores st ON st.id = se.store_id WHERE st.code = ?`,
        store,
      );
      expect(counts, `${store} after a kill at ${delay} ms`).toEqual({
        invoices: expected.loaded,
        distinct: expected.loaded,
        gaps: expected.gaps,
      });
      const running = query<{ n: number }>(s.db, `SELECT count(*) AS n FROM runs WHERE status = 'running'`);
      expect(running.n).toBe(0);
      // The last load holds the file's rejects; a killed one left none behind.
      const stored = query<{ n: number }>(
        s.db,
        `SELECT count(*) AS n FROM rejects WHERE run_id = (SELECT max(id) FROM runs WHERE file = ?)`,
        file,
      );
      const dead = query<{ n: number }>(
        s.db,
        `SELECT count(*) AS n FROM rejects j JOIN runs r ON r.id = j.run_id WHERE r.status <> 'finished'`,
      );
      expect(dead.n).toBe(0);
      expect(stored.n).toBe(expected.rejected);
      expect(temporaries(s.dir)).toEqual([]);
    }
    const interrupted = query<{ n: number }>(s.db, `SELECT count(*) AS n FROM runs WHERE status = 'interrupted'`);
    // Most kills land inside the load: those runs are marked, none stays running.
    expect(killed).toBeGreaterThan(3);
    expect(interrupted.n).toBeGreaterThan(0);
    expect(interrupted.n).toBeLessThanOrEqual(killed);
  }, 120_000);
});

describe('kill -9 of run daily at random moments', () => {
  it('the re-run writes the same report, missing numbers and rejects as a run that was never killed', async () => {
    const s = scratch('smo-gaps-killrun-');
    spaces.push(s);
    const template = join(s.dir, 'template');
    mkdirSync(join(template, 'inbox'), { recursive: true });
    for (let i = 0; i < 3; i++) makeExport(join(template, 'inbox', `l${i}.csv`), `L-${i}`);
    const RUN = ['run', 'daily', '--db', 'smo.db', '--inbox', 'inbox', '--out', 'out', '--settle', '0', '--quiet'];
    const env = { SMO_GAPS_TODAY: '2024-03-02' };
    const outputs = (dir: string) =>
      Object.fromEntries(
        ['report-2024-03-01.json', 'missing-2024-03-01.csv', 'rejects-2024-03-01.csv'].map((f) => [
          f,
          readFileSync(join(dir, 'out', f), 'utf8'),
        ]),
      );

    const clean = join(s.dir, 'clean');
    cpSync(template, clean, { recursive: true });
    const reference = smo(RUN, { cwd: clean, env });
    expect(reference.code, reference.stderr).toBe(0);
    const want = outputs(clean);
    expect(want['rejects-2024-03-01.csv'].split('\n').length).toBe(1 + 3 * Math.floor(ROWS / 4001) + 1);

    const next = mulberry32(1412);
    for (let i = 0; i < 6; i++) {
      const dir = join(s.dir, `try-${i}`);
      cpSync(template, dir, { recursive: true });
      const { child, done } = smoAsync(RUN, { cwd: dir, env });
      const delay = 100 + Math.floor(next() * 2500);
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      await done;
      clearTimeout(timer);
      const again = smo(RUN, { cwd: dir, env });
      expect(again.code, `kill at ${delay} ms: ${again.stderr}`).toBe(0);
      expect(outputs(dir), `kill at ${delay} ms`).toEqual(want);
      expect(readdirSync(join(dir, 'inbox'))).toEqual(['processed']);
      expect(readdirSync(join(dir, 'inbox', 'processed')).sort()).toEqual(['l0.csv', 'l1.csv', 'l2.csv']);
      expect(temporaries(join(dir, 'out'))).toEqual([]);
      expect(query<{ n: number }>(join(dir, 'smo.db'), `SELECT count(*) AS n FROM runs WHERE status = 'running'`).n).toBe(0);
      expect(query<{ n: number }>(join(dir, 'smo.db'), `SELECT count(*) AS n FROM invoices`).n).toBe(3 * makeCounts().loaded);
    }
  }, 150_000);
});

function makeCounts(): { loaded: number } {
  let loaded = 0;
  for (let n = 1; n <= ROWS; n++) if (!isGap(n) && !isBad(n)) loaded++;
  return { loaded };
}

describe('four processes on a new database', () => {
  it('all succeed and all their files load, round after round', async () => {
    const s = scratch('smo-gaps-four-');
    spaces.push(s);
    for (let round = 0; round < 5; round++) {
      const db = join(s.dir, `round-${round}`, 'new.db');
      const files = Array.from({ length: 4 }, (_, i) => {
        const file = join(s.dir, `r${round}-${i}.csv`);
        writeFileSync(file, `store,secuencial,fecha\nP-${i},1,2024-03-01\nP-${i},3,2024-03-01\n`);
        return file;
      });
      const results = await Promise.all(files.map((f) => smoAsync(['ingest', f, '--db', db, '--quiet']).done));
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      expect(query<{ n: number }>(db, `SELECT count(*) AS n FROM invoices`).n).toBe(8);
      expect(query<{ n: number }>(db, `SELECT count(*) AS n FROM runs WHERE status = 'finished'`).n).toBe(4);
    }
  }, 60_000);
});
