import { describe, expect, it } from 'vitest';
import { clipped, firstLineOf, joinAtCellBoundary, joinSplitRecord, recordText } from '../../src/input/rejected-records.js';
import { isReceivedLayout, sriLayout } from '../../src/input/sri-layouts.js';

describe('rejected records as they stood in the file', () => {
  it('joins the cells with the delimiter, quoting only what needs it', () => {
    expect(recordText(['L-1', '2', '2024-03-02'], ',')).toBe('L-1,2,2024-03-02');
    expect(recordText(['L-1', 'Pérez, S.A.', 'línea\nuno', '"x" y'], ',')).toBe('L-1,"Pérez, S.A.","línea\nuno","""x"" y"');
    expect(recordText(['CORPORACIÓN "EL ROSADO" S.A.', '12,50'], '\t')).toBe('CORPORACIÓN "EL ROSADO" S.A.\t12,50');
    expect(recordText(['a', ''], ';')).toBe('a;');
  });

  it('finds the line a multi-line record starts on', () => {
    expect(firstLineOf({ cells: ['a', 'b'], line: 7 })).toBe(7);
    expect(firstLineOf({ cells: ['a', 'x\ny\nz', 'c\r\nd'], line: 9 })).toBe(6);
  });
});

describe('records split over two lines', () => {
  const first = { cells: ['179', 'COMERCIAL'], line: 3 };
  const second = { cells: ['ANDINA S.A.', 'Factura', '001-001-000000058'], line: 4 };

  it('joins two short pieces that make one record', () => {
    expect(joinSplitRecord(first, second, 4)).toEqual({
      cells: ['179', 'COMERCIAL\nANDINA S.A.', 'Factura', '001-001-000000058'],
      line: 4,
    });
    // A trailing tab after an empty last column still adds up.
    expect(joinSplitRecord(first, { ...second, cells: [...second.cells, ''] }, 4)?.cells).toHaveLength(5);
  });

  it('leaves pieces that do not add up to the header', () => {
    expect(joinSplitRecord(first, second, 6)).toBeUndefined();
    expect(joinSplitRecord(first, second, 2)).toBeUndefined();
  });

  it('joins pieces broken between two cells when they make exactly the header', () => {
    expect(joinAtCellBoundary(first, second, 5)).toEqual({
      cells: ['179', 'COMERCIAL', 'ANDINA S.A.', 'Factura', '001-001-000000058'],
      line: 4,
    });
    expect(joinAtCellBoundary(first, second, 4)).toBeUndefined();
    expect(joinAtCellBoundary(first, second, 6)).toBeUndefined();
  });
});

describe('SRI portal layouts', () => {
  const split = (header: string) => header.split(' ');
  it('recognises the three layouts of DOMAIN.md by their header', () => {
    expect(
      sriLayout(split('COMPROBANTE SERIE_COMPROBANTE CLAVE_ACCESO FECHA_AUTORIZACION FECHA_EMISION VALOR_SIN_IMPUESTOS IVA IMPORTE_TOTAL')),
    ).toBe('sri-emitidos');
    expect(
      sriLayout(
        split(
          'RUC_EMISOR RAZON_SOCIAL_EMISOR TIPO_COMPROBANTE SERIE_COMPROBANTE CLAVE_ACCESO FECHA_AUTORIZACION FECHA_EMISION IDENTIFICACION_RECEPTOR VALOR_SIN_IMPUESTOS IVA IMPORTE_TOTAL NUMERO_DOCUMENTO_MODIFICADO',
        ),
      ),
    ).toBe('sri-recibidos');
    expect(
      sriLayout(
        split(
          'COMPROBANTE SERIE_COMPROBANTE RUC_EMISOR RAZON_SOCIAL_EMISOR FECHA_EMISION FECHA_AUTORIZACION TIPO_EMISION NUMERO_DOCUMENTO_MODIFICADO IDENTIFICACION_RECEPTOR CLAVE_ACCESO NUMERO_AUTORIZACION IMPORTE_TOTAL',
        ),
      ),
    ).toBe('sri-recibidos-antiguo');
  });

  it('tolerates a varying column set, the BOM and case', () => {
    expect(sriLayout(split('\ufeffComprobante Serie_Comprobante Clave_Acceso Fecha_Autorizacion Fecha_Emision Importe_Total'))).toBe(
      'sri-emitidos',
    );
  });

  it('knows a store export is none of them', () => {
    expect(sriLayout(['local', 'numero', 'fecha', 'total'])).toBeUndefined();
    expect(isReceivedLayout(undefined)).toBe(false);
    expect(isReceivedLayout('sri-recibidos-antiguo')).toBe(true);
  });
});

describe('clipped', () => {
  it('keeps a text up to the limit as it is, and the start of a longer one with its length', () => {
    expect(clipped('abc', 3)).toBe('abc');
    expect(clipped('', 0)).toBe('');
    expect(clipped('abcdef', 3)).toBe('abc… (6 characters in all)');
    expect(clipped('x'.repeat(1_234_567), 2)).toBe('xx… (1,234,567 characters in all)');
  });
});
