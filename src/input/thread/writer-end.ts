import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { SourceStats } from '../record-stream.js';
import type { ReadSummary, RowSink, RowSource } from '../row-source.js';
import type { PresetOptions } from '../presets.js';
import { PacketDecoder, spentColumns, type ThreadMessage } from './packet.js';
import type { ThreadJob } from './worker-end.js';
import { InputError } from '../../errors.js';

/**
 * Reading an export on a thread of its own. Decoding, splitting and checking rows takes
 * about as long as writing them to SQLite, so a large file is read by a worker while the
 * main thread writes: a 1-million-row ingest takes about two thirds of the time (docs/benchmarks.md).
 * The worker sends rows in packets (packet.ts), at most a few ahead of the writer
 * (worker-end.ts), so memory stays flat however large the file.
 */

/**
 * The thread's young generation: its garbage is short-lived (cells, row objects), and a small
 * nursery keeps the process flat. Measured on the 1M-row export: 8 MB gave a peak of 191–205 MB
 * resident for the same time as V8's default, which peaked at 220–256 MB.
 */
const WORKER_YOUNG_MB = 8;

/**
 * The thread's old generation when it reads a text export, whose reading holds a few megabytes
 * at most (512 KB chunks, lines of at most 1 MB, packets sent by their rows or their rejects'
 * text, packet.ts). With V8's default limit (gigabytes) the heap grew through a long load before
 * V8 collected it: a 10M date-ordered ingest peaked at 204–227 MB resident, against 200–203 MB
 * with this limit, and the 1M per-store one at 179–192 against 173–192 MB, for the same time
 * (3 alternating runs; 48 MB measured the same as 96). A workbook keeps the default: exceljs
 * holds a workbook's shared strings, which grow with the file.
 */
const TEXT_WORKER_OLD_MB = 96;

/** The worker script, beside the command's bundle (dist/); absent when running from sources. */
const WORKER_URL = new URL('./parse-worker.bundle.js', import.meta.url);

/** Whether the worker script was built (a thread can be started at all). */
export function threadScriptBuilt(): boolean {
  return existsSync(WORKER_URL);
}

/** An export to be read by a worker thread: the same rows, in the same order, as openRows gives. */
export function openRowsOnThread(path: string, size: number, options: PresetOptions, workbook: boolean): RowSource {
  const stats: SourceStats = { name: path, size, bytesRead: 0, sha256: '', encoding: 'ascii' };
  const job: ThreadJob = { path, options };
  const read = (sink: RowSink) => {
    // Required here, not imported with the module, which every command's start would pay
    // about 1 ms for (a dynamic import would need the bundle's vm.Script to take one).
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    return new Promise<ReadSummary>((resolve, reject) => {
      const resourceLimits = workbook
        ? { maxYoungGenerationSizeMb: WORKER_YOUNG_MB }
        : { maxYoungGenerationSizeMb: WORKER_YOUNG_MB, maxOldGenerationSizeMb: TEXT_WORKER_OLD_MB };
      const worker = new Worker(WORKER_URL, { workerData: job, resourceLimits });
      const decoder = new PacketDecoder();
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        reject(error);
      };
      worker.on('message', (message: ThreadMessage) => {
        if (settled) return;
        try {
          if (message.type === 'rows') {
            stats.sheet = message.sheet;
            decoder.decode(message, sink);
            stats.bytesRead = message.bytesRead;
            // The acknowledgement moves the columns back, to be filled again.
            const { columns, transfer } = spentColumns(message);
            worker.postMessage(columns, transfer);
            if (message.rowsRead > 0) {
              sink.progress?.(message.bytesRead, message.rowsRead);
              void sink.afterBatch?.(message.rowsRead);
            }
          } else if (message.type === 'end') {
            Object.assign(stats, message.stats);
            settled = true;
            resolve(message.summary);
          } else {
            fail(message.input ? new InputError(message.message) : new Error(message.message));
          }
        } catch (error) {
          fail(error);
        }
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the thread reading ${path} stopped early (exit code ${code})`)));
    });
  };
  return { stats, read };
}
