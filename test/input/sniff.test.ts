import { describe, expect, it } from 'vitest';
import { sniffDelimiter } from '../../src/input/sniff.js';

describe('sniffDelimiter', () => {
  it('picks the delimiter of the header and the first lines', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(sniffDelimiter('a;b;c\n1;2,50;3\n')).toBe(';');
    expect(sniffDelimiter('COMPROBANTE\tSERIE_COMPROBANTE\tCLAVE_ACCESO\nFactura\t001-001-000000001\t1\n')).toBe('\t');
    expect(sniffDelimiter('Fecha Emisión;Valor, total;Código\r\n01/03/2024;1,50;x\r\n')).toBe(';');
  });

  it('ignores delimiters inside quotes and copes with a single column', () => {
    expect(sniffDelimiter('"a;b;c",d\n"1;2;3",4\n')).toBe(',');
    expect(sniffDelimiter('secuencial\n1\n2\n')).toBe(',');
    expect(sniffDelimiter('')).toBe(',');
  });

  it('reads non-ASCII text (what csv-parse 7.0.3 delimiter_auto throws on)', () => {
    expect(sniffDelimiter('tienda;tipo;número\nJosé;Nota de Crédito;1\n')).toBe(';');
  });
});
