/**
 * The reader for the part of an export that is not plain lines (a quote, a stray carriage
 * return): RFC 4180 with csv-parse's relaxed quotes (a quote inside an unquoted cell is
 * text, `CORPORACIÓN "EL ROSADO" S.A.`), which it equals cell for cell (a differential test
 * holds it to that). Its own rule on top (SPEC §12): a quoted field that runs past 64 KB or
 * past 100 lines, or to the end of the file, is a bad record at its first line, and reading
 * resumes on the next line, so one stray quote never swallows the rest of a file.
 *
 * Lines are numbered as `sed -n Np` shows them: by line feeds (a CRLF is one line end), and
 * in CR files by carriage returns too. A lone CR ends a record in any file (two rows that a
 * stray CR joined both load).
 */

/** How far a quoted field may run before its record is taken as unreadable. */
export const QUOTED_MAX_BYTES = 64 * 1024;
export const QUOTED_MAX_LINES = 100;
/** How much of an unreadable line is kept as its raw text. */
const RAW_KEPT = 4096;

/** `lf`: a record ends at CRLF, LF or a lone CR. `cr` (CRLF and CR files): at CRLF or a lone CR; a bare LF is text. */
export type LineMode = 'lf' | 'cr';

export interface QuotedReaderSink {
  record(cells: string[], line: number): void;
  unreadable(line: number, reason: string, raw: string): void;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

type Outcome = { kind: 'record'; cells: string[]; brk: number; end: number } | { kind: 'more' } | { kind: 'runaway'; why: string };

export class QuotedReader {
  /** Text from the start of the record not read yet. */
  private buf = '';
  /** The line the next record starts on. */
  private line: number;
  /** A rejected line goes on past the text held: skip up to its end. */
  private skipRest = false;

  constructor(
    private readonly delimiter: string,
    private readonly mode: LineMode,
    linesBefore: number,
    private readonly sink: QuotedReaderSink,
  ) {
    this.line = linesBefore + 1;
  }

  feed(text: string): void {
    if (this.skipRest) {
      // The rest of a line already rejected: up to its end.
      const at = this.firstBreak(text, 0);
      if (at < 0) return;
      this.skipRest = false;
      text = text.slice(at);
    }
    this.buf = this.buf === '' ? text : this.buf + text;
    this.drain(false, '');
  }

  end(): void {
    this.drain(true, 'is not closed by the end of the file');
    this.buf = '';
  }

  /**
   * The text held ends inside a line that will not be read (over 1 MB): drop that line's
   * start; a record still open before it is unreadable (its quoted field runs past 64 KB).
   * Returns the number of the dropped line.
   */
  abandonLine(): { line: number; head: string } {
    let cut = this.buf.length;
    while (cut > 0 && this.buf.charCodeAt(cut - 1) !== LF && this.buf.charCodeAt(cut - 1) !== CR) cut--;
    const head = this.buf.slice(cut, cut + 200);
    this.buf = this.buf.slice(0, cut);
    const already = this.skipRest;
    this.skipRest = false;
    this.drain(true, 'runs past 64 KB');
    this.buf = '';
    return { line: already ? -1 : this.line, head };
  }

  /** Lines that the text from `from` to `to` ends (see the numbering above). */
  private linesIn(buf: string, from: number, to: number): number {
    let lines = 0;
    for (let i = from; i < to; i++) {
      const c = buf.charCodeAt(i);
      if (c === LF) lines++;
      else if (c === CR && this.mode === 'cr' && buf.charCodeAt(i + 1) !== LF) lines++;
    }
    return lines;
  }

  private drain(final: boolean, openAtEnd: string): void {
    let start = 0;
    const buf = this.buf;
    while (start < buf.length) {
      const outcome = this.readRecord(buf, start, final, openAtEnd);
      if (outcome.kind === 'more') break;
      if (outcome.kind === 'runaway') {
        const eol = this.firstBreak(buf, start);
        const raw = buf.slice(start, Math.min(eol < 0 ? buf.length : eol, start + RAW_KEPT));
        this.sink.unreadable(this.line, `unreadable CSV: the quoted field opened on this line ${outcome.why}`, raw);
        if (eol < 0) {
          // Its line has not ended yet: the rest of it is skipped as it comes.
          this.skipRest = !final;
          start = buf.length;
          break;
        }
        const next = eol + (buf.charCodeAt(eol) === CR && buf.charCodeAt(eol + 1) === LF ? 2 : 1);
        this.line += this.linesIn(buf, start, next);
        start = next;
        continue;
      }
      if (outcome.cells.length > 0) this.sink.record(outcome.cells, this.line + this.linesIn(buf, start, outcome.brk));
      this.line += this.linesIn(buf, start, outcome.end);
      start = outcome.end;
    }
    this.buf = start === 0 ? buf : buf.slice(start);
  }

