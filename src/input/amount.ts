/**
 * Amount cells as exports write them: `1234.56`, `.31`, `2500`, `1.234,56`, `1,234.56`,
 * `1234,56`, `$ 12.00`, `S/ 118.88`, `PEN 5.00`, `5.00 €`, or empty (retentions, some credit notes).
 * Amounts only tell an identical re-upload from a conflicting duplicate.
 */
export type AmountParse = { ok: true; amount: number | null } | { ok: false; reason: string };

/** The common form, `1234.56`: read at once, without the clean-up below (a hot path of large ingests). */
const PLAIN = /^\d{1,13}(\.\d{1,2})?$/;

/** A currency mark before or after the figure: $, US$, €, S/ (Peruvian sol), or a code. */
const CURRENCY = /^(?:US\$|[$€]|S\/\.?|(?:USD|EUR|PEN|CLP)\b)\s*|\s*(?:[$€]|USD|EUR|PEN|CLP)$/gi;

export function parseAmount(text: string): AmountParse {
  if (PLAIN.test(text)) return { ok: true, amount: Number(text) };
  let v = text.trim().replace(CURRENCY, '').replace(/\s/g, '');
  if (v === '') return { ok: true, amount: null };
  const lastDot = v.lastIndexOf('.');
  const lastComma = v.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    // Both separators: the last one is the decimal mark.
    v = lastComma > lastDot ? v.replace(/\./g, '').replace(',', '.') : v.replace(/,/g, '');
  } else if (lastComma >= 0) {
    // Only commas: thousands when grouped in threes twice or more (1,234,567), else the decimal mark.
    v = /^-?\d{1,3}(,\d{3}){2,}$/.test(v) ? v.replace(/,/g, '') : v.replace(',', '.');
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(v)) return { ok: false, reason: `unreadable amount '${text.trim()}'` };
  return { ok: true, amount: Math.round(Number(v) * 100) / 100 };
}
