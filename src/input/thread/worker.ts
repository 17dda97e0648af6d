import { parentPort, workerData } from 'node:worker_threads';
import { openRows } from '../row-source.js';
import type { SpentColumns, ThreadMessage } from './packet.js';
import { PacketSink, type ThreadJob } from './worker-end.js';
import { InputError } from '../../errors.js';

/** The reading thread's script (writer-end.ts starts it): reads one export and posts its rows to the writer. */
const port = parentPort!;
const job = workerData as ThreadJob;
const post = (message: ThreadMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

try {
  const source = await openRows(job.path, job.options);
  const sink = new PacketSink(post, () => source.stats);
  port.on('message', (columns: SpentColumns) => sink.acknowledged(columns));
  const summary = await source.read(sink);
  sink.finish(summary.rowsRead);
  post({ type: 'end', summary, stats: { ...source.stats } });
} catch (error) {
  post({ type: 'error', message: (error as Error).message, input: error instanceof InputError });
} finally {
  port.close();
}
