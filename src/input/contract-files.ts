import { openExport } from './record-stream.js';
import { firstLineOf } from './rejected-records.js';
import { normalizeHeader } from './columns.js';
import { decimalMarkEvidence, defaultDecimalMark, parseAmountCents, type DecimalMark } from './amount.js';
import { parseRate, rateText } from './rate.js';
import type { Encoding } from './decode.js';
import { InputError } from '../errors.js';

/**
 * The manager's contract data (SPEC §8): the lease register and the declared sales. Small
 * files, read whole, in the same encodings and delimiters as exports. All or nothing: any bad
 * line fails the file, naming its line (the header is line 1), and nothing of it is kept.
 */
export interface ContractFile<T> {
  file: string;
  sha256: string;
  size: number;
  records: T[];
}

export interface LeaseLine {
  line: number;
  store: string;
  scheme: 'commission' | 'fixed';
  rate: string | null;
  minimumCents: number;
  from: string;
  to: string | null;
}

export interface DeclaredLine {
  line: number;
  store: string;
  month: string;
  cents: number;
}

export interface ContractReadOptions {
  encoding?: Encoding;
  delimiter?: string;
}

const LEASE_COLUMNS = {
  store: ['store', 'local', 'tienda', 'store_code', 'codigo_local'],
  scheme: ['scheme', 'esquema', 'tipo', 'type', 'modalidad'],
  rate: ['rate', 'tasa', 'porcentaje', 'commission_rate', 'comision'],
  minimum: ['minimum', 'minimo', 'minimum_rent', 'renta_minima', 'canon', 'rent'],
  from: ['from', 'desde', 'from_month', 'start'],
  to: ['to', 'hasta', 'to_month', 'end'],
} as const;

const SALES_COLUMNS = {
  store: ['store', 'local', 'tienda', 'store_code', 'codigo_local'],
  month: ['month', 'mes', 'period', 'periodo'],
  declared: ['declared_sales', 'declared', 'ventas_declaradas', 'ventas', 'sales'],
} as const;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

type Columns<K extends string> = Partial<Record<K, number>>;

interface Table<K extends string> {
  display: string;
  columns: Columns<K>;
  rows: { line: number; cell: (field: K) => string }[];
  mark: DecimalMark;
  sha256: string;
  size: number;
}

async function readTable<K extends string>(
  path: string,
  spec: Record<K, readonly string[]>,
  required: K[],
  amountField: K,
  options: ContractReadOptions,
): Promise<Table<K>> {
  const display = path === '-' ? '(stdin)' : path;
  const unreadable: string[] = [];
  const { batches, stats } = await openExport(path, {
    ...options,
    onUnreadable: (line, reason) => unreadable.push(`line ${line}: ${reason}`),
  });
  let header: string[] | undefined;
  const records: { line: number; cells: string[] }[] = [];
  for await (const batch of batches) {
    for (let i = 0; i < batch.size; i++) {
      const record = batch.record(i);
      if (header === undefined) header = record.cells.map(normalizeHeader);
      else records.push({ line: firstLineOf(record), cells: record.cells });
    }
  }
  if (unreadable.length) throw new InputError(`${display}: ${unreadable[0]} (nothing was imported)`);
  if (header === undefined) throw new InputError(`${display}: the file is empty (not even a header)`);
  const columns: Columns<K> = {};
  for (const field of Object.keys(spec) as K[]) {
    const index = header.findIndex((h) => spec[field].some((name) => normalizeHeader(name) === h));
    if (index >= 0) columns[field] = index;
  }
  const missing = required.filter((f) => columns[f] === undefined);
  if (missing.length) {
    throw new InputError(
      `${display}: no ${missing.join(', ')} column (expected columns ${Object.keys(spec).join(',')}; nothing was imported)`,
    );
  }
  const width = header.length;
  const rows = records
    .filter((r) => r.cells.some((c) => c.trim() !== ''))
    .map((r) => {
      if (r.cells.length !== width && !(r.cells.length > width && r.cells.slice(width).every((c) => c.trim() === ''))) {
        throw new InputError(
          `${display}: line ${r.line}: wrong column count (expected ${width}, got ${r.cells.length}; nothing was imported)`,
        );
      }
      return { line: r.line, cell: (field: K) => (columns[field] === undefined ? '' : r.cells[columns[field]!].trim()) };
    });
  let mark: DecimalMark | undefined;
  for (const row of rows) if ((mark = decimalMarkEvidence(row.cell(amountField)))) break;
  return { display, columns, rows, mark: mark ?? defaultDecimalMark(stats.delimiter), sha256: stats.sha256, size: stats.size };
}

function fail(display: string, errors: string[]): never {
  const shown = errors.slice(0, 3).join('; ');
  const more = errors.length > 3 ? `; and ${errors.length - 3} more` : '';
  throw new InputError(`${display}: ${shown}${more} (nothing was imported)`);
}

