import { describe, expect, it, afterEach } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BIN, FIXTURES, scratch, smo, type CliResult } from '../helpers/cli.js';

const OPS = join(FIXTURES, 'ops');
const DB = 'db/smo.db';
const RUN = ['run', 'daily', '--db', DB, '--inbox', 'inbox', '--out', 'reports'];

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function workspace(): string {
  const s = scratch('smo-gaps-run-');
  cleanups.push(s.cleanup);
  mkdirSync(join(s.dir, 'inbox'));
  return s.dir;
}

function deliver(dir: string, day: string): void {
  for (const name of readdirSync(join(OPS, day))) copyFileSync(join(OPS, day, name), join(dir, 'inbox', name));
}

function daily(dir: string, today: string, extra: string[] = []): CliResult {
  return smo([...RUN, ...extra], { cwd: dir, env: { SMO_GAPS_TODAY: today } });
}

function query<T>(dir: string, sql: string): T[] {
  const db = new Database(join(dir, DB), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

/** Runs the binary without waiting, so that two runs can overlap. */
function start(args: string[], cwd: string, env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('run daily over three simulated days', () => {
  it('ingests each day, fills the gap with the late file, skips a renamed copy, writes dated reports', () => {
    const dir = workspace();

    deliver(dir, 'day1');
    const one = daily(dir, '2024-03-02');
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toBe('');
    expect(one.stderr).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ start run=daily period=2024-03-01 today=2024-03-02 /m);
    expect(one.stderr).toMatch(
      / ingest file=inbox\/l101-2024-03-01.csv sha256=[0-9a-f]{12} rows=4 loaded=4 void=1 .* gaps_opened=1 missing_opened=1/,
    );
    expect(one.stderr).toMatch(/ report period=2024-03-01 stores=3 series=3 invoices=10 missing=1 gaps=1 /);
    expect(one.stderr).toMatch(/ done exit=0 files=3 loaded_files=3 known_files=0 failed_files=0 /);
    expect(readdirSync(join(dir, 'reports')).sort()).toEqual([
      'findings-2024-03-01.csv',
      'missing-2024-03-01.csv',
      'report-2024-03-01.json',
      'report-2024-03-01.txt',
    ]);
    expect(readdirSync(join(dir, 'inbox'))).toEqual(['processed']);

    deliver(dir, 'day2');
    const two = daily(dir, '2024-03-03');
    expect(two.code, two.stderr).toBe(0);
    expect(two.stderr).toMatch(/ rejects level=warn file=inbox\/l102-2024-03-02.csv rejected=1 reasons="impossible date: 1"/);
    expect(two.stderr).toMatch(/ late level=warn day=2024-03-02 stores=1 codes=L-103\n/);
    expect(read(dir, 'reports/rejects-2024-03-02.csv')).toBe(read(OPS, 'expected/rejects-2024-03-02.csv'));
    expect(JSON.parse(read(dir, 'reports/report-2024-03-02.json')).totals.missing).toBe(1);

    deliver(dir, 'day3');
    const three = daily(dir, '2024-03-04', ['--fail-on-gaps']);
    expect(three.code, three.stderr).toBe(1);
    expect(three.stderr).toMatch(
      / skip file=inbox\/l101-resent-copy.csv sha256=[0-9a-f]{12} reason="content already loaded" run=1 as=inbox\/l101-2024-03-01.csv/,
    );
    expect(three.stderr).toMatch(/ ingest file=inbox\/l102-2024-03-02-late.csv .* recovered_late=1 /);
    expect(three.stderr).toMatch(/ done level=warn exit=1 files=4 loaded_files=3 known_files=1 /);
    expect(three.stderr).toMatch(/smo-gaps: 1 missing number in 2024-03-03\n$/);
    for (const name of ['missing-2024-03-03.csv', 'report-2024-03-03.json', 'report-2024-03-03.txt']) {
      if (process.env.UPDATE_EXPECTED === '1') writeFileSync(join(OPS, 'expected', name), read(dir, `reports/${name}`));
      expect(read(dir, `reports/${name}`), name).toBe(read(OPS, `expected/${name}`));
    }
    expect(readdirSync(join(dir, 'inbox', 'processed')).length).toBe(9);

    // Day 2 again, after the late file: the report says what is known now.
    const again = daily(dir, '2024-03-03');
    expect(again.code).toBe(0);
    const day2 = JSON.parse(read(dir, 'reports/report-2024-03-02.json'));
    expect(day2.totals).toMatchObject({ missing: 0, recovered_late: 1 });
    expect(read(dir, 'reports/missing-2024-03-02.csv').trim().split('\n')).toHaveLength(1);

    // Every content loaded once: 8 distinct files, one finished run each.
    const runs = query<{ sha256: string; n: number }>(
      dir,
      `SELECT sha256, count(*) AS n FROM runs WHERE status = 'finished' GROUP BY sha256`,
    );
    expect(runs).toHaveLength(8);
    expect(runs.every((r) => r.n === 1)).toBe(true);
  });

  it("--html also writes the day's dashboard, in the language asked for", () => {
    const dir = workspace();
    deliver(dir, 'day1');
    const result = daily(dir, '2024-03-02', ['--html', '--lang', 'es']);
    expect(result.code, result.stderr).toBe(0);
    const page = read(dir, 'reports/report-2024-03-01.html');
    expect(page).toMatch(/^<!doctype html>/i);
    expect(page).toContain('<html lang="es-EC">');
    const json = JSON.parse(read(dir, 'reports/report-2024-03-01.json'));
    for (const store of json.stores) expect(page).toContain(store.store);
    expect(result.stderr).toMatch(/write file=reports\/report-2024-03-01\.html bytes=\d+/);
  });

  it("applies the import presets to the inbox's files, as ingest does", () => {
    const dir = workspace();
    const preset = join(FIXTURES, 'formats', 'config-preset');
    const file = 'notas_credito_napoli_2024-08.csv';
    copyFileSync(join(preset, file), join(dir, 'inbox', file));
    copyFileSync(join(preset, 'smo-gaps.config.json'), join(dir, 'presets.json'));
    const result = daily(dir, '2024-08-06', ['--config', 'presets.json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/ingest file=inbox\/notas_credito_napoli_2024-08\.csv .*loaded=3 .*presets=notas_credito_napoli_\*\.csv/);
    // The export of the day the preset's file reveals its gap: the same as ingest's, committed beside the fixture.
    expect(read(dir, 'reports/missing-2024-08-05.csv')).toBe(readFileSync(join(preset, 'expected-export.csv'), 'utf8'));
  });

  it('a re-run of the same day changes nothing', () => {
    const dir = workspace();
    deliver(dir, 'day1');
    expect(daily(dir, '2024-03-02').code).toBe(0);
    const files = () => Object.fromEntries(readdirSync(join(dir, 'reports')).map((f) => [f, read(dir, `reports/${f}`)]));
    const before = files();
    const state = () =>
      query(
        dir,
        `SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM gaps) AS gaps`,
      );
    const stateBefore = state();

    const rerun = daily(dir, '2024-03-02');
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toMatch(/ scan inbox=inbox files=0\n/);
    expect(rerun.stderr).not.toMatch(/ ingest /);
    expect(files()).toEqual(before);
    expect(state()).toEqual(stateBefore);

    // The same files delivered again (left in place with --keep): skipped by content.
    deliver(dir, 'day1');
    const resent = daily(dir, '2024-03-02', ['--keep']);
    expect(resent.code).toBe(0);
    expect(resent.stderr.match(/ skip /g)).toHaveLength(3);
    expect(readdirSync(join(dir, 'inbox')).sort()).toEqual([
      'l101-2024-03-01.csv',
      'l102-2024-03-01.csv',
      'l103-2024-03-01.csv',
      'processed',
    ]);
    expect(files()).toEqual(before);
    expect(state()).toEqual(stateBefore);
  });

  it('a changed file under an old name is new, and is kept apart in processed/', () => {
    const dir = workspace();
    deliver(dir, 'day1');
    expect(daily(dir, '2024-03-02').code).toBe(0);
    writeFileSync(
      join(dir, 'inbox', 'l101-2024-03-01.csv'),
      'store,invoice_number,date,amount,status\nL-101,001-001-000000003,2024-03-01,1.00,AUTORIZADO\n',
    );
    const result = daily(dir, '2024-03-02');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/ ingest file=inbox\/l101-2024-03-01.csv .* loaded=1 .* recovered_late=1 /);
    expect(result.stderr).toMatch(/ move file=inbox\/l101-2024-03-01.csv to=inbox\/processed\/l101-2024-03-01\.[0-9a-f]{12}\.csv\n/);
    expect(JSON.parse(read(dir, 'reports/report-2024-03-01.json')).totals.missing).toBe(0);
  });

  it('a file that cannot be loaded stays in the inbox and the run exits 2 after writing the report', () => {
    const dir = workspace();
    deliver(dir, 'day1');
    writeFileSync(join(dir, 'inbox', 'broken.csv'), 'col_a,col_b\n1,2\n');
    writeFileSync(join(dir, 'inbox', '.uploading.csv'), 'still being written');
    writeFileSync(join(dir, 'inbox', 'l104.csv.part'), 'still being written');
    const result = daily(dir, '2024-03-02', ['--fail-on-gaps']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ ingest level=error file=inbox\/broken.csv error=".*no sequential column.*" action="left in the inbox"/);
    expect(result.stderr).toMatch(/smo-gaps: 1 file could not be loaded and stays in the inbox: inbox\/broken.csv\n$/);
    expect(readdirSync(join(dir, 'inbox')).sort()).toEqual(['.uploading.csv', 'broken.csv', 'l104.csv.part', 'processed']);
    expect(existsSync(join(dir, 'reports', 'report-2024-03-01.json'))).toBe(true);
  });
  it("a second run of the same day appends its rejects to the day's rejects file", () => {
    const dir = workspace();
    const header = 'store,invoice_number,date\n';
    writeFileSync(join(dir, 'inbox', 'a.csv'), `${header}L-1,001-001-000000001,2024-03-01\nL-1,001-001-000000002,2024-02-30\n`);
    expect(daily(dir, '2024-03-02').code).toBe(0);
    writeFileSync(join(dir, 'inbox', 'b.csv'), `${header}L-1,001-001-000000003,2024-03-01\nL-1,xx,2024-03-01\n`);
    const second = daily(dir, '2024-03-02');
    expect(second.stderr).toMatch(/ write file=reports\/rejects-2024-03-01.csv rows=1 appended=true\n/);
    expect(read(dir, 'reports/rejects-2024-03-01.csv')).toBe(
      'file,line,reason,raw\n' +
        `inbox/a.csv,3,impossible date '2024-02-30',"L-1,001-001-000000002,2024-02-30"\n` +
        `inbox/b.csv,3,non-numeric sequential 'xx',"L-1,xx,2024-03-01"\n`,
    );
    expect(readdirSync(join(dir, 'reports')).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('run daily: logs', () => {
  it('--log-format json writes one object per line', () => {
    const dir = workspace();
    deliver(dir, 'day1');
    const result = daily(dir, '2024-03-02', ['--log-format', 'json']);
    expect(result.code).toBe(0);
    const lines = result.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ step: 'start', run: 'daily', period: '2024-03-01' });
    expect(lines.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(l.time))).toBe(true);
    expect(lines.find((l) => l.step === 'ingest' && l.file === 'inbox/l101-2024-03-01.csv')).toMatchObject({
      rows: 4,
      loaded: 4,
      gaps_opened: 1,
    });
    expect(lines.at(-1)).toMatchObject({ step: 'done', exit: 0, missing: 1 });
  });

  it('--quiet logs only warnings and errors; no colour or control characters', () => {
    const dir = workspace();
    deliver(dir, 'day1');
    expect(daily(dir, '2024-03-02', ['--quiet']).stderr).toBe('');
    deliver(dir, 'day2');
    const result = daily(dir, '2024-03-03', ['--quiet']);
    expect(
      result.stderr
        .trim()
        .split('\n')
        .map((l) => l.split(' ')[1]),
    ).toEqual(['rejects', 'late']);
    expect(result.stderr).not.toMatch(/[\u001b\r]/);
  });
});

describe('run monthly', () => {
  it('reports the previous month with month-dated names', () => {
    const dir = workspace();
    for (const day of ['day1', 'day2', 'day3']) deliver(dir, day);
    const result = smo(['run', 'monthly', '--db', DB, '--inbox', 'inbox', '--out', 'reports', '--fail-on-gaps'], {
      cwd: dir,
      env: { SMO_GAPS_TODAY: '2024-04-01' },
    });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/ start run=monthly period="2024-03-01 to 2024-03-31" /);
    expect(readdirSync(join(dir, 'reports')).sort()).toEqual([
      'findings-2024-03.csv',
      'missing-2024-03.csv',
      'money-2024-03.csv',
      'money-2024-03.json',
      'rejects-2024-03.csv',
      'report-2024-03.json',
      'report-2024-03.txt',
    ]);
    expect(read(dir, 'reports/missing-2024-03.csv')).toBe(read(OPS, 'expected/missing-all.csv'));
    expect(JSON.parse(read(dir, 'reports/report-2024-03.json')).totals).toMatchObject({ missing: 2, recovered_late: 1, invoices: 20 });
  });
});

describe('overlapping runs', () => {
  it('two run daily started together on one database lose and double nothing', async () => {
    const dir = workspace();
    for (const day of ['day1', 'day2', 'day3']) deliver(dir, day);
    const env = { SMO_GAPS_TODAY: '2024-03-04' };
    const [a, b] = await Promise.all([start(RUN, dir, env), start(RUN, dir, env)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const ingested = [a, b].flatMap((r) => r.stderr.match(/ ingest file=\S+/g) ?? []).sort();
    // The lock serialises them: whichever runs second finds the inbox already emptied.
    expect([a, b].map((r) => /scan inbox=inbox files=(\d+)/.exec(r.stderr)![1]).sort()).toEqual(['0', '9']);
    expect(ingested).toHaveLength(8);
    expect(new Set(ingested).size).toBe(8);
    expect(readdirSync(join(dir, 'inbox', 'processed'))).toHaveLength(9);
    const runs = query<{ n: number; shas: number }>(dir, `SELECT count(*) AS n, count(DISTINCT sha256) AS shas FROM runs`);
    expect(runs[0]).toEqual({ n: 8, shas: 8 });
    expect(query(dir, `SELECT count(*) AS n FROM invoices`)).toEqual([{ n: 20 }]);
    expect(read(dir, 'reports/missing-2024-03-03.csv')).toBe(read(OPS, 'expected/missing-2024-03-03.csv'));
  });

  it('with --keep the second run finds every file already loaded', async () => {
    const dir = workspace();
    for (const day of ['day1', 'day2', 'day3']) deliver(dir, day);
    const env = { SMO_GAPS_TODAY: '2024-03-04' };
    const results = await Promise.all([start([...RUN, '--keep'], dir, env), start([...RUN, '--keep'], dir, env)]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const skips = results.map((r) => (r.stderr.match(/ skip /g) ?? []).length).sort();
    // The first run skips only the renamed copy; the second skips all nine files.
    expect(skips).toEqual([1, 9]);
    expect(query(dir, `SELECT count(*) AS n FROM runs`)).toEqual([{ n: 8 }]);
  });

  it('stops with exit 2 when told not to wait, and recovers the lock of a run that died', async () => {
    const dir = workspace();
    deliver(dir, 'day1');
    mkdirSync(join(dir, 'db'));
    const lockModule = new URL('../../dist/store/run-lock.js', import.meta.url).href;
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { acquireRunLock } from '${lockModule}';
        acquireRunLock('${DB}', { waitMs: 0, command: 'run daily' }); console.log('held'); setInterval(() => {}, 1000);`,
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    try {
      const busy = daily(dir, '2024-03-02', ['--wait', '0']);
      expect(busy.code).toBe(2);
      expect(busy.stderr).toMatch(/ wait level=warn reason="another run holds the database" pid=\d+ /);
      expect(busy.stderr).toMatch(
        new RegExp(
          `smo-gaps: another smo-gaps run is using db/smo.db \\(pid ${holder.pid} on .*run daily.*\\); stopped without waiting \\(--wait 0\\); nothing was changed\\n$`,
        ),
      );
      expect(readdirSync(join(dir, 'inbox')).sort()).toEqual(['l101-2024-03-01.csv', 'l102-2024-03-01.csv', 'l103-2024-03-01.csv']);

      const waited = daily(dir, '2024-03-02', ['--wait', '1']);
      expect(waited.code).toBe(2);
      expect(waited.stderr).toMatch(/stopped after waiting 1 s/);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    // The holder died without releasing anything: the lock file stays, the lock does not.
    expect(existsSync(join(dir, 'db', 'smo.db.run-lock'))).toBe(true);
    const after = daily(dir, '2024-03-02', ['--wait', '0']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).toMatch(/ done exit=0 files=3 loaded_files=3 /);
  });
});
