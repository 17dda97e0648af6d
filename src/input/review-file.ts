import { readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import { decodeWindows1252 } from './decode.js';
import { sniffDelimiter } from './sniff.js';
import { unescapeFormula } from './expected.js';
import { describeReadError } from './record-stream.js';
import { InputError } from '../errors.js';

/**
 * Reads an export CSV that an auditor edited (SPEC §10) as Excel saves it: "CSV UTF-8" with
 * a BOM and CRLF, or the older Latin-1 with `;`. The file is small (one row per missing
 * number of a period), so it is read whole. Cells come back as text with the export's
 * formula guard undone; matching them to series and numbers is audit/review-import.ts's.
 */
export interface ReviewFileRow {
  /** The row's line in the file (the header is line 1). */
  line: number;
  cell: (column: string) => string;
}

export interface ReviewFile {
  columns: Set<string>;
  rows: ReviewFileRow[];
  encoding: 'utf8' | 'windows-1252';
  delimiter: string;
}

export function readReviewFile(path: string): ReviewFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw describeReadError(path, error as Error);
  }
  const utf8 = isUtf8(bytes);
  let text = utf8 ? bytes.toString('utf8') : decodeWindows1252(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const headerEnd = text.search(/\r?\n|\r/);
  const header = headerEnd < 0 ? text : text.slice(0, headerEnd);
  if (header.trim() === '') throw new InputError(`${path}: empty (an export CSV starts with its header)`);
  const delimiter = sniffDelimiter(header);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter, relax_column_count: true, info: true, skip_empty_lines: false }) as unknown as typeof records;
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new InputError(`${path}: ${e.lines ? `line ${e.lines}: ` : ''}not readable as CSV: ${e.message}`);
  }
  const [head, ...body] = records;
  const names = head.record.map((name) => name.trim().toLowerCase());
  const index = new Map(names.map((name, i) => [name, i] as const));
  const rows = body.map(({ record, info }) => {
    const cells = record.map((c) => unescapeFormula(c.trim()));
    return { line: info.lines, cell: (column: string) => cells[index.get(column) ?? -1] ?? '' };
  });
  return { columns: new Set(names), rows, encoding: utf8 ? 'utf8' : 'windows-1252', delimiter };
}
