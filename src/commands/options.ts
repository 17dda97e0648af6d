import { Option } from 'commander';
import { UsageError } from '../errors.js';

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

export function nonNegativeInteger(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0) throw new UsageError(`${name} '${value}': expected a whole number of at least 0`);
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
