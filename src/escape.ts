/**
 * Control characters in data (ESC, BEL, CSI, bidi overrides, …) shown escaped, `\u001b`, the
 * way JSON writes them, so that a store code or an invoice number cannot move the cursor,
 * retitle a terminal or hide text (SPEC §12). The one helper for tables, messages, logs,
 * CSV and JSON output.
 */
/** The controls past C0 (DEL, C1, bidi marks, overrides and isolates), which JSON writes as they are. */
const OTHER_CONTROLS = '\\u007f-\\u009f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
const CONTROLS = new RegExp(`[\\u0000-\\u001f${OTHER_CONTROLS}]`, 'g');
const HAS_CONTROL = new RegExp(`[\\u0000-\\u001f${OTHER_CONTROLS}]`);
/** In a value's JSON: a backslash (how JSON writes a C0 control, and any backslash) or another control. */
const JSON_ESCAPE_OR_CONTROL = new RegExp(`\\\\|[${OTHER_CONTROLS}]`);

const code = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The text with every control character escaped, except those in `keep` (a line break in a message). */
export function escapeControls(text: string, keep = ''): string {
  if (!HAS_CONTROL.test(text)) return text;
  return text.replace(CONTROLS, (ch) => (keep.includes(ch) ? ch : code(ch)));
}

export function hasControls(text: string): boolean {
  return HAS_CONTROL.test(text);
}

/** A plain value (report, status, results) with every string in it escaped, for a table: a copy, or the value itself when nothing in it needs escaping. */
export function escapeStrings<T>(value: T): T {
  // Nearly every report has nothing to escape: one native pass over its JSON says so, where the
  // copy took 5 ms of a daily run. JSON writes a C0 control as \b \f \n \r \t or \u00XX and
  // the other controls as they are; a backslash of the data's own may send it to the copy too.
  if (typeof value === 'object' && value !== null && !JSON_ESCAPE_OR_CONTROL.test(jsonOrBackslash(value))) return value;
  return copyEscaped(value);
}

/** The value as JSON, or a backslash (to take the copy) for one JSON cannot write. */
function jsonOrBackslash(value: object): string {
  try {
    return JSON.stringify(value) ?? '\\';
  } catch {
    return '\\';
  }
}

function copyEscaped<T>(value: T): T {
  if (typeof value === 'string') return escapeControls(value) as T;
  if (Array.isArray(value)) return value.map((v) => copyEscaped(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = copyEscaped(v);
    return out as T;
  }
  return value;
}
