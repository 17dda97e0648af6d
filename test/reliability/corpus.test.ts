import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { scratch, smo, smoAsync, type Scratch } from '../helpers/cli.js';

/**
 * A malformed-input corpus (issue 14, SPEC §12): every case is ingested into a copy of a
 * database that already holds a good file, and must end with the exit code it should, one-line
 * messages naming the file (and the line, for a bad row), no stack trace, the good rows of the
 * same file loaded, and nothing stored before lost. Large inputs are made here, never committed.
 */

const HEADER = 'store,secuencial,fecha,total,estado';
const row = (n: number, date = '2024-03-01', store = 'C') => `${store},${n},${date},10.00,AUTORIZADO`;
/** Good rows 1..n of store C. */
const rows = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => row(from + i));
const lf = (lines: string[]) => `${lines.join('\n')}\n`;
const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
};

interface Case {
  name: string;
  content: () => string | Buffer;
  /** Exit code: 0 when the file loads (bad rows rejected), 2 when it is refused whole. */
  code: 0 | 2;
  /** Invoices of store C loaded. */
  good: number;
  /** Lines rejected, each named in a message `case.csv: line N: …`. */
  bad?: number[];
  /** What the message (or a warning) must say. */
  says?: RegExp;
  /** Also read on the worker thread (the paths differ). */
  thread?: boolean;
  args?: string[];
}

