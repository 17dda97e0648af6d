/**
 * Calendar dates as the product stores them: the integer yyyymmdd (20240315).
 * Readable in the SQLite shell, ordered like the calendar, four bytes on disk,
 * and cheap to parse on the ingest hot path (ten million rows).
 */
export type Day = number;

/** How the day and month of a slashed date are ordered. ISO dates are always year first. */
export type DateOrder = 'dmy' | 'mdy';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The Day for a calendar date, or undefined when it does not exist (2024-02-30). */
export function dayOf(year: number, month: number, day: number): Day | undefined {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return undefined;
  const last = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (day > last) return undefined;
  return year * 10000 + month * 100 + day;
}

export function formatDay(day: Day): string {
  const y = Math.floor(day / 10000);
  const m = Math.floor(day / 100) % 100;
  const d = day % 100;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

export function toDate(day: Day): Date {
  return new Date(Math.floor(day / 10000), (Math.floor(day / 100) % 100) - 1, day % 100);
}

export function fromDate(date: Date): Day {
  return date.getFullYear() * 10000 + (date.getMonth() + 1) * 100 + date.getDate();
}

// yyyy-MM-dd, optionally followed by a time (" 10:20", "T10:20:30Z", …), which is ignored:
// an invoice's issue date is a calendar date.
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/;
// dd/MM/yyyy or MM/dd/yyyy (also with - or .), optionally followed by a time.
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[T ].*)?$/;

export type DateParse = { ok: true; day: Day } | { ok: false; reason: string };

/** Why a date is not taken: it does not exist (2024-02-30), or it does but lies outside the years an invoice can have (9999-12-31). */
function notADay(value: string, year: number, month: number, day: number): DateParse {
  const leapYear = 2000 + (isLeap(year) ? 0 : 1);
  if ((year < 1900 || year > 2999) && dayOf(leapYear, month, day) !== undefined && !(month === 2 && day === 29 && !isLeap(year))) {
    return { ok: false, reason: `date out of range '${value}' (years 1900 to 2999)` };
  }
  return { ok: false, reason: `impossible date '${value}'` };
}

/** Parses one date cell. `order` decides dd/MM versus MM/dd for slashed dates. */
export function parseDate(text: string, order: DateOrder = 'dmy'): DateParse {
  const value = text.trim();
  if (value === '') return { ok: false, reason: 'missing date' };
  let m = ISO.exec(value);
  if (m) {
    const day = dayOf(+m[1], +m[2], +m[3]);
    return day === undefined ? notADay(value, +m[1], +m[2], +m[3]) : { ok: true, day };
  }
  m = SLASHED.exec(value);
  if (m) {
    const [a, b] = [+m[1], +m[2]];
    const [month, dayOfMonth] = order === 'dmy' ? [b, a] : [a, b];
    const day = dayOf(+m[3], month, dayOfMonth);
    return day === undefined ? notADay(value, +m[3], month, dayOfMonth) : { ok: true, day };
  }
  return { ok: false, reason: `unreadable date '${value}' (expected yyyy-MM-dd or dd/MM/yyyy)` };
}

/** How an Excel workbook counts its date serials: from 1899-12-30, or from 1904-01-01 (old Mac files). */
export type DateSystem = '1900' | '1904';

const SERIAL = /^\d{1,7}(?:\.\d+)?$/;
const MS_PER_DAY = 86_400_000;
const EPOCH: Record<DateSystem, number> = { '1900': Date.UTC(1899, 11, 30), '1904': Date.UTC(1904, 0, 1) };

/**
 * An Excel date serial (45352, or 45352.5 with a time of day) as a date; undefined for a
 * cell that is not a plain number, so it is read as any other date text. Serials before
 * 1900-03-01 (60 is Excel's nonexistent 1900-02-29) are no invoice's date.
 */
export function parseExcelSerial(text: string, system: DateSystem): DateParse | undefined {
  const value = text.trim();
  if (!SERIAL.test(value)) return undefined;
  const serial = Math.floor(Number(value));
  if (system === '1900' && serial < 61) return { ok: false, reason: `impossible date '${value}' (an Excel date serial before 1900-03-01)` };
  const date = new Date(EPOCH[system] + serial * MS_PER_DAY);
  const day = dayOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  return day === undefined ? { ok: false, reason: `impossible date '${value}' (as an Excel date serial)` } : { ok: true, day };
}

/**
 * What a slashed date says about the file's day/month order: 'dmy' when its first part
 * is over 12, 'mdy' when its second part is, undefined when it cannot tell (03/04/2024).
 */
export function dateOrderEvidence(text: string): DateOrder | undefined {
  const m = SLASHED.exec(text.trim());
  if (!m) return undefined;
  if (+m[1] > 12 && +m[2] <= 12) return 'dmy';
  if (+m[2] > 12 && +m[1] <= 12) return 'mdy';
  return undefined;
}

/** Whether a date cell is slashed (dd/MM/yyyy or MM/dd/yyyy): only those depend on the file's order. */
export function isSlashedDate(text: string): boolean {
  return SLASHED.test(text.trim());
}

/** Reads --date-format: the familiar patterns, mapped to an order. */
export function parseDateFormatOption(text: string): DateOrder | undefined {
  const v = text
    .trim()
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  if (v === 'ddmmyyyy' || v === 'dmy' || v === 'ddmmyy') return 'dmy';
  if (v === 'mmddyyyy' || v === 'mdy' || v === 'mmddyy') return 'mdy';
  if (v === 'yyyymmdd' || v === 'ymd' || v === 'iso') return 'dmy'; // ISO dates need no order
  return undefined;
}
