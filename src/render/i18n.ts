/**
 * The dashboard's words and number/date formats in Spanish (Ecuador, where the invoices
 * come from) and English. Formats come from Intl, so they follow each language's
 * conventions (1.234,5 and "1 mar 2024" in Spanish; 1,234.5 and "Mar 1, 2024" in English).
 */
import { DOC_TYPE_NAMES } from '../input/doc-types.js';

export type Lang = 'es' | 'en';
export const LANGS: readonly Lang[] = ['es', 'en'];

const LOCALE: Record<Lang, string> = { es: 'es-EC', en: 'en-US' };

/** The language from the environment as POSIX orders it (LC_ALL, LC_MESSAGES, LANG); English otherwise. */
export function langFromEnv(env: NodeJS.ProcessEnv): Lang {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^es([_.@-]|$)/i.test(value) ? 'es' : 'en';
}

export interface Labels {
  title: string;
  generated: (when: string, version: string) => string;
  database: string;
  storeFilterApplied: string;
  totals: string;
  kpi: {
    missing: string;
    gaps: string;
    invoices: string;
    voids: string;
    stores: string;
    storesWithGaps: string;
    series: string;
    missingRate: string;
    recoveredLate: string;
    conflicts: string;
  };
  topTitle: (n: number) => string;
  topDesc: string;
  topEmpty: string;
  timelineTitle: Record<'day' | 'month', string>;
  timelineDesc: Record<'day' | 'month', string>;
  legendMissing: string;
  legendRecovered: string;
  chartData: string;
  recoveredTitle: string;
  recoveredText: (n: string) => string;
  recoveredNone: string;
  storesTitle: string;
  gapsTitle: string;
  gapsEmpty: string;
  filterLabel: string;
  filterPlaceholder: string;
  showing: string;
  download: (rows: string) => string;
  downloadNoScript: string;
  sortHint: string;
  col: {
    store: string;
    docType: string;
    series: string;
    from: string;
    to: string;
    count: string;
    prevDate: string;
    nextDate: string;
    invoices: string;
    voids: string;
    missing: string;
    gaps: string;
    missingRate: string;
    recoveredLate: string;
    conflicts: string;
    sequential: string;
    kept: string;
    duplicate: string;
    day: string;
    month: string;
  };
  conflictsTitle: string;
  conflictsText: string;
  voidWord: string;
  attribution: string;
  docTypes: Record<string, string>;
}

const ES: Labels = {
  title: 'Auditoría de secuenciales de comprobantes',
  generated: (when, version) => `Generado el ${when} con smo-gaps ${version}`,
  database: 'Base de datos',
  storeFilterApplied: 'Solo el local',
  totals: 'Totales del período',
  kpi: {
    missing: 'Secuenciales faltantes',
    gaps: 'Saltos de secuencia',
    invoices: 'Comprobantes',
    voids: 'anulados',
    stores: 'Locales',
    storesWithGaps: 'con faltantes',
    series: 'Series',
    missingRate: 'Tasa de faltantes',
    recoveredLate: 'Recuperados tarde',
    conflicts: 'Duplicados en conflicto',
  },
  topTitle: (n) => `Los ${n} locales con más faltantes`,
  topDesc: 'Barras horizontales: secuenciales faltantes por local, de mayor a menor.',
  topEmpty: 'Ningún local tiene secuenciales faltantes en este período.',
  timelineTitle: { day: 'Faltantes por día', month: 'Faltantes por mes' },
  timelineDesc: {
    day: 'Columnas por día: secuenciales faltantes (según la fecha del comprobante siguiente) y secuenciales recuperados tarde.',
    month: 'Columnas por mes: secuenciales faltantes (según la fecha del comprobante siguiente) y secuenciales recuperados tarde.',
  },
  legendMissing: 'Faltantes',
  legendRecovered: 'Recuperados tarde',
  chartData: 'Datos del gráfico',
  recoveredTitle: 'Recuperados tarde',
  recoveredText: (n) => `${n} secuenciales que faltaban llegaron en una carga posterior y ya no faltan.`,
  recoveredNone: 'Ningún secuencial faltante llegó en una carga posterior en este período.',
  storesTitle: 'Locales',
  gapsTitle: 'Saltos de secuencia por local',
  gapsEmpty: 'No hay secuenciales faltantes en este período.',
  filterLabel: 'Filtrar por local',
  filterPlaceholder: 'Código del local',
  showing: 'Se muestran {shown} de {total} filas',
  download: (rows) => `Descargar los faltantes en CSV (${rows} filas)`,
  downloadNoScript: 'La descarga del CSV necesita JavaScript; el mismo archivo se obtiene con «smo-gaps export».',
  sortHint: 'Pulse el encabezado de una columna para ordenar.',
  col: {
    store: 'Local',
    docType: 'Tipo',
    series: 'Serie',
    from: 'Desde',
    to: 'Hasta',
    count: 'Cantidad',
    prevDate: 'Comprobante anterior',
    nextDate: 'Comprobante siguiente',
    invoices: 'Comprobantes',
    voids: 'Anulados',
    missing: 'Faltantes',
    gaps: 'Saltos',
    missingRate: 'Tasa de faltantes',
    recoveredLate: 'Recuperados tarde',
    conflicts: 'Conflictos',
    sequential: 'Secuencial',
    kept: 'Conservado',
    duplicate: 'Duplicado',
    day: 'Día',
    month: 'Mes',
  },
  conflictsTitle: 'Duplicados en conflicto',
  conflictsText: 'El mismo secuencial se cargó de nuevo con otro contenido; se conserva la primera carga.',
  voidWord: 'anulado',
  attribution:
    'Un secuencial faltante pertenece a la fecha de emisión del siguiente comprobante presente de su serie (el que reveló el salto); el período lista los saltos cuyo comprobante siguiente cae dentro de él. Los números por encima del más alto o por debajo del más bajo son desconocidos, no faltantes.',
  docTypes: DOC_TYPE_NAMES,
};