const CASES: Case[] = [
  {
    name: 'unclosed quote mid-file',
    content: () => lf([HEADER, row(1), row(2), 'C,"3,2024-03-01,10.00,AUTORIZADO', ...rows(4, 40)]),
    code: 0,
    good: 39,
    bad: [4],
    thread: true,
  },
  {
    name: 'unclosed quote, CRLF',
    content: () => [HEADER, row(1), 'C,"2,2024-03-01', ...rows(3, 30)].join('\r\n') + '\r\n',
    code: 0,
    good: 29,
    bad: [3],
    thread: true,
  },
  {
    name: 'unclosed quote on the last line',
    content: () => lf([HEADER, ...rows(1, 20), 'C,"21,2024-03-01']),
    code: 0,
    good: 20,
    bad: [22],
  },
  {
    name: 'unclosed quote in a 20-line file',
    content: () => lf([HEADER, ...rows(1, 15), 'C,16,"2024-03-01', ...rows(17, 19)]),
    code: 0,
    good: 18,
    bad: [17],
  },
  {
    name: 'quoted field past 64 KB',
    content: () => lf([HEADER, row(1), `C,2,2024-03-01,"${'x'.repeat(70_000)}`, ...rows(3, 10)]),
    code: 0,
    good: 9,
    bad: [3],
    thread: true,
  },
  {
    name: 'quoted field past 100 lines',
    content: () => lf([HEADER, row(1), 'C,2,"2024-03-01', ...rows(3, 150)]),
    code: 0,
    good: 149,
    bad: [3],
    thread: true,
  },
  {
    name: 'line over 1 MB',
    content: () => lf([HEADER, row(1), `C,2,2024-03-01,${'9'.repeat(1_500_000)}`, ...rows(3, 10)]),
    code: 0,
    good: 9,
    bad: [3],
    says: /line over 1 MB/,
    thread: true,
  },
  {
    name: 'quoted line over 1 MB',
    content: () => lf([HEADER, row(1), `C,2,"${'q'.repeat(1_500_000)}`, ...rows(3, 10)]),
    code: 0,
    good: 9,
    bad: [3],
  },
  { name: 'lone CR joining two rows', content: () => `${HEADER}\n${row(1)}\r${row(2)}\n${lf(rows(3, 5))}`, code: 0, good: 5 },
  {
    name: 'lone CR joining two rows, CRLF file',
    content: () => `${HEADER}\r\n${row(1)}\r${row(2)}\r\n${rows(3, 5).join('\r\n')}\r\n`,
    code: 0,
    good: 5,
  },
  {
    name: 'number with an empty part',
    content: () => lf([HEADER, row(1), 'C,001-001--000000004,2024-03-01,1,AUTORIZADO', row(3)]),
    code: 0,
    good: 2,
    bad: [3],
    says: /empty part/,
  },
  {
    name: 'year 9999',
    content: () => lf([HEADER, row(1), row(2, '9999-12-31'), row(3)]),
    code: 0,
    good: 2,
    bad: [3],
    says: /out of range '9999-12-31'/,
  },
  {
    name: 'impossible date',
    content: () => lf([HEADER, row(1), row(2, '2024-02-30'), row(3)]),
    code: 0,
    good: 2,
    bad: [3],
    says: /impossible date/,
  },
  { name: 'unreadable date', content: () => lf([HEADER, row(1), row(2, 'tomorrow'), row(3)]), code: 0, good: 2, bad: [3] },
  { name: 'missing date', content: () => lf([HEADER, row(1), row(2, ''), row(3)]), code: 0, good: 2, bad: [3] },
  { name: 'missing sequential', content: () => lf([HEADER, row(1), 'C,,2024-03-01,1,AUTORIZADO', row(3)]), code: 0, good: 2, bad: [3] },
  {
    name: 'non-numeric sequential',
    content: () => lf([HEADER, row(1), 'C,abc,2024-03-01,1,AUTORIZADO', row(3)]),
    code: 0,
    good: 2,
    bad: [3],
  },
  { name: 'negative sequential', content: () => lf([HEADER, row(1), 'C,-5,2024-03-01,1,AUTORIZADO', row(3)]), code: 0, good: 2, bad: [3] },
  {
    name: 'sequential past 2^53',
    content: () => lf([HEADER, row(1), 'C,99999999999999999999,2024-03-01,1,AUTORIZADO', row(3)]),
    code: 0,
    good: 2,
    bad: [3],
  },
  { name: 'too few columns', content: () => lf([HEADER, row(1), 'C,2', row(3)]), code: 0, good: 2, bad: [3] },
  { name: 'too many columns', content: () => lf([HEADER, row(1), `${row(2)},extra,more`, row(3)]), code: 0, good: 2, bad: [3] },
  {
    name: 'NUL inside a row',
    content: () => lf([HEADER, ...rows(1, 3000), 'C,30\u000001,2024-03-01,1,AUTORIZADO', row(3002)]),
    code: 2,
    good: 0,
    says: /not a text file: a NUL byte at byte \d+/,
  },
  {
    name: 'ESC sequence in a sequential',
    content: () => lf([HEADER, row(1), 'C,\u001b]0;pwned\u00072,2024-03-01,1,AUTORIZADO', row(3)]),
    code: 0,
    good: 2,
    bad: [3],
  },
  { name: 'CSI in a date', content: () => lf([HEADER, row(1), row(2, '2024-03-01\u009b2J'), row(3)]), code: 0, good: 2, bad: [3] },
  { name: 'BEL in a store code', content: () => lf([HEADER, row(1), row(2, '2024-03-01', 'C\u0007'), row(3)]), code: 0, good: 3 },
  {
    name: 'bidi override in a number',
    content: () => lf([HEADER, row(1), 'C,\u202e2,2024-03-01,1,AUTORIZADO', row(3)]),
    code: 0,
    good: 2,
    bad: [3],
  },
  { name: 'UTF-16LE with BOM', content: () => utf16le(lf([HEADER, ...rows(1, 5)])), code: 0, good: 5 },
  { name: 'UTF-16BE with BOM', content: () => utf16be(lf([HEADER, ...rows(1, 5)])), code: 0, good: 5 },
  {
    name: 'UTF-16LE without BOM',
    content: () => Buffer.from(lf([HEADER, ...rows(1, 5)]), 'utf16le'),
    code: 2,
    good: 0,
    says: /UTF-16 \(little-endian\) without a byte-order mark/,
  },
  { name: 'a PNG image', content: () => Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), code: 2, good: 0, says: /not a text file/ },
  {
    name: 'a ZIP (xlsx)',
    content: () => Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), Buffer.alloc(64)]),
    code: 2,
    good: 0,
    says: /not a readable Excel workbook/,
  },
  { name: 'empty file', content: () => '', code: 2, good: 0, says: /no rows/ },
  { name: 'blank lines only', content: () => '\n\n\r\n\n', code: 2, good: 0, says: /no rows: only blank lines/ },
  { name: 'header only', content: () => `${HEADER}\n`, code: 0, good: 0 },
  {
    name: 'duplicate header',
    content: () => lf(['store,secuencial,fecha,store', 'C,1,2024-03-01,X', 'C,2,2024-03-01,Y']),
    code: 0,
    good: 2,
    says: /'store' more than once \(columns 1, 4\); column 1 is read as store/,
  },
  {
    name: 'unknown status',
    content: () => lf([HEADER, row(1), 'C,2,2024-03-01,1,???', 'C,3,2024-03-01,1,???']),
    code: 0,
    good: 3,
    says: /2 rows have a status smo-gaps does not know \(first: '\?\?\?'\)/,
  },
  {
    name: 'unreadable authorisation date',
    content: () =>
      lf([
        'store,secuencial,fecha,fecha_autorizacion',
        'C,1,2024-03-01,01/03/2024 10:00:00',
        'C,2,2024-03-01,31/02/2024 10:00:00',
        'C,3,2024-03-01,soon',
      ]),
    code: 0,
    good: 3,
    says: /2 rows loaded without an authorisation date/,
  },
  {
    name: 'Latin-1 bytes',
    content: () => Buffer.from(lf([HEADER, row(1), 'C,2,2024-03-01,1,AUTORIZADO', 'C\u00d1,3,2024-03-01,1,AUTORIZADO']), 'latin1'),
    code: 0,
    good: 3,
  },
  {
    name: 'invalid UTF-8 after valid UTF-8',
    content: () =>
      Buffer.concat([Buffer.from(lf([HEADER, 'CÑ,1,2024-03-01,1,AUTORIZADO'])), Buffer.from([0x43, 0x2c, 0x32, 0x2c, 0xff, 0x0a])]),
    code: 0,
    good: 1,
    bad: [3],
  },
  // SPEC §3: extra cells that are all empty read as absent.
  { name: 'trailing delimiters', content: () => lf([HEADER, `${row(1)},`, `${row(2)},,`]), code: 0, good: 2 },
  { name: 'whitespace-only row', content: () => lf([HEADER, row(1), '   ', row(3)]), code: 0, good: 2 },
  { name: 'delimiters-only row', content: () => lf([HEADER, row(1), ',,,,', row(3)]), code: 0, good: 2, bad: [3] },
  {
    name: 'quote inside an unquoted cell',
    content: () => lf([HEADER, 'C,1,2024-03-01,1,AUTO"RIZADO', row(2)]),
    code: 0,
    good: 2,
    says: /does not know/,
  },
  { name: 'escaped quotes in a quoted cell', content: () => lf([HEADER, 'C,1,2024-03-01,1,"AUTO""RIZADO"', row(2)]), code: 0, good: 2 },
  { name: 'quoted line break in a cell', content: () => lf([HEADER, 'C,1,2024-03-01,1,"AUTO\nRIZADO"', row(2)]), code: 0, good: 2 },
  {
    name: 'bad access key check digit',
    content: () =>
      lf([
        'store,clave_acceso,fecha',
        'C,0103202401179001234500110010010000000011234567810,2024-03-01',
        'C,0103202401179001234500110010010000000021234567811,2024-03-01',
      ]),
    code: 0,
    good: 0,
    bad: [2, 3],
  },
  {
    name: 'access key of the wrong length',
    content: () => lf(['store,secuencial,fecha,clave_acceso', 'C,1,2024-03-01,123', row(2).split(',').slice(0, 3).join(',') + ',']),
    code: 0,
    good: 1,
    bad: [2],
  },
  {
    name: 'spreadsheet integers',
    content: () => lf([HEADER, 'C,1.0,2024-03-01,1,AUTORIZADO', 'C,2.00,2024-03-01,1,AUTORIZADO']),
    code: 0,
    good: 2,
  },
  { name: 'padded cells', content: () => lf([HEADER, 'C, 1 ,2024-03-01,1,AUTORIZADO', 'C,2, 2024-03-01 ,1,AUTORIZADO']), code: 0, good: 2 },
  { name: 'formula in a store code', content: () => lf([HEADER, row(1, '2024-03-01', '=HYPERLINK("x")'), row(2)]), code: 0, good: 2 },
  { name: 'UTF-8 BOM and CRLF', content: () => `\ufeff${[HEADER, ...rows(1, 5)].join('\r\n')}\r\n`, code: 0, good: 5 },
  { name: 'mixed LF and CRLF', content: () => `${HEADER}\n${row(1)}\r\n${row(2)}\n${row(3)}\r\n`, code: 0, good: 3 },
  { name: 'CR-only line ends', content: () => `${[HEADER, ...rows(1, 5)].join('\r')}\r`, code: 0, good: 5 },
  {
    name: 'tabs with a stray quote',
    content: () => `${[HEADER, row(1), 'C\t"2\t2024-03-01', ...rows(3, 5)].map((l) => l.replace(/,/g, '\t')).join('\n')}\n`,
    code: 0,
    good: 4,
    bad: [3],
  },
  {
    name: 'semicolons and decimal commas',
    content: () => lf(['store;secuencial;fecha;total', 'C;1;2024-03-01;1.234,56', 'C;2;01/03/2024;7,5']),
    code: 0,
    good: 2,
  },
  {
    name: 'dates with times',
    content: () => lf([HEADER, row(1, '2024-03-01 10:20:30'), row(2, '2024-03-01T23:59:59Z')]),
    code: 0,
    good: 2,
  },
  { name: 'zero sequential', content: () => lf([HEADER, 'C,0,2024-03-01,1,AUTORIZADO', row(1)]), code: 0, good: 1, bad: [2] },
  { name: 'a lone quote line', content: () => lf([HEADER, row(1), '"', ...rows(3, 6)]), code: 0, good: 5, bad: [3] },
  {
    name: 'conflicting duplicate in the file',
    content: () => lf([HEADER, row(1), row(2), 'C,2,2024-03-02,99.00,AUTORIZADO']),
    code: 0,
    good: 2,
  },
  { name: 'no sequential column', content: () => lf(['store,fecha', 'C,2024-03-01']), code: 2, good: 0, says: /no sequential column/ },
  {
    name: 'no store identifiable',
    content: () => lf(['secuencial,fecha', '1,2024-03-01']),
    code: 2,
    good: 0,
    says: /no store identifiable/,
  },
  {
    name: 'strict with a bad row',
    content: () => lf([HEADER, row(1), row(2, 'x'), row(3)]),
    code: 2,
    good: 0,
    bad: [3],
    args: ['--strict'],
  },
];

