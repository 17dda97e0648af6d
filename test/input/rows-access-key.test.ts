import { describe, expect, it } from 'vitest';
import { buildAccessKey } from '../../src/input/access-key.js';
import { mapColumns } from '../../src/input/columns.js';
import { parseInvoiceNumber } from '../../src/input/numbering.js';
import { interpretRow, type RowRules } from '../../src/input/rows.js';

/** Rows that carry an SRI access key: what the key fills in, and what it refuses. */
const RUC = '1791234567001';
const key = (sequential: number, ruc = RUC, date = 20240312, docType = '01') =>
  buildAccessKey({ date, docType, ruc, establishment: '001', emissionPoint: '002', sequential });

function rules(header: string[], authorization = false): RowRules {
  const { columns } = mapColumns(header);
  return {
    columns,
    headerLength: header.length,
    dateOrder: 'dmy',
    accessKeyOptional: false,
    authorizationColumn: authorization ? header.indexOf('NUMERO_AUTORIZACION') : undefined,
    parseNumber: parseInvoiceNumber,
  };
}

describe('rows with access keys', () => {
  it('takes store, document type, series, sequential and date from a lone key', () => {
    expect(interpretRow([key(58)], 2, rules(['clave_acceso']))).toEqual({
      ok: true,
      row: {
        store: RUC,
        docType: '01',
        series: '001-002',
        sequential: 58,
        date: 20240312,
        amount: null,
        net: null,
        amountUnreadable: false,
        authDateUnreadable: false,
        void: false,
        accessKey: key(58),
        authDate: null,
        line: 2,
      },
    });
  });

  it('rejects a row whose issuer RUC disagrees with its key', () => {
    const header = ['RUC_EMISOR', 'CLAVE_ACCESO'];
    expect(interpretRow([RUC, key(1)], 2, rules(header)).ok).toBe(true);
    expect(interpretRow(['0990012345001', key(1)], 2, rules(header))).toEqual({
      ok: false,
      reason: `issuer RUC '0990012345001' disagrees with access key (${RUC})`,
    });
  });

  it('rejects document type, series, sequential or date that disagree with the key', () => {
    const header = ['COMPROBANTE', 'SERIE_COMPROBANTE', 'CLAVE_ACCESO', 'FECHA_EMISION'];
    const r = rules(header);
    expect(interpretRow(['Factura', '001-002-000000007', key(7), '12/03/2024 00:00:00'], 2, r).ok).toBe(true);
    expect(interpretRow(['Nota de Crédito', '001-002-000000007', key(7), '12/03/2024'], 2, r)).toMatchObject({
      reason: "document type '04' disagrees with access key (01)",
    });
    expect(interpretRow(['Factura', '001-003-000000007', key(7), '12/03/2024'], 2, r)).toMatchObject({
      reason: "series '001-003' disagrees with access key (001-002)",
    });
    expect(interpretRow(['Factura', '001-002-000000008', key(7), '12/03/2024'], 2, r)).toMatchObject({
      reason: "sequential '8' disagrees with access key (7)",
    });
    expect(interpretRow(['Factura', '001-002-000000007', key(7), '13/03/2024'], 2, r)).toMatchObject({
      reason: "date '13/03/2024' disagrees with access key (2024-03-12)",
    });
  });

  it('takes a 49-digit NUMERO_AUTORIZACION when CLAVE_ACCESO is empty, and refuses two different keys', () => {
    const header = ['CLAVE_ACCESO', 'NUMERO_AUTORIZACION', 'RUC_EMISOR'];
    const r = rules(header, true);
    expect(interpretRow(['', key(9), RUC], 2, r)).toMatchObject({ ok: true, row: { sequential: 9, accessKey: key(9) } });
    expect(interpretRow([key(9), '1203202410200517912345670010010020000', RUC], 2, r)).toMatchObject({ ok: true });
    expect(interpretRow([key(9), key(10), RUC], 2, r)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('disagrees with numero_autorizacion'),
    });
  });

  it('names the column counts of a ragged row', () => {
    expect(interpretRow(['a'], 5, rules(['clave_acceso', 'total']))).toEqual({
      ok: false,
      reason: 'wrong column count (expected 2, got 1)',
    });
  });
});
