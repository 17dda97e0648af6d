import { finished, Readable } from 'node:stream';
import { stringify, type Options, type Stringifier } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { escapeControls } from '../escape.js';

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

function options(columns: readonly string[], csv: CsvOptions): Options {
  return {
    header: true,
    columns: [...columns],
    bom: csv.bom ?? false,
    cast: { boolean: (value) => (value ? 'true' : 'false'), string: (value) => escapeFormula(escapeControls(value, '\t\n\r')) },
  };
}

/** A CSV writer to push rows into (the rejects file, as rows are rejected). */
export function csvWriter(columns: readonly string[], csv: CsvOptions = {}): Stringifier {
  return stringify(options(columns, csv));
}

export function csvStream(
  columns: readonly string[],
  rows: Iterable<Cell[]> | AsyncIterable<Cell[]>,
  csv: CsvOptions = {},
): AsyncIterable<Buffer> {
  const out = csvWriter(columns, csv);
  // pipe() does not pass on a failure of the rows (SQLite, while streaming): the CSV fails with it.
  const source = Readable.from(rows as Iterable<Cell[]>).on('error', (error) => out.destroy(error));
  // A CSV given up on (its file cannot be opened) ends its rows, and closes once they have:
  // a SQLite statement still being read would keep the database busy, and closing it fail.
  const destroy = out._destroy.bind(out);
  out._destroy = (error, callback) => {
    source.destroy();
    finished(source, () => destroy(error, callback));
  };
  return source.pipe(out);
}

export function csvText(columns: readonly string[], rows: Cell[][], csv: CsvOptions = {}): string {
  return stringifySync(rows, options(columns, csv));
}
