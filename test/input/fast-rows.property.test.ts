import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRows, type ReadTuning } from '../../src/input/row-source.js';
import { FastRows } from '../../src/input/fast-rows.js';
import { mapColumns } from '../../src/input/columns.js';
import { parseInvoiceNumber } from '../../src/input/numbering.js';
import type { PresetOptions } from '../../src/input/presets.js';
import type { RowRules } from '../../src/input/rows.js';

/**
 * The fast path (fast-rows.ts) against the general one (rows.ts): the same file read both
 * ways gives the same rows, rejects, warnings and count, event for event, on random plain
 * and near-plain lines (a cell to trim, a short or long line, another number or date form,
 * a decimal comma, a status, a quote that hands the rest of the file to the quoted reader).
 */

const dir = mkdtempSync(join(tmpdir(), 'smo-gaps-fast-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CELLS: Record<string, string[]> = {
  store: ['L-001', 'L-002', 'L-001', 'Store-Number-00017', 'Tienda Ñandú', ' L-001', 'L-001 ', '', 'L\u00a0', '\u00a0L', 'L-00"1'],
  number: [
    '001-001-000000123',
    '002-001-000000124',
    '001-002-1',
    '001-001-0',
    '001-001-1234567890',
    '001001000000123',
    '001001000000000',
    '1234',
    '0',
    '00012',
    '12345678901234',
    '123456789012345678',
    'F001-123',
    ' 001-001-000000001',
    '001-001-000000001 ',
    '001-1-5',
    '001-001-',
    '001--001-5',
    '001-0a1-000000001',
    'ab',
    '',
    '12.0',
  ],
  date: [
    '2024-03-01',
    '2024-03-02',
    '2024-02-29',
    '2023-02-29',
    '2024-02-30',
    '2024-13-01',
    '2024-00-10',
    '2024-3-1',
    '03/04/2024',
    '13/04/2024',
    '04/13/2024',
    '2024-03-01 10:20',
    '9999-12-31',
    '1899-12-31',
    '',
    ' 2024-03-01',
    '2024/03/01',
    '20240301',
    '2024-03-0x',
  ],
  amount: [
    '155.82',
    '155.8',
    '155',
    '0',
    '',
    '1.234',
    '1,234',
    '1.234,56',
    '12,50',
    '.5',
    '155.',
    '155.825',
    '$ 12.00',
    '-5.00',
    '1234567890123',
    '12345678901234',
    '1234567890123.99',
    ' 12.50',
    'abc',
    '1.000',
  ],
  status: ['', '', '', 'anulado', 'AUTORIZADO', 'weird', ' '],
  other: ['x', '', 'note'],
};

/** The header names of each field (synonyms columns.ts knows). */
const HEADERS: Record<string, string[]> = {
  store: ['store', 'local'],
  number: ['invoice_number', 'secuencial'],
  date: ['date', 'fecha'],
  amount: ['amount', 'total'],
  net: ['net_amount', 'subtotal'],
  status: ['status', 'estado'],
  other: ['notes'],
  serie: ['serie'],
};

const fileShape = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  // A serie column (one time in eight) sends the whole file to the general path.
  fields: fc.tuple(fc.shuffledSubarray(['amount', 'net', 'status', 'other'], { minLength: 0 }), fc.nat(7)).chain(([extra, serie]) => {
    const all = ['store', 'number', 'date', ...extra, ...(serie === 0 ? ['serie'] : [])];
    return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
  }),
  headerPick: fc.nat(1),
  store: fc.constantFrom(undefined, undefined, 'L-900'),
  dateOrder: fc.constantFrom(undefined, undefined, 'dmy' as const, 'mdy' as const),
  /** Mostly plain lines, so the fast path is taken, with an odd one now and then. */
  lines: fc.array(
    fc.record({
      plain: fc.nat(11),
      picks: fc.array(fc.nat(30), { minLength: 8, maxLength: 8 }),
      shape: fc.constantFrom('same', 'same', 'same', 'same', 'same', 'same', 'short', 'long', 'longEmpty', 'blank'),
    }),
    { minLength: 1, maxLength: 40, size: 'medium' },
  ),
  crlf: fc.boolean(),
});

type Shape = typeof fileShape extends fc.Arbitrary<infer T> ? T : never;

function cellFor(field: string, plain: boolean, pick: number, serial: number): string {
  if (plain) {
    if (field === 'number') return `00${1 + (pick % 2)}-001-${String(serial).padStart(9, '0')}`;
    if (field === 'date') return `2024-03-${String(1 + (pick % 28)).padStart(2, '0')}`;
    if (field === 'amount' || field === 'net') return pick % 5 === 0 ? '' : `${pick * 7}.${pick % 10}${pick % 3}`;
    if (field === 'store') return ['L-001', 'L-002', 'Store-Number-00017'][pick % 3];
    if (field === 'status') return '';
    if (field === 'serie') return '001-001';
    return 'x';
  }
  const choices = CELLS[field === 'net' ? 'amount' : field === 'serie' ? 'other' : field];
  return choices[pick % choices.length];
}

