/**
 * Control characters in data (ESC, BEL, CSI, bidi overrides, …) shown escaped, `\u001b`, the
 * way JSON writes them, so that a store code or an invoice number cannot move the cursor,
 * retitle a terminal or hide text (SPEC §12). The one helper for tables, messages, logs,
 * CSV and JSON output.
 */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const code = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The text with every control character escaped, except those in `keep` (a line break in a message). */
export function escapeControls(text: string, keep = ''): string {
  if (!HAS_CONTROL.test(text)) return text;
  return text.replace(CONTROLS, (ch) => (keep.includes(ch) ? ch : code(ch)));
}

export function hasControls(text: string): boolean {
  return HAS_CONTROL.test(text);
}

/** A copy of a plain value (report, status, results) with every string in it escaped, for a table. */
export function escapeStrings<T>(value: T): T {
  if (typeof value === 'string') return escapeControls(value) as T;
  if (Array.isArray(value)) return value.map((v) => escapeStrings(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = escapeStrings(v);
    return out as T;
  }
  return value;
}
