import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DelimiterSniffer, sniffDelimiter } from '../../src/input/sniff.js';

async function sniffStream(chunks: string[]): Promise<{ delimiter?: string; text: string }> {
  let delimiter: string | undefined;
  let text = '';
  const sniffer = new DelimiterSniffer((d) => {
    expect(text).toBe(''); // decided before the first byte goes on
    delimiter = d;
  });
  const out = Readable.from(chunks.map((c) => Buffer.from(c))).pipe(sniffer);
  for await (const chunk of out) text += chunk.toString();
  return { delimiter, text };
}

describe('delimiter sniffing', () => {
  it('reads the header of each dialect', () => {
    expect(sniffDelimiter('COMPROBANTE\tSERIE_COMPROBANTE\tCLAVE_ACCESO\tFECHA_EMISION')).toBe('\t');
    expect(sniffDelimiter('Local;Número Factura;Fecha;Total')).toBe(';');
    expect(sniffDelimiter('store,number,date,amount')).toBe(',');
  });

  it('ignores delimiters inside quoted header names', () => {
    expect(sniffDelimiter('"Fecha, emisión";"Número";"Total"')).toBe(';');
    expect(sniffDelimiter('"a;b";"c;d",e,f')).toBe(',');
  });

  it('reads a single-column header (access keys only) as comma-separated', () => {
    expect(sniffDelimiter('\ufeffclave_acceso')).toBe(',');
  });

  it('prefers tab, then semicolon, on a tie', () => {
    expect(sniffDelimiter('a,b\tc')).toBe('\t');
    expect(sniffDelimiter('a,b;c')).toBe(';');
  });

  it('is not misled by accented or non-ASCII text (csv-parse discovery crashed on it)', () => {
    expect(sniffDelimiter('Razón social;Nº;Dirección ñ €')).toBe(';');
  });

  it('waits for the end of the header across chunks, then passes everything through unchanged', async () => {
    const input = ['Lo', 'cal;Fe', 'cha;Total\r\nL-1;03/04/2024;1.234,56\r\n', 'L-2;04/04/2024;2,50\r\n'];
    expect(await sniffStream(input)).toEqual({ delimiter: ';', text: input.join('') });
  });

  it('decides on a header-only file without a line end', async () => {
    expect(await sniffStream(['a\tb\tc'])).toEqual({ delimiter: '\t', text: 'a\tb\tc' });
  });

  it('does not take a line break inside a quoted header for its end', async () => {
    const input = ['"Nro\nDoc";Fecha\nx;y\n'];
    expect(await sniffStream(input)).toEqual({ delimiter: ';', text: input[0] });
  });

  it('passes an empty stream through', async () => {
    expect(await sniffStream([])).toEqual({ delimiter: ',', text: '' });
  });

  it('finds the header line in the bytes with accents and a BOM, a character split across chunks, the rest passed on unchanged', async () => {
    const bytes = Buffer.from('\ufeffRazón;Nº;Dirección ñ €\nL-1;x;y\n');
    const split = bytes.indexOf(Buffer.from('ó')) + 1; // inside ó's two bytes
    let delimiter: string | undefined;
    const out = Readable.from([bytes.subarray(0, split), bytes.subarray(split)]).pipe(new DelimiterSniffer((d) => (delimiter = d)));
    const chunks: Buffer[] = [];
    for await (const chunk of out) chunks.push(chunk);
    expect(delimiter).toBe(';');
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });
});
