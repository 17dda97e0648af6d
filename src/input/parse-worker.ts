import { parentPort, workerData } from 'node:worker_threads';
import { openExport, type ReadOptions } from './reader.js';
import { interpretRow, type RowRules } from './rows.js';
import { dateOrderEvidence, type DateOrder } from './dates.js';
import { DATE_ORDER_LOOKAHEAD, rulesFor, type LoadOptions } from '../store/load-file.js';
import { InputError } from '../errors.js';
import type { Encoding } from './decode.js';

/**
 * The reading half of a large ingest, on its own thread: bytes → SHA-256 → UTF-8 → CSV
 * records → invoice rows, with the very same openExport, rulesFor and interpretRow as the
 * in-line path. Rows go to the main thread in compact batches (parallel-reader.ts); the
 * main thread writes SQLite meanwhile, so the two halves overlap.
 *
 * Rows the worker could not interpret with certainty travel as raw cells and are
 * interpreted on the main thread as before: the header, rows whose file's date order is
 * not settled yet, rejects (their reason and raw text are made there), and every row of a
 * file the worker finds no rules for.
 *
 * At most MAX_UNACKED batches are in flight: the worker waits for the main thread, the file
 * stream waits for the worker, and memory stays bounded whatever the file's size.
 */
export interface WorkerInput {
  path: string;
  encoding?: Encoding;
  delimiter?: string;
  /** What rulesFor needs (no callbacks: they cannot cross threads); none: interpret nothing here. */
  load?: Pick<LoadOptions, 'store' | 'docType' | 'map' | 'dateOrder'>;
}

/** A batch of records in file order, flattened so that posting it is a few copies. */
export interface RecordBatch {
  type: 'batch';
  /** Per record: 1 when interpreted here (its row is in the row columns), 0 when raw. */
  interpreted: Uint8Array;
  lines: Uint32Array;
  /** Raw records: every cell, record after record, and each one's number of cells. */
  cells: string[];
  widths: number[];
  /** Interpreted rows, column by column; series index into the series sent so far. */
  series: Uint32Array;
  seq: Float64Array;
  date: Int32Array;
  /** NaN for no amount. */
  amount: Float64Array;
  void: Uint8Array;
  /** Access keys of the interpreted rows, when any of them has one. */
  accessKeys?: (string | null)[];
  /** Series first seen in this batch, as [store, docType, label]. */
  newSeries: [string, string, string][];
  /** The rules and date order the rows were interpreted with, for the main thread to compare. */
  rulesKey?: string;
  dateOrder?: DateOrder;
  /** Records the parser could not read, and how many records of this batch came before each. */
  unreadable: { at: number; line: number; reason: string; raw: string }[];
  bytesRead: number;
  delimiter?: string;
}

export type WorkerMessage =
  | { type: 'open'; size: number; name: string }
  | RecordBatch
  | { type: 'end'; bytesRead: number; size: number; sha256: string; encoding: string; delimiter?: string }
  | { type: 'error'; message: string; input: boolean };

export const BATCH_RECORDS = 8192;
const MAX_UNACKED = 4;

/** What must be equal for a row interpreted here to be the row the main thread would make. */
export function rulesKey(rules: RowRules): string {
  const { columns, headerLength, store, docType, accessKeyOptional } = rules;
  return JSON.stringify({ columns, headerLength, store, docType, accessKeyOptional });
}

