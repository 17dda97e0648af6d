import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, FIXTURES, scratch } from '../helpers/cli.js';

/**
 * docs/operations.md's crontab, run as written: its environment lines and its commands,
 * with /srv/smo-gaps replaced by a scratch directory and the schedule left to the test.
 */
const DOC = readFileSync(fileURLToPath(new URL('../../docs/operations.md', import.meta.url)), 'utf8');

function block(language: string): string[] {
  const match = new RegExp('```' + language + '\\n([^]*?)```').exec(DOC);
  if (!match) throw new Error(`docs/operations.md has no ${language} block`);
  return match[1].split('\n').filter((line) => line.trim() !== '');
}

describe('docs/operations.md', () => {
  it('the crontab example works as written against a scratch directory', () => {
    const s = scratch('smo-gaps-cron-');
    try {
      const home = join(s.dir, 'srv');
      const here = (text: string) => text.replaceAll('/srv/smo-gaps', home);
      // `smo-gaps` on the PATH, as after npm install -g.
      const bin = join(s.dir, 'bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'smo-gaps'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
      chmodSync(join(bin, 'smo-gaps'), 0o755);

      const setup = block('sh').find((line) => line.startsWith('mkdir'))!;
      expect(spawnSync('sh', ['-c', here(setup)]).status).toBe(0);

      const lines = block('crontab').filter((line) => !line.startsWith('#'));
      const env: Record<string, string> = {};
      for (const line of lines.filter((l) => /^[A-Z_]+=/.test(l))) {
        const [key, ...value] = line.split('=');
        env[key] = value.join('=');
      }
      env.PATH = `${bin}:${env.PATH}`;
      const jobs = lines.filter((l) => /^[\d*]/.test(l)).map((l) => here(l.split(/\s+/).slice(5).join(' ')));
      expect(jobs).toHaveLength(2);
      const [daily, monthly] = jobs;
      const cron = (command: string, today: string) =>
        spawnSync('sh', ['-c', command], { env: { ...env, SMO_GAPS_TODAY: today }, encoding: 'utf8' });

      const deliver = (day: string) => {
        for (const name of readdirSync(join(FIXTURES, 'ops', day)))
          copyFileSync(join(FIXTURES, 'ops', day, name), join(home, 'inbox', name));
      };

      deliver('day1');
      const one = cron(daily, '2024-03-02');
      expect(one.status).toBe(0);
      expect(one.stdout + one.stderr).toBe(''); // nothing for cron to mail
      expect(readdirSync(join(home, 'reports')).sort()).toEqual([
        'findings-2024-03-01.csv',
        'missing-2024-03-01.csv',
        'report-2024-03-01.json',
        'report-2024-03-01.txt',
      ]);
      const log = readFileSync(join(home, 'logs', 'smo-gaps.log'), 'utf8');
      expect(log).toMatch(/ start run=daily period=2024-03-01 today=2024-03-02 db=data\/smo-gaps.db inbox=inbox out=reports\n/);
      expect(log).toMatch(/ done exit=0 files=3 loaded_files=3 /);
      expect(existsSync(join(home, 'data', 'smo-gaps.db'))).toBe(true);

      // A file that cannot be loaded: the run fails, and the end of the log is printed for the mail.
      deliver('day2');
      writeFileSync(join(home, 'inbox', 'broken.csv'), 'a,b\n1,2\n');
      const two = cron(daily, '2024-03-03');
      expect(two.stdout).toMatch(/ ingest level=error file=inbox\/broken.csv /);
      expect(two.stdout).toMatch(/smo-gaps: 1 file could not be loaded and stays in the inbox: inbox\/broken.csv\n$/);

      // A person moves the broken file away; the monthly run on the 1st has nothing to mail.
      copyFileSync(join(home, 'inbox', 'broken.csv'), join(s.dir, 'broken.csv'));
      rmSync(join(home, 'inbox', 'broken.csv'));
      deliver('day3');
      const month = cron(monthly, '2024-04-01');
      expect(month.stdout + month.stderr).toBe('');
      expect(readdirSync(join(home, 'reports'))).toEqual(
        expect.arrayContaining(['report-2024-03.txt', 'report-2024-03.json', 'missing-2024-03.csv']),
      );
      expect(readFileSync(join(home, 'reports', 'missing-2024-03.csv'), 'utf8')).toBe(
        readFileSync(join(FIXTURES, 'ops', 'expected', 'missing-all.csv'), 'utf8'),
      );
    } finally {
      s.cleanup();
    }
  });
});
