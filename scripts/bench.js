#!/usr/bin/env node
// npm run bench: smo-gaps against DuckDB and against the naive path, on generated exports,
// measuring the targets of SPEC §7 as ratios taken in one run. Every answer is checked
// (against the generator's truth, and gap for gap against DuckDB) before a time counts.
//
//   node scripts/bench.js                    100k, 1M and 10M rows; writes docs/benchmarks.md
//   node scripts/bench.js --sizes 100k,1m    chosen sizes (the daily run uses the smallest and largest)
//   node scripts/bench.js --smoke            CI: 20k rows, answers checked, nothing written to docs/
//   options: --dir DIR (data; default the system temp dir), --no-naive, --no-write, --repeat N,
//            --verbose (list every answer check)
//
// Plain JavaScript so that it runs without a build step of its own; it runs the built
// binary (bin/smo-gaps.js) and imports dist/ for the in-process report timing.

import { spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  createReadStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, totalmem, tmpdir, release, platform } from 'node:os';
import { basename, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './bench-data.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'smo-gaps.js');
const SELF = fileURLToPath(import.meta.url);
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** The window query over raw rows: gaps as (store, series, from, to, count, prev_date, next_date). */
const gapsSql = (table, where = '') => `
  WITH w AS (
    SELECT store, series, seq, date,
           lag(seq)  OVER (PARTITION BY store, series ORDER BY seq) AS pseq,
           lag(date) OVER (PARTITION BY store, series ORDER BY seq) AS pdate
      FROM ${table})
  SELECT store, series, CAST(pseq + 1 AS INTEGER) AS from_seq, CAST(seq - 1 AS INTEGER) AS to_seq,
         CAST(seq - pseq - 1 AS INTEGER) AS count, CAST(pdate AS VARCHAR) AS prev_date, CAST(date AS VARCHAR) AS next_date
    FROM w WHERE seq - pseq > 1 ${where}
   ORDER BY store, series, from_seq`;

// ---------------------------------------------------------------- children (timed as processes)

async function duckChild(mode, args) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: String(Math.min(2, cpus().length)) });
  const con = await instance.connect();
  const files = mode === 'duck-daily' ? [args[0], args[1]] : [args[0]];
  const out = mode === 'duck-daily' ? args[3] : args[1];
  const list = files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
  await con.run(`
    CREATE TABLE invoices AS
    SELECT store, substr(invoice_number, 1, 7) AS series, CAST(substr(invoice_number, 9) AS BIGINT) AS seq, date
      FROM read_csv([${list}], header = true,
                    columns = {'store': 'VARCHAR', 'invoice_number': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'})`);
  const where = mode === 'duck-daily' ? `AND date = DATE '${args[2]}'` : '';
  const reader = await con.runAndReadAll(gapsSql('invoices', where));
  const gaps = reader.getRowObjectsJS();
  writeFileSync(out, JSON.stringify(gaps));
  con.closeSync();
  instance.closeSync();
}

