import { describe, expect, it } from 'vitest';
import { mapColumns } from '../../src/input/columns.js';
import { interpretRow, type RowRules } from '../../src/input/rows.js';
import { parseInvoiceNumber } from '../../src/input/numbering.js';
import { docTypeCode } from '../../src/input/doc-types.js';
import { parseAmountCents } from '../../src/input/amount.js';
import { parseExcelSerial } from '../../src/input/dates.js';

/** Issue 17: what small tenants' exports really hold, cell by cell. */

function rulesFor(header: string[], extra: Partial<RowRules> = {}): RowRules {
  return {
    columns: mapColumns(header).columns,
    headerLength: header.length,
    dateOrder: 'dmy',
    accessKeyOptional: false,
    parseNumber: parseInvoiceNumber,
    ...extra,
  };
}

describe('document type names that carry their code', () => {
  it('takes the code in parentheses, over the name', () => {
    expect(docTypeCode('FACTURA ELECTRÓNICA (01)')).toBe('01');
    expect(docTypeCode('BOLETA DE VENTA ELECTRONICA (03)')).toBe('03');
    expect(docTypeCode('Nota de crédito ( 7 )')).toBe('07');
    expect(docTypeCode('Factura (04)')).toBe('04');
  });

  it('still knows plain names and codes, and refuses unknown names', () => {
    expect(docTypeCode('Nota de Crédito')).toBe('04');
    expect(docTypeCode('1')).toBe('01');
    expect(docTypeCode('BOLETA DE VENTA ELECTRONICA')).toBeUndefined();
    expect(docTypeCode('Factura (001)')).toBeUndefined();
  });

  it('gives a row its type from such a name', () => {
    const rules = rulesFor(['tienda', 'numero', 'fecha', 'tipo']);
    const parsed = interpretRow(['L-1', '5', '2024-05-02', 'BOLETA DE VENTA ELECTRONICA (03)'], 2, rules);
    expect(parsed.ok && parsed.row.docType).toBe('03');
  });
});

describe('rows longer than the header', () => {
  const rules = rulesFor(['tienda', 'numero', 'fecha', 'total']);

  it('reads extra cells that are all empty as absent', () => {
    for (const extra of [[''], ['', '', ''], [' ', '\t']]) {
      const parsed = interpretRow(['L-1', '7', '2024-06-01', '11900', ...extra], 3, rules);
      expect(parsed.ok, JSON.stringify(extra)).toBe(true);
    }
  });

  it('keeps a reject when any extra cell holds something', () => {
    const parsed = interpretRow(['L-1', '7', '2024-06-01', '11900', '', '1200', ''], 3, rules);
    expect(parsed).toEqual({ ok: false, reason: 'wrong column count (expected 4, got 7)' });
  });

  it('still rejects a short row', () => {
    expect(interpretRow(['L-1', '7', '2024-06-01'], 3, rules).ok).toBe(false);
  });
});

describe('amounts with currency marks', () => {
  it('reads soles, codes and trailing euro signs', () => {
    for (const [text, cents, mark] of [
      ['S/ 118.88', 11888, '.'],
      ['S/. 1,250.00', 125000, '.'],
      ['PEN 5.00', 500, '.'],
      ['5.00 €', 500, '.'],
      ['US$ 3.10', 310, '.'],
      ['12,50 EUR', 1250, ','],
      ['$ 12.00', 1200, '.'],
    ] as const) {
      expect(parseAmountCents(text, mark), text).toEqual({ ok: true, cents });
    }
  });

  it('still refuses what is not an amount', () => {
    expect(parseAmountCents('S/ doce').ok).toBe(false);
    expect(parseAmountCents('PENDIENTE').ok).toBe(false);
  });
});

describe('Excel date serials', () => {
  it('counts from 1899-12-30, or from 1904-01-01', () => {
    expect(parseExcelSerial('45352', '1900')).toEqual({ ok: true, day: 20240301 });
    expect(parseExcelSerial('45352.75', '1900')).toEqual({ ok: true, day: 20240301 });
    expect(parseExcelSerial('61', '1900')).toEqual({ ok: true, day: 19000301 });
    expect(parseExcelSerial('43890', '1904')).toEqual({ ok: true, day: 20240301 });
  });

  it('leaves date text to the date parser, and refuses serials no invoice has', () => {
    expect(parseExcelSerial('2024-03-01', '1900')).toBeUndefined();
    expect(parseExcelSerial('01/03/2024', '1900')).toBeUndefined();
    expect(parseExcelSerial('20240301', '1900')).toBeUndefined();
    expect(parseExcelSerial('60', '1900')).toMatchObject({ ok: false });
    expect(parseExcelSerial('9999999', '1900')).toMatchObject({ ok: false });
  });

  it('reads a number in the date column of a workbook as a serial, and only there', () => {
    const header = ['tienda', 'numero', 'fecha'];
    const workbook = interpretRow(['L-1', '45352', '45352'], 2, rulesFor(header, { excelDates: '1900' }));
    expect(workbook.ok && [workbook.row.date, workbook.row.sequential]).toEqual([20240301, 45352]);
    expect(interpretRow(['L-1', '1', '45352'], 2, rulesFor(header)).ok).toBe(false);
  });
});
