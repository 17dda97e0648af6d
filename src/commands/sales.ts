import { openDatabase, defaultDbPath } from '../store/db.js';
import { importDeclaredSales } from '../store/declared-sales.js';
import { readDeclaredSalesFile } from '../input/contract-files.js';
import { contractFileOptions, contractReadOptions, dbOption, type ContractFileFlags, type DbOptions } from './options.js';
import type { Io } from './context.js';

export const description = "the sales each store declared per month, on which the rent is billed";
export const importDescription =
  'import declared sales from a CSV of store,month,declared_sales (a later import of a store and month replaces the figure; all or nothing)';

export const importOptions = () => [dbOption(), ...contractFileOptions()];

export type SalesImportFlags = DbOptions & ContractFileFlags;

export async function runImport(file: string, flags: SalesImportFlags, io: Io): Promise<void> {
  const read = await readDeclaredSalesFile(file, contractReadOptions(flags));
  const db = openDatabase(defaultDbPath(flags.db));
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