/** The naive path: csv-parse, one INSERT per row, then the window query in SQLite. */
async function naiveChild([csv, dbPath, out]) {
  const { parse } = await import('csv-parse');
  const { default: Database } = await import('better-sqlite3');
  rmSync(dbPath, { force: true });
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE invoices (store TEXT, series TEXT, seq INTEGER, date TEXT, amount REAL)`);
  const insert = db.prepare(`INSERT INTO invoices VALUES (?, ?, ?, ?, ?)`);
  let n = 0;
  db.exec('BEGIN');
  for await (const [store, number, date, amount] of createReadStream(csv).pipe(parse({ from_line: 2 }))) {
    insert.run(store, number.slice(0, 7), Number(number.slice(8)), date, Number(amount));
    if (++n % 100_000 === 0) db.exec('COMMIT; BEGIN');
  }
  db.exec('COMMIT');
  const gaps = db.prepare(gapsSql('invoices')).all();
  writeFileSync(out, JSON.stringify(gaps));
  db.close();
}

// ---------------------------------------------------------------- measuring

/** Runs a process; wall seconds (start included) and, where /usr/bin/time exists, peak RSS. */
function measure(args, { env = {}, label } = {}) {
  const rssFile = join(tmpdir(), `smo-gaps-bench-rss-${process.pid}`);
  const command = TIME ? TIME : process.execPath;
  const argv = TIME ? ['-f', '%M', '-o', rssFile, process.execPath, ...args] : args;
  const started = performance.now();
  const result = spawnSync(command, argv, {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NO_COLOR: '1', ...env },
    maxBuffer: 512 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) {
    throw new Error(`${label ?? args.join(' ')} failed (${result.status}): ${result.stderr || result.error}`);
  }
  let rssMB;
  if (TIME && existsSync(rssFile)) {
    rssMB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024;
    rmSync(rssFile, { force: true });
  }
  return { seconds, rssMB, stdout: result.stdout };
}

/**
 * A copy of a database, flushed to disk before it is timed: a server's database was not just
 * written, and without the flush SQLite's first fsync pays for the copy's dirty pages
 * (0.15 s for the 10M database, which made the daily run look history-dependent).
 */
function freshCopy(from, to) {
  copyFileSync(from, to);
  const fd = openSync(to, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  return to;
}

const smo = (args, env) => measure([BIN, ...args], { env, label: `smo-gaps ${args.join(' ')}` });
/** How many times smo-gaps' daily run is measured (at least --repeat). */
const DAILY_RUNS = 7;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function checked(what, actual, expected) {
  if (actual !== expected) throw new Error(`answer check failed: ${what}: got ${actual}, expected ${expected}`);
  checks.push(`${what}: ${actual}`);
}
const checks = [];

/** The two orders of the same history a user meets (SPEC §7), as the generator writes them. */
const ORDERS = [
  { key: 'byStore', name: 'per-store exports concatenated' },
  { key: 'byDate', name: 'mall-wide export sorted by date' },
];

/** smo-gaps' report JSON → the same keyed gap lines as the window query gives. */
function reportGaps(report) {
  const lines = [];
  for (const s of report.stores) {
    for (const g of s.gaps) lines.push(`${s.store}|${g.series}|${g.from}|${g.to}|${g.count}|${g.prev_date}|${g.next_date}`);
  }
  return lines.sort();
}
const windowGaps = (rows) =>
  rows.map((g) => `${g.store}|${g.series}|${g.from_seq}|${g.to_seq}|${g.count}|${g.prev_date}|${g.next_date}`).sort();

function sameGaps(what, ours, theirs) {
  if (ours.length !== theirs.length || ours.some((line, i) => line !== theirs[i])) {
    const first = ours.findIndex((line, i) => line !== theirs[i]);
    throw new Error(
      `answer check failed: ${what}: ${ours.length} gaps vs ${theirs.length}; first difference: ${ours[first]} vs ${theirs[first]}`,
    );
  }
  checks.push(`${what}: ${ours.length} gaps identical`);
}

// ---------------------------------------------------------------- the run

function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!m) throw new Error(`--sizes: '${text}' is not a size (100k, 1m, 250000)`);
  return Math.round(Number(m[1]) * { '': 1, k: 1e3, m: 1e6 }[m[2].toLowerCase()]);
}

function label(rows) {
  return rows >= 1e6 ? `${rows / 1e6}M` : rows >= 1e3 ? `${rows / 1e3}k` : String(rows);
}

async function main(argv) {
  const flag = (name) => argv.includes(name);
  const value = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  const smoke = flag('--smoke');
  const sizes = (smoke ? ['20k'] : value('--sizes', '100k,1m,10m').split(',')).map(parseSize).sort((a, b) => a - b);
  const dir = value('--dir', join(tmpdir(), 'smo-gaps-bench'));
  const repeat = Number(value('--repeat', smoke ? '1' : '3'));
  // The daily run is a process of about 0.2 s, where one hiccup of the shared machine is a
  // large share: smo-gaps runs it more often (its median counts), DuckDB's recompute `repeat`
  // times (its best counts), the two taking turns while both run.
  const dailyRepeat = smoke ? repeat : Math.max(repeat, DAILY_RUNS);
  const naive = !flag('--no-naive');
  const write = !smoke && !flag('--no-write');
  const work = join(dir, `run-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const log = (text) => process.stderr.write(`${text}\n`);
  const results = { sizes: [], daily: [], month: undefined };

  try {
    for (const rows of sizes) {
      log(`[${label(rows)}] generating…`);
      const truth = await generate(dir, rows);
      const orders = [];
      for (const order of ORDERS) {
        const csv = truth[order.key];
        const db = join(work, `smo-${rows}-${order.key}.db`);
        const out = join(work, `out-${rows}.json`);
        const duckOut = join(work, `duck-${rows}.json`);
        const what = `${label(rows)} ${order.key}`;
        // Each side's best of `repeat` runs, the two sides taking turns: a slow spell of a shared
        // machine (10M loads have taken half as long again for minutes at a time) then falls on
        // both, instead of on the three runs of one side. The best run is the fair figure there.
        const ourRuns = [];
        const duckRuns = [];
        let ours;
        for (let i = 0; i < repeat; i++) {
          log(`[${what}] one-shot: smo-gaps ingest + full-history report ${i + 1}/${repeat}…`);
          for (const file of [db, `${db}-wal`, `${db}-shm`]) rmSync(file, { force: true });
          const ingest = smo(['ingest', csv, '--db', db, '--json']);
          const report = smo(['report', '--db', db, '--from', truth.firstDay, '--to', truth.lastDay, '--format', 'json', '--output', out]);
          ours = JSON.parse(readFileSync(out, 'utf8'));
          checked(`${what}: rows loaded`, JSON.parse(ingest.stdout).totals.loaded, truth.rows);
          checked(`${what}: missing (smo-gaps vs generator)`, ours.totals.missing, truth.historyMissing);
          ourRuns.push({ ingest, report, seconds: ingest.seconds + report.seconds });

          log(`[${what}] one-shot: DuckDB read_csv + window query ${i + 1}/${repeat}…`);
          duckRuns.push(measure([SELF, '--child', 'duck-oneshot', csv, duckOut], { label: 'duckdb' }));
          const duckGaps = JSON.parse(readFileSync(duckOut, 'utf8'));
          checked(
            `${what}: missing (DuckDB vs generator)`,
            duckGaps.reduce((a, g) => a + g.count, 0),
            truth.historyMissing,
          );
          sameGaps(`${what}: smo-gaps vs DuckDB`, reportGaps(ours), windowGaps(duckGaps));
        }
        const best = ourRuns.reduce((a, b) => (b.seconds < a.seconds ? b : a));
        // Time from the best run; memory from the worst, the figure a server must have room for.
        const ingest = { ...best.ingest, rssMB: Math.max(...ourRuns.map((r) => r.ingest.rssMB ?? 0)) || undefined };
        const { report } = best;
        const ourAll = ourRuns.map((r) => r.seconds);
        const dbBytes = statSync(db).size + (existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0);
        const csvBytes = statSync(csv).size;

        const duck = { seconds: Math.min(...duckRuns.map((r) => r.seconds)), all: duckRuns.map((r) => r.seconds) };

        let naiveRun;
        if (naive && order.key === 'byDate') {
          log(`[${what}] one-shot: naive csv-parse + row inserts + SQLite window query…`);
          naiveRun = measure([SELF, '--child', 'naive', csv, join(work, `naive-${rows}.db`), out], { label: 'naive' });
          checked(
            `${what}: missing (naive vs generator)`,
            JSON.parse(readFileSync(out, 'utf8')).reduce((a, g) => a + g.count, 0),
            truth.historyMissing,
          );
          rmSync(join(work, `naive-${rows}.db`), { force: true });
        }
        orders.push({ order, ingest, report, ourAll, duck, naive: naiveRun, db, dbBytes, csvBytes });
      }
      // The daily run and the month's report use the database of the mall-wide, date-ordered export.
      const main = orders.find((o) => o.order.key === 'byDate');
      for (const o of orders) if (o !== main) rmSync(o.db, { force: true });
      results.sizes.push({ rows, truth, orders, db: main.db, ingest: main.ingest });
    }

    // (b) the daily run, on the smallest and the largest database, on fresh copies.
    const dailySizes = [...new Set([results.sizes[0], results.sizes[results.sizes.length - 1]])];
    for (const size of dailySizes) {
      const { truth, rows } = size;
      const today = nextDay(truth.dailyDay);
      const env = { SMO_GAPS_TODAY: today };
      const times = [];
      let report;
      const twoProcessTimes = [];
      const duckTimes = [];
      const out = join(work, `daily-${rows}.json`);
      // The two sides take turns here too (see the one-shot).
      for (let i = 0; i < dailyRepeat; i++) {
        // The product's daily run, as cron starts it: one process loads the inbox and writes
        // yesterday's report files. For comparison, the same work as two commands.
        const copy = freshCopy(size.db, join(work, `daily-${rows}.db`));
        const inbox = join(work, `inbox-${rows}`);
        const outDir = join(work, `reports-${rows}`);
        rmSync(inbox, { recursive: true, force: true });
        rmSync(outDir, { recursive: true, force: true });
        mkdirSync(inbox);
        copyFileSync(truth.daily, join(inbox, basename(truth.daily)));
        log(`[${label(rows)}] daily run ${i + 1}/${dailyRepeat}: run daily, ${truth.dailyRows} new rows + yesterday's report files…`);
        const run = smo(['run', 'daily', '--db', copy, '--inbox', inbox, '--out', outDir, '--keep', '--quiet', '--settle', '0'], env);
        times.push(run.seconds);
        report = JSON.parse(readFileSync(join(outDir, `report-${truth.dailyDay}.json`), 'utf8'));

        const second = freshCopy(size.db, join(work, `daily2-${rows}.db`));
        const a = smo(['ingest', truth.daily, '--db', second, '--quiet'], env);
        const b = smo(['report', '--db', second, '--format', 'json'], env);
        twoProcessTimes.push(a.seconds + b.seconds);
        checked(`${label(rows)}: daily missing, run daily vs ingest + report`, JSON.parse(b.stdout).totals.missing, report.totals.missing);
        rmSync(second, { force: true });
        if (i === dailyRepeat - 1) {
          const all = smo(['report', '--db', copy, '--from', truth.firstDay, '--to', truth.dailyDay, '--format', 'json']);
          checked(
            `${label(rows)}: missing after the daily file (smo-gaps vs generator)`,
            JSON.parse(all.stdout).totals.missing,
            truth.afterDailyMissing,
          );
        }
        rmSync(copy, { force: true });

        if (i >= repeat) continue;
        log(`[${label(rows)}] daily run ${i + 1}/${repeat}: DuckDB recomputing from the whole history…`);
        duckTimes.push(
          measure([SELF, '--child', 'duck-daily', truth.history, truth.daily, truth.dailyDay, out], { label: 'duckdb daily' }).seconds,
        );
      }
      checked(`${label(rows)}: daily report's period`, report.period.from, truth.dailyDay);
      sameGaps(`${label(rows)}: daily report vs DuckDB`, reportGaps(report), windowGaps(JSON.parse(readFileSync(out, 'utf8'))));
      results.daily.push({
        rows,
        seconds: median(times),
        times,
        twoProcesses: median(twoProcessTimes),
        duck: Math.min(...duckTimes),
        duckTimes,
        missing: report.totals.missing,
      });
    }

    // (c) a month's report versus the full-table window query, on the largest database.
    const largest = results.sizes[results.sizes.length - 1];
    results.month = await monthVersusWindow(largest, log);
  } finally {
    for (const size of results.sizes) rmSync(size.db, { force: true });
    rmSync(work, { recursive: true, force: true });
  }

  const table = render(results);
  process.stdout.write(`${table}\n`);
  process.stdout.write(`answers checked: ${checks.length} checks passed\n`);
  if (argv.includes('--verbose')) for (const check of checks) process.stdout.write(`  ${check}\n`);
  if (write) {
    const path = join(ROOT, 'docs', 'benchmarks.md');
    mkdirSync(dirname(path), { recursive: true });
    // The hand-written notes (what limits a target, levers tried) outlive a new run.
    const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const notes = previous.indexOf('\n## Notes');
    writeFileSync(path, document(table, results) + (notes >= 0 ? previous.slice(notes) : ''));
    log(`written to ${path}`);
  }
}

