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
  const rows = parse(Buffer.from(text, 'utf8'), {
    bom: true,
    delimiter,
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
        expect(await split(text, delimiter, cuts)).toEqual(csvParse(text, delimiter));
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

  it('reports an unclosed quote after the switch at its line in the file', async () => {
    const { records, unreadable } = await split('a,b\n1,2\n3,"open\n', ',', []);
    expect(records.map((r) => r.line)).toEqual([1, 2]);
    expect(unreadable.map((u) => u.line)).toEqual(csvParse('a,b\n1,2\n3,"open\n', ',').unreadable.map((u) => u.line));
  });
});
