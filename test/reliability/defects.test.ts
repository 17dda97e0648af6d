import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  closeSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BIN, scratchPerTest, smo, smoAsync } from '../helpers/cli.js';

/** Each defect of issue 14 as its own case: each failed before its fix. */

const current = scratchPerTest('smo-gaps-defect-');
const HEADER = 'store,secuencial,fecha';
const rowsOf = (store: string, from: number, to: number, date = '2024-03-01') =>
  Array.from({ length: to - from + 1 }, (_, i) => `${store},${from + i},${date}`);
const write = (path: string, lines: string[]) => writeFileSync(path, `${lines.join('\n')}\n`);
const old = (path: string) => utimesSync(path, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
const count = (db: string, sql: string, ...params: unknown[]) => {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    d.close();
  }
};
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('1. an unclosed quote never drops the rest of a file', () => {
  it('100,001 lines, a stray quote on line 4: the line is rejected and every other row loads, on both reading paths', () => {
    const { dir } = current();
    const file = join(dir, 'big.csv');
    const lines = [HEADER, ...rowsOf('Q', 1, 100_000)];
    lines[3] = 'Q,"3,2024-03-01';
    write(file, lines);
    for (const thread of ['0', '1']) {
      const db = join(dir, `t${thread}.db`);
      const result = smo(['ingest', file, '--db', db], { env: { SMO_GAPS_READ_THREAD: thread } });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/big\.csv: line 4: unreadable CSV: the quoted field opened on this line runs past 100 lines/);
      expect(count(db, 'SELECT count(*) AS n FROM invoices')).toBe(99_999);
    }
  }, 60_000);

  it('through run daily the file is loaded whole, and its rejects file names line 4', () => {
    const { dir, db } = current();
    mkdirSync(join(dir, 'inbox'));
    const lines = [HEADER, ...rowsOf('Q', 1, 30)];
    lines[3] = 'Q,"3,2024-03-01';
    write(join(dir, 'inbox', 'q.csv'), lines);
    const result = smo(['run', 'daily', '--db', db, '--inbox', 'inbox', '--out', 'out', '--settle', '0'], {
      cwd: dir,
      env: { SMO_GAPS_TODAY: '2024-03-02' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM invoices')).toBe(29);
    expect(readFileSync(join(dir, 'out', 'rejects-2024-03-01.csv'), 'utf8')).toMatch(/^inbox\/q.csv,4,unreadable CSV/m);
  });
});

describe('2. --output and --rejects never replace what is at the path', () => {
  it('writes through a symlink to its target, atomically, and keeps the link', () => {
    const { dir, db } = current();
    write(join(dir, 'a.csv'), [HEADER, 'L,1,2024-03-01', 'L,3,2024-03-01', 'L,x,2024-03-01']);
    const target = join(dir, 'real.csv');
    writeFileSync(target, 'old');
    symlinkSync(target, join(dir, 'link.csv'));
    const rejectsTarget = join(dir, 'rejects-real.csv');
    writeFileSync(rejectsTarget, 'old');
    symlinkSync(rejectsTarget, join(dir, 'rejects-link.csv'));
    expect(smo(['ingest', join(dir, 'a.csv'), '--db', db, '--rejects', join(dir, 'rejects-link.csv'), '--quiet']).code).toBe(0);
    expect(smo(['export', '--db', db, '--month', '2024-03', '--output', join(dir, 'link.csv')]).code).toBe(0);
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.csv'))).toBe(target);
    expect(readFileSync(target, 'utf8')).toMatch(/^store,doc_type,series,sequential/);
    expect(lstatSync(join(dir, 'rejects-link.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(rejectsTarget, 'utf8')).toMatch(/^file,line,reason,raw\n.*,4,non-numeric sequential 'x'/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes a FIFO directly: its reader gets the export, and the FIFO stays', () => {
    const { dir, db } = current();
    write(join(dir, 'a.csv'), [HEADER, 'L,1,2024-03-01', 'L,3,2024-03-01']);
    expect(smo(['ingest', join(dir, 'a.csv'), '--db', db, '--quiet']).code).toBe(0);
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawnSync('sh', ['-c', `cat "${fifo}" & node "${BIN}" export --db "${db}" --month 2024-03 --output "${fifo}"; wait`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC' },
      timeout: 30_000,
    });
    expect(reader.status, reader.stderr).toBe(0);
    expect(reader.stdout).toMatch(/^store,doc_type,series,sequential.*\nL,01,'-,2,/s);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('writes /dev/stdout directly, and says the disk is full on /dev/full, naming it', () => {
    const { dir, db } = current();
    write(join(dir, 'a.csv'), [HEADER, 'L,1,2024-03-01', 'L,3,2024-03-01']);
    expect(smo(['ingest', join(dir, 'a.csv'), '--db', db, '--quiet']).code).toBe(0);
    const out = smo(['export', '--db', db, '--month', '2024-03', '--output', '/dev/stdout']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^store,doc_type/);
    expect(lstatSync('/dev/stdout').isSymbolicLink() || lstatSync('/dev/stdout').isCharacterDevice()).toBe(true);
    if (existsSync('/dev/full')) {
      const full = smo(['export', '--db', db, '--month', '2024-03', '--output', '/dev/full']);
      expect(full.code).toBe(2);
      expect(full.stderr).toBe('smo-gaps: /dev/full: cannot write: the disk is full (ENOSPC)\n');
      expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
    }
  });
});

describe("3. run daily never loses a day's rejects", () => {
  it('a re-run after a crash (rejects file gone, a temporary left) writes it whole and removes the temporary', () => {
    const { dir, db } = current();
    mkdirSync(join(dir, 'inbox'));
    write(join(dir, 'inbox', 'a.csv'), [HEADER, 'L,1,2024-03-01', 'L,2,2024-02-30']);
    const RUN = ['run', 'daily', '--db', db, '--inbox', 'inbox', '--out', 'out', '--settle', '0'];
    const env = { SMO_GAPS_TODAY: '2024-03-02' };
    expect(smo(RUN, { cwd: dir, env }).code).toBe(0);
    const whole = readFileSync(join(dir, 'out', 'rejects-2024-03-01.csv'), 'utf8');
    // The crash: the file was loaded (and moved), its rejects CSV never made it; a temporary stayed.
    execFileSync('rm', [join(dir, 'out', 'rejects-2024-03-01.csv')]);
    const dead = join(dir, 'out', '.rejects-2024-03-01.csv.999999.new');
    writeFileSync(dead, 'half');
    const again = smo(RUN, { cwd: dir, env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/ clean file=out\/.rejects-2024-03-01.csv.999999.new reason="left by a run that died"/);
    expect(readFileSync(join(dir, 'out', 'rejects-2024-03-01.csv'), 'utf8')).toBe(whole);
    expect(whole).toBe(`file,line,reason,raw\ninbox/a.csv,3,impossible date '2024-02-30',"L,2,2024-02-30"\n`);
    expect(existsSync(dead)).toBe(false);
  });
});

describe('5. a mistyped --db does not pass a check', () => {
  it('every command but ingest and run refuses a database that does not exist (exit 2) and creates nothing', () => {
    const { dir } = current();
    const typo = join(dir, 'typo.db');
    for (const args of [['report', '--fail-on-gaps'], ['summary'], ['export'], ['status'], ['html', '--output', join(dir, 'x.html')]]) {
      const result = smo([...args, '--db', typo]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toBe(`smo-gaps: ${typo}: no such database (check --db or $SMO_GAPS_DB; ingest creates it)\n`);
    }
    expect(existsSync(typo)).toBe(false);
  });

  it('reads a read-only database file in a read-only directory', () => {
    const { dir } = current();
    if (process.getuid?.() !== 0 || spawnSync('setpriv', ['--version']).status !== 0) return; // needs another user
    const home = join(dir, 'ro');
    mkdirSync(home);
    write(join(home, 'a.csv'), [HEADER, 'L,1,2024-03-01', 'L,3,2024-03-01']);
    expect(smo(['ingest', join(home, 'a.csv'), '--db', join(home, 'x.db'), '--quiet']).code).toBe(0);
    chmodSync(join(home, 'x.db'), 0o444);
    chmodSync(home, 0o555);
    chmodSync(dir, 0o755);
    for (const args of [['report', '--month', '2024-03'], ['export', '--month', '2024-03'], ['status'], ['summary', '--from', '2024-03']]) {
      const result = spawnSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args, '--db', join(home, 'x.db')],
        {
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NO_COLOR: '1', SMO_GAPS_TODAY: '2024-04-01' },
        },
      );
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    chmodSync(home, 0o755);
  });
});

describe('6. export when SQLite fails while streaming', () => {
  it('one line, exit 3, no temporary file left', () => {
    const { dir, db } = current();
    const lines = [HEADER];
    for (let n = 1; n <= 40_000; n += 2) lines.push(`L,${n},2024-03-01`);
    write(join(dir, 'a.csv'), lines);
    expect(smo(['ingest', join(dir, 'a.csv'), '--db', db, '--quiet']).code).toBe(0);
    const d = new Database(db);
    d.pragma('wal_checkpoint(TRUNCATE)');
    const leaves = d.prepare(`SELECT pageno FROM dbstat WHERE name = 'gaps' AND pagetype = 'leaf' ORDER BY pageno`).all() as {
      pageno: number;
    }[];
    const size = d.pragma('page_size', { simple: true }) as number;
    d.close();
    // A damaged page well inside the gaps: the export has streamed rows when it meets it.
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(size, 0x5a), 0, size, (leaves[Math.floor(leaves.length * 0.8)].pageno - 1) * size);
    closeSync(fd);
    const out = join(dir, 'missing.csv');
    const result = smo(['export', '--db', db, '--month', '2024-03', '--output', out]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('smo-gaps: unexpected error: database disk image is malformed (run again with --debug for details)\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});

describe('7. control characters in data are shown escaped', () => {
  it('in report, status, reject messages, CSV and the run daily log', () => {
    const { dir, db } = current();
    const evil = 'L\u001b]0;owned\u0007\u001b[2J';
    mkdirSync(join(dir, 'inbox'));
    write(join(dir, 'inbox', 'a.csv'), [HEADER, `${evil},1,2024-03-01`, `${evil},3,2024-03-01`, `L,\u001b[31m4,2024-03-01`]);
    const env = { SMO_GAPS_TODAY: '2024-03-02' };
    const run = smo(['run', 'daily', '--db', db, '--inbox', 'inbox', '--out', 'out', '--settle', '0'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    const ingest = smo(['ingest', '-', '--db', db, '--rejects', join(dir, 'r.csv')], {
      input: `${HEADER}\nL,\u001b[31mX,2024-03-01\n`,
      env,
    });
    expect(ingest.stderr).toMatch(/\(stdin\): line 2: non-numeric sequential '\\u001b\[31mX'/);
    for (const args of [
      ['report'],
      ['report', '--format', 'json'],
      ['report', '--format', 'csv'],
      ['status'],
      ['export'],
      ['summary', '--from', '2024-03', '--to', '2024-03'],
    ]) {
      const result = smo([...args, '--db', db], { env });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stdout + result.stderr, args.join(' ')).not.toMatch(
        RAW_CONTROL.source.includes('\\u000a') ? RAW_CONTROL : /[\u001b\u0007\u009b]/,
      );
    }
    expect(smo(['report', '--db', db], { env }).stdout).toContain('L\\u001b]0;owned\\u0007\\u001b[2J');
    for (const f of readdirSync(join(dir, 'out'))) expect(readFileSync(join(dir, 'out', f), 'utf8'), f).not.toMatch(/[\u001b\u0007]/);
    expect(ingest.stdout + readFileSync(join(dir, 'r.csv'), 'utf8')).not.toMatch(/[\u001b\u0007]/);
  });
});

describe('8 and 9. the inbox takes regular files that have settled', () => {
  it('skips symlinks, FIFOs, dotfiles, *.part/*.tmp with a log line, and leaves a file modified less than --settle ago', () => {
    const { dir, db } = current();
    const inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    write(join(dir, 'outside.csv'), [HEADER, 'X,1,2024-03-01']);
    symlinkSync(join(dir, 'outside.csv'), join(inbox, 'link.csv'));
    symlinkSync('/etc/passwd', join(inbox, 'passwd.csv'));
    execFileSync('mkfifo', [join(inbox, 'pipe.csv')]);
    for (const name of ['.hidden.csv', 'up.csv.part', 'up.csv.tmp', 'ready.csv', 'fresh.csv'])
      write(join(inbox, name), [HEADER, 'R,1,2024-03-01']);
    writeFileSync(join(inbox, 'fresh.csv'), `${HEADER}\nF,1,2024-03-01\n`);
    for (const name of ['.hidden.csv', 'up.csv.part', 'up.csv.tmp', 'ready.csv']) old(join(inbox, name));
    const result = smo(['run', 'daily', '--db', db, '--inbox', 'inbox', '--out', 'out'], {
      cwd: dir,
      env: { SMO_GAPS_TODAY: '2024-03-02' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/ skip level=warn file=inbox\/link.csv reason="a symlink; only regular files are loaded"/);
    expect(result.stderr).toMatch(/ skip level=warn file=inbox\/passwd.csv reason="a symlink; /);
    expect(result.stderr).toMatch(/ skip level=warn file=inbox\/pipe.csv reason="not a regular file; /);
    expect(result.stderr).toMatch(/ skip file=inbox\/.hidden.csv reason="a hidden or partial upload name/);
    expect(result.stderr).toMatch(/ skip file=inbox\/up.csv.part /);
    expect(result.stderr).toMatch(/ skip file=inbox\/fresh.csv reason="modified \d+ s ago; left for the next run \(--settle 60\)"/);
    expect(result.stderr).not.toMatch(/root:/);
    expect(result.stderr).toMatch(/ scan inbox=inbox files=1\n/);
    expect(readdirSync(inbox).sort()).toEqual([
      '.hidden.csv',
      'fresh.csv',
      'link.csv',
      'passwd.csv',
      'pipe.csv',
      'processed',
      'up.csv.part',
      'up.csv.tmp',
    ]);
    expect(readdirSync(join(inbox, 'processed'))).toEqual(['ready.csv']);
    expect(existsSync(join(dir, 'outside.csv'))).toBe(true);
    expect(count(db, `SELECT count(*) AS n FROM stores WHERE code IN ('X', 'F')`)).toBe(0);
  });
});

describe('10. memory does not grow with line length', () => {
  it('a 200 MB line from standard input is rejected and read past within the memory bound; /dev/zero is refused at once', async () => {
    const { db } = current();
    const time = spawnSync('/usr/bin/time', ['-f', '%M', 'true']);
    const measure = time.status === 0;
    const script = `(printf '${HEADER}\\nL,1,2024-03-01\\nL,'; head -c 200000000 /dev/zero | tr '\\000' 7; printf ',2024-03-01\\nL,3,2024-03-01\\n') | ${measure ? '/usr/bin/time -f "%M KB"' : ''} "${process.execPath}" "${BIN}" ingest - --db "${db}"`;
    const result = spawnSync('sh', ['-c', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC' },
      timeout: 120_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/\(stdin\): line 3: line over 1 MB \(190\.7 MB\), not read/);
    expect(count(db, 'SELECT count(*) AS n FROM invoices')).toBe(2);
    if (measure) expect(Number(/(\d+) KB/.exec(result.stderr)![1])).toBeLessThan(300 * 1024);
    const zero = await smoAsync(['ingest', '/dev/zero', '--db', db]).done;
    expect(zero.code).toBe(2);
    expect(zero.stderr).toBe('smo-gaps: /dev/zero: not a text file: a NUL byte at byte 1\n');
  }, 150_000);
});

describe('10b. memory does not grow with rejected lines kept', () => {
  it('120 rejected lines of 900 KB load within the memory bound; each reject keeps its line start and length', () => {
    const { dir, db } = current();
    const file = join(dir, 'long-rejects.csv');
    const long = '7'.repeat(900_000);
    const lines = [HEADER];
    for (let i = 1; i <= 120; i++) lines.push(`L,${i},2024-03-01`, `L,${long},2024-03-01`);
    write(file, lines);
    const time = spawnSync('/usr/bin/time', ['-f', '%M', 'true']);
    const measure = time.status === 0;
    const args = [BIN, 'ingest', file, '--db', db, '--quiet'];
    const result = measure
      ? spawnSync('/usr/bin/time', ['-f', '%M KB', process.execPath, ...args], { encoding: 'utf8', timeout: 120_000 })
      : spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM invoices')).toBe(120);
    const raw = new Database(db, { readonly: true });
    const rejects = raw.prepare('SELECT line, reason, raw FROM rejects ORDER BY line').all() as {
      line: number;
      reason: string;
      raw: string;
    }[];
    raw.close();
    expect(rejects).toHaveLength(120);
    expect(rejects[0].line).toBe(3);
    expect(rejects[0].raw).toBe(`L,${long.slice(0, 64 * 1024 - 2)}… (900,013 characters in all)`);
    expect(rejects.every((r) => r.reason.length < 1100)).toBe(true);
    if (measure) expect(Number(/(\d+) KB/.exec(result.stderr)![1])).toBeLessThan(300 * 1024);
  }, 150_000);
});

describe('11. a dead run does not stay running; a failed load records nothing as loaded', () => {
  it('the next writer marks a killed ingest interrupted', async () => {
    const { dir, db } = current();
    write(join(dir, 'big.csv'), [HEADER, ...rowsOf('B', 1, 200_000)]);
    write(join(dir, 'small.csv'), [HEADER, 'S,1,2024-03-01']);
    const { child, done } = smoAsync(['ingest', join(dir, 'big.csv'), '--db', db, '--quiet']);
    // Killed once its run is recorded, inside the load.
    const recorded = () => {
      try {
        return count(db, `SELECT count(*) AS n FROM runs WHERE status = 'running'`) > 0;
      } catch {
        return false; // not made yet
      }
    };
    for (let i = 0; i < 400 && !recorded(); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    await done;
    expect(count(db, `SELECT count(*) AS n FROM runs WHERE status = 'running'`)).toBe(1);
    expect(smo(['ingest', join(dir, 'small.csv'), '--db', db, '--quiet']).code).toBe(0);
    expect(count(db, `SELECT count(*) AS n FROM runs WHERE status = 'running'`)).toBe(0);
    expect(count(db, `SELECT count(*) AS n FROM runs WHERE status = 'interrupted' AND loaded = 0`)).toBe(1);
    expect(count(db, `SELECT count(*) AS n FROM invoices`)).toBe(1);
  }, 60_000);
});
