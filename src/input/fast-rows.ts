import { dayOf } from './dates.js';
import type { DecimalMark } from './amount.js';
import { NO_SERIES, parseInvoiceNumber } from './numbering.js';
import { blankRow, type InvoiceRow, type RowRules } from './rows.js';

/**
 * The common line of a large export, read straight from the decoded text by character codes:
 * `L-001,002-001-000000123,2024-03-01,155.82`. No cell strings, no regular expression, no
 * object per row: the row is one object filled anew (RowSink.row may be given a reused row),
 * and a store and series met before are the same strings again (a small cache keyed by their
 * characters). Measured with scripts/read-speed.js on the benchmark exports (store,
 * invoice_number, date, amount): 1M rows 3.5 s → 0.85–1.0 s of CPU, 10M rows 32 s → 10 s.
 *
 * It takes a line only when it is sure the general path (rows.ts: interpretRow, and
 * row-source's evidence of date order and decimal mark) would read it the same way, without a
 * warning: every cell exactly the plain shape (no space to trim, no quote: the splitter's
 * LineBatch has none), the column count the header's. Anything else, it declines, and the
 * line takes the general path unchanged: rejects, warnings, other formats. A property test
 * holds the two paths to the same rows and rejects (test/input/fast-rows.property.test.ts).
 */

const IGNORED = 0;
const STORE = 1;
const NUMBER = 2;
const DATE = 3;
const AMOUNT = 4;
const NET = 5;
const STATUS = 6;

const DASH = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** The delimiters an export can have (presets.ts): none is a digit, '-' or '.'. */
const DELIMITERS = [',', ';', '\t', '|'];

/** Store and series strings met before: a slot per hash of their characters. */
const CACHE_SLOTS = 4096;

