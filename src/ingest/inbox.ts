import { readdir, rename, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { makeDirectory } from '../make-directory.js';

/**
 * The inbox of `run`: the directory exports arrive in, which files of it are ready, and
 * where a loaded one goes (INBOX/processed/).
 */

/** Names an uploader may still be writing, by convention: hidden files and partial downloads. */
export function isInboxCandidate(name: string): boolean {
  return !name.startsWith('.') && !/\.(tmp|part|partial|filepart|crdownload)$/i.test(name);
}

/** The inbox's files, in name order (which is upload order for dated names). */
export async function listInbox(inbox: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(inbox, { withFileTypes: true })) {
    if (!isInboxCandidate(entry.name)) continue;
    const path = join(inbox, entry.name);
    if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile())) files.push(path);
  }
  return files.sort();
}

/** Where a file went, or why it could not go (with where it was going, when known). */
export type Moved = { to: string } | { error: string; to?: string };

/**
 * Moves a loaded (or already known) file to INBOX/processed/. A different file already
 * there under the same name is kept: the newcomer gets its hash in its name.
 */
export async function moveToProcessed(inbox: string, file: string, sha256: string): Promise<Moved> {
  const dir = join(inbox, 'processed');
  try {
    makeDirectory(dir);
  } catch (error) {
    return { error: `cannot create ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  let target = join(dir, basename(file));
  if (
    await stat(target).then(
      () => true,
      () => false,
    )
  ) {
    const ext = extname(file);
    target = join(dir, `${basename(file, ext)}.${sha256.slice(0, 12)}${ext}`);
  }
  try {
    await rename(file, target);
  } catch (error) {
    // Loaded, so nothing is lost: the next run knows its content and tries the move again.
    return { to: target, error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
  return { to: target };
}
