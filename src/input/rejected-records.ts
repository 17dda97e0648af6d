import type { RawRecord } from './record-stream.js';

/**
 * What a rejected record looked like in its file, and records that a line break cut in two.
 * Nothing here runs for a row that loads: the hot path only pays for what it rejects.
 */

/**
 * The record as a line of its file: the cells joined with the file's delimiter, a cell
 * quoted only when it holds the delimiter or a line break or starts with a quote, as the
 * file must have had it. A quote inside an unquoted cell is left as it stood.
 */
export function recordText(cells: string[], delimiter: string): string {
  let text = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (i > 0) text += delimiter;
    text +=
      cell.includes(delimiter) || cell.includes('\n') || cell.includes('\r') || cell.startsWith('"')
        ? `"${cell.replace(/"/g, '""')}"`
        : cell;
  }
  return text;
}

/** The most of a rejected record's text that is kept, and of a reason (which may quote a cell). */
export const KEPT_TEXT = 64 * 1024;
export const KEPT_REASON = 1024;

/**
 * A rejected record's text or reason as it is kept (SPEC §12: no input takes memory past the
 * §7 bound): its first `kept` characters and how long it was. The start is copied: a slice
 * refers to the whole text, and the reading thread holds a packet's rejects until it sends them,
 * so that 900 KB lines kept as slices ran its 96 MB heap out (test/reliability/defects.test.ts).
 */
export function clipped(text: string, kept: number): string {
  if (text.length <= kept) return text;
  const start = Buffer.from(text.slice(0, kept), 'utf8').toString('utf8');
  return `${start}… (${text.length.toLocaleString('en-US')} characters in all)`;
}

/** The line a record starts on: the parser gives the line it ends on. */
export function firstLineOf(record: RawRecord): number {
  let breaks = 0;
  for (const cell of record.cells) {
    for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) breaks++;
  }
  return record.line - breaks;
}

/**
 * DOMAIN.md (unconfirmed): some older SRI downloads split a record over two lines, at a
 * line break inside a cell that is not quoted (an issuer's name). The two short pieces then
 * make exactly one record: the last cell of the first and the first cell of the second are
 * one cell. Returns that record, or undefined when the pieces do not add up to the header.
 * The caller keeps it only if it then reads as a valid row.
 */
export function joinSplitRecord(first: RawRecord, second: RawRecord, headerLength: number): RawRecord | undefined {
  const total = first.cells.length + second.cells.length - 1;
  // One more than the header is allowed: a trailing tab after an empty last column.
  if (total !== headerLength && total !== headerLength + 1) return undefined;
  const cells = first.cells.slice(0, -1);
  cells.push(`${first.cells[first.cells.length - 1]}\n${second.cells[0]}`, ...second.cells.slice(1));
  return { cells, line: second.line };
}

/**
 * A record of the older "recibidos" layout broken at a cell boundary (just before
 * IMPORTE_TOTAL): the two short pieces are one record when together they have exactly the
 * header's column count. Tried after joinSplitRecord; kept, likewise, only if it reads as a valid row.
 */
export function joinAtCellBoundary(first: RawRecord, second: RawRecord, headerLength: number): RawRecord | undefined {
  if (first.cells.length + second.cells.length !== headerLength) return undefined;
  return { cells: [...first.cells, ...second.cells], line: second.line };
}