const STACK = /\n\s+at .+:\d+:\d+/;
// A raw control character other than the line end (an escape reached the terminal as it was).
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

let base: Scratch;
/** Store BASE's invoices and gaps, as the good file left them: nothing may lose them. */
let before: { invoices: number; gaps: string };

function stateOf(db: string): { invoices: number; gaps: string; storeC: number; rejectLines: number[] } {
  const d = new Database(db, { readonly: true });
  try {
    const count = (store: string) =>
      (
        d
          .prepare(
            `SELECT count(*) AS n FROM invoices i JOIN series s ON s.id = i.series_id JOIN stores t ON t.id = s.store_id WHERE t.code LIKE ?`,
          )
          .get(store) as { n: number }
      ).n;
    const gaps =
      (
        d
          .prepare(
            `SELECT group_concat(from_seq || '-' || to_seq) AS g FROM gaps g JOIN series s ON s.id = g.series_id JOIN stores t ON t.id = s.store_id WHERE t.code = 'BASE'`,
          )
          .get() as { g: string | null }
      ).g ?? '';
    const rejectLines = (
      d.prepare(`SELECT line FROM rejects WHERE run_id = (SELECT max(id) FROM runs) ORDER BY line`).all() as { line: number }[]
    ).map((r) => r.line);
    return { invoices: count('BASE'), gaps, storeC: count('C%') + count('=%'), rejectLines };
  } finally {
    d.close();
  }
}

