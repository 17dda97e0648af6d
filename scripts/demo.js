#!/usr/bin/env node
// `npm run demo`: what a new user would do on day one, on the bundled exports in fixtures/demo/.
// Runs the built binary exactly as the README shows, into demo-out/ (git-ignored).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = 'demo-out';
rmSync(`${root}/${out}`, { recursive: true, force: true });
mkdirSync(`${root}/${out}`, { recursive: true });

const env = { ...process.env, SMO_GAPS_DB: `${out}/demo.db`, SMO_GAPS_TODAY: '2024-03-16' };
function step(title, args, { allowExit = [0] } = {}) {
  console.log(`\n$ smo-gaps ${args.join(' ')}    # ${title}`);
  const result = spawnSync(process.execPath, ['bin/smo-gaps.js', ...args], { cwd: root, env, stdio: 'inherit' });
  if (!allowExit.includes(result.status)) {
    console.error(`demo: 'smo-gaps ${args.join(' ')}' exited ${result.status}`);
    process.exit(1);
  }
}

step('three months of exports', [
  'ingest',
  'fixtures/demo/ventas-2024-01.csv',
  'fixtures/demo/ventas-2024-02.csv',
  'fixtures/demo/ventas-2024-03.csv',
]);
step('March, before the late uploads, saved as issued', ['report', '--month', '2024-03', '--top', '3', '--save']);
step('a store sends its missing invoices a week late', [
  'ingest',
  'fixtures/demo/envios-tardios-2024-03.csv',
  '--rejects',
  `${out}/rejects.csv`,
]);
step('the same file again changes nothing', [
  'ingest',
  'fixtures/demo/envios-tardios-2024-03.csv',
  '--rejects',
  `${out}/rejects-again.csv`,
]);
step('the auditor\'s reviews, filled in Excel on the export (BOM, CRLF, "1" for "01")', [
  'review',
  'import',
  'fixtures/demo/revisado-2024-03.csv',
  '--by',
  'auditora',
]);
step("a food-court stand's SRI portal download (access keys, authorisation dates)", [
  'ingest',
  '--store',
  'L-109',
  'fixtures/demo/sri-emitidos-L-109-2024-03.txt',
]);
step("its kiosk's own export", ['ingest', 'fixtures/demo/kiosko-L-110-2024-03.csv']);
step("the auditor's March report", ['report', '--month', '2024-03']);
step('the lease register: commission or fixed rent, rate, minimum, months', ['leases', 'import', 'fixtures/demo/contratos.csv']);
step('the sales each store declared for March', ['sales', 'import', 'fixtures/demo/ventas-declaradas-2024-03.csv']);
step('the rent the missing invoices hide, per store', ['money', '--month', '2024-03']);
step('what else an auditor looks for: jumps, backdated invoices, void rates, silent days, conflicts, reused keys, late authorisations', [
  'findings',
  '--month',
  '2024-03',
]);
step('the findings as CSV for the audit file', [
  'findings',
  '--month',
  '2024-03',
  '--format',
  'csv',
  '--output',
  `${out}/findings-2024-03.csv`,
]);
step('what the late uploads changed in the report saved before them', ['snapshots', 'diff', '1']);
step('the evidence pack for the audit file', ['evidence', '--month', '2024-03', '--output', `${out}/evidence-2024-03`]);
step('anyone can check it has not been altered', ['evidence', 'verify', `${out}/evidence-2024-03`]);
step('the monthly history', ['summary', '--from', '2024-01', '--to', '2024-03']);
step('the missing numbers for the audit file', ['export', '--month', '2024-03', '--output', `${out}/missing-2024-03.csv`]);
step('yesterday (SMO_GAPS_TODAY=2024-03-16), as cron would run it: exit 1 with gaps', ['report', '--fail-on-gaps'], { allowExit: [0, 1] });
console.log(
  `\nDemo database and files are in ${out}/ (missing-2024-03.csv, findings-2024-03.csv, rejects.csv, evidence-2024-03/, demo.db).`,
);
