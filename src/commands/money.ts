import { Option } from 'commander';
import { openDatabase, defaultDbPath } from '../store/db.js';
import { buildMoney, type MoneyReport } from '../audit/money/build.js';
import { moneyCsv, moneyTable } from '../render/money.js';
import { writeOutput } from '../render/output.js';
import { PLAIN } from '../render/style.js';
import {
  jumpOption,
  dbOption,
  formatOption,
  outputOption,
  positiveInteger,
  storeFilterOption,
  type DbOptions,
  type PeriodFlags,
} from './options.js';
import { resolveMoneyMonths } from './options.js';
import type { Io } from './context.js';

export const description =
  'money at stake per store and month: invoiced and declared sales, the sales the missing numbers hide, the rent billed and due (default: last complete month)';

export const options = () => [
  dbOption(),
  new Option('--month <YYYY-MM>', 'one calendar month'),
  new Option('--from <YYYY-MM>', 'first month (inclusive)'),
  new Option('--to <YYYY-MM>', 'last month (inclusive; default the last complete month)'),
  // Accepted so that it is refused with a reason (money is per whole month), not as an unknown option.
  new Option('--day <YYYY-MM-DD>', 'refused: money is computed for whole months').hideHelp(),
  storeFilterOption(),
  jumpOption(),
  new Option('--top <n>', 'how many store-months to rank by rent at stake').argParser(positiveInteger('--top')).default(5),
  formatOption(),
  outputOption(),
];

export interface MoneyFlags extends DbOptions, PeriodFlags {
  store?: string;
  top: number;
  jump?: number;
  format: 'table' | 'csv' | 'json';
  output?: string;
}

export function renderMoney(report: MoneyReport, format: MoneyFlags['format'], io: Io, toFile: boolean): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'csv') return moneyCsv(report);
  return moneyTable(report, toFile ? PLAIN : io.style);
}

export async function run(flags: MoneyFlags, io: Io): Promise<void> {
  const months = resolveMoneyMonths(flags, io.env);
  const db = openDatabase(defaultDbPath(flags.db));
  let report: MoneyReport;
  try {
    report = buildMoney(db, months, { store: flags.store, top: flags.top, jump: flags.jump });
  } finally {
    db.close();
  }
  await writeOutput(flags.output, renderMoney(report, flags.format, io, flags.output !== undefined), io.stdout);
}
