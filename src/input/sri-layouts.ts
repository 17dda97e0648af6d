import { normalizeHeader } from './columns.js';

/**
 * The SRI portal's tab-separated downloads (DOMAIN.md), recognised by their header. Their
 * columns are matched by name like any export's (columns.ts), since the exact column set
 * varies; knowing the layout lets the summary say what the file is, and warn that a
 * "recibidos" file is no audit of its issuers' numbering.
 */
export type SriLayout = 'sri-emitidos' | 'sri-recibidos' | 'sri-recibidos-antiguo';

const LAYOUTS: [SriLayout, string[]][] = [
  ['sri-emitidos', ['COMPROBANTE', 'SERIE_COMPROBANTE', 'CLAVE_ACCESO', 'FECHA_AUTORIZACION', 'FECHA_EMISION', 'IMPORTE_TOTAL']],
  [
    'sri-recibidos',
    [
      'RUC_EMISOR',
      'RAZON_SOCIAL_EMISOR',
      'TIPO_COMPROBANTE',
      'SERIE_COMPROBANTE',
      'CLAVE_ACCESO',
      'FECHA_EMISION',
      'IDENTIFICACION_RECEPTOR',
    ],
  ],
  [
    'sri-recibidos-antiguo',
    [
      'COMPROBANTE',
      'SERIE_COMPROBANTE',
      'RUC_EMISOR',
      'RAZON_SOCIAL_EMISOR',
      'FECHA_EMISION',
      'TIPO_EMISION',
      'CLAVE_ACCESO',
      'NUMERO_AUTORIZACION',
    ],
  ],
];

/** The layout whose telling columns are all in the header (most specific first), if any. */
export function sriLayout(header: string[]): SriLayout | undefined {
  const names = new Set(header.map(normalizeHeader));
  let found: SriLayout | undefined;
  let size = 0;
  for (const [layout, columns] of LAYOUTS) {
    if (columns.length > size && columns.every((c) => names.has(normalizeHeader(c)))) {
      found = layout;
      size = columns.length;
    }
  }
  return found;
}

/** A layout whose gaps are no finding: the issuers' numbers also went to other customers. */
export function isReceivedLayout(layout: SriLayout | undefined): boolean {
  return layout === 'sri-recibidos' || layout === 'sri-recibidos-antiguo';
}
