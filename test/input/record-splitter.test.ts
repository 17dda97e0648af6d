import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { RecordSplitter, type RawRecord, type RecordBatch } from '../../src/input/record-splitter.js';

interface Outcome {
  records: RawRecord[];
  unreadable: { line: number; raw: string }[];
}

/** What csv-parse itself makes of the whole text: the reference the splitter must equal. */
function csvParse(text: string, delimiter: string): Outcome {
  const unreadable: Outcome['unreadable'] = [];
  // The file's first line end decides, as in the splitter: with a CR in it, a bare LF is text.
  const first = text.search(/[\r\n]/);
  const crFile = first >= 0 && text[first] === '\r';
  const rows = parse(Buffer.from(text, 'utf8'), {
    bom: true,
    delimiter,
    record_delimiter: crFile ? ['\r\n', '\r'] : ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (error: unknown, raw: string | undefined) => {
      unreadable.push({ line: (error as { lines?: number } | undefined)?.lines ?? 0, raw: raw ?? '' });
      return undefined;
    },
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return { records: rows.map(({ record, info }) => ({ cells: record, line: info.lines })), unreadable };
}

/** The splitter fed the text's bytes in the given pieces (cut anywhere, inside characters too). */
function split(text: string, delimiter: string, cuts: number[]): Promise<Outcome> {
  const bytes = Buffer.from(text, 'utf8');
  const unreadable: Outcome['unreadable'] = [];
  const splitter = new RecordSplitter({ onUnreadable: (line, _reason, raw) => unreadable.push({ line, raw }) });
  splitter.delimiter = delimiter;
  const records: RawRecord[] = [];
  splitter.on('data', (batch: RecordBatch) => {
    for (let i = 0; i < batch.size; i++) records.push(batch.record(i));
  });
  return new Promise((resolve, reject) => {
    splitter.on('end', () => resolve({ records, unreadable }));
    splitter.on('error', reject);
    let at = 0;
    for (const cut of [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b)) {
      splitter.write(bytes.subarray(at, cut));
      at = cut;
    }
    splitter.end(bytes.subarray(at));
  });
}

const pieces = ['a', 'bc', 'é', '1.234,56', '2024-03-01', ' ', ',', ';', '\t', '"', '""', '\n', '\r\n', '\r', 'Ñu'];
const texts = (fc: typeof import('fast-check').default) =>
  fc.record({
    bom: fc.boolean(),
    delimiter: fc.constantFrom(',', ';', '\t'),
    lineEnd: fc.constantFrom('\n', '\r\n'),
    lines: fc.array(
      fc.oneof(
        { weight: 8, arbitrary: fc.array(fc.constantFrom('a', 'bc', 'é', '12', ' ', 'Ñu', ''), { maxLength: 4 }) },
        { weight: 1, arbitrary: fc.array(fc.constantFrom(...pieces), { maxLength: 6 }) },
      ),
      { maxLength: 12 },
    ),
    finalLineEnd: fc.boolean(),
    cuts: fc.array(fc.nat(200), { maxLength: 6 }),
  });

describe('RecordSplitter', () => {
  it('gives exactly what csv-parse gives, cells and line numbers, however the bytes are cut', async () => {
    await fc.assert(
      fc.asyncProperty(texts(fc), async ({ bom, delimiter, lineEnd, lines, finalLineEnd, cuts }) => {
        const body = lines.map((cells) => cells.join(delimiter)).join(lineEnd);
        const text = (bom ? '\ufeff' : '') + body + (finalLineEnd && lines.length ? lineEnd : '');
        const got = await split(text, delimiter, cuts);
        const want = csvParse(text, delimiter);
        if (want.unreadable.length > 0) {
          // csv-parse drops the rest of the file at an unclosed quote; the splitter rejects the
          // record's first line and reads on (SPEC §12): what comes before it is the same.
          expect(got.unreadable.length).toBeGreaterThan(0);
          expect(got.records.slice(0, want.records.length).map((r) => r.cells)).toEqual(want.records.map((r) => r.cells));
          return;
        }
        expect(got.records.map((r) => r.cells)).toEqual(want.records.map((r) => r.cells));
        // csv-parse counts a CR as a line of its own; the splitter numbers lines as sed does.
        if (!text.includes('\r')) expect(got).toEqual(want);
        else expect(got.unreadable.length).toBe(want.unreadable.length);
      }),
      { numRuns: 600, seed: 20241123 },
    );
  });

  it('reads plain lines itself and hands quoted ones to csv-parse, numbering lines across the switch', async () => {
    const text = 'a,b\n1,2\n\n3,"x\ny"\n4,5\n';
    const { records } = await split(text, ',', [5]);
    expect(records).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['1', '2'], line: 2 },
      { cells: ['3', 'x\ny'], line: 5 },
      { cells: ['4', '5'], line: 6 },
    ]);
  });

  it('reports an unclosed quote at its first line and reads on from the next line (SPEC §12)', async () => {
    const lines = ['a,b', '1,2', '3,"open', ...Array.from({ length: 17 }, (_, i) => `${i + 4},x`)];
    for (const lineEnd of ['\n', '\r\n']) {
      const { records, unreadable } = await split(lines.join(lineEnd) + lineEnd, ',', [7, 30]);
      expect(unreadable).toEqual([{ line: 3, raw: '3,"open' }]);
      expect(records.map((r) => r.line)).toEqual([1, 2, ...Array.from({ length: 17 }, (_, i) => i + 4)]);
      expect(records.at(-1)!.cells).toEqual(['20', 'x']);
    }
  });

  it('takes a quoted field that runs past 100 lines or 64 KB as unreadable at its first line', async () => {
    const many = ['h,v', '1,"x', ...Array.from({ length: 150 }, (_, i) => `${i + 3},y`), '"'];
    const a = await split(many.join('\n') + '\n', ',', [1000]);
    expect(a.unreadable.map((u) => u.line)).toEqual([2, 153]);
    expect(a.records.length).toBe(1 + 150);
    expect(a.records[1]).toEqual({ cells: ['3', 'y'], line: 3 });
    const long = `h,v\n1,"${'z'.repeat(70_000)}\n2,ok\n`;
    const b = await split(long, ',', [100, 40_000]);
    expect(b.unreadable.map((u) => u.line)).toEqual([2]);
    expect(b.records).toEqual([
      { cells: ['h', 'v'], line: 1 },
      { cells: ['2', 'ok'], line: 3 },
    ]);
    // A long quoted field that does close is a cell like any other.
    const closed = await split(`h,v\n1,"${'w\n'.repeat(50)}"\n2,ok\n`, ',', []);
    expect(closed.unreadable).toEqual([]);
    expect(closed.records.map((r) => r.line)).toEqual([1, 52, 53]);
  });

  it('splits two rows a lone CR joined, in LF and CRLF files', async () => {
    for (const lineEnd of ['\n', '\r\n']) {
      const { records } = await split(`h,v${lineEnd}1,a\r2,b${lineEnd}3,c${lineEnd}`, ',', []);
      expect(records.map((r) => r.cells)).toEqual([
        ['h', 'v'],
        ['1', 'a'],
        ['2', 'b'],
        ['3', 'c'],
      ]);
    }
  });

  it('rejects a line over 1 MB without holding it, and reads on', async () => {
    const huge = 'q'.repeat(3 * 1024 * 1024);
    for (const quote of ['', '"']) {
      const text = `h,v\n1,a\n${quote}${huge}\n2,b\n`;
      // Cut as standard input comes (64 KB) and as a file is read (1 MB, the line's end inside a chunk).
      for (const size of [65_536, 1 << 20]) {
        const { records, unreadable } = await split(
          text,
          ',',
          Array.from({ length: Math.ceil(text.length / size) }, (_, i) => (i + 1) * size),
        );
        expect(unreadable.map((u) => u.line)).toEqual([3]);
        expect(records).toEqual([
          { cells: ['h', 'v'], line: 1 },
          { cells: ['1', 'a'], line: 2 },
          { cells: ['2', 'b'], line: 4 },
        ]);
      }
    }
  });
});

describe('RecordSplitter, a quoted field with no line end for megabytes', () => {
  it('is one reject, at its line, and the next line reads', async () => {
    const text = `h,v\n"a",1\n2,"${'q'.repeat(3 << 20)}\n3,c\n`;
    const { records, unreadable } = await split(
      text,
      ',',
      Array.from({ length: 60 }, (_, i) => (i + 1) * 65_536),
    );
    expect(unreadable.map((u) => u.line)).toEqual([3]);
    expect(records).toEqual([
      { cells: ['h', 'v'], line: 1 },
      { cells: ['a', '1'], line: 2 },
      { cells: ['3', 'c'], line: 4 },
    ]);
  });
});
