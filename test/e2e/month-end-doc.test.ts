import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, FIXTURES, scratch } from '../helpers/cli.js';

/**
 * The README's "auditor's month end", run as written: each command line of its sh block, in a
 * scratch directory where fixtures/ is the repository's, with `smo-gaps` on the PATH.
 */
const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

function monthEndLines(): string[] {
  const section = README.slice(README.indexOf("## The auditor's month end"));
  const match = /```sh\n([^]*?)```/.exec(section);
  if (!match) throw new Error("README: no sh block in the auditor's month end");
  return match[1].split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

describe("README: the auditor's month end", () => {
  it('runs as written on the demo data', () => {
    const s = scratch('smo-gaps-month-end-');
    try {
      const bin = join(s.dir, 'bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'smo-gaps'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
      chmodSync(join(bin, 'smo-gaps'), 0o755);
      const work = join(s.dir, 'clone');
      mkdirSync(work);
      symlinkSync(FIXTURES, join(work, 'fixtures'));

      const lines = monthEndLines();
      expect(lines.length).toBeGreaterThan(8);
      // One shell, as a person types them; each command's output is marked so it can be checked.
      const script = ['set -e', ...lines.flatMap((line, i) => [`echo "@@ ${i}" >&2`, `echo "@@ ${i}"`, line])].join('\n');
      const r = spawnSync('sh', ['-c', script], {
        cwd: work,
        encoding: 'utf8',
        env: { PATH: `${bin}:${process.env.PATH ?? ''}`, TZ: 'UTC', NO_COLOR: '1', USER: 'auditora' },
      });
      expect(r.status, r.stderr).toBe(0);
      const out = (command: string) => {
        const i = lines.findIndex((l) => l === command || l.startsWith(`smo-gaps ${command}`));
        expect(i, command).toBeGreaterThanOrEqual(0);
        const part = (text: string) => text.split(`@@ ${i}\n`)[1]?.split(/@@ \d+\n/)[0] ?? '';
        return { stdout: part(r.stdout), stderr: part(r.stderr) };
      };

      expect(out('review import').stderr).toBe(
        'fixtures/demo/revisado-2024-03.csv: 29 rows, 3 reviews changed (3 log rows), 0 unchanged, 21 left blank\n',
      );
      expect(out('review log').stdout).toMatch(/│ 2696\.\.2701 │ —\s+│ explained │ Talonario de papel anulado, acta nº 12/);
      const diff = out('snapshots diff 1').stdout;
      expect(diff).toMatch(/^Recovered since \(missing then, present now\): 13 numbers$/m);
      expect(diff).toMatch(/^Newly missing \(not missing then\): 0 numbers$/m);
      expect(diff).toMatch(/│ Missing\s+│\s+29 │\s+16 │\s+−13 │/);
      expect(diff).toMatch(/│ Explained\s+│\s+0 │\s+6 │\s+\+6 │/);
      expect(out('smo-gaps report --month 2024-03 --save').stdout).toMatch(/ · explained 6\n/);
      expect(out('evidence verify').stdout).toMatch(/^ok {2}trail\.csv$/m);
      const pack = join(work, 'month-end', 'pack-2024-03');
      expect(readdirSync(pack).sort()).toEqual([
        'findings.csv',
        'inputs.csv',
        'manifest.json',
        'missing.csv',
        'report.html',
        'report.json',
        'reviews.csv',
        'trail.csv',
      ]);
      const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8'));
      expect(manifest.generated_at).toBe('2024-04-03T00:00:00.000Z');
      expect(manifest.command).toBe('smo-gaps evidence --month 2024-03 --output month-end/pack-2024-03');
      const missing = readFileSync(join(pack, 'missing.csv'), 'utf8');
      expect(missing).toContain(
        'L-107,01,001-001,2696,2696,2701,6,2024-03-13,2024-03-15,number,gap,explained,"Talonario de papel anulado, acta nº 12"\n',
      );
    } finally {
      s.cleanup();
    }
  });
});
