import { describe, expect, it } from 'vitest';
import { mapColumns } from '../../src/input/columns.js';
import { interpretRow, type RowRules } from '../../src/input/rows.js';
import { parseInvoiceNumber } from '../../src/input/numbering.js';
import { buildAccessKey } from '../../src/input/access-key.js';

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

const BASIC = ['local', 'establecimiento', 'punto_emision', 'secuencial', 'fecha', 'total', 'estado'];

function reason(cells: string[], rules: RowRules): string {
  const parsed = interpretRow(cells, 7, rules);
  if (parsed.ok) throw new Error(`expected a reject, got ${JSON.stringify(parsed.row)}`);
  return parsed.reason;
}

describe('interpretRow', () => {
  const rules = rulesFor(BASIC);

  it('reads a good row', () => {
    expect(interpretRow(['L-101', '1', '2', '000123', '15/03/2024', '12.50', 'AUTORIZADO'], 9, rules)).toEqual({
      ok: true,
      row: {
        store: 'L-101',
        docType: '01',
        series: '001-002',
        sequential: 123,
        date: 20240315,
        amount: 12.5,
        net: null,
        amountUnreadable: false,
        authDateUnreadable: false,
        void: false,
        accessKey: null,
        authDate: null,
        line: 9,
      },
    });
  });

  it('treats void statuses as void (present, counted apart)', () => {
    for (const status of ['ANULADO', 'anulada', 'Void', 'CANCELLED']) {
      const parsed = interpretRow(['L-101', '1', '2', '5', '2024-03-15', '', status], 2, rules);
      expect(parsed.ok && parsed.row.void, status).toBe(true);
    }
    const valid = interpretRow(['L-101', '1', '2', '5', '2024-03-15', '', 'AUTORIZADO'], 2, rules);
    expect(valid.ok && valid.row.void).toBe(false);
  });

  it('rejects bad rows with a reason', () => {
    expect(reason(['L-101', '1', '2', '', '2024-03-15', '1', ''], rules)).toBe('missing sequential');
    expect(reason(['L-101', '1', '2', 'abc', '2024-03-15', '1', ''], rules)).toBe("non-numeric sequential 'abc'");
    expect(reason(['L-101', '1', '2', '5', '2024-02-30', '1', ''], rules)).toBe("impossible date '2024-02-30'");
    expect(reason(['L-101', '1', '2', '5', '', '1', ''], rules)).toBe('missing date');
    expect(reason(['L-101', '1', '2', '5', '2024-03-15'], rules)).toBe('wrong column count (expected 7, got 5)');
    expect(reason(['L-101', '1', '2', '5', '2024-03-15', '1', '', 'x'], rules)).toBe('wrong column count (expected 7, got 8)');
    expect(reason(['', '1', '2', '5', '2024-03-15', '1', ''], rules)).toBe('missing store');
    expect(reason(['L-101', 'X', '2', '5', '2024-03-15', '1', ''], rules)).toContain('bad establecimiento/punto de emisión');
  });

  it('loads a row whose amount cannot be read without an amount, flagged for the warning (SPEC §8)', () => {
    const parsed = interpretRow(['L-101', '1', '2', '5', '2024-03-15', 'lots', ''], 3, rules);
    expect(parsed.ok && parsed.row).toMatchObject({ sequential: 5, amount: null, amountUnreadable: true });
    const marked = interpretRow(['L-101', '1', '2', '5', '2024-03-15', 'S/. 1.234,50', ''], 3, { ...rules, decimalMark: ',' });
    expect(marked.ok && marked.row).toMatchObject({ amount: 1234.5, amountUnreadable: false });
  });

  it('loads a row whose authorisation date cannot be read without it, flagged for the warning', () => {
    const withAuth = rulesFor([...BASIC, 'fecha_autorizacion']);
    const bad = interpretRow(['L-101', '1', '2', '5', '2024-03-15', '1', '', '31/02/2024 10:00:00'], 3, withAuth);
    expect(bad.ok && bad.row).toMatchObject({ sequential: 5, authDate: null, authDateUnreadable: true });
    const good = interpretRow(['L-101', '1', '2', '5', '2024-03-15', '1', '', '16/03/2024 10:00:00'], 3, withAuth);
    expect(good.ok && good.row).toMatchObject({ authDate: 20240316, authDateUnreadable: false });
  });

  it('accepts a trailing empty cell after the last column (SRI downloads)', () => {
    expect(interpretRow(['L-101', '1', '2', '5', '2024-03-15', '1', '', ''], 3, rules).ok).toBe(true);
  });

  it('maps document type names and codes', () => {
    const r = rulesFor(['store', 'tipo', 'numero_comprobante', 'fecha']);
    const type = (text: string) => {
      const parsed = interpretRow(['S1', text, '001-001-000000009', '2024-01-02'], 2, r);
      return parsed.ok ? parsed.row.docType : parsed.reason;
    };
    expect(type('Factura')).toBe('01');
    expect(type('FACTURA')).toBe('01');
    expect(type('Nota de Crédito')).toBe('04');
    expect(type('NOTA DE CREDITO')).toBe('04');
    expect(type('Nota de Débito')).toBe('05');
    expect(type('Comprobante de Retención')).toBe('07');
    expect(type('Guía de Remisión')).toBe('06');
    expect(type('Liquidación de compra')).toBe('03');
    expect(type('4')).toBe('04');
    expect(type('Recibo mágico')).toBe("unknown document type 'Recibo mágico'");
    expect(type('')).toBe('01');
  });

  it('uses --store and --doc-type for the whole file', () => {
    const r = rulesFor(['secuencial', 'fecha'], { store: 'S9', docType: '04' });
    expect(interpretRow(['12', '2024-01-02'], 2, r)).toMatchObject({
      ok: true,
      row: { store: 'S9', docType: '04', series: '-', sequential: 12 },
    });
  });

  it('takes the series from the number, the serie column, or neither', () => {
    const r = rulesFor(['store', 'serie', 'numero', 'fecha']);
    expect(interpretRow(['S', '001001', '7', '2024-01-02'], 2, r)).toMatchObject({ ok: true, row: { series: '001-001' } });
    expect(interpretRow(['S', '', '7', '2024-01-02'], 2, r)).toMatchObject({ ok: true, row: { series: '-' } });
    expect(interpretRow(['S', '', 'F001-00000123', '2024-01-02'], 2, r)).toMatchObject({
      ok: true,
      row: { series: 'F001', sequential: 123 },
    });
    expect(reason(['S', '002-001', '001-001-000000007', '2024-01-02'], r)).toContain('disagrees with series column');
  });

  it('rejects an SRI series with a sequential over 999,999,999', () => {
    const r = rulesFor(['store', 'numero_comprobante', 'fecha']);
    expect(reason(['S', '001-001-1000000000', '2024-01-02'], r)).toContain('over the SRI limit');
  });

  describe('access keys', () => {
    const key = buildAccessKey({
      date: 20240315,
      docType: '01',
      ruc: '1792261104001',
      establishment: '002',
      emissionPoint: '003',
      sequential: 77,
    });
    const r = rulesFor(['clave_acceso', 'fecha', 'secuencial', 'tipo']);

    it('fill in store (RUC), series, sequential, date and type', () => {
      expect(interpretRow([key, '', '', ''], 4, r)).toEqual({
        ok: true,
        row: {
          store: '1792261104001',
          docType: '01',
          series: '002-003',
          sequential: 77,
          date: 20240315,
          amount: null,
          net: null,
          amountUnreadable: false,
          authDateUnreadable: false,
          void: false,
          accessKey: key,
          authDate: null,
          line: 4,
        },
      });
    });

    it('reject a row whose columns disagree with its key', () => {
      expect(reason([key, '2024-03-16', '', ''], r)).toContain('disagrees with access key');
      expect(reason([key, '', '78', ''], r)).toContain("sequential '78' disagrees with access key (77)");
      expect(reason([key, '', '', '04'], r)).toContain("document type '04' disagrees with access key (01)");
      expect(reason([key.slice(0, 48) + ((Number(key[48]) + 1) % 10), '', '', ''], r)).toContain('fails its check digit');
    });

    it('ignore a numero_autorizacion that is not 49 digits', () => {
      const optional = rulesFor(['store', 'numero_autorizacion', 'fecha', 'secuencial'], { accessKeyOptional: true });
      expect(interpretRow(['S', '1503202401', '2024-03-15', '5'], 2, optional)).toMatchObject({ ok: true, row: { accessKey: null } });
    });
  });
});