function fileText(shape: Shape): string {
  const d = shape.delimiter;
  const header = shape.fields.map((f) => HEADERS[f][shape.headerPick % HEADERS[f].length]);
  const lines = [header.join(d)];
  shape.lines.forEach((line, n) => {
    if (line.shape === 'blank') return lines.push('');
    // Plain, most of the time: one cell of a line in ten is an odd one.
    const cells = shape.fields.map((f, i) => cellFor(f, line.plain !== i, line.picks[i % 8], n + 1));
    if (line.shape === 'short') cells.pop();
    if (line.shape === 'long') cells.push('extra');
    if (line.shape === 'longEmpty') cells.push('');
    lines.push(cells.join(d));
  });
  return lines.join(shape.crlf ? '\r\n' : '\n') + (shape.crlf ? '\r\n' : '\n');
}

type Event = ['row', Record<string, unknown>] | ['reject', number, string, string];

async function readAll(path: string, options: PresetOptions, tuning: ReadTuning) {
  const events: Event[] = [];
  try {
    const source = await openRows(path, options, tuning);
    // A seriesKey (which the fast path gives) must name one series; the rows are compared without it.
    const seriesOfKey = new Map<number, string>();
    const summary = await source.read({
      row: ({ seriesKey, ...row }) => {
        if (seriesKey !== undefined) {
          const series = `${row.store}|${row.docType}|${row.series}`;
          expect(seriesOfKey.get(seriesKey) ?? series).toBe(series);
          seriesOfKey.set(seriesKey, series);
        }
        events.push(['row', row]);
      },
      reject: (line, reason, raw) => events.push(['reject', line, reason, raw]),
    });
    return { events, summary };
  } catch (error) {
    return { events, error: (error as Error).message };
  }
}

/** How many data lines the fast reader takes by itself: the generator must give it work, and refuse it some. */
function fastTaken(text: string, shape: Shape, options: PresetOptions): { taken: number; declined: number } {
  const lines = text.split(shape.crlf ? '\r\n' : '\n');
  const header = lines[0].split(shape.delimiter);
  const { columns } = mapColumns(header, undefined);
  const rules: RowRules = {
    columns,
    headerLength: header.length,
    store: options.store,
    dateOrder: options.dateOrder ?? 'dmy',
    accessKeyOptional: false,
    parseNumber: parseInvoiceNumber,
  };
  const fast = FastRows.for(rules, shape.delimiter);
  let taken = 0;
  let declined = 0;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    if (fast?.read(line, 0, line.length, 1, '.')) taken++;
    else declined++;
  }
  return { taken, declined };
}

describe('the fast path for plain lines', () => {
  it('reads every file exactly as the general path does: rows, rejects, warnings, count', async () => {
    let taken = 0;
    let declined = 0;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fileShape, async (shape) => {
        const path = join(dir, `f${n++}.csv`);
        const text = fileText(shape);
        writeFileSync(path, text);
        const options: PresetOptions = { store: shape.store, dateOrder: shape.dateOrder };
        const counted = fastTaken(text, shape, options);
        taken += counted.taken;
        declined += counted.declined;
        const general = await readAll(path, options, { fastPath: false });
        const fast = await readAll(path, options, {});
        expect(fast).toEqual(general);
      }),
      { numRuns: 200 },
    );
    // The property compared something: many lines took the fast path, many did not.
    expect(taken).toBeGreaterThan(1000);
    expect(declined).toBeGreaterThan(500);
  });

  it('decides the decimal mark on the lines it reads, as the general path does', async () => {
    // `155.82` settles a '.' file, so `1.234` is 1.23, not a thousand (a ';' file's default mark).
    const path = join(dir, 'mark.csv');
    writeFileSync(path, 'store;invoice_number;date;amount\nL-1;001-001-1;2024-03-01;155.82\nL-1;001-001-2;2024-03-01;1.234\n');
    for (const tuning of [{}, { fastPath: false }]) {
      const { events } = await readAll(path, {}, tuning);
      expect(events.map((e) => e[0] === 'row' && e[1].amount)).toEqual([155.82, 1.23]);
    }
  });

  it('takes the plain benchmark line, and declines what it is not sure of', () => {
    const rules: RowRules = {
      columns: { store: 0, number: 1, date: 2, amount: 3 },
      headerLength: 4,
      dateOrder: 'dmy',
      accessKeyOptional: false,
      parseNumber: parseInvoiceNumber,
    };
    const fast = FastRows.for(rules, ',')!;
    const line = 'L-001,002-001-000000123,2024-02-29,155.8';
    expect(fast.read(line, 0, line.length, 7, undefined)).toBe(true);
    expect(fast.dotted).toBe(true);
    expect(fast.row).toMatchObject({
      store: 'L-001',
      docType: '01',
      series: '002-001',
      sequential: 123,
      date: 20240229,
      amount: 155.8,
      net: null,
      line: 7,
    });
    for (const odd of [
      'L-001,002-001-000000123,2024-02-29,155.8,',
      'L-001 ,002-001-1,2024-02-29,1',
      'L-001,002-001-1,29/02/2024,1',
      'L-001,002-001-1,2024-02-29,1.234,5',
    ]) {
      expect(fast.read(odd, 0, odd.length, 1, undefined)).toBe(false);
    }
    // A decimal point in a decimal-comma file is the general path's (1.234 is a thousand there).
    const dotted = 'L-001,002-001-1,2024-02-29,1.5';
    expect(fast.read(dotted, 0, dotted.length, 1, ',')).toBe(false);
    // Columns the fast path does not read: the whole file takes the general path.
    expect(FastRows.for({ ...rules, columns: { ...rules.columns, accessKey: 3 } }, ',')).toBeUndefined();
    expect(FastRows.for({ ...rules, columns: { ...rules.columns, series: 3 } }, ',')).toBeUndefined();
  });
});
