import type { Lang } from '../i18n.js';

/**
 * The live dashboard's own words (`smo-gaps serve`), beside the HTML page's (i18n.ts), which
 * it also uses: the same titles, columns and formats, so the two read alike.
 */
export interface LiveLabels {
  nav: { overview: string; findings: string };
  live: string;
  picker: { legend: string; day: string; month: string; from: string; to: string; show: string; help: string };
  downloads: string;
  json: string;
  csvStores: string;
  csvMissing: string;
  seriesJson: string;
  seriesCsv: string;
  moneyJson: string;
  moneyCsv: string;
  findingsJson: string;
  findingsCsv: string;
  storeTitle: (code: string) => string;
  allStores: string;
  seriesTitle: string;
  seriesEmpty: string;
  col: { lastSeq: string; lastDate: string; firstSeq: string; lastUpload: string; openGaps: string; missingAll: string; file: string };
  gapsTitle: string;
  gapsNote: string;
  noInvoice: string;
  unavailable: (what: string) => string;
  errorTitle: Record<400 | 401 | 403 | 404 | 500 | 503, string>;
  tokenHelp: string;
  backToOverview: string;
  review: {
    heading: string;
    status: string;
    statuses: Record<string, string>;
    comment: string;
    by: string;
    save: string;
    none: string;
    readOnly: string;
  };
}

const EN: LiveLabels = {
  nav: { overview: 'Overview', findings: 'Findings' },
  live: 'Live: each reload reads the database as it is now.',
  picker: {
    legend: 'Period',
    day: 'Day',
    month: 'Month',
    from: 'From',
    to: 'To',
    show: 'Show',
    help: 'One day, one month, or a range (From alone runs to yesterday). Empty: yesterday.',
  },
  downloads: 'Download what this page shows',
  json: 'JSON',
  csvStores: 'CSV of the stores',
  csvMissing: 'CSV of the missing numbers',
  seriesJson: 'JSON of the series (status)',
  seriesCsv: 'CSV of the series',
  moneyJson: 'JSON of the money at stake',
  moneyCsv: 'CSV of the money at stake',
  findingsJson: 'JSON of the findings',
  findingsCsv: 'CSV of the findings',
  storeTitle: (code) => `Store ${code}`,
  allStores: 'All stores',
  seriesTitle: 'Series and their current sequential',
  seriesEmpty: 'This store has no series with invoices yet.',
  col: {
    lastSeq: 'Current sequential',
    lastDate: 'Its date',
    firstSeq: 'Lowest number',
    lastUpload: 'Last upload',
    openGaps: 'Open gaps (any period)',
    missingAll: 'Missing (any period)',
    file: 'File:line',
  },
  gapsTitle: "The period's gaps, with the invoices around them",
  gapsNote: 'The previous invoice is the last present number before the gap; the next one revealed it, and dates the gap.',
  noInvoice: 'not present',
  unavailable: (what) => `${what}: not available in this build of smo-gaps.`,
  errorTitle: {
    400: 'Bad request',
    401: 'Access token needed',
    403: 'Forbidden',
    404: 'Not found',
    500: 'Unexpected error',
    503: 'Database busy',
  },
  tokenHelp: 'Open the address the server printed when it started (…/?token=…), or send the token as "Authorization: Bearer …".',
  backToOverview: 'Back to the overview',
  review: {
    heading: 'Review',
    status: 'Status',
    statuses: { open: 'open', explained: 'explained', billed: 'billed', escalated: 'escalated' },
    comment: 'Comment',
    by: 'By',
    save: 'Save',
    none: 'not reviewed',
    readOnly: 'reviews are read-only here: start the server with --allow-review to save them from the page',
  },
};

const ES: LiveLabels = {
  nav: { overview: 'Resumen', findings: 'Hallazgos' },
  live: 'En vivo: cada recarga lee la base de datos tal como está ahora.',
  picker: {
    legend: 'Período',
    day: 'Día',
    month: 'Mes',
    from: 'Desde',
    to: 'Hasta',
    show: 'Mostrar',
    help: 'Un día, un mes o un rango («Desde» solo llega hasta ayer). Vacío: ayer.',
  },
  downloads: 'Descargar lo que muestra esta página',
  json: 'JSON',
  csvStores: 'CSV de los locales',
  csvMissing: 'CSV de los faltantes',
  seriesJson: 'JSON de las series (status)',
  seriesCsv: 'CSV de las series',
  moneyJson: 'JSON del dinero en juego',
  moneyCsv: 'CSV del dinero en juego',
  findingsJson: 'JSON de los hallazgos',
  findingsCsv: 'CSV de los hallazgos',
  storeTitle: (code) => `Local ${code}`,
  allStores: 'Todos los locales',
  seriesTitle: 'Series y su secuencial actual',
  seriesEmpty: 'Este local aún no tiene series con comprobantes.',
  col: {
    lastSeq: 'Secuencial actual',
    lastDate: 'Su fecha',
    firstSeq: 'Número más bajo',
    lastUpload: 'Última carga',
    openGaps: 'Saltos abiertos (todo período)',
    missingAll: 'Faltantes (todo período)',
    file: 'Archivo:línea',
  },
  gapsTitle: 'Saltos del período, con los comprobantes que los rodean',
  gapsNote: 'El comprobante anterior es el último número presente antes del salto; el siguiente lo reveló y le da su fecha.',
  noInvoice: 'no presente',
  unavailable: (what) => `${what}: no disponible en esta versión de smo-gaps.`,
  errorTitle: {
    400: 'Solicitud incorrecta',
    401: 'Falta el token de acceso',
    403: 'Prohibido',
    404: 'No encontrado',
    500: 'Error inesperado',
    503: 'Base de datos ocupada',
  },
  tokenHelp: 'Abra la dirección que el servidor mostró al arrancar (…/?token=…), o envíe el token como «Authorization: Bearer …».',
  backToOverview: 'Volver al resumen',
  review: {
    heading: 'Revisión',
    status: 'Estado',
    statuses: { open: 'abierto', explained: 'explicado', billed: 'facturado', escalated: 'escalado' },
    comment: 'Comentario',
    by: 'Por',
    save: 'Guardar',
    none: 'sin revisar',
    readOnly: 'aquí las revisiones son de solo lectura: arranque el servidor con --allow-review para guardarlas desde la página',
  },
};

export function liveLabels(lang: Lang): LiveLabels {
  return lang === 'es' ? ES : EN;
}
