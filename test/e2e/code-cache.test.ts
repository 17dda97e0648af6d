import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// bin/load-cli.js loads the bundle with the V8 code cache made at build (scripts/code-cache.js).
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** How a tree's loader treated its cache, and the CLI's --version, from a process of its own. */
function load(root: string, nodeFlags: string[] = []): { cache: string; version: string } {
  const script = `import { loadCli } from ${JSON.stringify(join(root, 'bin', 'load-cli.js'))};
    const cli = loadCli(); process.stderr.write(cli.cache); await cli.main(['node', 'smo-gaps', '--version']);`;
  const result = spawnSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return { cache: result.stderr, version: result.stdout.trim() };
}

describe('the code cache', () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

  it('is made by the build and used by the binary', () => {
    expect(load(ROOT)).toEqual({ cache: 'used', version });
  });

  it('is ignored by a V8 run with other flags, and the CLI still runs', () => {
    expect(load(ROOT, ['--max-old-space-size=200'])).toEqual({ cache: 'rejected', version });
  });

  it('is ignored when it was made for another bundle, or is absent', () => {
    // A copy of bin/ and dist/ inside the project, so that its dependencies resolve.
    const tree = join(ROOT, 'test-results', `code-cache-${process.pid}`);
    try {
      mkdirSync(join(tree, 'bin'), { recursive: true });
      mkdirSync(join(tree, 'dist'), { recursive: true });
      for (const file of ['load-cli.js', 'package.json']) copyFileSync(join(ROOT, 'bin', file), join(tree, 'bin', file));
      copyFileSync(join(ROOT, 'package.json'), join(tree, 'package.json'));
      const bundle = readFileSync(join(ROOT, 'dist', 'smo-gaps.cjs'), 'utf8');
      const cache = readFileSync(join(ROOT, 'dist', 'smo-gaps.cjs.code-cache'));
      // The same length, another text: V8 alone would not tell (it checks the source's length).
      writeFileSync(join(tree, 'dist', 'smo-gaps.cjs'), bundle.replace(/const /, 'let   '));
      writeFileSync(join(tree, 'dist', 'smo-gaps.cjs.code-cache'), cache);
      expect(load(tree)).toEqual({ cache: 'stale', version });
      rmSync(join(tree, 'dist', 'smo-gaps.cjs.code-cache'));
      expect(load(tree)).toEqual({ cache: 'absent', version });
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('holds what every start needs: no better-sqlite3 file compiled from node_modules, no node:child_process or node:worker_threads', () => {
    // The modules a `status` (which opens a database) loads outside the bundle, by name.
    const preload = `process.on('exit', () => process.stderr.write(JSON.stringify({
      builtins: process.moduleLoadList, files: Object.keys(require.cache) })));`;
    const db = join(ROOT, 'test-results', `start-${process.pid}.db`);
    const hook = join(ROOT, 'test-results', `start-${process.pid}.cjs`);
    try {
      mkdirSync(join(ROOT, 'test-results'), { recursive: true });
      writeFileSync(hook, preload);
      const made = spawnSync(process.execPath, [join(ROOT, 'bin', 'smo-gaps.js'), 'ingest', '-', '--db', db, '--store', 'S', '--quiet'], {
        input: 'invoice_number,date\n001-001-000000001,2024-03-01\n',
        encoding: 'utf8',
      });
      expect(made.status, made.stderr).toBe(0);
      const result = spawnSync(process.execPath, ['-r', hook, join(ROOT, 'bin', 'smo-gaps.js'), 'status', '--db', db], {
        encoding: 'utf8',
      });
      expect(result.status, result.stderr).toBe(0);
      const loaded = JSON.parse(result.stderr.slice(result.stderr.lastIndexOf('{"builtins"'))) as { builtins: string[]; files: string[] };
      expect(loaded.builtins).not.toContain('NativeModule child_process');
      expect(loaded.builtins).not.toContain('NativeModule worker_threads');
      expect(loaded.files.filter((f) => f.includes('better-sqlite3') && f.endsWith('.js'))).toEqual([]);
      expect(loaded.files.some((f) => f.endsWith('better_sqlite3.node'))).toBe(true);
    } finally {
      for (const file of [db, `${db}-wal`, `${db}-shm`, hook]) rmSync(file, { force: true });
    }
  });
});
