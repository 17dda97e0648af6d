import { openExport, type RawRecord, type RecordBatch, type SourceStats } from './record-stream.js';
import { fileKind } from './file-kind.js';
import { openWorkbook } from './xlsx.js';
import { mapColumns, normalizeHeader, type Field } from './columns.js';
import { interpretRow, type InvoiceRow, type RowRules } from './rows.js';
import { clipped, firstLineOf, joinAtCellBoundary, joinSplitRecord, KEPT_REASON, KEPT_TEXT, recordText } from './rejected-records.js';
import { sriLayout, type SriLayout } from './sri-layouts.js';
import { dateOrderEvidence, isSlashedDate, type DateSystem } from './dates.js';
import { decimalMarkEvidence, defaultDecimalMark, isAmbiguousAmount, type DecimalMark } from './amount.js';
import { numberParserFromPattern, parseInvoiceNumber } from './numbering.js';
import type { PresetOptions } from './presets.js';
import { isKnownStatus } from './status.js';
import { FastRows } from './fast-rows.js';
import { InputError } from '../errors.js';

/** Where the rows of an export go, in file order. */
export interface RowSink {
  /** A valid invoice. The row is only the caller's for the length of the call (it may be reused). */
  row(row: InvoiceRow): void;
  /** A row that cannot be an invoice. Throwing here (--strict) stops the reading. */
  reject(line: number, reason: string, raw: string): void;
  /** Now and then: how far the reading is. */
  progress?(bytesRead: number, rowsRead: number): void;
  /** After each batch of records; the reading waits for a promise (back-pressure). */
  afterBatch?(rowsRead: number): void | Promise<void>;
}

/** What is known once an export has been read through. */
export interface ReadSummary {
  /** Records after the header, unreadable ones included. */
  rowsRead: number;
  /** The SRI portal download the header was recognised as, if any. */
  layout?: SriLayout;
  /** What the user should know of the file that rejected no row (a duplicate header, unknown statuses). */
  warnings: string[];
}

/** An export opened for reading: its byte statistics (size now, the rest once read) and its rows. */
export interface RowSource {
  stats: SourceStats;
  read(sink: RowSink): Promise<ReadSummary>;
}

/** How the rows are read; for tests, which hold the fast path to the general one. */
export interface ReadTuning {
  /** Read plain lines by character codes (fast-rows.ts); true unless false. */
  fastPath?: boolean;
}

/** Rows read before an ambiguous file's date order (day first) or decimal mark is settled by default. */
const DATE_ORDER_LOOKAHEAD = 10_000;
const PROGRESS_EVERY = 65_536;

/**
 * Opens an export and turns its records into invoices: the header decides the columns, a
 * file of ambiguous slashed dates waits for a row that settles their order, and a short
 * row waits for the next one (the two may be one record a line break cut in two).
 */
