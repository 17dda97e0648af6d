import { spawn, spawnSync } from 'node:child_process';
import { afterEach, beforeEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built binary, as a user runs it (npm test builds dist/ first). */
export const BIN = fileURLToPath(new URL('../../bin/smo-gaps.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `smo-gaps ARGS` with a clean environment: no colour, no TTY, a fixed today unless given. */
export function smo(args: string[], options: { env?: Record<string, string>; cwd?: string; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NO_COLOR: '1', ...options.env },
    maxBuffer: 256 * 1024 * 1024,
    // A hung binary fails its test instead of blocking the worker (spawnSync ignores vitest's timeout).
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function scratch(prefix = 'smo-gaps-'): { dir: string; db: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, db: join(dir, 'test.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export type Scratch = ReturnType<typeof scratch>;

/** A fresh scratch directory and database for each test of the calling file. */
export function scratchPerTest(prefix?: string): () => Scratch {
  let current: Scratch | undefined;
  beforeEach(() => {
    current = scratch(prefix);
  });
  afterEach(() => current?.cleanup());
  return () => current!;
}

/** Runs `smo-gaps ARGS --db DB` in a fixture's directory (fixtures/e2e/DIR), so file names in outputs are as committed. */
export function inFixture(dir: string, db: () => string) {
  return (args: string[], env: Record<string, string> = {}): CliResult =>
    smo([...args, '--db', db()], { cwd: join(FIXTURES, 'e2e', dir), env });
}

/** `smo-gaps ARGS` started without waiting (runs that overlap, a run to kill): the child, and its result. */
export function smoAsync(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; input?: string | Buffer } = {},
): { child: import('node:child_process').ChildProcess; done: Promise<CliResult & { signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NO_COLOR: '1', ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(options.input ?? '');
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr })),
  );
  return { child, done };
}
