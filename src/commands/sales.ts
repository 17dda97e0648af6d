import { defaultDbPath } from '../store/db.js';
import { jsonText } from '../render/formats.js';
import { openForReading, openExisting } from '../store/open-existing.js';
import { importDeclaredSales, listDeclaredSales } from '../store/declared-sales.js';
import { csvText } from '../render/csv.js';
import { table } from '../render/table.js';
import { moneyText } from '../render/count.js';
import { writeOutput } from '../render/output.js';
import { PLAIN } from '../render/style.js';
import { readDeclaredSalesFile } from '../input/contract-files.js';
import { dbOption, formatOption, outputOption, storeFilterOption, type DbOptions } from './options.js';
import { fileFormatFrom, fileFormatOptions, type FileFormatFlags } from './read-options.js';
import type { Io } from './context.js';

export const description = 'the sales each store declared per month, on which the rent is billed';
export const importDescription =
  'import declared sales from a CSV of store,month,declared_sales (a later import of a store and month replaces the figure; all or nothing)';

export const options = () => [dbOption(), storeFilterOption(), formatOption(), outputOption()];
export const importOptions = () => [dbOption(), ...fileFormatOptions()];

export interface SalesFlags extends DbOptions {
  store?: string;
  format: 'table' | 'csv' | 'json';
  output?: string;
}

/** Lists the declared figures, each with the file it came from. */
export async function run(flags: SalesFlags, io: Io): Promise<void> {
  const db = openForReading(defaultDbPath(flags.db));
  let figures: ReturnType<typeof listDeclaredSales>;
  try {
    figures = listDeclaredSales(db, flags.store);
  } finally {
    db.close();
  }
  let text: string;
  if (flags.format === 'json') {
    const declared = figures.map((f) => ({
      store: f.store,
      month: f.month,
      declared_sales: f.cents / 100,
      file: f.file,
      line: f.line,
      imported_at: f.importedAt,
    }));
    text = jsonText({ declared_sales: declared });
  } else if (flags.format === 'csv') {
    text = csvText(
      ['store', 'month', 'declared_sales', 'file', 'line'],
      figures.map((f) => [f.store, f.month, (f.cents / 100).toFixed(2), f.file, f.line]),
    );
  } else if (figures.length === 0) text = 'No declared sales (smo-gaps sales import FILE).\n';
  else {
    const t = table(flags.output === undefined ? io.style : PLAIN, ['Store', 'Month', 'Declared sales', 'From'], [2]);
    for (const f of figures) t.push([f.store, f.month, moneyText(f.cents / 100), `${f.file}:${f.line}`]);
    text = `${t.toString()}\n`;
  }
  await writeOutput(flags.output, text, io.stdout);
}

export type SalesImportFlags = DbOptions & FileFormatFlags;

export async function runImport(file: string, flags: SalesImportFlags, io: Io): Promise<void> {
  const read = await readDeclaredSalesFile(file, fileFormatFrom(flags));
  const db = openExisting(defaultDbPath(flags.db));
  let replaced: number;
  try {
    ({ replaced } = importDeclaredSales(db, read, read.records));
  } finally {
    db.close();
  }
  const n = read.records.length;
  io.stdout.write(
    `${read.file}: ${n} declared figure${n === 1 ? '' : 's'} imported (${n - replaced} new, ${replaced} replaced; sha256 ${read.sha256.slice(0, 12)}…)\n`,
  );
}
