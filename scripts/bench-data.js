// The benchmark's data: a seeded generator of invoice exports, with the truth it knows.
//
// 300 stores with 1–3 emission points each; about 10,000 invoices a day in all (busier
// weekends, and burst days when one store issues twice its usual); about 0.1% of the
// numbers never reported, in bursts of 1–4 consecutive numbers; 4% of the rows reported
// 1–7 days late (written after a later day's rows). The history file holds whole days;
// the rows still held back at its end arrive in the "daily" file of the next day, with
// that day's own rows, so the daily run also recovers numbers late.
//
// The same history's rows also come in the two orders a user meets (SPEC §7): per-store
// exports concatenated (`.by-store.csv`: each store's rows together, its series one after
// the other, each in the order it was reported), and one mall-wide export sorted by date
// (`.by-date.csv`: each day's invoices with every series interleaved at random). Both hold
// exactly the history's rows, so they have its truth.
//
// Plain JavaScript: the benchmark runs without a build step of its own.

import { createWriteStream, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export const ROWS_PER_DAY = 10_000;
export const STORES = 300;
export const HEADER = 'store,invoice_number,date,amount\n';
/** Day 0 of every generated history. */
const START = Date.UTC(2023, 0, 1);

/** mulberry32: small, fast, and the same sequence on every machine. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function dayText(day) {
  return new Date(START + day * 86_400_000).toISOString().slice(0, 10);
}

function pad(n, width) {
  return String(n).padStart(width, '0');
}

/** The series of the generated world, the same for every size (the seed decides). */
function world(seed) {
  const rand = random(seed);
  const series = [];
  for (let s = 1; s <= STORES; s++) {
    const store = `L-${pad(s, 3)}`;
    const points = 1 + Math.floor(rand() * 3);
    const establishment = pad(1 + Math.floor(rand() * 3), 3);
    for (let p = 1; p <= points; p++) {
      series.push({ store, label: `${establishment}-${pad(p, 3)}`, weight: 0.2 + rand() * 1.6, next: 1, acc: 0, absent: [] });
    }
  }
  const total = series.reduce((acc, s) => acc + s.weight, 0);
  for (const s of series) s.rate = (ROWS_PER_DAY * s.weight) / total;
  return { series, rand };
}

/**
 * Writes `history.csv` (about `rows` rows, whole days of about ROWS_PER_DAY) and
 * `daily.csv` (the next day) into `dir`, unless they are already there for this seed, and
 * returns the truth: rows written, days, and the missing numbers of the history and after
 * the daily file.
 */
export async function generate(dir, rows, seed = 20240301) {
  const days = Math.max(1, Math.round(rows / ROWS_PER_DAY));
  const base = `${dir}/invoices-v2-${rows}-${seed}`;
  const truthPath = `${base}.truth.json`;
  if (existsSync(truthPath)) {
    const truth = JSON.parse(readFileSync(truthPath, 'utf8'));
    if ([truth.history, truth.byStore, truth.byDate, truth.daily].every((f) => f && existsSync(f))) return truth;
  }
  const { series, rand } = world(seed);
  const pending = new Map(); // release day → rows held back until then
  const history = createWriteStream(`${base}.csv.tmp`, { highWaterMark: 1 << 20 });
  const byDate = createWriteStream(`${base}.by-date.csv.tmp`, { highWaterMark: 1 << 20 });
  /** Each series' rows of the history, in the order reported, for the per-store order. */
  const reported = new Map(series.map((s) => [s, []]));
  let written = 0;
  const write = async (stream, text) => {
    if (!stream.write(text)) await new Promise((resolve) => stream.once('drain', resolve));
  };
  await write(history, HEADER);

  /** One day's rows of every series: the ones reported that day as text, late ones held. */
  const issueDay = (day, plain = false) => {
    const date = dayText(day);
    // Busier weekends, a mean of 1; the daily file's day is a plain one whatever its weekday,
    // so that the daily runs on databases of different sizes add the same number of rows.
    const weekend = plain ? 1 : [0, 6].includes(new Date(START + day * 86_400_000).getUTCDay()) ? 1.2 : 0.92;
    const lines = [];
    /** The day's invoices that the history holds, whenever reported: the mall-wide export's rows. */
    const dated = [];
    for (const s of series) {
      const burst = rand() < 0.002 ? 2 : 1;
      s.acc += s.rate * weekend * burst;
      const count = Math.floor(s.acc);
      s.acc -= count;
      for (let i = 0; i < count; i++) {
        const seq = s.next++;
        if (s.dropping > 0) {
          s.dropping--;
          s.absent.push(seq);
          continue;
        }
        if (rand() < 0.0004) {
          s.dropping = Math.floor(rand() * 4); // this one and up to 3 more: a burst of 1–4
          s.absent.push(seq);
          continue;
        }
        const line = `${s.store},${s.label}-${pad(seq, 9)},${date},${(5 + rand() * 200).toFixed(2)}\n`;
        if (rand() < 0.04) {
          const release = day + 1 + Math.floor(rand() * 7);
          let held = pending.get(release);
          if (!held) pending.set(release, (held = []));
          held.push({ s, seq, line });
          if (release < days) dated.push(line);
        } else {
          lines.push(line);
          dated.push(line);
          if (!plain) reported.get(s).push(line);
        }
      }
    }
    const released = pending.get(day) ?? [];
    pending.delete(day);
    for (const r of released) {
      lines.push(r.line);
      if (!plain) reported.get(r.s).push(r.line);
    }
    // Every series interleaved: a seeded shuffle of the day's invoices.
    for (let i = dated.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [dated[i], dated[j]] = [dated[j], dated[i]];
    }
    return { lines, dated };
  };

  await write(byDate, HEADER);
  for (let day = 0; day < days; day++) {
    const { lines, dated } = issueDay(day);
    written += lines.length;
    await write(history, lines.join(''));
    await write(byDate, dated.join(''));
  }
  const end = (stream) => new Promise((resolve, reject) => stream.end((error) => (error ? reject(error) : resolve())));
  await end(history);
  await end(byDate);
  const historyBytes = Buffer.byteLength(HEADER) + [...reported.values()].reduce((acc, l) => acc + l.reduce((a, x) => a + x.length, 0), 0);
  const byStore = createWriteStream(`${base}.by-store.csv.tmp`, { highWaterMark: 1 << 20 });
  await write(byStore, HEADER);
  for (const s of [...series].sort((a, b) => (a.store < b.store ? -1 : a.store > b.store ? 1 : 0))) {
    await write(byStore, reported.get(s).join(''));
    reported.set(s, []);
  }
  await end(byStore);

  // What the history lacks: numbers never reported, and numbers held back past its end.
  const heldAtEnd = new Map();
  for (const held of pending.values()) for (const r of held) heldAtEnd.set(r.s, [...(heldAtEnd.get(r.s) ?? []), r.seq]);
  const missingOf = (absentOf) => {
    let missing = 0;
    for (const s of series) {
      const absent = new Set(absentOf(s));
      let low = 1;
      while (absent.has(low)) low++;
      let high = s.next - 1;
      while (absent.has(high)) high--;
      for (const a of absent) if (a > low && a < high) missing++;
    }
    return missing;
  };
  const historyMissing = missingOf((s) => [...s.absent, ...(heldAtEnd.get(s) ?? [])]);

  // The next day: its own rows, and every row still held back arrives with them.
  const daily = createWriteStream(`${base}.daily.csv.tmp`);
  const { lines } = issueDay(days, true);
  for (const held of pending.values()) for (const r of held) lines.push(r.line);
  const lateInDaily = [...heldAtEnd.values()].reduce((acc, l) => acc + l.length, 0);
  await write(daily, HEADER + lines.join(''));
  await new Promise((resolve, reject) => daily.end((error) => (error ? reject(error) : resolve())));
  // Missing after the daily file: the held rows it brings are no longer missing, and the
  // numbers dropped on the new day count once its invoices are in.
  const afterMissing = missingOf((s) => s.absent);

  renameSync(`${base}.csv.tmp`, `${base}.csv`);
  renameSync(`${base}.by-store.csv.tmp`, `${base}.by-store.csv`);
  renameSync(`${base}.by-date.csv.tmp`, `${base}.by-date.csv`);
  renameSync(`${base}.daily.csv.tmp`, `${base}.daily.csv`);
  const truth = {
    seed,
    history: `${base}.csv`,
    byStore: `${base}.by-store.csv`,
    byDate: `${base}.by-date.csv`,
    daily: `${base}.daily.csv`,
    rows: written,
    bytes: historyBytes,
    series: series.length,
    days,
    firstDay: dayText(0),
    lastDay: dayText(days - 1),
    dailyDay: dayText(days),
    dailyRows: lines.length,
    lateInDaily,
    historyMissing,
    afterDailyMissing: afterMissing,
  };
  writeFileSync(truthPath, JSON.stringify(truth, null, 2));
  return truth;
}