export async function openRows(path: string, options: PresetOptions, tuning: ReadTuning = {}): Promise<RowSource> {
  const display = path === '-' ? '(stdin)' : path;
  let sink: RowSink | undefined;
  let rowsRead = 0;
  let batches: AsyncIterable<RecordBatch>;
  let stats: SourceStats;
  let dateSystem: (() => DateSystem) | undefined;
  if ((await fileKind(path)) === 'xlsx') {
    ({ batches, stats, dateSystem } = await openWorkbook(path, { sheet: options.sheet }));
  } else {
    ({ batches, stats } = await openExport(path, {
      encoding: options.encoding,
      delimiter: options.delimiter,
      onUnreadable: (line, reason, raw) => {
        rowsRead++; // a record the parser could not read is still a row of the file
        sink!.reject(line, clipped(reason, KEPT_REASON), clipped(raw, KEPT_TEXT));
      },
    }));
  }

  async function read(into: RowSink): Promise<ReadSummary> {
    sink = into;
    let rules: RowRules | undefined;
    let fast: FastRows | undefined;
    let layout: SriLayout | undefined;
    let dateColumn: number | undefined;
    let order = options.dateOrder;
    const warnings: string[] = [];
    // A --sheet for an inbox that mixes workbooks and text exports applies to the workbooks.
    if (options.sheet !== undefined && !dateSystem)
      warnings.push(`${display}: a text file, not a workbook: --sheet ${options.sheet} does not apply`);
    let held: RawRecord[] = [];
    let statusColumn: number | undefined;
    const statusKnown = new Map<string, boolean>();
    let unknownStatuses = 0;
    let firstUnknown = '';
    let short: { record: RawRecord; reason: string } | undefined;
    const refuse = (record: RawRecord, reason: string) =>
      into.reject(firstLineOf(record), clipped(reason, KEPT_REASON), clipped(recordText(record.cells, stats.delimiter ?? ','), KEPT_TEXT));
    const joinShort = (record: RawRecord, rules: RowRules): boolean => {
      const first = short!;
      short = undefined;
      // A break inside a cell first, then one between two cells.
      for (const join of [joinSplitRecord, joinAtCellBoundary]) {
        const joined = join(first.record, record, rules.headerLength);
        const parsed = joined && interpretRow(joined.cells, joined.line, rules);
        if (parsed?.ok) {
          into.row(parsed.row);
          return true;
        }
      }
      refuse(first.record, first.reason);
      return false;
    };
    const take = (record: RawRecord, rules: RowRules) => {
      if (short !== undefined && joinShort(record, rules)) return;
      rowsRead++;
      const parsed = interpretRow(record.cells, record.line, rules);
      if (parsed.ok) {
        into.row(parsed.row);
        if (statusColumn !== undefined) {
          const cell = record.cells[statusColumn] ?? '';
          let known = statusKnown.get(cell);
          if (known === undefined && statusKnown.size < 1000) statusKnown.set(cell, (known = isKnownStatus(cell)));
          if (known === false || (known === undefined && !isKnownStatus(cell))) {
            if (unknownStatuses++ === 0) firstUnknown = cell;
          }
        }
      } else if (record.cells.length < rules.headerLength) short = { record, reason: parsed.reason };
      else refuse(record, parsed.reason);
      if (rowsRead % PROGRESS_EVERY === 0) into.progress?.(stats.bytesRead, rowsRead);
    };
    // Rows wait only from the first ambiguous slashed date or amount on (ISO dates and
    // `12.50` need no decision), and then all of them, so rows are still taken in file order.
    let mark: DecimalMark | undefined;
    let amountColumns: number[] = [];
    let heldForDate = false;
    let heldForMark = false;
    const release = (rules: RowRules) => {
      const records = held;
      held = [];
      heldForDate = heldForMark = false;
      for (const record of records) take(record, rules);
    };
    const settleByDefault = (rules: RowRules) => {
      if (order === undefined && heldForDate) order = rules.dateOrder = 'dmy';
      if (mark === undefined && heldForMark) mark = rules.decimalMark = defaultDecimalMark(stats.delimiter);
      release(rules);
    };
    for await (const batch of batches) {
      const { text, spans } = batch;
      for (let i = 0; i < batch.size; i++) {
        // A plain line, nothing held or waiting: read straight from the text, as take() would.
        if (fast !== undefined && spans !== undefined && held.length === 0 && short === undefined) {
          const at = i * 3;
          if (fast.read(text!, spans[at], spans[at + 1], spans[at + 2], mark)) {
            if (mark === undefined && fast.dotted) mark = rules!.decimalMark = '.';
            rowsRead++;
            into.row(fast.row);
            if (rowsRead % PROGRESS_EVERY === 0) into.progress?.(stats.bytesRead, rowsRead);
            continue;
          }
        }
        const record = batch.record(i);
        if (rules === undefined) {
          rules = rulesFor(record.cells, display, options, warnings);
          rules.excelDates = dateSystem?.();
          layout = sriLayout(record.cells);
          statusColumn = rules.columns.status;
          warnings.push(...duplicateHeaders(record.cells, rules, display));
          dateColumn = rules.columns.date;
          amountColumns = [rules.columns.amount, rules.columns.netAmount].filter((c): c is number => c !== undefined);
          if (tuning.fastPath !== false) fast = FastRows.for(rules, stats.delimiter);
          continue;
        }
        if (order === undefined && dateColumn !== undefined) {
          const cell = record.cells[dateColumn] ?? '';
          const evidence = dateOrderEvidence(cell);
          if (evidence) order = rules.dateOrder = evidence;
          else if (isSlashedDate(cell)) heldForDate = true;
        }
        if (mark === undefined) {
          for (const column of amountColumns) {
            const cell = (record.cells[column] ?? '').trim();
            const evidence = decimalMarkEvidence(cell);
            if (evidence) {
              mark = rules.decimalMark = evidence;
              break;
            }
            if (isAmbiguousAmount(cell)) heldForMark = true;
          }
        }
        if ((heldForDate && order === undefined) || (heldForMark && mark === undefined)) {
          held.push(record);
          if (held.length >= DATE_ORDER_LOOKAHEAD) settleByDefault(rules);
          continue;
        }
        if (held.length > 0) release(rules);
        take(record, rules);
      }
      await into.afterBatch?.(rowsRead);
    }
    if (rules !== undefined) {
      if (held.length) settleByDefault(rules);
      if (short) refuse(short.record, short.reason);
    } else if (dateSystem) {
      throw new InputError(`${display}: sheet '${stats.sheet}' is empty (not even a header)`);
    } else if (stats.bytesRead === 0) {
      throw new InputError(`${display}: no rows: the ${path === '-' ? 'input' : 'file'} is empty (not even a header)`);
    } else {
      throw new InputError(`${display}: no rows: only blank lines (not even a header)`);
    }
    if (unknownStatuses > 0) {
      warnings.push(
        `${display}: ${unknownStatuses} row${unknownStatuses === 1 ? ' has' : 's have'} a status smo-gaps does not know (first: '${firstUnknown}'); taken as valid, not void`,
      );
    }
    return { rowsRead, layout, warnings };
  }
  return { stats, read };
}

