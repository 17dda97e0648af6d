#!/usr/bin/env node
// Makes dist/smo-gaps.cjs.code-cache (bin/load-cli.js reads it): runs the new bundle in this
// process as cron and an auditor would, so that the functions those runs need are compiled,
// then writes V8's cache of them. scripts/bundle.js runs it after bundling (stdout discarded).
//   1. `run daily` on the demo exports (the general reader: SRI columns, day-first dates, late rows);
//   2. `run daily` twice on exports in the plain layout (the fast reader), the second bringing
//      the numbers the first lacked, as a late upload does;
//   3. the month's report, findings, money and status.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_CACHE, loadCli } from '../bin/load-cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'smo-gaps-code-cache-'));
const db = join(work, 'train.db');
const { main, makeCache } = loadCli({ useCache: false });

async function smo(today, ...args) {
  process.env.SMO_GAPS_TODAY = today;
  await main([process.execPath, 'smo-gaps', ...args]);
  if (process.exitCode) throw new Error(`smo-gaps ${args.join(' ')} exited ${process.exitCode}`);
}

async function daily(today, files) {
  const inbox = join(work, `inbox-${today}`);
  mkdirSync(inbox);
  for (const [name, text] of files) writeFileSync(join(inbox, name), text);
  await smo(today, 'run', 'daily', '--db', db, '--inbox', inbox, '--out', join(work, 'out'), '--quiet', '--settle', '0');
}

/** A plain export of `days` days for 20 series; the numbers `held` picks arrive a day late. */
function plainExports(days, held) {
  const files = days.map(() => ['store,invoice_number,date,amount']);
  for (let s = 0; s < 20; s++) {
    let seq = 1;
    days.forEach((day, d) => {
      for (let i = 0; i < 150; i++, seq++) {
        const line = `S-${String(s).padStart(2, '0')},001-${String(s + 1).padStart(3, '0')}-${String(seq).padStart(9, '0')},${day},${(seq % 97) + 0.5}`;
        files[held(s, seq) && d + 1 < days.length ? d + 1 : d].push(line);
      }
    });
  }
  return files.map((lines, d) => [`ventas-${days[d]}.csv`, `${lines.join('\n')}\n`]);
}

try {
  const demo = join(root, 'fixtures', 'demo');
  await daily(
    '2024-03-17',
    ['ventas-2024-01.csv', 'ventas-2024-02.csv', 'ventas-2024-03.csv', 'envios-tardios-2024-03.csv'].map((name) => [
      name,
      readFileSync(join(demo, name)),
    ]),
  );
  const [day1, day2] = plainExports(['2024-04-01', '2024-04-02'], (s, seq) => seq % 37 === s % 37);
  await daily('2024-04-02', [day1]);
  await daily('2024-04-03', [day2]);
  await smo('2024-04-03', 'report', '--db', db, '--month', '2024-03');
  await smo('2024-04-03', 'findings', '--db', db, '--month', '2024-03');
  await smo('2024-04-03', 'money', '--db', db, '--month', '2024-03');
  await smo('2024-04-03', 'status', '--db', db);
  writeFileSync(CODE_CACHE, makeCache());
} finally {
  rmSync(work, { recursive: true, force: true });
}
