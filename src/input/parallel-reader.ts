import { Worker } from 'node:worker_threads';
import { stat } from 'node:fs/promises';
import { openExport, type RawRecord, type ReadOptions, type SourceStats } from './reader.js';
import type { RecordBatch, WorkerInput, WorkerMessage } from './parse-worker.js';
import { rulesKey } from './parse-worker.js';
import type { InvoiceRow, RowParse, RowRules } from './rows.js';
import type { DateOrder } from './dates.js';
import { parseInvoiceNumber } from './numbering.js';
import type { LoadOptions } from '../store/load-file.js';
import { InputError } from '../errors.js';

/**
 * An export can be read on a worker thread (parse-worker.ts): the same records, line
 * numbers, unreadable-row reports and statistics, in the same order, most of them
 * already interpreted, while the main thread writes SQLite. Small files and standard
 * input are always read in-line, where a thread's start-up (some tens of ms) would cost
 * more than it saves.
 *
 * Messages from the worker: 'open' (the file could be opened, its size), then 'batch'es,
 * then 'end' (SHA-256, encoding), or 'error' at any point. Each batch taken is
 * acknowledged, which lets the worker read one batch further: it is never more than a
 * few batches ahead, so memory does not grow with the file.
 */
export const PARALLEL_MIN_BYTES = 4 << 20;

/**
 * In-line unless asked: on the shared 2-core machines measured so far (docs/benchmarks.md)
 * the second thread found no idle core, and the worker path cost more CPU time (messages,
 * a second heap), more memory, and more wall time. 'auto' threads files of 4 MB and more.
 */
const READ_THREAD_DEFAULT = 'never';

/** A record whose row the worker already made, with what it was made under. */
interface PreparedRecord extends RawRecord {
  row?: InvoiceRow;
  rulesKey?: string;
  dateOrder?: DateOrder;
}

const keys = new WeakMap<RowRules, string>();

/**
 * The worker's interpretation of a record, when it was made under the very rules the
 * main thread now applies (same columns, options and date order); undefined otherwise,
 * and the caller interprets the record itself.
 */
export function preInterpreted(record: RawRecord, rules: RowRules): RowParse | undefined {
  const prepared = record as PreparedRecord;
  if (prepared.row === undefined) return undefined;
  let key = keys.get(rules);
  if (key === undefined) keys.set(rules, (key = rulesKey(rules)));
  if (prepared.rulesKey !== key || prepared.dateOrder !== rules.dateOrder || rules.parseNumber !== parseInvoiceNumber) {
    throw new Error(`line ${record.line}: the reading thread interpreted this row under other rules than the main thread`);
  }
  return { ok: true, row: prepared.row };
}

/**
 * Opens an export for loading: in-line, or on a worker thread when SMO_GAPS_READ_THREAD
 * is 'always', or 'auto' and the file is large.
 */
export async function openExportForLoad(
  path: string,
  options: ReadOptions,
  load: LoadOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ records: AsyncIterable<RawRecord>; stats: SourceStats }> {
  const choice = env.SMO_GAPS_READ_THREAD ?? READ_THREAD_DEFAULT;
  let threaded = choice === 'always' && path !== '-';
  if (choice === 'auto' && path !== '-') {
    const size = await stat(path).then((s) => (s.isFile() ? s.size : 0), () => 0);
    threaded = size >= PARALLEL_MIN_BYTES;
  }
  if (!threaded) return openExport(path, options);
  return openExportInWorker({
    path,
    encoding: options.encoding,
    delimiter: options.delimiter,
    // A --number-pattern is a function of the main thread: rows are then interpreted there.
    load: load.numberPattern ? undefined : { store: load.store, docType: load.docType, map: load.map, dateOrder: load.dateOrder },
  }, options);
}