  /** Where the first record break at or after `from` is (-1: none). */
  private firstBreak(buf: string, from: number): number {
    for (let i = from; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c === CR || (c === LF && this.mode === 'lf')) return i;
    }
    return -1;
  }

  /**
   * One record from `start`: its cells (none for an empty line), where its break is and
   * where the next record starts.
   */
  private readRecord(buf: string, start: number, final: boolean, openAtEnd: string): Outcome {
    const delimiter = this.delimiter;
    const d0 = delimiter.charCodeAt(0);
    const lfBreaks = this.mode === 'lf';
    const cells: string[] = [];
    let field = '';
    let quoting = false;
    let wasQuoting = false;
    let quotedLines = 0;
    let pos = start;
    let from = start; // start of the text not yet added to `field`
    const n = buf.length;
    while (pos < n) {
      const c = buf.charCodeAt(pos);
      if (quoting) {
        if (c === QUOTE) {
          if (pos + 1 >= n && !final) return { kind: 'more' };
          const next = buf.charCodeAt(pos + 1);
          if (next === QUOTE) {
            field += buf.slice(from, pos + 1);
            pos += 2;
            from = pos;
            continue;
          }
          if (pos + 1 >= n || next === CR || (next === LF && lfBreaks) || buf.startsWith(delimiter, pos + 1)) {
            field += buf.slice(from, pos);
            quoting = false;
            wasQuoting = true;
            pos++;
            from = pos;
            continue;
          }
          // A quote followed by text: the quoting ends, and the cell is the text as it stands.
          field = `"${field}${buf.slice(from, pos)}`;
          quoting = false;
          wasQuoting = true;
          from = pos;
          pos++;
          continue;
        }
        if (c === LF || c === CR) {
          if (c === CR && pos + 1 >= n && !final) return { kind: 'more' };
          if (c === LF || buf.charCodeAt(pos + 1) !== LF) {
            if (++quotedLines >= QUOTED_MAX_LINES) return { kind: 'runaway', why: `runs past ${QUOTED_MAX_LINES} lines` };
            if (pos - start > QUOTED_MAX_BYTES / 3 && Buffer.byteLength(buf.slice(start, pos)) > QUOTED_MAX_BYTES) {
              return { kind: 'runaway', why: 'runs past 64 KB' };
            }
          }
        }
        pos++;
        if (pos - start > QUOTED_MAX_BYTES) return { kind: 'runaway', why: 'runs past 64 KB' };
        continue;
      }
      if (c === QUOTE && pos === from && field === '') {
        quoting = true;
        pos++;
        from = pos;
        continue;
      }
      if (c === CR || (c === LF && lfBreaks)) {
        let end = pos + 1;
        if (c === CR) {
          if (pos + 1 >= n && !final) return { kind: 'more' };
          if (buf.charCodeAt(pos + 1) === LF) end++;
        }
        field += buf.slice(from, pos);
        if (!(cells.length === 0 && field === '' && !wasQuoting)) cells.push(field);
        return { kind: 'record', cells, brk: pos, end };
      }
      if (c === d0 && (delimiter.length === 1 || buf.startsWith(delimiter, pos))) {
        cells.push(field + buf.slice(from, pos));
        field = '';
        wasQuoting = false;
        pos += delimiter.length;
        from = pos;
        continue;
      }
      pos++;
    }
    if (quoting) {
      if (pos - start > QUOTED_MAX_BYTES) return { kind: 'runaway', why: 'runs past 64 KB' };
      return final ? { kind: 'runaway', why: openAtEnd } : { kind: 'more' };
    }
    if (!final) return { kind: 'more' };
    field += buf.slice(from, pos);
    if (!(cells.length === 0 && field === '' && !wasQuoting)) cells.push(field);
    return { kind: 'record', cells, brk: n, end: n };
  }
}
