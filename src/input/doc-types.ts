import { normalizeHeader } from './columns.js';

/** SRI document type codes (DOMAIN.md). */
export const DOC_TYPE_NAMES: Record<string, string> = {
  '01': 'Factura',
  '03': 'Liquidación de compra',
  '04': 'Nota de crédito',
  '05': 'Nota de débito',
  '06': 'Guía de remisión',
  '07': 'Comprobante de retención',
};

const BY_NAME = new Map<string, string>([
  ['factura', '01'],
  ['invoice', '01'],
  ['fac', '01'],
  ['liquidaciondecompra', '03'],
  ['liquidaciondecompras', '03'],
  ['liquidacioncompra', '03'],
  ['notadecredito', '04'],
  ['notacredito', '04'],
  ['creditnote', '04'],
  ['notadedebito', '05'],
  ['notadebito', '05'],
  ['debitnote', '05'],
  ['guiaderemision', '06'],
  ['guiaremision', '06'],
  ['comprobantederetencion', '07'],
  ['comprobanteretencion', '07'],
  ['retencion', '07'],
]);

/** A name that carries its code: 'FACTURA ELECTRÓNICA (01)', 'BOLETA DE VENTA ELECTRONICA (03)'. */
const CODE_IN_PARENTHESES = /\(\s*(\d{1,2})\s*\)\s*$/;

/**
 * A document type cell as a code: '1' and '01' → '01', 'Nota de Crédito' → '04', and a
 * name followed by its code in parentheses → that code (the code wins over the name).
 * Any other short numeric code is kept (other regimes have their own); an unknown name
 * is undefined, so the row can be rejected with the value named.
 */
export function docTypeCode(text: string): string | undefined {
  const value = text.trim();
  if (/^\d{1,2}$/.test(value)) return value.padStart(2, '0');
  const coded = CODE_IN_PARENTHESES.exec(value);
  if (coded) return coded[1].padStart(2, '0');
  return BY_NAME.get(normalizeHeader(value));
}
