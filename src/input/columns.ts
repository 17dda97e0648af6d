/**
 * Matching an export's header to the fields the product understands (SPEC §3):
 * by name, ignoring case, accents, spaces, underscores and hyphens, with synonyms
 * in English and Spanish, and `--map field=Header` overriding.
 */
export const FIELDS = [
  'store',
  'issuer',
  'sequential',
  'number',
  'establishment',
  'emissionPoint',
  'series',
  'date',
  'docType',
  'accessKey',
  'amount',
  'netAmount',
  'status',
  'authorisationDate',
] as const;
export type Field = (typeof FIELDS)[number];

/** Synonyms, most specific first; the first header that matches a field wins it. */
const SYNONYMS: Record<Field, string[]> = {
  store: ['store', 'local', 'tienda', 'store_code', 'codigo_local', 'store_id', 'cod_local'],
  issuer: ['ruc_emisor', 'ruc'],
  sequential: ['sequential', 'secuencial', 'numero', 'number', 'folio', 'correlativo'],
  number: ['invoice_number', 'numero_factura', 'serie_comprobante', 'numero_comprobante', 'comprobante_numero', 'nro_comprobante'],
  establishment: ['establecimiento', 'estab', 'cod_establecimiento'],
  emissionPoint: ['punto_emision', 'pto_emi', 'ptoemi', 'punto_de_emision', 'pto_emision'],
  series: ['serie', 'series'],
  date: ['date', 'issue_date', 'fecha', 'fecha_emision', 'fecha_de_emision', 'fecha_docto'],
  docType: ['doc_type', 'tipo', 'tipo_comprobante', 'comprobante', 'cod_doc', 'tipo_documento', 'tipo_doc'],
  accessKey: ['access_key', 'clave_acceso', 'clave_de_acceso', 'numero_autorizacion'],
  amount: ['amount', 'total', 'importe_total', 'valor', 'monto', 'valor_total', 'monto_total'],
  // The pre-tax amount (SPEC §8), the sales value of an invoice when present.
  netAmount: ['net_amount', 'valor_sin_impuestos', 'subtotal', 'subtotal_sin_impuestos', 'base_imponible'],
  status: ['status', 'estado'],
  authorisationDate: ['fecha_autorizacion', 'fecha_de_autorizacion', 'authorisation_date', 'authorization_date'],
};

/** Field names as users type them in --map (also accepted: the first synonym). */
const FIELD_ALIASES: Record<string, Field> = {
  seq: 'sequential',
  invoice: 'number',
  invoicenumber: 'number',
  estab: 'establishment',
  ptoemi: 'emissionPoint',
  emissionpoint: 'emissionPoint',
  doctype: 'docType',
  accesskey: 'accessKey',
  authorisationdate: 'authorisationDate',
  authorizationdate: 'authorisationDate',
  net: 'netAmount',
  netamount: 'netAmount',
};

/** "Código_Local " → "codigolocal": the form headers are compared in. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '')
    .replace(/^\ufeff/, '');
}

const BY_NORMALIZED = new Map<string, Field>();
for (const field of FIELDS) {
  for (const name of SYNONYMS[field]) BY_NORMALIZED.set(normalizeHeader(name), field);
}

export function fieldNamed(name: string): Field | undefined {
  const n = normalizeHeader(name);
  for (const f of FIELDS) if (normalizeHeader(f) === n) return f;
  return FIELD_ALIASES[n] ?? BY_NORMALIZED.get(n);
}

/** The column index of each field found in the header. */
export type ColumnMap = Partial<Record<Field, number>>;

/**
 * Maps a header row. `overrides` are --map entries (field → header text); an override
 * that names no header of the file is an error the caller reports.
 */
export function mapColumns(
  header: string[],
  overrides: Partial<Record<Field, string>> = {},
): { columns: ColumnMap; missingOverrides: string[] } {
  const columns: ColumnMap = {};
  const normalized = header.map(normalizeHeader);
  const missingOverrides: string[] = [];
  const taken = new Set<number>();
  for (const [field, headerText] of Object.entries(overrides) as [Field, string][]) {
    const index = normalized.indexOf(normalizeHeader(headerText));
    if (index < 0) missingOverrides.push(`${field}=${headerText}`);
    else {
      columns[field] = index;
      taken.add(index);
    }
  }
  for (const field of FIELDS) {
    if (columns[field] !== undefined) continue;
    for (const name of SYNONYMS[field]) {
      const index = normalized.indexOf(normalizeHeader(name));
      if (index >= 0 && !taken.has(index)) {
        columns[field] = index;
        taken.add(index);
        break;
      }
    }
  }
  return { columns, missingOverrides };
}

/** Parses repeated `--map field=Header` values. */
export function parseMapOptions(values: string[]): { map: Partial<Record<Field, string>>; errors: string[] } {
  const map: Partial<Record<Field, string>> = {};
  const errors: string[] = [];
  for (const value of values) {
    const eq = value.indexOf('=');
    const field = eq > 0 ? fieldNamed(value.slice(0, eq)) : undefined;
    if (eq <= 0 || eq === value.length - 1) errors.push(`--map '${value}': expected field=Header`);
    else if (!field) errors.push(`--map '${value}': unknown field '${value.slice(0, eq)}' (fields: ${FIELDS.join(', ')})`);
    else map[field] = value.slice(eq + 1);
  }
  return { map, errors };
}
