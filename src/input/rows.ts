import { parseAccessKey, type AccessKey } from './access-key.js';
import type { ColumnMap, Field } from './columns.js';
import { formatDay, parseDate, parseExcelSerial, type DateOrder, type DateSystem, type Day } from './dates.js';
import { docTypeCode } from './doc-types.js';
import { NO_SERIES, SRI_MAX_SEQUENTIAL, normalizeSeriesCell, sriSeriesLabel, type NumberParse } from './numbering.js';
import { parseAmountCents, type DecimalMark } from './amount.js';
import { isVoidStatus } from './status.js';

/** One invoice as read from a row: everything the store needs, already validated. */
export interface InvoiceRow {
  store: string;
  docType: string;
  series: string;
  sequential: number;
  date: Day;
  /** The total, in currency units (exactly cents / 100). */
  amount: number | null;
  /** The pre-tax amount, in currency units (exactly cents / 100), when the export has one. */
  net: number | null;
  /** An amount cell could not be read: the row loads without it, counted under a warning. */
  amountUnreadable: boolean;
  void: boolean;
  accessKey: string | null;
  /** FECHA_AUTORIZACION's calendar date, when the export carries one. */
  authDate: Day | null;
  /** The authorisation date could not be read: the row loads without it, counted under a warning. */
  authDateUnreadable: boolean;
  line: number;
  /**
   * The reader's number for the row's series (store, document type and label), when it gives
   * one: rows of one read with the same number are of the same series, so the writer finds the
   * series without comparing its strings (a series may have more than one number).
   */
  seriesKey?: number;
}

/**
 * A row with every field empty, for a reader that fills one row object anew for each row
 * (its `seriesKey` too: left at 0, every row would be taken for the same series).
 */
export function blankRow(fields: Partial<InvoiceRow> = {}): InvoiceRow {
  return {
    store: '',
    docType: '',
    series: '',
    sequential: 0,
    date: 0,
    amount: null,
    net: null,
    amountUnreadable: false,
    void: false,
    accessKey: null,
    authDate: null,
    authDateUnreadable: false,
    line: 0,
    seriesKey: 0,
    ...fields,
  };
}

/** How the rows of one file are read: its columns, and the options that apply to all of it. */
export interface RowRules {
  columns: ColumnMap;
  headerLength: number;
  /** --store: the store of every row. */
  store?: string;
  /** --doc-type: the document type of rows that do not say. */
  docType?: string;
  dateOrder: DateOrder;
  /** The file's decimal mark, once decided (see amount.ts); '.' until then. */
  decimalMark?: DecimalMark;
  /** The access-key column only holds keys when 49 digits long (numero_autorizacion). */
  accessKeyOptional: boolean;
  /** NUMERO_AUTORIZACION beside CLAVE_ACCESO (the older "recibidos" layout): a key when 49 digits. */
  authorizationColumn?: number;
  parseNumber: (text: string) => NumberParse;
  /** An Excel workbook's: a number in the date column is a date serial of this system. */
  excelDates?: DateSystem;
}

/** Whether every cell from `start` on is blank. */
function emptyFrom(cells: string[], start: number): boolean {
  for (let i = start; i < cells.length; i++) if (cells[i].trim() !== '') return false;
  return true;
}

export type RowParse = { ok: true; row: InvoiceRow } | { ok: false; reason: string };

const reject = (reason: string): RowParse => ({ ok: false, reason });

