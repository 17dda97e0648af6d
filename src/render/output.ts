import { createWriteStream, lstatSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { dirname, basename, join, resolve } from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { InputError } from '../errors.js';
import { makeDirectory } from '../make-directory.js';

/**
 * Where output goes (SPEC §12): a regular file is written atomically (a temporary file beside
 * it, then a rename, so a reader never sees half a report); a symlink is written through, to
 * its target, atomically there; a FIFO, a device (/dev/stdout, /dev/full) or a socket is
 * written directly, never replaced.
 */
export interface OutputTarget {
  /** The path written to: the symlink's target for a symlink. */
  path: string;
  atomic: boolean;
}

export function outputTarget(path: string): OutputTarget {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!lstatSync(current).isSymbolicLink()) break;
      link = readlinkSync(current);
    } catch {
      break; // not there yet: it is created
    }
    current = resolve(dirname(current), link);
  }
  if (/^\/(dev|proc)\//.test(current) || /^\/(dev|proc)\//.test(resolve(path))) return { path, atomic: false };
  try {
    const info = statSync(current);
    if (!info.isFile() && !info.isDirectory()) return { path, atomic: false };
  } catch {
    // Not there: created, atomically.
  }
  return { path: current, atomic: true };
}

/** A temporary file's name beside `path`: hidden, the process's id in it, `.tmp` at the end. */
export function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/**
 * Temporary files of ours (`.NAME.PID.tmp` or `.new`, NAME one that `ours` accepts) in `dir`
 * whose process is gone (killed mid-write): removed, and returned.
 */
export async function removeDeadTemporaries(dir: string, ours: (name: string) => boolean): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = /^\.(.+)\.(\d+)\.(tmp|new)$/.exec(name);
    if (!match || !ours(match[1]) || Number(match[2]) === process.pid || processAlive(Number(match[2]))) continue;
    const path = join(dir, name);
    await rm(path, { force: true }).catch(() => undefined);
    removed.push(path);
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why a file cannot be written, in one line that names it. */
export function describeWriteError(path: string, error: unknown): Error {
  if (error instanceof InputError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return new InputError(`${path}: cannot write: the disk is full (ENOSPC)`);
  // Only the file system's errors are the output's; SQLite failing while the rows stream is not.
  if (code && /^E[A-Z]+$/.test(code)) return new InputError(`${path}: cannot write: ${code}`);
  return error as Error;
}

/** An output being written: a stream, then commit (rename into place) or abort (remove the temporary). */
export interface OpenOutput {
  stream: WriteStream;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Where an output is written first (the temporary beside an atomic target), its directory made. */
function prepare(path: string, target: OutputTarget = outputTarget(path)): { target: OutputTarget; writing: string } {
  if (!target.atomic) return { target, writing: target.path };
  try {
    makeDirectory(dirname(target.path));
  } catch (error) {
    throw describeWriteError(path, error);
  }
  return { target, writing: temporaryBeside(target.path) };
}

export function openOutput(path: string): OpenOutput {
  const { target, writing } = prepare(path);
  const stream = createWriteStream(writing, { flags: 'w' });
  return {
    stream,
    async commit() {
      try {
        if (target.atomic) await rename(writing, target.path);
      } catch (error) {
        await rm(writing, { force: true }).catch(() => undefined);
        throw describeWriteError(path, error);
      }
    },
    async abort() {
      stream.destroy();
      if (target.atomic) await rm(writing, { force: true }).catch(() => undefined);
    },
  };
}

/**
 * Writes output to a file (see above), or to standard output when no path is given.
 */
export async function writeOutput(
  path: string | undefined,
  content: string | AsyncIterable<string | Buffer>,
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const chunks: AsyncIterable<string | Buffer> = typeof content === 'string' ? Readable.from([content]) : content;
  // Standard output by name: written as standard output is, whatever it is (a socket cannot be opened by path).
  if (path === undefined || path === '-' || path === '/dev/stdout') {
    for await (const chunk of chunks) {
      if (!stdout.write(chunk)) await once(stdout, 'drain');
    }
    return;
  }
  if (typeof content === 'string' && writeTextAtomically(path, content)) return;
  let output: OpenOutput;
  try {
    output = openOutput(path);
  } catch (error) {
    // Nothing will read the content now: stop it, so it does not fail later on its own.
    await discard(content);
    throw error;
  }
  try {
    await pipeline(Readable.from(chunks), output.stream);
  } catch (error) {
    // Where the directory is unusable, so is the temporary's path: keep the first error.
    await output.abort();
    await discard(content);
    throw describeWriteError(path, error);
  }
  await output.commit();
}

/**
 * A text bound for a regular file, written in one call and renamed into place: a daily run's
 * report files, through streams, took 7 ms more of a 0.28 s run (docs/benchmarks.md). False
 * for a target that is not replaced (a FIFO, a device), which the stream path writes.
 */
function writeTextAtomically(path: string, text: string): boolean {
  const target = outputTarget(path);
  if (!target.atomic) return false;
  const { writing } = prepare(path, target);
  try {
    writeFileSync(writing, text);
    renameSync(writing, target.path);
  } catch (error) {
    try {
      rmSync(writing, { force: true });
    } catch {
      // Where the directory is unusable, so is the temporary's path: the first error is told.
    }
    throw describeWriteError(path, error);
  }
  return true;
}

/** Stops content that will not be written, and waits until it has (a CSV's SQLite rows are let go). */
async function discard(content: string | AsyncIterable<string | Buffer>): Promise<void> {
  const stream = content as Partial<NodeJS.ReadableStream & { destroy(): void }>;
  if (typeof stream.destroy === 'function') {
    stream.on?.('error', () => undefined);
    stream.destroy();
    await finished(stream as NodeJS.ReadableStream).catch(() => undefined);
  }
}
