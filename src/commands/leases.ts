import { defaultDbPath } from '../store/db.js';
import { jsonText } from '../render/formats.js';
import { openForReading, openExisting } from '../store/open-existing.js';
import { listLeases, replaceLeases, type LeaseRecord } from '../store/leases.js';
import { readLeaseFile } from '../input/contract-files.js';
import { csvText } from '../render/csv.js';
import { table } from '../render/table.js';
import { leaseWords } from '../render/money.js';
import { writeOutput } from '../render/output.js';
import { PLAIN } from '../render/style.js';
import { dbOption, formatOption, outputOption, storeFilterOption, type DbOptions } from './options.js';
import { fileFormatFrom, fileFormatOptions, type FileFormatFlags } from './read-options.js';
import type { Io } from './context.js';

export const description = "the lease register: each store's rent scheme (commission or fixed), rate, minimum and months";
export const importDescription =
  'replace the lease register with a CSV of store,scheme,rate,minimum,from,to (all or nothing: a bad or overlapping line changes nothing)';

export const options = () => [dbOption(), storeFilterOption(), formatOption(), outputOption()];
export const importOptions = () => [dbOption(), ...fileFormatOptions()];

export interface LeasesFlags extends DbOptions {
  store?: string;
  format: 'table' | 'csv' | 'json';
  output?: string;
}

export type LeasesImportFlags = DbOptions & FileFormatFlags;

const minimum = (l: LeaseRecord) => l.minimumCents / 100;

export function leasesJson(leases: LeaseRecord[]): unknown {
  return {
    leases: leases.map((l) => ({
      store: l.store,
      scheme: l.scheme,
      rate: l.rate === null ? null : Number(l.rate),
      minimum: minimum(l),
      from: l.from,
      to: l.to,
      line: l.line,
    })),
  };
}

export async function run(flags: LeasesFlags, io: Io): Promise<void> {
  const db = openForReading(defaultDbPath(flags.db));
  let leases: LeaseRecord[];
  try {
    leases = listLeases(db, flags.store);
  } finally {
    db.close();
  }
  let text: string;
  if (flags.format === 'json') text = jsonText(leasesJson(leases));
  else if (flags.format === 'csv') {
    text = csvText(
      ['store', 'scheme', 'rate', 'minimum', 'from', 'to'],
      leases.map((l) => [l.store, l.scheme, l.rate ?? '', minimum(l).toFixed(2), l.from, l.to ?? '']),
    );
  } else if (leases.length === 0) text = 'The lease register is empty (smo-gaps leases import FILE).\n';
  else {
    const style = flags.output === undefined ? io.style : PLAIN;
    const t = table(style, ['Store', 'Scheme', 'Rent', 'From', 'To'], []);
    for (const l of leases) {
      t.push([
        l.store,
        l.scheme,
        leaseWords({ scheme: l.scheme, rate: l.rate === null ? null : Number(l.rate), minimum: minimum(l) }),
        l.from,
        l.to ?? 'open',
      ]);
    }
    text = `${t.toString()}\n${leases.length} lease${leases.length === 1 ? '' : 's'}\n`;
  }
  await writeOutput(flags.output, text, io.stdout);
}

export async function runImport(file: string, flags: LeasesImportFlags, io: Io): Promise<void> {
  // Read and check the whole file before the database is touched: a bad line changes nothing.
  const read = await readLeaseFile(file, fileFormatFrom(flags));
  const db = openExisting(defaultDbPath(flags.db));
  try {
    replaceLeases(db, read, read.records);
  } finally {
    db.close();
  }
  const stores = new Set(read.records.map((l) => l.store)).size;
  io.stdout.write(
    `${read.file}: ${read.records.length} lease${read.records.length === 1 ? '' : 's'} of ${stores} store${stores === 1 ? '' : 's'} imported; the register was replaced (sha256 ${read.sha256.slice(0, 12)}…)\n`,
  );
}
