import { Option } from 'commander';
import { UsageError } from '../errors.js';
import { parseEncodingOption, type Encoding } from '../input/decode.js';
import { parseDelimiterOption } from '../input/presets.js';

/**
 * Options declared once, as data, and shared by the commands that take them; cli.ts
 * registers them with commander, and the README's option lists are written from --help.
 */
export type OptionSpec = Option;

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function positiveInteger(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`${name} '${value}': expected a whole number of at least 1`);
    return parsed;
  };
}

export const dbOption = () =>
  new Option('--db <path>', 'SQLite database file (default: $SMO_GAPS_DB or ./smo-gaps.db)');

export const periodOptions = () => [
  new Option('--day <YYYY-MM-DD>', 'one day'),
  new Option('--month <YYYY-MM>', 'one calendar month'),
  new Option('--from <date>', 'first day of a range, YYYY-MM-DD or YYYY-MM (inclusive)'),
  new Option('--to <date>', 'last day of a range, YYYY-MM-DD or YYYY-MM (inclusive; default yesterday)'),
];

export const storeFilterOption = () => new Option('--store <code>', 'only this store');

export const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table');

export const outputOption = () =>
  new Option('--output <file>', 'write to this file (atomically) instead of standard output');

export const mapOption = () =>
  new Option('--map <field=Header>', 'use this column for a field (repeatable), e.g. --map sequential=NroDoc').argParser(collect);

export interface DbOptions {
  db?: string;
}

export interface PeriodFlags {
  day?: string;
  month?: string;
  from?: string;
  to?: string;
}

export const contractFileOptions = () => [
  new Option('--encoding <name>', 'input encoding: utf8 or latin1/windows-1252 (default: detected)'),
  new Option('--delimiter <char>', "field delimiter: ',' ';' or 'tab' (default: sniffed)"),
];

export interface ContractFileFlags {
  encoding?: string;
  delimiter?: string;
}

/** --encoding and --delimiter of a lease or sales file, checked before it is read. */
export function contractReadOptions(flags: ContractFileFlags): { encoding?: Encoding; delimiter?: string } {
  const result: { encoding?: Encoding; delimiter?: string } = {};
  if (flags.encoding !== undefined) {
    const encoding = parseEncodingOption(flags.encoding);
    if (!encoding) throw new UsageError(`--encoding '${flags.encoding}': expected utf8 or latin1/windows-1252`);
    result.encoding = encoding;
  }
  if (flags.delimiter !== undefined) {
    const delimiter = parseDelimiterOption(flags.delimiter);
    if (!delimiter) throw new UsageError(`--delimiter '${flags.delimiter}': expected ',' ';' or 'tab'`);
    result.delimiter = delimiter;
  }
  return result;
}
