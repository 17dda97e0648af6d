import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openExport, type RawRecord } from '../../src/input/record-stream.js';

const dir = mkdtempSync(join(tmpdir(), 'smo-gaps-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, bytes: Buffer | string): Promise<{ records: RawRecord[]; delimiter?: string; encoding: string }> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const { batches, stats } = await openExport(path, { onUnreadable: () => {} });
  const out: RawRecord[] = [];
  for await (const batch of batches) for (let i = 0; i < batch.size; i++) out.push(batch.record(i));
  return { records: out, delimiter: stats.delimiter, encoding: stats.encoding };
}

describe('openExport', () => {
  it('reads a UTF-8 file with a BOM and accents, sniffing the delimiter', async () => {
    const r = await read('bom.csv', '\ufefftienda,tipo\nL-1,Nota de Crédito\n');
    expect(r.records).toEqual([
      { cells: ['tienda', 'tipo'], line: 1 },
      { cells: ['L-1', 'Nota de Crédito'], line: 2 },
    ]);
    expect(r.encoding).toBe('utf8');
  });

  it('reads Windows-1252 with semicolons and CRLF', async () => {
    const r = await read('latin.csv', Buffer.from('tienda;número\r\nJos\xe9;1,50\r\n', 'latin1'));
    expect(r.records.map((x) => x.cells)).toEqual([
      ['tienda', 'número'],
      ['José', '1,50'],
    ]);
    expect(r.delimiter).toBe(';');
    expect(r.encoding).toBe('windows-1252');
  });

  it('reads tab-separated SRI downloads with a trailing tab', async () => {
    const r = await read('sri.txt', 'COMPROBANTE\tSERIE_COMPROBANTE\tIMPORTE_TOTAL\nFactura\t001-001-000000001\t\n');
    expect(r.records[1].cells).toEqual(['Factura', '001-001-000000001', '']);
    expect(r.delimiter).toBe('\t');
  });

  it('reads a header-only file without a final newline', async () => {
    const r = await read('header.csv', 'a;b;c');
    expect(r.records).toEqual([{ cells: ['a', 'b', 'c'], line: 1 }]);
  });

  it('keeps a multi-byte character split across the sample boundary whole', async () => {
    const filler = 'x'.repeat(64 * 1024 - 1);
    const r = await read('split.csv', `a;b\n${filler};é\n1;2\n`);
    expect(r.records[1].cells[1]).toBe('é');
    expect(r.records).toHaveLength(3);
  });
});
