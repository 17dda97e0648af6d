import type { DB } from './db.js';
import { InvoiceWriter } from './invoices.js';
import { bulkLoadSettings } from './bulk-load.js';
import { endRun, gapsOpenedBy, startRun, type RunCounts, type RunStatus } from './runs.js';
import { openExport, type RawRecord } from '../input/reader.js';
import { mapColumns, normalizeHeader, type Field } from '../input/columns.js';
import { interpretRow, type RowRules } from '../input/rows.js';
import { firstLineOf, joinSplitRecord, recordText } from '../input/records.js';
import { sriLayout, type SriLayout } from '../input/sri-layouts.js';
import { dateOrderEvidence, isSlashedDate, type DateOrder } from '../input/dates.js';
import { numberParserFromPattern, parseInvoiceNumber } from '../input/numbering.js';
import type { PresetOptions } from '../input/presets.js';
import { InputError } from '../errors.js';

/** How one export is read: what describes the file (from the command line or a preset), and how to load it. */
export interface LoadOptions extends PresetOptions {
  strict?: boolean;
  dryRun?: boolean;
  onReject?: (reject: Reject) => void;
  onProgress?: (progress: { bytesRead: number; size: number; rows: number }) => void;
}

export interface Reject {
  file: string;
  line: number;
  reason: string;
  raw: string;
}

export interface LoadResult {
  file: string;
  runId: number;
  status: RunStatus;
  counts: RunCounts;
  /** Rejected rows per kind of reason ("impossible date": 3). */
  rejectsByReason: Record<string, number>;
  sha256: string;
  size: number;
  encoding: string;
  /** The SRI portal download the header was recognised as, if any. */
  layout?: SriLayout;
  seconds: number;
}

/** Rows read before an ambiguous file's date order is settled on day-first. */
const DATE_ORDER_LOOKAHEAD = 10_000;
const PROGRESS_EVERY = 65_536;

/** "impossible date '2024-02-30'" → "impossible date": the kind counted in the summary. */
export function reasonKind(reason: string): string {
  return reason
    .replace(/'[^']*'/g, '')
    .replace(/\(.*?\)/g, '')
    .replace(/\d[\d,]*/g, 'N')
    .replace(/\s+/g, ' ')
    .replace(/[\s:]+$/, '')
    .trim();
}

/**
 * Loads one export in one transaction: either all of its good rows and the bookkeeping
 * they cause are written, or nothing is (an error, --strict with a bad row, --dry-run).
 * The run itself is recorded either way, except in a dry run.
 */
