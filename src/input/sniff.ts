import { Transform, type TransformCallback } from 'node:stream';

/**
 * Delimiter sniffing among , ; and tab. csv-parse's own discovery (delimiter_auto, 7.0.3)
 * throws on any character above code 126 in its sample: a BOM, an accent in a header or a
 * store name ("Nota de Crédito"), that is, on most real exports. So the sample is scored here,
 * the way csv-parse scores it (occurrences minus their spread across lines), among our three.
 */
const CANDIDATES = [',', ';', '\t'] as const;
/** Lines scored, and the most text held back while waiting for them. */
const SAMPLE_LINES = 20;
const SAMPLE_BYTES = 64 * 1024;

export function sniffDelimiter(sample: string): string {
  const counts = CANDIDATES.map(() => [] as number[]);
  let line = 0;
  let quoted = false;
  for (let i = 0; i < sample.length && line < SAMPLE_LINES; i++) {
    const c = sample[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && sample[i + 1] === '\n') i++;
      line++;
    } else {
      const k = CANDIDATES.indexOf(c as (typeof CANDIDATES)[number]);
      if (k >= 0) counts[k][line] = (counts[k][line] ?? 0) + 1;
    }
  }
  const lines = Math.max(1, Math.min(line + 1, SAMPLE_LINES));
  let best: string = ',';
  let bestScore = 0;
  CANDIDATES.forEach((candidate, k) => {
    const perLine = Array.from({ length: lines }, (_, l) => counts[k][l] ?? 0);
    const total = perLine.reduce((a, b) => a + b, 0);
    const mean = total / lines;
    const std = Math.sqrt(perLine.reduce((a, b) => a + (b - mean) ** 2, 0) / lines);
    const score = total - std;
    if (score > bestScore) [best, bestScore] = [candidate, score];
  });
  return best;
}

/**
 * Passes text through unchanged, holding back the first lines until the delimiter can be
 * decided; `onDecided` runs before any of the text goes on.
 */
export class DelimiterSniffer extends Transform {
  private held: Buffer[] = [];
  private heldLength = 0;
  private lines = 0;
  private decided = false;

  constructor(private readonly onDecided: (delimiter: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.decided) return done(null, chunk);
    this.held.push(chunk);
    this.heldLength += chunk.length;
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) this.lines++;
    if (this.lines >= SAMPLE_LINES || this.heldLength >= SAMPLE_BYTES) this.release();
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.decided) this.release();
    done();
  }

  private release(): void {
    // Whole held bytes: a character split between two chunks is decoded once, joined.
    const bytes = Buffer.concat(this.held);
    this.held = [];
    this.decided = true;
    this.onDecided(sniffDelimiter(bytes.toString('utf8').replace(/^\ufeff/, '')));
    if (bytes.length) this.push(bytes);
  }
}
