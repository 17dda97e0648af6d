import { describe, expect, it } from 'vitest';
import { fieldNamed, mapColumns, normalizeHeader, parseMapOptions } from '../../src/input/columns.js';

describe('normalizeHeader', () => {
  it('ignores case, accents, spaces, underscores, hyphens and a BOM', () => {
    expect(normalizeHeader('Código_Local ')).toBe('codigolocal');
    expect(normalizeHeader('FECHA EMISIÓN')).toBe('fechaemision');
    expect(normalizeHeader('Pto-Emi')).toBe('ptoemi');
    expect(normalizeHeader('\ufeffstore')).toBe('store');
  });
});

describe('mapColumns', () => {
  it('matches the synonyms SPEC §3 requires', () => {
    const cases: [string, string][] = [
      ['store', 'store'],
      ['local', 'store'],
      ['tienda', 'store'],
      ['store_code', 'store'],
      ['codigo_local', 'store'],
      ['sequential', 'sequential'],
      ['secuencial', 'sequential'],
      ['numero', 'sequential'],
      ['number', 'sequential'],
      ['folio', 'sequential'],
      ['correlativo', 'sequential'],
      ['invoice_number', 'number'],
      ['numero_factura', 'number'],
      ['serie_comprobante', 'number'],
      ['numero_comprobante', 'number'],
      ['comprobante_numero', 'number'],
      ['establecimiento', 'establishment'],
      ['estab', 'establishment'],
      ['punto_emision', 'emissionPoint'],
      ['pto_emi', 'emissionPoint'],
      ['ptoemi', 'emissionPoint'],
      ['serie', 'series'],
      ['date', 'date'],
      ['issue_date', 'date'],
      ['fecha', 'date'],
      ['fecha_emision', 'date'],
      ['doc_type', 'docType'],
      ['tipo', 'docType'],
      ['tipo_comprobante', 'docType'],
      ['comprobante', 'docType'],
      ['cod_doc', 'docType'],
      ['access_key', 'accessKey'],
      ['clave_acceso', 'accessKey'],
      ['numero_autorizacion', 'accessKey'],
      ['amount', 'amount'],
      ['total', 'amount'],
      ['importe_total', 'amount'],
      ['valor', 'amount'],
      ['status', 'status'],
      ['estado', 'status'],
    ];
    for (const [header, field] of cases) {
      const { columns } = mapColumns(['unrelated', header]);
      expect(columns, header).toMatchObject({ [field]: 1 });
    }
  });

  it('is insensitive to case, accents, spaces and underscores', () => {
    const { columns } = mapColumns(['CÓDIGO LOCAL', 'Fecha_Emisión', 'SECUENCIAL', 'Punto De Emision', 'ESTAB']);
    expect(columns).toEqual({ store: 0, date: 1, sequential: 2, emissionPoint: 3, establishment: 4 });
  });

  it('ignores unknown columns and leaves absent fields undefined', () => {
    const { columns } = mapColumns(['foo', 'secuencial', 'bar']);
    expect(columns).toEqual({ sequential: 1 });
  });

  it('gives each column to one field only', () => {
    // "comprobante" is a doc type synonym; "numero_comprobante" is the number.
    const { columns } = mapColumns(['COMPROBANTE', 'SERIE_COMPROBANTE', 'CLAVE_ACCESO', 'FECHA_EMISION', 'IMPORTE_TOTAL']);
    expect(columns).toEqual({ docType: 0, number: 1, accessKey: 2, date: 3, amount: 4 });
  });

  it('lets --map override the synonyms, and takes the column away from them', () => {
    const { columns, missingOverrides } = mapColumns(['NroDoc', 'secuencial', 'Fecha'], { sequential: 'nrodoc' });
    expect(missingOverrides).toEqual([]);
    expect(columns.sequential).toBe(0);
    expect(columns.date).toBe(2);
  });

  it('reports a --map naming no header', () => {
    const { missingOverrides } = mapColumns(['a', 'b'], { date: 'Fecha Doc' });
    expect(missingOverrides).toEqual(['date=Fecha Doc']);
  });
});

describe('--map parsing', () => {
  it('accepts field names, aliases and synonyms', () => {
    expect(fieldNamed('sequential')).toBe('sequential');
    expect(fieldNamed('seq')).toBe('sequential');
    expect(fieldNamed('doc_type')).toBe('docType');
    expect(fieldNamed('fecha')).toBe('date');
    expect(fieldNamed('nonsense')).toBeUndefined();
    expect(parseMapOptions(['seq=Nro Doc', 'Fecha=F. Emisión'])).toEqual({
      map: { sequential: 'Nro Doc', date: 'F. Emisión' },
      errors: [],
    });
  });

  it('rejects malformed and unknown entries with a message naming them', () => {
    const { errors } = parseMapOptions(['nothing', '=x', 'date=', 'colour=Red']);
    expect(errors).toHaveLength(4);
    expect(errors[0]).toContain("'nothing'");
    expect(errors[3]).toContain("unknown field 'colour'");
  });
});
