import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError } from '../errors.js';
import { makeDirectory } from '../make-directory.js';

/**
 * Writes output to a file atomically (a temporary file beside it, then a rename, so a
 * reader never sees half a report), or to standard output when no path is given.
 */
export async function writeOutput(
  path: string | undefined,
  content: string | AsyncIterable<string | Buffer>,
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const chunks: AsyncIterable<string | Buffer> = typeof content === 'string' ? Readable.from([content]) : content;
  if (path === undefined || path === '-') {
    for await (const chunk of chunks) {
      if (!stdout.write(chunk)) await once(stdout, 'drain');
    }
    return;
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    makeDirectory(dirname(path));
    await pipeline(Readable.from(chunks), createWriteStream(temporary));
    await rename(temporary, path);
  } catch (error) {
    // Where the directory is unusable, so is the temporary's path: keep the first error.
    await rm(temporary, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new InputError(`${path}: cannot write: ${code}`);
    throw error;
  }
}