/** Reads and checks a lease register: every line valid, no two periods of a store overlapping. */
export async function readLeaseFile(path: string, options: ContractReadOptions = {}): Promise<ContractFile<LeaseLine>> {
  const table = await readTable<keyof typeof LEASE_COLUMNS>(path, LEASE_COLUMNS, ['store', 'scheme', 'from'], 'minimum', options);
  const errors: string[] = [];
  const leases: LeaseLine[] = [];
  for (const { line, cell } of table.rows) {
    const problem = (reason: string) => errors.push(`line ${line}: ${reason}`);
    const store = cell('store');
    if (store === '') {
      problem('missing store');
      continue;
    }
    const schemeText = cell('scheme').toLowerCase();
    const scheme = /^(commission|comision|comisión|percentage|porcentaje)$/.test(schemeText)
      ? 'commission'
      : /^(fixed|fijo|fija)$/.test(schemeText)
        ? 'fixed'
        : undefined;
    if (!scheme) {
      problem(`scheme '${cell('scheme')}' is neither commission nor fixed`);
      continue;
    }
    const rateCell = cell('rate');
    let rate: string | null = null;
    if (rateCell !== '') {
      const parsed = parseRate(rateCell);
      if (!parsed) {
        problem(`rate '${rateCell}' is not a rate (8%, 0.08 or 8)`);
        continue;
      }
      if (parsed.numerator > 10n ** BigInt(parsed.scale)) {
        problem(`rate '${rateCell}' is over 100%`);
        continue;
      }
      rate = rateText(parsed);
    } else if (scheme === 'commission') {
      problem('a commission lease needs a rate');
      continue;
    }
    const minimumCell = cell('minimum');
    const minimum = parseAmountCents(minimumCell, table.mark);
    if (!minimum.ok) {
      problem(`minimum '${minimumCell}' is not an amount`);
      continue;
    }
    if ((minimum.cents ?? 0) < 0) {
      problem(`minimum '${minimumCell}' is negative`);
      continue;
    }
    if (scheme === 'fixed' && minimum.cents === null) {
      problem('a fixed lease needs its monthly rent in minimum');
      continue;
    }
    const from = cell('from');
    const to = cell('to');
    if (!MONTH.test(from)) {
      problem(`from '${from}' is not a month YYYY-MM`);
      continue;
    }
    if (to !== '' && !MONTH.test(to)) {
      problem(`to '${to}' is not a month YYYY-MM (or empty for open-ended)`);
      continue;
    }
    if (to !== '' && to < from) {
      problem(`to ${to} is before from ${from}`);
      continue;
    }
    leases.push({ line, store, scheme, rate, minimumCents: minimum.cents ?? 0, from, to: to === '' ? null : to });
  }
  // Overlapping periods of one store: the later line is named, with the line it overlaps.
  const byStore = new Map<string, LeaseLine[]>();
  for (const lease of leases) byStore.set(lease.store, [...(byStore.get(lease.store) ?? []), lease]);
  for (const list of byStore.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = list[j];
        const b = list[i];
        if (a.from <= (b.to ?? '9999-12') && b.from <= (a.to ?? '9999-12')) {
          errors.push(
            `line ${b.line}: store ${b.store}'s lease ${b.from}..${b.to ?? 'open'} overlaps line ${a.line} (${a.from}..${a.to ?? 'open'})`,
          );
        }
      }
    }
  }
  if (errors.length)
    fail(
      table.display,
      errors.sort((x, y) => lineOf(x) - lineOf(y)),
    );
  return { file: table.display, sha256: table.sha256, size: table.size, records: leases };
}

function lineOf(message: string): number {
  return Number(/^line (\d+)/.exec(message)?.[1] ?? 0);
}

/** Reads and checks declared sales: store, month YYYY-MM, an amount of at least 0, one figure per store and month. */
export async function readDeclaredSalesFile(path: string, options: ContractReadOptions = {}): Promise<ContractFile<DeclaredLine>> {
  const table = await readTable<keyof typeof SALES_COLUMNS>(path, SALES_COLUMNS, ['store', 'month', 'declared'], 'declared', options);
  const errors: string[] = [];
  const figures: DeclaredLine[] = [];
  const seen = new Map<string, number>();
  for (const { line, cell } of table.rows) {
    const problem = (reason: string) => errors.push(`line ${line}: ${reason}`);
    const store = cell('store');
    const month = cell('month');
    const text = cell('declared');
    if (store === '') {
      problem('missing store');
      continue;
    }
    if (!MONTH.test(month)) {
      problem(`month '${month}' is not a month YYYY-MM`);
      continue;
    }
    const amount = parseAmountCents(text, table.mark);
    if (!amount.ok || amount.cents === null) {
      problem(`declared_sales '${text}' is not an amount`);
      continue;
    }
    if (amount.cents < 0) {
      problem(`declared_sales '${text}' is negative`);
      continue;
    }
    const key = `${store}\t${month}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problem(`store ${store} month ${month} is already declared on line ${earlier}`);
      continue;
    }
    seen.set(key, line);
    figures.push({ line, store, month, cents: amount.cents });
  }
  if (errors.length) fail(table.display, errors);
  return { file: table.display, sha256: table.sha256, size: table.size, records: figures };
}