function nextDay(day) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

async function monthVersusWindow(size, log) {
  const { openDatabase } = await import(join(ROOT, 'dist', 'store', 'db.js'));
  const { buildReport } = await import(join(ROOT, 'dist', 'audit', 'report.js'));
  // A month in the middle of the history (the first whole one when the history is short).
  const first = Date.parse(`${size.truth.firstDay}T00:00:00Z`);
  const last = Date.parse(`${size.truth.lastDay}T00:00:00Z`);
  const middle = new Date((first + last) / 2).toISOString().slice(0, 7);
  const from = Number(`${middle.replace('-', '')}01`);
  const to = Number(`${middle.replace('-', '')}31`);
  log(`[${label(size.rows)}] report of ${middle} versus a full-table window query…`);
  const db = openDatabase(size.db, { readonly: true });
  try {
    const reportTimes = [];
    let report;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      report = buildReport(db, { from, to });
      reportTimes.push((performance.now() - t) / 1000);
    }
    // The window query over the database's own \`invoices\` (a view over the blocks), and over a
    // plain copy clustered by (series, sequential) as one row per invoice would be: the stricter
    // reference (the copy is made before the clock starts).
    log(`[${label(size.rows)}] copying the invoices into a plain table for the reference window query…`);
    db.exec(`CREATE TEMP TABLE plain_invoices (series_id INTEGER, seq INTEGER, date INTEGER, PRIMARY KEY (series_id, seq)) WITHOUT ROWID;
             INSERT INTO plain_invoices SELECT series_id, seq, date FROM invoices ORDER BY series_id, seq;`);
    const windowOver = (table) =>
      db.prepare(`
      WITH w AS (SELECT series_id, seq, date, lag(seq) OVER (PARTITION BY series_id ORDER BY seq) AS pseq FROM ${table})
      SELECT coalesce(sum(seq - pseq - 1), 0) AS missing FROM w WHERE seq - pseq > 1 AND date BETWEEN ? AND ?`);
    const timed = (statement, runs) => {
      const times = [];
      let missing;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        missing = statement.get(from, to).missing;
        times.push((performance.now() - t) / 1000);
      }
      return { missing, seconds: Math.min(...times) };
    };
    const plain = timed(windowOver('temp.plain_invoices'), 2);
    const overView = timed(windowOver('invoices'), 1);
    const missing = plain.missing;
    const windowTimes = [plain.seconds];
    checked(`${label(size.rows)}: month ${middle} missing (report vs window query)`, report.totals.missing, missing);
    checked(`${label(size.rows)}: month ${middle} missing (window over the invoices view)`, overView.missing, missing);
    const cli = smo(['report', '--db', size.db, '--month', middle, '--format', 'json']);
    // SPEC §7: a month's findings within 1 second as a whole process.
    const findings = smo(['findings', '--db', size.db, '--month', middle, '--format', 'json']);
    checked(
      `${label(size.rows)}: month ${middle} jumps (findings vs report)`,
      JSON.parse(findings.stdout).totals.jump,
      report.totals.jumps,
    );
    // SPEC §7: a month's money (§8) within 1 s as a whole process (no leases: every store's sales and estimate still computed).
    const money = smo(['money', '--db', size.db, '--month', middle, '--format', 'json']);
    checked(
      `${label(size.rows)}: month ${middle} missing (money vs report)`,
      JSON.parse(money.stdout).stores.reduce((n, r) => n + r.missing, 0),
      report.totals.missing,
    );
    return {
      rows: size.rows,
      month: middle,
      report: median(reportTimes),
      window: Math.min(...windowTimes),
      windowOverView: overView.seconds,
      cli: cli.seconds,
      findings: findings.seconds,
      money: money.seconds,
      missing,
    };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------- the table

