/**
 * A result as the commands print it with `--format json`: indented by two, one trailing
 * newline. The server's JSON API sends these same bytes, so the two cannot differ.
 */
export function jsonDocument(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