const EN: Labels = {
  title: 'Invoice numbering audit',
  generated: (when, version) => `Generated ${when} by smo-gaps ${version}`,
  database: 'Database',
  storeFilterApplied: 'Only store',
  totals: "The period's totals",
  kpi: {
    missing: 'Missing numbers',
    gaps: 'Gaps',
    invoices: 'Invoices',
    voids: 'void',
    stores: 'Stores',
    storesWithGaps: 'with gaps',
    series: 'Series',
    missingRate: 'Missing rate',
    recoveredLate: 'Recovered late',
    conflicts: 'Conflicting duplicates',
  },
  topTitle: (n) => `Top ${n} stores by missing numbers`,
  topDesc: 'Horizontal bars: missing numbers per store, largest first.',
  topEmpty: 'No store has missing numbers in this period.',
  timelineTitle: { day: 'Missing numbers per day', month: 'Missing numbers per month' },
  timelineDesc: {
    day: "Columns per day: missing numbers (by the next invoice's date) and numbers recovered late.",
    month: "Columns per month: missing numbers (by the next invoice's date) and numbers recovered late.",
  },
  legendMissing: 'Missing',
  legendRecovered: 'Recovered late',
  chartData: "The chart's data",
  recoveredTitle: 'Recovered late',
  recoveredText: (n) => `${n} numbers that were missing arrived in a later upload and are no longer missing.`,
  recoveredNone: 'No missing number arrived in a later upload in this period.',
  storesTitle: 'Stores',
  gapsTitle: 'Gaps by store',
  gapsEmpty: 'No missing numbers in this period.',
  filterLabel: 'Filter by store',
  filterPlaceholder: 'Store code',
  showing: 'Showing {shown} of {total} rows',
  download: (rows) => `Download the missing numbers as CSV (${rows} rows)`,
  downloadNoScript: "The CSV download needs JavaScript; 'smo-gaps export' writes the same file.",
  sortHint: "Select a column's heading to sort by it.",
  col: {
    store: 'Store',
    docType: 'Type',
    series: 'Series',
    from: 'From',
    to: 'To',
    count: 'Count',
    prevDate: 'Previous invoice',
    nextDate: 'Next invoice',
    invoices: 'Invoices',
    voids: 'Void',
    missing: 'Missing',
    gaps: 'Gaps',
    missingRate: 'Missing rate',
    recoveredLate: 'Recovered late',
    conflicts: 'Conflicts',
    sequential: 'Number',
    kept: 'Kept',
    duplicate: 'Duplicate',
    day: 'Day',
    month: 'Month',
  },
  conflictsTitle: 'Conflicting duplicates',
  conflictsText: 'The same number was uploaded again with different content; the first upload is kept.',
  voidWord: 'void',
  attribution:
    'A missing number belongs to the issue date of the next present invoice of its series (the invoice that revealed it); a period lists the gaps whose next invoice falls inside it. Numbers above the highest or below the lowest are unknown, never missing.',
  docTypes: {
    '01': 'Invoice',
    '03': 'Purchase settlement',
    '04': 'Credit note',
    '05': 'Debit note',
    '06': 'Delivery guide',
    '07': 'Withholding receipt',
  },
};

/** A yyyy-MM-dd string as a Date at UTC midnight; every format below reads it in UTC, so TZ cannot shift the day. */
function utc(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d ?? 1));
}

export interface Formats {
  lang: Lang;
  locale: string;
  labels: Labels;
  number: (n: number) => string;
  percent: (ratio: number) => string;
  amount: (n: number) => string;
  /** 2024-03-01 → "1 mar 2024" / "Mar 1, 2024". */
  date: (iso: string) => string;
  /** 2024-03 → "mar 2024" / "Mar 2024", for axis labels. */
  monthShort: (isoMonth: string) => string;
  /** The period as a title: a day, a month, months, or a range of days. */
  period: (from: string, to: string) => string;
  /** A moment with its time zone. */
  timestamp: (moment: Date) => string;
}

export function formatsFor(lang: Lang): Formats {
  const locale = LOCALE[lang];
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const amount = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const medium = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const long = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const full = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const monthShort = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const stamp = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  const capital = (text: string) => text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
  const wholeMonths = (from: string, to: string) => from.endsWith('-01') && new Date(utc(to).getTime() + 86_400_000).getUTCDate() === 1;
  return {
    lang,
    locale,
    labels: lang === 'es' ? ES : EN,
    number: (n) => integer.format(n),
    percent: (ratio) => percent.format(ratio),
    amount: (n) => amount.format(n),
    date: (iso) => medium.format(utc(iso)),
    monthShort: (isoMonth) => monthShort.format(utc(isoMonth)),
    period: (from, to) => {
      if (from === to) return capital(full.format(utc(from)));
      if (wholeMonths(from, to)) {
        return capital(from.slice(0, 7) === to.slice(0, 7) ? month.format(utc(from)) : month.formatRange(utc(from), utc(to)));
      }
      return capital(long.formatRange(utc(from), utc(to)));
    },
    timestamp: (moment) => stamp.format(moment),
  };
}