const s = (seconds) => (seconds === undefined ? '–' : seconds < 1 ? `${(seconds * 1000).toFixed(0)} ms` : `${seconds.toFixed(2)} s`);
// Whole numbers from 100, one decimal from 10: a ratio just under a target (19.7×) must not read as the target.
const x = (ratio) => `${ratio >= 100 ? ratio.toFixed(0) : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
const mb = (value) => (value === undefined ? 'n/a' : `${value.toFixed(0)} MB`);
const verdict = (ok) => (ok ? 'met' : '**not met**');

function render({ sizes, daily, month }) {
  const lines = [];
  lines.push(
    '### One-shot: ingest + full-history report (wall time, process start included; the best run of each side, its ingest and report; peak RSS the highest of the runs)',
    '',
  );
  lines.push(
    '| rows | order | file | smo-gaps ingest | + report | smo-gaps total (best; all runs) | DuckDB (best; all runs) | naive | smo-gaps / DuckDB | ingest rows/s | ingest peak RSS | database | database / file |',
  );
  lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of sizes) {
    for (const o of r.orders) {
      const total = o.ingest.seconds + o.report.seconds;
      lines.push(
        `| ${label(r.rows)} (${r.truth.rows.toLocaleString('en-US')}) | ${o.order.name} | ${(o.csvBytes / 1e6).toFixed(0)} MB | ${s(o.ingest.seconds)} | ${s(o.report.seconds)} | ${s(total)} (${o.ourAll.map(s).join(', ')}) | ${s(o.duck.seconds)} (${o.duck.all.map(s).join(', ')}) | ${s(o.naive?.seconds)} | ${x(total / o.duck.seconds)} | ${Math.round(r.truth.rows / o.ingest.seconds).toLocaleString('en-US')} | ${mb(o.ingest.rssMB)} | ${(o.dbBytes / 1e6).toFixed(0)} MB | ${(o.dbBytes / o.csvBytes).toFixed(2)} |`,
      );
    }
  }
  lines.push(
    '',
    "### Daily run: one day's export + yesterday's report (smo-gaps' median, DuckDB's best; each run on a fresh copy of the database, flushed to disk first)",
    '',
  );
  lines.push(
    '| database | new rows | smo-gaps run daily (one process; median; all runs) | ingest + report (two processes) | DuckDB recompute from the whole history (best; all runs) | DuckDB / run daily |',
  );
  lines.push('|---:|---:|---:|---:|---:|---:|');
  const runs = (times) => times.map(s).join(', ');
  for (const d of daily) {
    const size = sizes.find((r) => r.rows === d.rows);
    lines.push(
      `| ${label(d.rows)} invoices | ${size.truth.dailyRows.toLocaleString('en-US')} | ${s(d.seconds)} (${runs(d.times)}) | ${s(d.twoProcesses)} | ${s(d.duck)} (${runs(d.duckTimes)}) | ${x(d.duck / d.seconds)} |`,
    );
  }
  lines.push('', `### A month's report versus a full-table window query (${label(month.rows)} database, in process)`, '');
  lines.push(
    '| month | report (buildReport) | report through the binary | window query over a plain (series, sequential) table | window / report | window query over the `invoices` view |',
  );
  lines.push('|---|---:|---:|---:|---:|---:|');
  lines.push(
    `| ${month.month} | ${s(month.report)} | ${s(month.cli)} | ${s(month.window)} | ${x(month.window / month.report)} | ${s(month.windowOverView)} |`,
  );
  lines.push('', `\`smo-gaps money --month ${month.month}\` through the binary (${label(month.rows)} database): ${s(month.money)}`);

  const big = sizes[sizes.length - 1];
  const oneM = sizes.find((r) => r.rows === 1e6) ?? sizes[Math.max(0, sizes.length - 2)];
  const small = daily[0];
  const large = daily[daily.length - 1];
  const growth = large.seconds / small.seconds;
  const cheaper = large.duck / large.seconds;
  const reportRatio = month.window / month.report;
  lines.push('', '### SPEC §7 targets, from this run', '');
  lines.push('| target | measured | |');
  lines.push('|---|---:|---|');
  for (const o of big.orders) {
    const oneShot = (o.ingest.seconds + o.report.seconds) / o.duck.seconds;
    lines.push(`| one-shot (${label(big.rows)}, ${o.order.name}) within 2× DuckDB | ${x(oneShot)} | ${verdict(oneShot <= 2)} |`);
  }
  lines.push(
    `| daily run on ${label(large.rows)} at most 1.5× the run on ${label(small.rows)} | ${x(growth)} | ${verdict(growth <= 1.5)} |`,
  );
  lines.push(
    `| daily run on ${label(large.rows)} at least 20× cheaper than DuckDB's recompute | ${x(cheaper)} | ${verdict(cheaper >= 20)} |`,
  );
  lines.push(
    `| month's report (${label(month.rows)}) at least 50× faster than the full window query | ${x(reportRatio)} | ${verdict(reportRatio >= 50)} |`,
  );
  lines.push(`| a month's money (${label(month.rows)}) within 1 s as a whole process | ${s(month.money)} | ${verdict(month.money <= 1)} |`);
  lines.push(
    `| month's findings (${label(month.rows)}) within 1 s as a whole process | ${s(month.findings)} | ${verdict(month.findings <= 1)} |`,
  );
  for (const o of big.orders) {
    const ratio = o.dbBytes / o.csvBytes;
    lines.push(
      `| ${label(big.rows)} database (${o.order.name}) no larger than its CSV | ${(o.dbBytes / 1e6).toFixed(0)} MB / ${(o.csvBytes / 1e6).toFixed(0)} MB = ${ratio.toFixed(2)} | ${verdict(ratio <= 1)} |`,
    );
  }
  const peak = Math.max(...big.orders.map((o) => o.ingest.rssMB ?? 0));
  const peak1M = Math.max(...oneM.orders.map((o) => o.ingest.rssMB ?? 0));
  lines.push(
    `| peak memory of the ${label(big.rows)} ingest under 300 MB (the higher of the two orders) | ${mb(peak)} | ${verdict(peak < 300)} |`,
  );
  lines.push(
    `| peak memory ${label(oneM.rows)} → ${label(big.rows)} at most 1.2× | ${x(peak / peak1M)} (${mb(peak1M)} → ${mb(peak)}) | ${verdict(peak / peak1M <= 1.2)} |`,
  );
  return lines.join('\n');
}

