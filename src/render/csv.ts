import { Readable } from 'node:stream';
import { createRequire } from 'node:module';

// Required when CSV is written: the commands that write none start faster.
const require = createRequire(import.meta.url);
const csvStringify = () => require('csv-stringify') as typeof import('csv-stringify');
const csvStringifySync = () => require('csv-stringify/sync') as typeof import('csv-stringify/sync');

/**
 * CSV as auditors open it in a spreadsheet: header first, UTF-8 (with a BOM on request for
 * Excel), and no cell that can start a formula (SPEC §6): a text cell that begins with
 * = + - @ tab or CR (or their full-width forms) and is not a plain number gets a ' prefix.
 * csv-stringify's escape_formulas would also prefix text that is a plain number ("-101").
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

export function escapeFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

export interface CsvOptions {
  bom?: boolean;
}

export type Cell = string | number | null | undefined | boolean;

export function csvStream(columns: readonly string[], rows: Iterable<Cell[]> | AsyncIterable<Cell[]>, options: CsvOptions = {}): AsyncIterable<Buffer> {
  const stringifier = csvStringify().stringify({
    header: true,
    columns: [...columns],
    bom: options.bom ?? false,
    cast: { boolean: (value) => (value ? 'true' : 'false'), string: escapeFormula },
  });
  return Readable.from(rows as Iterable<Cell[]>).pipe(stringifier);
}

export function csvText(columns: readonly string[], rows: Cell[][], options: CsvOptions = {}): string {
  return csvStringifySync().stringify(rows, {
    header: true,
    columns: [...columns],
    bom: options.bom ?? false,
    cast: { boolean: (value) => (value ? 'true' : 'false'), string: escapeFormula },
  });
}
