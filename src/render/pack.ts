import { mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { makeDirectory } from '../make-directory.js';

/**
 * Writes a folder of files at once: into a temporary folder beside it, then renamed, so a
 * reader never sees half a pack. An existing folder must be empty (a pack is never mixed
 * with files that its manifest does not list).
 */
export function writePack(dir: string, files: ReadonlyMap<string, string | Buffer>): void {
  let exists = false;
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) throw new UsageError(`--output ${dir}: not a directory`);
    if (readdirSync(dir).length) throw new UsageError(`--output ${dir}: not empty (an evidence pack gets a folder of its own)`);
    exists = true;
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
  const temporary = join(dirname(dir), `.${basename(dir)}.${process.pid}.tmp`);
  try {
    makeDirectory(dirname(dir));
    rmSync(temporary, { recursive: true, force: true });
    mkdirSync(temporary);
    for (const [name, content] of files) writeFileSync(join(temporary, name), content);
    if (exists) rmdirSync(dir);
    renameSync(temporary, dir);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new InputError(`${dir}: cannot write: ${code}`);
    throw error;
  }
}