export async function loadFile(db: DB, path: string, options: LoadOptions = {}): Promise<LoadResult> {
  const started = performance.now();
  const display = path === '-' ? '(stdin)' : path;
  const counts: RunCounts = {
    rowsRead: 0, loaded: 0, voids: 0, alreadyPresent: 0, conflicts: 0, rejected: 0,
    gapsOpened: 0, missingOpened: 0, recoveredLate: 0,
  };
  const rejectsByReason: Record<string, number> = {};
  const { batches, stats } = await openExport(path, {
    encoding: options.encoding,
    delimiter: options.delimiter,
    onUnreadable: (line, reason, raw) => {
      counts.rowsRead++; // a record the parser could not read is still a row of the file
      rejectRow(line, reason, raw);
    },
  });

  let runId = 0;
  let layout: SriLayout | undefined;
  let insertReject: ((line: number, reason: string, raw: string) => void) | undefined;
  function rejectRow(line: number, reason: string, raw: string): void {
    if (options.strict) {
      throw new InputError(`${display}: line ${line}: ${reason} (--strict: nothing of this file was loaded)`);
    }
    counts.rejected++;
    const kind = reasonKind(reason);
    rejectsByReason[kind] = (rejectsByReason[kind] ?? 0) + 1;
    insertReject?.(line, reason, raw);
    options.onReject?.({ file: display, line, reason, raw });
  }

  if (!options.dryRun) runId = startRun(db, display, stats.size);
  const restoreSettings = bulkLoadSettings(db);
  db.exec('BEGIN IMMEDIATE');
  let status: RunStatus = options.dryRun ? 'dry-run' : 'finished';
  try {
    if (options.dryRun) runId = startRun(db, display, stats.size);
    const insert = db.prepare(`INSERT INTO rejects (run_id, line, reason, raw) VALUES (?, ?, ?, ?)`);
    insertReject = (line, reason, raw) => insert.run(runId, line, reason, raw);
    const writer = new InvoiceWriter(db, runId);
    // Set up from the header, the first record.
    let rules: RowRules | undefined;
    let dateColumn: number | undefined;
    let order = options.dateOrder;
    let held: RawRecord[] = [];
    // A short row waits for the next one: the two may be one record split over two lines.
    let short: { record: RawRecord; reason: string } | undefined;
    const refuse = (record: RawRecord, reason: string) =>
      rejectRow(firstLineOf(record), reason, recordText(record.cells, stats.delimiter ?? ','));
    const joinShort = (record: RawRecord, rules: RowRules): boolean => {
      const first = short!;
      short = undefined;
      const joined = joinSplitRecord(first.record, record, rules.headerLength);
      const parsed = joined && interpretRow(joined.cells, joined.line, rules);
      if (parsed && parsed.ok) writer.add(parsed.row);
      else refuse(first.record, first.reason);
      return !!parsed?.ok;
    };
    const take = (record: RawRecord, rules: RowRules) => {
      if (short !== undefined && joinShort(record, rules)) return;
      counts.rowsRead++;
      const parsed = interpretRow(record.cells, record.line, rules);
      if (parsed.ok) writer.add(parsed.row);
      else if (record.cells.length < rules.headerLength) short = { record, reason: parsed.reason };
      else refuse(record, parsed.reason);
      if (counts.rowsRead % PROGRESS_EVERY === 0) {
        options.onProgress?.({ bytesRead: stats.bytesRead, size: stats.size, rows: counts.rowsRead });
      }
    };
    const settle = (decided: DateOrder, rules: RowRules) => {
      order = rules.dateOrder = decided;
      for (const record of held) take(record, rules);
      held = [];
    };
    for await (const batch of batches) {
      for (let i = 0; i < batch.size; i++) {
        const record = batch.record(i);
        if (rules === undefined) {
          rules = rulesFor(record.cells, display, options);
          layout = sriLayout(record.cells);
          dateColumn = rules.columns.date;
          continue;
        }
        if (order === undefined && dateColumn !== undefined) {
          const cell = record.cells[dateColumn] ?? '';
          const evidence = dateOrderEvidence(cell);
          if (evidence) settle(evidence, rules);
          // Rows wait only from the first ambiguous slashed date on (ISO dates need no order),
          // and then all of them, so rows are still taken in file order.
          else if (held.length > 0 || isSlashedDate(cell)) {
            held.push(record);
            if (held.length >= DATE_ORDER_LOOKAHEAD) settle('dmy', rules);
            continue;
          }
        }
        take(record, rules);
      }
    }
    if (rules !== undefined) {
      if (held.length) settle('dmy', rules);
      if (short) refuse(short.record, short.reason);
    } else if (stats.bytesRead === 0 && path !== '-') {
      throw new InputError(`${display}: the file is empty (not even a header)`);
    }
    writer.flush();
    Object.assign(counts, {
      loaded: writer.counts.loaded,
      voids: writer.counts.voids,
      alreadyPresent: writer.counts.alreadyPresent,
      conflicts: writer.counts.conflicts,
      recoveredLate: writer.counts.recoveredLate,
    });
    const opened = gapsOpenedBy(db, runId);
    counts.gapsOpened = opened.gaps;
    counts.missingOpened = opened.missing;
    endRun(db, runId, { status, counts, sha256: stats.sha256, size: stats.size, encoding: stats.encoding });
    db.exec(options.dryRun ? 'ROLLBACK' : 'COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    status = 'failed';
    if (!options.dryRun) {
      endRun(db, runId, {
        status, counts, sha256: stats.sha256, size: stats.size, encoding: stats.encoding,
        message: (error as Error).message,
      });
    }
    throw error;
  } finally {
    restoreSettings();
  }
  return {
    file: display,
    runId: options.dryRun ? 0 : runId,
    status,
    counts,
    rejectsByReason,
    sha256: stats.sha256,
    size: stats.size,
    encoding: stats.encoding,
    layout,
    seconds: (performance.now() - started) / 1000,
  };
}

function rulesFor(header: string[], display: string, options: LoadOptions): RowRules {
  const { columns, missingOverrides } = mapColumns(header, options.map);
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
    throw new InputError(
      `${display}: no store identifiable: the file has no store column and no access keys; give one with --store CODE`,
    );
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
