/**
 * Amount cells as exports write them: `1234.56`, `.31`, `2500`, `1.234,56`, `1,234.56`,
 * `1234,56`, `$ 12.00`, `S/ 118.88`, `5.00 €`, or empty (retentions, some credit notes).
 * Read into integer cents (SPEC §8), rounded half away from zero, from the text itself (no float).
 *
 * The decimal mark is decided per file, like the day/month order of dates: `1.000` is one
 * thousand in a file of `1.234,56` amounts and one in a file of `12.50` amounts.
 */
export type DecimalMark = '.' | ',';

export type AmountParse = { ok: true; cents: number | null } | { ok: false; reason: string };

/** Currency marks before or after the number (SPEC §8), with any spaces beside them. */
const CURRENCY = /^(?:S\/\.?|USD|PEN|EUR|US\$|\$|€)\s*|\s*(?:S\/\.?|USD|PEN|EUR|\$|€)$/i;

/** The common form, `1234.56`: read at once, without the clean-up below (a hot path of large ingests). */
const PLAIN = /^\d{1,13}(\.\d{1,2})?$/;

/** The largest amount read, in whole units: beyond it, a cell is not an amount (and cents stay exact). */
const MAX_WHOLE_DIGITS = 13;

/** The number's text without currency marks, spaces or a leading plus; the sign kept in front. */
function bare(text: string): string {
  let v = text.trim();
  let sign = '';
  if (v.startsWith('-') || v.startsWith('+')) {
    sign = v[0] === '-' ? '-' : '';
    v = v.slice(1).trim();
  }
  for (let i = 0; i < 2; i++) v = v.replace(CURRENCY, '');
  if (sign === '' && v.startsWith('-')) {
    sign = '-';
    v = v.slice(1);
  }
  return sign + v.replace(/[\s\u00a0']/g, '');
}

/**
 * What a cell says of the file's decimal mark: both marks (`1.234,56`: the last one),
 * one mark repeated (`1.234.567`: the other one), one mark not followed by exactly three
 * digits (`12,5`, `12.50`), or a leading zero (`0,500`). Undefined when it says nothing.
 */
export function decimalMarkEvidence(text: string): DecimalMark | undefined {
  if (PLAIN.test(text)) return text.includes('.') ? '.' : undefined;
  const v = bare(text).replace(/^-/, '');
  const dots = count(v, '.');
  const commas = count(v, ',');
  if (dots > 0 && commas > 0) return v.lastIndexOf('.') > v.lastIndexOf(',') ? '.' : ',';
  if (dots + commas === 0) return undefined;
  const mark: DecimalMark = dots > 0 ? '.' : ',';
  const other: DecimalMark = mark === '.' ? ',' : '.';
  if (dots + commas > 1) return other;
  const [whole, fraction] = v.split(mark);
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(fraction)) return undefined;
  if (fraction.length !== 3 || whole === '' || whole === '0' || whole.length > 3) return mark;
  return undefined;
}

/** A cell that reads differently with either mark (`1.000`, `1,234`): it waits for the file's decision. */
export function isAmbiguousAmount(text: string): boolean {
  if (PLAIN.test(text)) return false;
  return /^-?\d{1,3}[.,]\d{3}$/.test(bare(text));
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** An amount cell as cents, with the file's decimal mark; empty is no amount. */
export function parseAmountCents(text: string, mark: DecimalMark = '.'): AmountParse {
  if (PLAIN.test(text) && (mark === '.' || !text.includes('.'))) return { ok: true, cents: plainCents(text) };
  const v = bare(text);
  if (v === '' || v === '-') return text.trim() === '' ? { ok: true, cents: null } : unreadable(text);
  const thousands = mark === '.' ? ',' : '.';
  const negative = v.startsWith('-');
  const body = negative ? v.slice(1) : v;
  const at = body.indexOf(mark);
  if (at >= 0 && body.indexOf(mark, at + 1) >= 0) return unreadable(text);
  let whole = at >= 0 ? body.slice(0, at) : body;
  const fraction = at >= 0 ? body.slice(at + 1) : '';
  if (whole.includes(thousands)) {
    // Grouped in threes: 1.234.567 (the first group one to three digits).
    if (!new RegExp(`^\\d{1,3}(\\${thousands}\\d{3})+$`).test(whole)) return unreadable(text);
    whole = whole.split(thousands).join('');
  }
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(fraction) || (whole === '' && fraction === '')) return unreadable(text);
  if (whole.replace(/^0+/, '').length > MAX_WHOLE_DIGITS) return unreadable(text);
  let cents = Number(whole || '0') * 100 + Number((fraction + '00').slice(0, 2));
  // Half away from zero on the third decimal; the sign is applied after, so -0.005 → -0.01.
  if (fraction.length > 2 && fraction[2] >= '5') cents += 1;
  return { ok: true, cents: negative && cents !== 0 ? -cents : cents };
}

function plainCents(text: string): number {
  const dot = text.indexOf('.');
  if (dot < 0) return Number(text) * 100;
  return Number(text.slice(0, dot)) * 100 + Number((text.slice(dot + 1) + '0').slice(0, 2));
}

function unreadable(text: string): AmountParse {
  return { ok: false, reason: `unreadable amount '${text.trim()}'` };
}

/** The mark a file takes when none of its cells decides it: a `;`-delimited file is a decimal-comma one. */
export function defaultDecimalMark(delimiter: string | undefined): DecimalMark {
  return delimiter === ';' ? ',' : '.';
}
