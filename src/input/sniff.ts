import { Transform, type TransformCallback } from 'node:stream';

/**
 * The delimiter of an export, sniffed from its header line (SPEC §3): whichever of tab, `;`
 * and `,` occurs most often outside quotes. Headers are names, so they rarely hold a
 * delimiter of their own, unlike data rows (`1.234,56` in a semicolon file).
 * Ties go to tab, then `;`: a comma inside a header name is likelier than the others.
 * A header with none of them (a single column) is read as comma-separated.
 */
export const CANDIDATES = ['\t', ';', ','] as const;

export function sniffDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(CANDIDATES.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const d of CANDIDATES) {
    if (counts.get(d)! > bestCount) {
      best = d;
      bestCount = counts.get(d)!;
    }
  }
  return best;
}

/**
 * The header line at the start of the decoded text (UTF-8 bytes), or undefined when no line end
 * is there yet. The quote and the line ends are single bytes that UTF-8 never uses inside a
 * character, so the line is found in the bytes and only it is decoded, not the whole first chunk.
 */
function firstLine(head: Buffer, ended: boolean): string | undefined {
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const byte = head[i];
    if (byte === QUOTE) quoted = !quoted;
    else if (!quoted && (byte === LF || byte === CR)) return head.toString('utf8', 0, i);
  }
  return ended ? head.toString('utf8') : undefined;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** How much of the start of a file is held, at most, while looking for the end of its header. */
const HEAD_LIMIT = 1 << 16;

/**
 * Passes decoded text through unchanged, holding back only the start of the file until its
 * header line is complete, then reports the sniffed delimiter before the first byte goes on,
 * so the parser is set up before it reads anything. csv-parse's own discovery is not used:
 * it fails on any character beyond ASCII in its sample (a BOM, an accented name).
 */
export class DelimiterSniffer extends Transform {
  private held: Buffer[] = [];
  private heldLength = 0;
  private decided = false;

  constructor(private readonly onDelimiter: (delimiter: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.decided) return done(null, chunk);
    this.held.push(chunk);
    this.heldLength += chunk.length;
    this.decide(false);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.decided) this.decide(true);
    done();
  }

  private decide(ended: boolean): void {
    const head = Buffer.concat(this.held);
    const line = firstLine(head, ended || this.heldLength >= HEAD_LIMIT);
    if (line === undefined) return;
    this.decided = true;
    this.onDelimiter(sniffDelimiter(line));
    this.held = [];
    this.push(head);
  }
}