beforeAll(() => {
  base = scratch('smo-gaps-corpus-');
  const good = join(base.dir, 'base.csv');
  writeFileSync(good, lf([HEADER, ...[1, 2, 3, 5, 6, 9, 10].map((n) => row(n, '2024-02-01', 'BASE'))]));
  const loaded = smo(['ingest', good, '--db', base.db, '--quiet']);
  expect(loaded.code, loaded.stderr).toBe(0);
  const s = stateOf(base.db);
  before = { invoices: s.invoices, gaps: s.gaps };
  expect(before).toEqual({ invoices: 7, gaps: '4-4,7-8' });
});
afterAll(() => base?.cleanup());

interface Outcome {
  clean: boolean;
  stack: boolean;
  lost: boolean;
}
const outcomes: Outcome[] = [];

/** Runs at most two cases at once: the machine has two cores. */
async function runCase(c: Case, index: number, thread: '0' | '1'): Promise<void> {
  const file = join(base.dir, `case-${index}-${thread}.csv`);
  const db = join(base.dir, `case-${index}-${thread}.db`);
  writeFileSync(file, c.content());
  copyFileSync(base.db, db);
  const { done } = smoAsync(
    ['ingest', file, '--db', db, '--rejects', join(base.dir, `rejects-${index}-${thread}.csv`), ...(c.args ?? [])],
    {
      env: { SMO_GAPS_READ_THREAD: thread },
    },
  );
  const result = await done;
  const label = `${c.name} (thread ${thread}): ${result.stderr}`;
  const state = stateOf(db);
  const stack = STACK.test(result.stderr) || /unexpected error/.test(result.stderr);
  const lost = state.invoices !== before.invoices || state.gaps !== before.gaps;
  const messages = result.stderr.split('\n').filter(Boolean);
  const named = messages.every((m) => m.includes(file) || /^\d+ rejected rows? written to /.test(m));
  const lineNamed = (c.bad ?? []).every((n) => result.stderr.includes(`${file}: line ${n}: `));
  const clean = named && lineNamed && !RAW_CONTROL.test(result.stderr) && (c.code === 0 || /^smo-gaps: /m.test(result.stderr));
  outcomes.push({ clean, stack, lost });
  expect(result.code, label).toBe(c.code);
  expect(stack, label).toBe(false);
  expect(lost, label).toBe(false);
  expect(named, label).toBe(true);
  expect(lineNamed, label).toBe(true);
  expect(RAW_CONTROL.test(result.stderr), label).toBe(false);
  if (c.says) expect(result.stderr, label).toMatch(c.says);
  expect(state.storeC, label).toBe(c.good);
  if (c.code === 0 && c.bad) expect(state.rejectLines, label).toEqual(c.bad);
}