/** Whether a code at a cell's end would be trimmed (or might be: every control code and space). */
function trimmable(code: number): boolean {
  if (code <= 0x20) return true;
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** A copy of a string that holds no reference to the text it was cut from (a cached string would keep a whole chunk alive). */
function ownCopy(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf16le').toString('utf16le');
}

export class FastRows {
  /** The row last read: valid until the next call of read(). */
  readonly row: InvoiceRow;
  /** Whether an amount of the row last read had a decimal point (evidence of the '.' mark). */
  dotted = false;

  private readonly kinds: Uint8Array;
  private readonly delimiter: string;
  private readonly fixedStore: string | undefined;
  private readonly cacheHash = new Int32Array(CACHE_SLOTS);
  private readonly cacheLabelKey = new Int32Array(CACHE_SLOTS);
  private readonly cacheStore: string[] = new Array<string>(CACHE_SLOTS).fill('');
  private readonly cacheLabel: string[] = new Array<string>(CACHE_SLOTS).fill('');
  /** The seriesKey of each slot's store and series: a new one each time a slot is filled. */
  private readonly cacheKey = new Int32Array(CACHE_SLOTS);
  private fills = 0;
  private readonly delimiterCode: number;
  /** The file's decimal mark as decided so far, for the line being read. */
  private mark: DecimalMark | undefined;
  /** What readCents read: cents, or -1 for an empty cell. */
  private cents = -1;
  // What the cells of the line being read gave.
  private storeStart = 0;
  private storeEnd = 0;
  private storeHash = 0;
  /** The series of the number: e * 1000 + p for EEE-PPP, -1 for none. */
  private labelKey = -1;
  private sequential = 0;
  private day = 0;

  private constructor(kinds: Uint8Array, delimiter: string, rules: RowRules) {
    this.kinds = kinds;
    this.delimiter = delimiter;
    this.fixedStore = rules.store;
    this.delimiterCode = delimiter.charCodeAt(0);
    this.row = blankRow({ docType: rules.docType ?? '01', series: NO_SERIES });
  }

  /**
   * The fast reader for a file's rules, or undefined when its columns need the general path
   * throughout (access keys, document types, series or establishment columns, authorisation
   * dates, --number-pattern, workbook dates).
   */
  static for(rules: RowRules, delimiter: string | undefined): FastRows | undefined {
    const { columns } = rules;
    if (delimiter === undefined || !DELIMITERS.includes(delimiter) || rules.store === '') return undefined;
    if (rules.excelDates !== undefined || rules.authorizationColumn !== undefined) return undefined;
    if (rules.parseNumber !== parseInvoiceNumber) return undefined;
    for (const field of ['issuer', 'accessKey', 'docType', 'series', 'establishment', 'emissionPoint', 'authorisationDate'] as const) {
      if (columns[field] !== undefined) return undefined;
    }
    if ((columns.number === undefined) === (columns.sequential === undefined)) return undefined;
    if (columns.date === undefined || (rules.store === undefined && columns.store === undefined)) return undefined;
    const kinds = new Uint8Array(rules.headerLength);
    const place = (index: number | undefined, kind: number): boolean => {
      if (index === undefined) return true;
      if (index >= kinds.length || kinds[index] !== IGNORED) return false;
      kinds[index] = kind;
      return true;
    };
    const placed =
      place(rules.store === undefined ? columns.store : undefined, STORE) &&
      place(columns.number ?? columns.sequential, NUMBER) &&
      place(columns.date, DATE) &&
      place(columns.amount, AMOUNT) &&
      place(columns.netAmount, NET) &&
      place(columns.status, STATUS);
    // A column read as two fields (--map) is left to the general path.
    if (!placed || (rules.store !== undefined && columns.store !== undefined && kinds[columns.store] !== IGNORED)) return undefined;
    return new FastRows(kinds, delimiter, rules);
  }

  /**
   * Reads the line text[start, end) as a row into `row`, if it has the plain shape; false
   * when the general path must read it. `mark` is the file's decimal mark as decided so far.
   */
  read(text: string, start: number, end: number, line: number, mark: DecimalMark | undefined): boolean {
    const kinds = this.kinds;
    const last = kinds.length - 1;
    this.dotted = false;
    this.mark = mark;
    let amount = -1;
    let net = -1;
    let at = start;
    for (let column = 0; column <= last; column++) {
      let stop: number;
      switch (kinds[column]) {
        case STORE:
          stop = this.readStore(text, at, end);
          break;
        case NUMBER:
          stop = this.readNumber(text, at, end);
          break;
        case DATE:
          stop = this.readDate(text, at, end);
          break;
        case AMOUNT:
          stop = this.readCents(text, at, end);
          amount = this.cents;
          break;
        case NET:
          stop = this.readCents(text, at, end);
          net = this.cents;
          break;
        case STATUS:
          // A status is looked at by the general path (void, unknown statuses counted).
          stop = at === end || text.charCodeAt(at) === this.delimiterCode ? at : -1;
          break;
        default: {
          stop = text.indexOf(this.delimiter, at);
          if (stop < 0 || stop > end) stop = end;
        }
      }
      // An unplain cell; too few cells, or (on the last column) too many: the general path says which.
      if (stop < 0 || (stop === end) !== (column === last)) return false;
      at = stop + 1;
    }
    const row = this.row;
    this.fillSeries(text);
    row.sequential = this.sequential;
    row.date = this.day;
    row.amount = amount < 0 ? null : amount / 100;
    row.net = net < 0 ? null : net / 100;
    row.line = line;
    return true;
  }

  /** Where the cell from `at` ends (its delimiter, or the line's end); -1 when it must be trimmed or is empty. */
  private readStore(text: string, at: number, end: number): number {
    const delimiter = this.delimiterCode;
    let hash = 0;
    let i = at;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === delimiter) break;
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    if (i === at || trimmable(text.charCodeAt(at)) || trimmable(text.charCodeAt(i - 1))) return -1;
    this.storeStart = at;
    this.storeEnd = i;
    this.storeHash = hash;
    return i;
  }

  /** `EEE-PPP-SSSSSSSSS` (one to nine digits), `EEEPPPSSSSSSSSS`, or a bare number of up to 14 digits. */
  private readNumber(text: string, at: number, end: number): number {
    const delimiter = this.delimiterCode;
    let i = at;
    let value = 0;
    let c = -1;
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      value = value * 10 + (c - ZERO);
    }
    const length = i - at;
    if (i === end || c === delimiter) {
      if (length === 0 || length > 15) return -1;
      if (length === 15) {
        // EEEPPP then nine digits: below 2^53, so exact.
        this.labelKey = Math.floor(value / 1e9);
        this.sequential = value % 1e9;
      } else {
        this.labelKey = -1;
        this.sequential = value;
      }
      return this.sequential < 1 ? -1 : i;
    }
    // EEE-PPP-S…
    if (length !== 3 || c !== DASH || i + 5 > end) return -1;
    const p = digit(text, i + 1) * 100 + digit(text, i + 2) * 10 + digit(text, i + 3);
    if (!(p >= 0) || text.charCodeAt(i + 4) !== DASH) return -1;
    const from = i + 5;
    let sequential = 0;
    for (i = from; i < end; i++) {
      c = text.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      sequential = sequential * 10 + (c - ZERO);
    }
    if (i - from < 1 || i - from > 9 || (i < end && c !== delimiter) || sequential < 1) return -1;
    this.labelKey = value * 1000 + p;
    this.sequential = sequential;
    return i;
  }

  /** `yyyy-MM-dd`, a day that exists, in the years an invoice can have. */
  private readDate(text: string, at: number, end: number): number {
    const stop = at + 10;
    if (stop > end || (stop < end && text.charCodeAt(stop) !== this.delimiterCode)) return -1;
    if (text.charCodeAt(at + 4) !== DASH || text.charCodeAt(at + 7) !== DASH) return -1;
    const y = digit(text, at) * 1000 + digit(text, at + 1) * 100 + digit(text, at + 2) * 10 + digit(text, at + 3);
    const m = digit(text, at + 5) * 10 + digit(text, at + 6);
    const d = digit(text, at + 8) * 10 + digit(text, at + 9);
    // A non-digit is NaN, which makes every sum NaN.
    if (!(y >= 0 && m >= 0 && d >= 0)) return -1;
    const day = dayOf(y, m, d);
    if (day === undefined) return -1;
    this.day = day;
    return stop;
  }

  /**
   * `1234.56`, `1234.5`, `1234` (up to 13 whole digits) as cents into `cents`, -1 for an empty
   * cell; -1 returned for any other cell, and for a decimal point in a decimal-comma file.
   */
  private readCents(text: string, at: number, end: number): number {
    const delimiter = this.delimiterCode;
    if (at === end || text.charCodeAt(at) === delimiter) {
      this.cents = -1;
      return at;
    }
    let whole = 0;
    let i = at;
    let c = -1;
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      whole = whole * 10 + (c - ZERO);
    }
    const wholeDigits = i - at;
    if (wholeDigits === 0 || wholeDigits > 13) return -1;
    if (i === end || c === delimiter) {
      this.cents = whole * 100;
      return i;
    }
    if (c !== DOT || this.mark === ',') return -1;
    const d1 = i + 1 < end ? digit(text, i + 1) : Number.NaN;
    if (!(d1 >= 0)) return -1;
    let d2 = 0;
    let stop = i + 2;
    if (stop < end && text.charCodeAt(stop) !== delimiter) {
      d2 = digit(text, stop);
      if (!(d2 >= 0)) return -1;
      stop++;
      if (stop < end && text.charCodeAt(stop) !== delimiter) return -1;
    }
    this.dotted = true;
    this.cents = whole * 100 + d1 * 10 + d2;
    return stop;
  }

  /** The row's store and series: the cached strings when the same characters were met before. */
  private fillSeries(text: string): void {
    const row = this.row;
    const labelKey = this.labelKey;
    if (this.fixedStore !== undefined) {
      row.store = this.fixedStore;
      row.series = labelKey < 0 ? NO_SERIES : this.labelOnly(labelKey);
      row.seriesKey = labelKey + 1;
      return;
    }
    const start = this.storeStart;
    const end = this.storeEnd;
    const hash = (Math.imul(this.storeHash, 0x9e3779b1) ^ labelKey) | 0;
    const slot = (hash ^ (hash >>> 15)) & (CACHE_SLOTS - 1);
    const cached = this.cacheStore[slot];
    if (this.cacheHash[slot] === hash && this.cacheLabelKey[slot] === labelKey && sameText(cached, text, start, end)) {
      row.store = cached;
      row.series = this.cacheLabel[slot];
      row.seriesKey = this.cacheKey[slot];
      return;
    }
    const store = ownCopy(text.slice(start, end));
    const label = labelKey < 0 ? NO_SERIES : this.labelOnly(labelKey);
    this.cacheHash[slot] = hash;
    this.cacheLabelKey[slot] = labelKey;
    this.cacheStore[slot] = store;
    this.cacheLabel[slot] = label;
    this.cacheKey[slot] = this.fills;
    row.store = store;
    row.series = label;
    row.seriesKey = this.fills++;
  }

  private readonly labels = new Map<number, string>();

  private labelOnly(key: number): string {
    let label = this.labels.get(key);
    if (label === undefined) {
      label = `${three(Math.floor(key / 1000))}-${three(key % 1000)}`;
      if (this.labels.size < 100_000) this.labels.set(key, label);
    }
    return label;
  }
}

function three(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;
}

/** The digit at text[i], or NaN when it is not one. */
function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - ZERO;
  return c >= 0 && c <= 9 ? c : Number.NaN;
}

function sameText(cached: string, text: string, start: number, end: number): boolean {
  if (cached.length !== end - start) return false;
  for (let i = 0; i < cached.length; i++) if (cached.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}
