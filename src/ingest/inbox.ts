import { lstat, readdir, rename, stat } from 'node:fs/promises';
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

/** A file of the inbox left where it is, and why (the run logs it; `warn` for what a person should look at). */
export interface Skipped {
  file: string;
  reason: string;
  warn: boolean;
}

/**
 * The inbox's files, in name order (which is upload order for dated names): regular files
 * only (SPEC §12). A symlink, FIFO or socket, a hidden or partial name, and a file modified
 * less than `settleSeconds` ago (an upload still being written) are left, each said why.
 */
export async function listInbox(inbox: string, settleSeconds = 0, now = Date.now()): Promise<{ files: string[]; skipped: Skipped[] }> {
  const files: string[] = [];
  const skipped: Skipped[] = [];
  for (const entry of await readdir(inbox, { withFileTypes: true })) {
    const path = join(inbox, entry.name);
    if (entry.isDirectory()) continue; // processed/, and folders a person keeps there
    if (!isInboxCandidate(entry.name)) {
      skipped.push({ file: path, reason: 'a hidden or partial upload name (., .tmp, .part)', warn: false });
      continue;
    }
    if (!entry.isFile()) {
      const what = entry.isSymbolicLink() ? 'a symlink' : 'not a regular file';
      skipped.push({ file: path, reason: `${what}; only regular files are loaded`, warn: true });
      continue;
    }
    const info = await lstat(path).catch(() => undefined);
    if (!info?.isFile()) continue; // gone since the listing
    const age = (now - info.mtimeMs) / 1000;
    if (age < settleSeconds) {
      const ago = Math.max(0, Math.round(age));
      skipped.push({ file: path, reason: `modified ${ago} s ago; left for the next run (--settle ${settleSeconds})`, warn: false });
      continue;
    }
    files.push(path);
  }
  return { files: files.sort(), skipped };
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
