/**
 * Invoice numbers and series labels (SPEC §2): `001-001-000000123` (Ecuador, EEE-PPP),
 * `F001-00000123` (Peru), `A/2024/000123` (Spain), `FAC-000123`, or a bare number.
 */

/** The largest SRI sequential: nine digits. */
export const SRI_MAX_SEQUENTIAL = 999_999_999;
/** Other regimes (Mexico's folio has up to 40 characters) are capped where integers stay exact. */
export const MAX_SEQUENTIAL = Number.MAX_SAFE_INTEGER;

/** The series label of a number that has none of its own. */
export const NO_SERIES = '-';

export interface InvoiceNumber {
  /** EEE-PPP, an alphanumeric prefix, or undefined for a bare number. */
  series?: string;
  sequential: number;
  /** True for EEE-PPP-SSSSSSSSS numbering, where the 9-digit limit applies. */
  sri: boolean;
}

const SRI = /^(\d{3})-(\d{3})-(\d{1,9})$/;
const SRI_COMPACT = /^(\d{3})(\d{3})(\d{9})$/;
const BARE = /^\d+$/;
// A prefix of letters, digits and separators, then the sequential digits at the end.
const PREFIXED = /^(.*?[A-Za-z0-9])([\s\-/_.#]*?)(\d+)$/;
// Spreadsheets write 123 as 123.0.
const EMPTY_PART = /[-/]{2}|^[-/]|[-/]$/;
const SPREADSHEET_INTEGER = /^(\d+)\.0+$/;

export type NumberParse = { ok: true; number: InvoiceNumber } | { ok: false; reason: string };

/** Parses a custom pattern given with --number-pattern (named groups `series`, `seq`). */
export function numberParserFromPattern(pattern: RegExp): (text: string) => NumberParse {
  return (text) => {
    const m = pattern.exec(text.trim());
    const seqText = m?.groups?.seq;
    if (!m || !seqText || !/^\d+$/.test(seqText)) {
      return { ok: false, reason: `number '${text.trim()}' does not match --number-pattern` };
    }
    return checkSequential({ series: m.groups?.series || undefined, sequential: +seqText, sri: false }, text);
  };
}

function checkSequential(number: InvoiceNumber, text: string): NumberParse {
  const limit = number.sri ? SRI_MAX_SEQUENTIAL : MAX_SEQUENTIAL;
  if (!Number.isSafeInteger(number.sequential) || number.sequential < 1 || number.sequential > limit) {
    return { ok: false, reason: `sequential '${text.trim()}' is out of range (1 to ${limit.toLocaleString('en')})` };
  }
  return { ok: true, number };
}

export function parseInvoiceNumber(text: string): NumberParse {
  const value = text.trim();
  if (value === '') return { ok: false, reason: 'missing sequential' };
  if (BARE.test(value)) {
    if (value.length === 15) {
      const c = SRI_COMPACT.exec(value)!;
      return checkSequential({ series: `${c[1]}-${c[2]}`, sequential: +c[3], sri: true }, value);
    }
    return checkSequential({ sequential: +value, sri: false }, value);
  }
  const sri = SRI.exec(value);
  if (sri) return checkSequential({ series: value.slice(0, 7), sequential: +sri[3], sri: true }, value);
  const integer = SPREADSHEET_INTEGER.exec(value);
  if (integer) return checkSequential({ sequential: +integer[1], sri: false }, value);
  // 001-001--000000004, -001-4, F001/: a part is missing; never read as another number.
  if (EMPTY_PART.test(value)) return { ok: false, reason: `invoice number with an empty part '${value}'` };
  const prefixed = PREFIXED.exec(value);
  // A prefix with a letter (F001, FAC) or one set off by - or / (A/2024/); never 1.5.
  if (prefixed && (/[A-Za-z]/.test(prefixed[1]) || /[-/]/.test(prefixed[2]))) {
    return checkSequential({ series: prefixed[1], sequential: +prefixed[3], sri: false }, value);
  }
  return { ok: false, reason: `non-numeric sequential '${value}'` };
}

/** A series label from establecimiento and punto de emisión cells: `1`, `2` → `001-002`. */
export function sriSeriesLabel(establishment: string, emissionPoint: string): string | undefined {
  const e = establishment.trim();
  const p = emissionPoint.trim();
  if (!/^\d{1,3}$/.test(e) || !/^\d{1,3}$/.test(p)) return undefined;
  return `${e.padStart(3, '0')}-${p.padStart(3, '0')}`;
}

/** A `serie` cell: `001-001` and `001001` become `001-001`; anything else is kept as written. */
export function normalizeSeriesCell(text: string): string | undefined {
  const v = text.trim();
  if (v === '') return undefined;
  const m = /^(\d{3})-?(\d{3})$/.exec(v);
  return m ? `${m[1]}-${m[2]}` : v;
}