describe('malformed-input corpus', () => {
  it(`has at least 50 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50);
  });

  it('every case: its exit code, one-line messages naming file and line, no stack trace, good rows loaded, nothing lost', async () => {
    const jobs: Array<[Case, number, '0' | '1']> = [];
    CASES.forEach((c, i) => {
      jobs.push([c, i, '0']);
      if (c.thread) jobs.push([c, i, '1']);
    });
    const failures: unknown[] = [];
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const [c, i, thread] = jobs[next++];
        await runCase(c, i, thread).catch((error) => failures.push(error));
      }
    };
    await Promise.all([worker(), worker()]);
    const totals = {
      cases: outcomes.length,
      clean: outcomes.filter((o) => o.clean).length,
      stackTraces: outcomes.filter((o) => o.stack).length,
      dataLost: outcomes.filter((o) => o.lost).length,
    };
    console.log(
      `corpus: ${totals.cases} runs of ${CASES.length} cases, clean messages ${totals.clean}, stack traces ${totals.stackTraces}, data lost ${totals.dataLost}`,
    );
    for (const f of failures)
      console.log(
        `FAIL ${String((f as Error).message)
          .split('\n')[0]
          .slice(0, 400)}`,
      );
    if (failures.length) throw failures[0];
    expect(totals).toEqual({ cases: jobs.length, clean: jobs.length, stackTraces: 0, dataLost: 0 });
  }, 170_000);
});