async function main(port: NonNullable<typeof parentPort>, input: WorkerInput): Promise<void> {
  let credits = MAX_UNACKED;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    credits++;
    wake?.();
    wake = undefined;
  });

  let count = 0;
  let unreadable: RecordBatch['unreadable'] = [];
  const readOptions: ReadOptions = {
    encoding: input.encoding,
    delimiter: input.delimiter,
    onUnreadable: (line, reason, raw) => unreadable.push({ at: count, line, reason, raw }),
  };
  const { records, stats } = await openExport(input.path, readOptions);
  port.postMessage({ type: 'open', size: stats.size, name: stats.name } satisfies WorkerMessage);

  const seriesIndex = new Map<string, number>();
  let batch = fresh();
  function fresh() {
    return {
      interpreted: new Uint8Array(BATCH_RECORDS),
      lines: new Uint32Array(BATCH_RECORDS),
      cells: [] as string[],
      widths: [] as number[],
      series: new Uint32Array(BATCH_RECORDS),
      seq: new Float64Array(BATCH_RECORDS),
      date: new Int32Array(BATCH_RECORDS),
      amount: new Float64Array(BATCH_RECORDS),
      void: new Uint8Array(BATCH_RECORDS),
      accessKeys: [] as (string | null)[],
      anyKey: false,
      rows: 0,
      newSeries: [] as [string, string, string][],
    };
  }
  let key: string | undefined;
  const flush = async () => {
    if (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const b = batch;
    const n = b.rows;
    const message: RecordBatch = {
      type: 'batch',
      interpreted: b.interpreted.subarray(0, count),
      lines: b.lines.subarray(0, count),
      cells: b.cells,
      widths: b.widths,
      series: b.series.subarray(0, n),
      seq: b.seq.subarray(0, n),
      date: b.date.subarray(0, n),
      amount: b.amount.subarray(0, n),
      void: b.void.subarray(0, n),
      accessKeys: b.anyKey ? b.accessKeys : undefined,
      newSeries: b.newSeries,
      rulesKey: key,
      dateOrder: rules?.dateOrder,
      unreadable,
      bytesRead: stats.bytesRead,
      delimiter: stats.delimiter,
    };
    port.postMessage(message, [
      b.interpreted.buffer, b.lines.buffer, b.series.buffer, b.seq.buffer, b.date.buffer, b.amount.buffer, b.void.buffer,
    ] as ArrayBuffer[]);
    batch = fresh();
    unreadable = [];
    count = 0;
  };

  const raw = (cells: string[], line: number) => {
    batch.lines[count] = line;
    for (const cell of cells) batch.cells.push(cell);
    batch.widths.push(cells.length);
  };

  // The same decisions as loadFile makes, record for record: the header, then the date
  // order (given, or settled by the first telling date, or day-first after the look-ahead).
  let rules: RowRules | undefined;
  let dateColumn: number | undefined;
  let order: DateOrder | undefined = input.load?.dateOrder;
  let undecided = 0;
  let header = true;
  for await (const record of records) {
    let interpreted = false;
    if (header) {
      header = false;
      try {
        if (input.load) rules = rulesFor(record.cells, stats.name, input.load);
        if (rules) key = rulesKey(rules);
        dateColumn = rules?.columns.date;
      } catch {
        rules = undefined; // the main thread reports the problem
      }
    } else if (rules) {
      // While the order is open the main thread reads each record's date cell: those
      // records, the one that settles it included, travel raw.
      const open = order === undefined && dateColumn !== undefined;
      if (open) {
        const evidence = dateOrderEvidence(record.cells[dateColumn!] ?? '');
        if (evidence) order = rules.dateOrder = evidence;
        else if (++undecided >= DATE_ORDER_LOOKAHEAD) order = rules.dateOrder = 'dmy';
      } else {
        const parsed = interpretRow(record.cells, record.line, rules);
        if (parsed.ok) {
          const row = parsed.row;
          const seriesKey = `${row.store}\u001f${row.docType}\u001f${row.series}`;
          let index = seriesIndex.get(seriesKey);
          if (index === undefined) {
            seriesIndex.set(seriesKey, (index = seriesIndex.size));
            batch.newSeries.push([row.store, row.docType, row.series]);
          }
          const r = batch.rows++;
          batch.series[r] = index;
          batch.seq[r] = row.sequential;
          batch.date[r] = row.date;
          batch.amount[r] = row.amount ?? NaN;
          batch.void[r] = row.void ? 1 : 0;
          batch.accessKeys.push(row.accessKey);
          if (row.accessKey !== null) batch.anyKey = true;
          batch.lines[count] = row.line;
          interpreted = true;
        }
      }
    }
    batch.interpreted[count] = interpreted ? 1 : 0;
    if (!interpreted) raw(record.cells, record.line);
    if (++count === BATCH_RECORDS) await flush();
  }
  if (count > 0 || unreadable.length > 0) await flush();
  port.postMessage({
    type: 'end', bytesRead: stats.bytesRead, size: stats.size, sha256: stats.sha256, encoding: stats.encoding, delimiter: stats.delimiter,
  } satisfies WorkerMessage);
}

if (parentPort) {
  const port = parentPort;
  main(port, workerData as WorkerInput).catch((error: Error) => {
    port.postMessage({ type: 'error', message: error.message, input: error instanceof InputError } satisfies WorkerMessage);
  });
}