/** Turns one record into an invoice, or the reason it cannot be one. */
export function interpretRow(cells: string[], line: number, rules: RowRules): RowParse {
  const { columns } = rules;
  // Cells past the header's last column that are all empty (a trailing delimiter in SRI
  // downloads, the empty "Otros Impuestos" cells of Chile's SII registers) are as if absent.
  if (cells.length !== rules.headerLength && !(cells.length > rules.headerLength && emptyFrom(cells, rules.headerLength))) {
    return reject(`wrong column count (expected ${rules.headerLength}, got ${cells.length})`);
  }
  const cell = (field: Field): string => {
    const index = columns[field];
    return index === undefined ? '' : cells[index].trim();
  };

  let key: AccessKey | undefined;
  let keyText = cell('accessKey');
  if (rules.authorizationColumn !== undefined) {
    const authorization = cells[rules.authorizationColumn].trim();
    if (authorization.length === 49) {
      if (keyText === '') keyText = authorization;
      else if (authorization !== keyText) return reject(`access key '${keyText}' disagrees with numero_autorizacion '${authorization}'`);
    }
  }
  if (keyText !== '' && !(rules.accessKeyOptional && keyText.length !== 49)) {
    const parsed = parseAccessKey(keyText);
    if (!parsed.ok) return reject(parsed.reason);
    key = parsed.key;
    if (columns.issuer !== undefined) {
      const issuer = cell('issuer');
      if (issuer !== '' && issuer !== key.ruc) return reject(`issuer RUC '${issuer}' disagrees with access key (${key.ruc})`);
    }
  }

  const store = rules.store ?? (cell('store') || cell('issuer') || key?.ruc || '');
  if (store === '') return reject('missing store');

  let docType = key?.docType;
  const docText = cell('docType');
  if (docText !== '') {
    const code = docTypeCode(docText);
    if (!code) return reject(`unknown document type '${docText}'`);
    if (key && key.docType !== code) return reject(`document type '${code}' disagrees with access key (${key.docType})`);
    docType = code;
  }
  docType ??= rules.docType ?? '01';

  // The sequential, and the series when the number carries it.
  let sequential: number;
  let numberSeries: string | undefined;
  const numberText = cell('number') || cell('sequential');
  if (numberText !== '') {
    const parsed = rules.parseNumber(numberText);
    if (!parsed.ok) return reject(parsed.reason);
    sequential = parsed.number.sequential;
    numberSeries = parsed.number.series;
  } else if (key) {
    sequential = key.sequential;
  } else {
    return reject('missing sequential');
  }

  let columnSeries: string | undefined;
  if (columns.establishment !== undefined || columns.emissionPoint !== undefined) {
    columnSeries = sriSeriesLabel(cell('establishment'), cell('emissionPoint'));
    if (!columnSeries) {
      return reject(`bad establecimiento/punto de emisión '${cell('establishment')}'/'${cell('emissionPoint')}'`);
    }
  } else {
    columnSeries = normalizeSeriesCell(cell('series'));
  }
  if (numberSeries && columnSeries && numberSeries !== columnSeries) {
    return reject(`series '${numberSeries}' of the number disagrees with series column (${columnSeries})`);
  }
  const keySeries = key ? `${key.establishment}-${key.emissionPoint}` : undefined;
  const series = numberSeries ?? columnSeries ?? keySeries ?? NO_SERIES;
  if (key) {
    if (series !== keySeries) return reject(`series '${series}' disagrees with access key (${keySeries})`);
    if (sequential !== key.sequential) return reject(`sequential '${sequential}' disagrees with access key (${key.sequential})`);
  }
  if (sequential > SRI_MAX_SEQUENTIAL && /^\d{3}-\d{3}$/.test(series)) {
    return reject(`sequential '${sequential}' is over the SRI limit (999,999,999)`);
  }

  let date: Day;
  const dateText = cell('date');
  if (dateText !== '') {
    const parsed = (rules.excelDates && parseExcelSerial(dateText, rules.excelDates)) || parseDate(dateText, rules.dateOrder);
    if (!parsed.ok) return reject(parsed.reason);
    if (key && parsed.day !== key.date) return reject(`date '${dateText}' disagrees with access key (${formatDay(key.date)})`);
    date = parsed.day;
  } else if (key) {
    date = key.date;
  } else {
    return reject('missing date');
  }

  // An unreadable amount never turns a present invoice into a missing number (SPEC §8).
  const amount = parseAmountCents(cell('amount'), rules.decimalMark);
  const net = columns.netAmount === undefined ? undefined : parseAmountCents(cell('netAmount'), rules.decimalMark);

  // Nor does an unreadable authorisation date: it only feeds the late_authorisation finding.
  let authDate: Day | null = null;
  let authDateUnreadable = false;
  const authText = cell('authorisationDate');
  if (authText !== '') {
    const parsed = parseDate(authText, rules.dateOrder);
    if (parsed.ok) authDate = parsed.day;
    else authDateUnreadable = true;
  }

  return {
    ok: true,
    row: {
      store,
      docType,
      series,
      sequential,
      date,
      amount: amount.ok && amount.cents !== null ? amount.cents / 100 : null,
      net: net?.ok && net.cents !== null ? net.cents / 100 : null,
      amountUnreadable: !amount.ok || net?.ok === false,
      void: isVoidStatus(cell('status')),
      accessKey: key ? keyText : null,
      authDate,
      authDateUnreadable,
      line,
    },
  };
}