/** A header naming a column the rows are read from twice: which one is taken. */
function duplicateHeaders(header: string[], rules: RowRules, display: string): string[] {
  const normalized = header.map(normalizeHeader);
  const warnings: string[] = [];
  for (const [field, index] of Object.entries(rules.columns) as [string, number | undefined][]) {
    if (index === undefined) continue;
    const others = normalized.flatMap((name, i) => (name === normalized[index] && i !== index ? [i + 1] : []));
    if (others.length) {
      warnings.push(
        `${display}: the header has '${header[index]}' more than once (columns ${[index + 1, ...others].sort((a, b) => a - b).join(', ')}); column ${index + 1} is read as ${field}`,
      );
    }
  }
  return warnings;
}

function rulesFor(header: string[], display: string, options: PresetOptions, warnings: string[]): RowRules {
  const { columns, missingOverrides } = mapColumns(header, options.map);
  // --doc-type gives every row its type when the column --map names is not there: the file can load.
  const docTypeMap = options.map?.docType;
  if (docTypeMap !== undefined && options.docType !== undefined && missingOverrides.includes(`docType=${docTypeMap}`)) {
    missingOverrides.splice(missingOverrides.indexOf(`docType=${docTypeMap}`), 1);
    delete columns.docType;
    warnings.push(
      `${display}: --map doc_type=${docTypeMap} names no column of this file, so every row takes --doc-type ${options.docType}`,
    );
  }
  if (missingOverrides.length) {
    throw new InputError(`${display}: --map names no column of this file: ${missingOverrides.join(', ')} (header: ${header.join(', ')})`);
  }
  const has = (field: Field) => columns[field] !== undefined;
  if (!has('sequential') && !has('number') && !has('accessKey')) {
    throw new InputError(
      `${display}: no sequential column (looked for secuencial, numero, number, folio, invoice_number, clave_acceso, …; header: ${header.join(', ')}); name it with --map sequential=HEADER`,
    );
  }
  if (!has('date') && !has('accessKey')) {
    throw new InputError(`${display}: no date column (looked for fecha, fecha_emision, date, …); name it with --map date=HEADER`);
  }
  if (options.store === undefined && !has('store') && !has('issuer') && !has('accessKey')) {
    throw new InputError(`${display}: no store identifiable: the file has no store column and no access keys; give one with --store CODE`);
  }
  const keyHeader = columns.accessKey === undefined ? '' : normalizeHeader(header[columns.accessKey]);
  return {
    columns,
    headerLength: header.length,
    store: options.store,
    docType: options.docType,
    dateOrder: options.dateOrder ?? 'dmy',
    accessKeyOptional: keyHeader === 'numeroautorizacion',
    authorizationColumn: authorizationBeside(header, keyHeader),
    parseNumber: options.numberPattern ? numberParserFromPattern(options.numberPattern) : parseInvoiceNumber,
  };
}

/** NUMERO_AUTORIZACION when the key column is another one (CLAVE_ACCESO): the older "recibidos" layout. */
function authorizationBeside(header: string[], keyHeader: string): number | undefined {
  if (keyHeader === '' || keyHeader === 'numeroautorizacion') return undefined;
  const index = header.findIndex((name) => normalizeHeader(name) === 'numeroautorizacion');
  return index >= 0 ? index : undefined;
}