function machine() {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${platform()} ${release()}, Node ${process.version}`;
}

function document(table, { sizes }) {
  const t = sizes[sizes.length - 1].truth;
  return `# Benchmarks

Measured by \`npm run bench\` (scripts/bench.js) in one run, on ${machine()}.
The machine is shared with other jobs, so read the ratios (taken in the same run), not the
absolute times. ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.

## What is measured

- **Data**: a seeded generator (scripts/bench-data.js): ${t.series} series of 300 stores (1–3
  emission points each), about 10,000 invoices a day, about 0.1% of the numbers never reported
  (in bursts of 1–4), burst days, and 4% of the rows reported 1–7 days late. The largest
  export has ${t.rows.toLocaleString('en-US')} rows (${(t.bytes / 1e6).toFixed(0)} MB) over ${t.days} days.
  Columns: \`store,invoice_number,date,amount\`. The data lives in the temporary directory, never in git.
- **One-shot**: \`smo-gaps ingest\` of the export, then \`smo-gaps report --from FIRST --to LAST
  --format json\` (two processes, start included), against DuckDB (\`@duckdb/node-api\`, 2 threads,
  in memory) loading the same CSV with \`read_csv\` into a table and running the equivalent
  window query (lag over series ordered by sequential), and against the naive path: csv-parse,
  one INSERT per row into SQLite, and the same window query in SQLite. Each side runs
  \`--repeat\` times (3 by default), the two sides taking turns (a slow spell of the machine
  falls on both), smo-gaps into a new database each time; the best run of each is compared.
- **Daily run**: the next day's export (its own rows, and the late rows still held back, which
  fill gaps) ingested into a copy of the database, then yesterday's report, each a whole
  process; DuckDB recomputes the day's gaps from the whole history's CSV plus the day's.
  smo-gaps' run, about 0.2 s, where one hiccup of the shared machine is a large share, is
  measured ${DAILY_RUNS} times (or \`--repeat\` if more) and its median counts; DuckDB's 4 s recompute
  \`--repeat\` times and its best counts; the sides take turns while both run.
- **Month's report**: \`buildReport\` for one month of the largest database, in process, against
  a full-table window query over the same database's invoices table.
- **Memory**: peak resident set size of the ingest process (\`/usr/bin/time\`), the highest of its runs.
- **Environment**: every timed process, smo-gaps' and DuckDB's, starts with \`PATH\`, \`TZ=UTC\` and
  \`NO_COLOR=1\` only, as cron starts a job: nothing from the shell that runs the benchmark (such
  as \`NODE_EXTRA_CA_CERTS\`, which adds about 40 ms to each Node start: docs/operations.md).
- **Answers**: every run checks that the missing numbers equal the generator's truth, and that
  smo-gaps' gaps equal DuckDB's gap for gap (store, series, from, to, count, previous and next
  dates) — for the full history and for the daily run; the month's report is checked
  against the window query.

## Results

${table}
`;
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  const [, mode, ...rest] = argv;
  await (mode === 'naive' ? naiveChild(rest) : duckChild(mode, rest));
} else {
  try {
    await main(argv);
  } catch (error) {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exitCode = 1;
  }
}
