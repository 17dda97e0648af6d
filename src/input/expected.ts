import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { InputError } from '../errors.js';

/** A run of missing numbers of one series, inclusive: what an expected file lists, and what verify compares. */
export interface MissingRange {
  store: string;
  doc_type: string;
  series: string;
  from: number;
  to: number;
}

/**
 * Reads back an export CSV (`smo-gaps export`, with or without --ranges, --bom) as the
 * missing numbers it lists: a `number` row is one sequential, a `range` row (or any row
 * without a sequential) is its gap_from..gap_to.
 */
export async function readExpected(path: string): Promise<MissingRange[]> {
  const ranges: MissingRange[] = [];
  let columns: Map<string, number> | undefined;
  const source = createReadStream(path);
  const parser = source.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }));
  source.on('error', (error) => parser.destroy(error));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const cells = record.map(unescapeFormula);
      if (!columns) {
        columns = new Map(cells.map((name, i) => [name.trim().toLowerCase(), i]));
        const lacking = ['store', 'doc_type', 'series', 'gap_from', 'gap_to'].filter((c) => !columns!.has(c));
        if (lacking.length) throw new InputError(`${path}: not an export CSV (no column ${lacking.join(', ')})`);
        continue;
      }
      const cell = (name: string) => cells[columns!.get(name) ?? -1]?.trim() ?? '';
      const whole = (name: string) => {
        const text = cell(name);
        if (!/^\d+$/.test(text)) throw new InputError(`${path}: line ${info.lines}: ${name} '${text}' is not a whole number`);
        return Number(text);
      };
      const key = { store: cell('store'), doc_type: cell('doc_type'), series: cell('series') };
      if (cell('sequential') !== '') {
        const seq = whole('sequential');
        ranges.push({ ...key, from: seq, to: seq });
      } else {
        const from = whole('gap_from');
        const to = whole('gap_to');
        if (to < from) throw new InputError(`${path}: line ${info.lines}: gap_to ${to} is before gap_from ${from}`);
        ranges.push({ ...key, from, to });
      }
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: cannot read: ${code && !code.startsWith('CSV_') ? code : (error as Error).message}`);
  }
  if (!columns) throw new InputError(`${path}: empty (an export CSV starts with its header)`);
  return ranges;
}

/** Undoes the export's formula guard: a ' put before = + - @ tab or CR (SPEC §6). */
export function unescapeFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}
