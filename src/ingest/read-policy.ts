import { exportSize } from '../input/record-stream.js';
import { fileKind } from '../input/file-kind.js';
import { openRows, type RowSource } from '../input/row-source.js';
import type { PresetOptions } from '../input/presets.js';
import { openRowsOnThread, threadScriptBuilt } from '../input/thread/writer-end.js';

/** Whether an export is read on a thread: by its size ('auto'), or always / never. */
export type ReadThread = 'auto' | 'on' | 'off';

/** Files smaller than this are read in line: starting a thread costs more than it saves. */
const THREAD_MIN_BYTES = 8 << 20;

/** SMO_GAPS_READ_THREAD=0 or 1 forces the choice; anything else leaves it to the size. */
export function readThreadFromEnv(env: NodeJS.ProcessEnv): ReadThread {
  const forced = env.SMO_GAPS_READ_THREAD;
  return forced === '1' ? 'on' : forced === '0' ? 'off' : 'auto';
}

/** Whether to read a file of this size on a thread: only when the worker script was built ('on' still needs it). */
export function readOnThread(size: number, choice: ReadThread): boolean {
  if (!threadScriptBuilt()) return false;
  if (choice !== 'auto') return choice === 'on';
  return size >= THREAD_MIN_BYTES;
}

/** Opens an export (a path, or '-' for standard input) to be read on a thread or in line. */
export async function openRowSource(path: string, options: PresetOptions, choice: ReadThread = 'auto'): Promise<RowSource> {
  if (path !== '-') {
    const size = await exportSize(path);
    if (readOnThread(size, choice)) return openRowsOnThread(path, size, options, (await fileKind(path)) === 'xlsx');
  }
  return openRows(path, options);
}
