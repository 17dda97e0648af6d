#!/usr/bin/env node
// Measures the reading side alone: the work the reading thread does on an export (decode,
// split, check, pack into RowPackets), in line on this thread, with a sink that drops the
// packets. No database, no writer. Needs a build (`npm run build`: it imports dist/).
//
//   node scripts/read-speed.js FILE [--runs N] [--store CODE] [--delimiter ,]
//
// Prints rows, rejects, wall ms, CPU ms, CPU per 1M rows and rows/s for each run; the best
// run last. CPU is the process's (user + system): on a quiet machine, the reader's own.
import { openRows } from '../dist/input/row-source.js';
import { PacketEncoder } from '../dist/input/thread/packet.js';

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const option = (name) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
if (!file) {
  console.error('usage: node scripts/read-speed.js FILE [--runs N] [--store CODE] [--delimiter ,]');
  process.exit(2);
}
const runs = Number(option('runs') ?? 1);
const options = { store: option('store'), delimiter: option('delimiter') };

async function once() {
  const encoder = new PacketEncoder();
  let rows = 0;
  let rejects = 0;
  const sink = {
    row(row) {
      rows++;
      if (encoder.row(row)) encoder.take(0, 0);
    },
    reject(line, reason, raw) {
      rejects++;
      encoder.reject(line, reason, raw);
    },
    afterBatch() {
      if (encoder.pending) encoder.take(0, 0);
    },
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  const source = await openRows(file, options);
  const summary = await source.read(sink);
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  return { rows, rejects, rowsRead: summary.rowsRead, wall, cpuMs };
}

let best;
for (let i = 0; i < runs; i++) {
  const r = await once();
  console.log(
    `run ${i + 1}: ${r.rows} rows, ${r.rejects} rejects, wall ${r.wall.toFixed(0)} ms, CPU ${r.cpuMs.toFixed(0)} ms, ` +
      `${((r.cpuMs / r.rowsRead) * 1e6).toFixed(0)} ms CPU per 1M rows, ${Math.round(r.rowsRead / (r.wall / 1000)).toLocaleString('en')} rows/s`,
  );
  if (!best || r.cpuMs < best.cpuMs) best = r;
}
if (runs > 1) console.log(`best: CPU ${best.cpuMs.toFixed(0)} ms, ${((best.cpuMs / best.rowsRead) * 1e6).toFixed(0)} ms CPU per 1M rows`);