async function openExportInWorker(
  input: WorkerInput,
  options: ReadOptions,
): Promise<{ records: AsyncIterable<RawRecord>; stats: SourceStats }> {
  // A larger young generation: the worker's garbage is almost all short-lived (records, cells,
  // rows); with the default one, scavenges took a quarter of its time.
  const worker = new Worker(new URL('./parse-worker.js', import.meta.url), {
    workerData: input,
    resourceLimits: { maxYoungGenerationSizeMb: 48 },
  });
  worker.unref();
  const queue: WorkerMessage[] = [];
  let waiting: (() => void) | undefined;
  let failure: Error | undefined;
  let exited = false;
  const arrived = () => {
    waiting?.();
    waiting = undefined;
  };
  worker.on('message', (message: WorkerMessage) => {
    queue.push(message);
    arrived();
  });
  worker.on('error', (error) => {
    failure = error;
    arrived();
  });
  worker.on('exit', () => {
    exited = true;
    arrived();
  });
  const next = async (): Promise<WorkerMessage> => {
    while (queue.length === 0) {
      if (failure) throw failure;
      if (exited) throw new Error('the reading thread stopped before the end of the file');
      // Referenced only while awaited: a load that fails half-way must not be kept
      // alive by a worker waiting to send its next batch.
      worker.ref();
      await new Promise<void>((resolve) => (waiting = resolve));
      worker.unref();
    }
    const message = queue.shift()!;
    if (message.type === 'error') throw message.input ? new InputError(message.message) : new Error(message.message);
    return message;
  };

  let opened: WorkerMessage;
  try {
    opened = await next();
    if (opened.type !== 'open') throw new Error(`reading thread: '${opened.type}' before 'open'`);
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  const stats: SourceStats = { name: opened.name, size: opened.size, bytesRead: 0, sha256: '', encoding: 'ascii' };
  const series: [string, string, string][] = [];

  async function* records(): AsyncIterable<RawRecord> {
    try {
      for (;;) {
        const message = await next();
        if (message.type === 'end') {
          stats.bytesRead = message.bytesRead;
          stats.size = message.size;
          stats.sha256 = message.sha256;
          stats.encoding = message.encoding as SourceStats['encoding'];
          stats.delimiter ??= message.delimiter;
          return;
        }
        if (message.type !== 'batch') throw new Error(`reading thread: unexpected '${message.type}'`);
        worker.postMessage(0); // taken: the worker may read one batch further
        stats.bytesRead = message.bytesRead;
        stats.delimiter ??= message.delimiter;
        for (const s of message.newSeries) series.push(s);
        yield* unpack(message, series, options);
      }
    } finally {
      await worker.terminate();
    }
  }
  return { records: records(), stats };
}

function* unpack(batch: RecordBatch, series: [string, string, string][], options: ReadOptions): Generator<RawRecord> {
  const { interpreted, lines, cells, widths, unreadable, rulesKey: key, dateOrder } = batch;
  let u = 0;
  let cell = 0;
  let raw = 0;
  let r = 0;
  for (let i = 0; i < interpreted.length; i++) {
    while (u < unreadable.length && unreadable[u].at <= i) {
      const { line, reason, raw: text } = unreadable[u++];
      options.onUnreadable(line, reason, text);
    }
    if (interpreted[i]) {
      const [store, docType, label] = series[batch.series[r]];
      const amount = batch.amount[r];
      const row: InvoiceRow = {
        store,
        docType,
        series: label,
        sequential: batch.seq[r],
        date: batch.date[r],
        amount: Number.isNaN(amount) ? null : amount,
        void: batch.void[r] === 1,
        accessKey: batch.accessKeys ? batch.accessKeys[r] : null,
        line: lines[i],
      };
      r++;
      yield { cells: NO_CELLS, line: lines[i], row, rulesKey: key, dateOrder } as PreparedRecord;
    } else {
      const end = cell + widths[raw++];
      yield { cells: cells.slice(cell, end), line: lines[i] };
      cell = end;
    }
  }
  while (u < unreadable.length) {
    const { line, reason, raw: text } = unreadable[u++];
    options.onUnreadable(line, reason, text);
  }
}

/**
 * The cells of a record the worker interpreted are not sent. Reading them would mean the
 * main thread went another way than the worker did: fail loudly rather than reject rows.
 */
const NO_CELLS: string[] = new Proxy([], {
  get(target, property) {
    if (property === 'length' || typeof property === 'string' && /^\d+$/.test(property)) {
      throw new Error('internal: the cells of a row interpreted by the reading thread were read');
    }
    return Reflect.get(target, property);
  },
});
