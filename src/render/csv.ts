import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';

/**
 * CSV as auditors open it in a spreadsheet: header first, UTF-8 (with a BOM on request for
 * Excel), and no cell that can start a formula (SPEC §6): csv-stringify's escape_formulas
 * prefixes ' to text cells that begin with = + - @ tab or CR; numbers stay numbers.
 */
export interface CsvOptions {
  bom?: boolean;
}

export type Cell = string | number | null | undefined | boolean;

export function csvStream(columns: readonly string[], rows: Iterable<Cell[]> | AsyncIterable<Cell[]>, options: CsvOptions = {}): AsyncIterable<Buffer> {
  const stringifier = stringify({
    header: true,
    columns: [...columns],
    bom: options.bom ?? false,
    escape_formulas: true,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
  return Readable.from(rows as Iterable<Cell[]>).pipe(stringifier);
}

export function csvText(columns: readonly string[], rows: Cell[][], options: CsvOptions = {}): string {
  return stringifySync(rows, {
    header: true,
    columns: [...columns],
    bom: options.bom ?? false,
    escape_formulas: true,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
}
