import { Option } from 'commander';
import { parseMapOptions } from '../input/columns.js';
import { parseEncodingOption, type Encoding } from '../input/decode.js';
import { parseDateFormatOption } from '../input/dates.js';
import { docTypeCode } from '../input/doc-types.js';
import { parseDelimiterOption, parseNumberPattern } from '../input/presets.js';
import type { LoadOptions } from '../ingest/load-file.js';
import { readThreadFromEnv } from '../ingest/read-policy.js';
import { mapOption } from './options.js';
import { UsageError } from '../errors.js';

/**
 * The read options: what describes an export and how strictly it is read. One group, taken
 * whole by every command that loads exports (ingest, run, verify), with its parser.
 */
/** How a CSV file is decoded and split: every file the product reads (exports, leases, declared sales). */
export const fileFormatOptions = () => [
  new Option('--encoding <name>', 'input encoding: utf8 or latin1/windows-1252 (default: detected)'),
  new Option('--delimiter <char>', "field delimiter: ',' ';' or 'tab' (default: sniffed)"),
];

export interface FileFormatFlags {
  encoding?: string;
  delimiter?: string;
}

/** --encoding and --delimiter, checked before any file is read. */
export function fileFormatFrom(flags: FileFormatFlags): { encoding?: Encoding; delimiter?: string } {
  const result: { encoding?: Encoding; delimiter?: string } = {};
  if (flags.encoding !== undefined) {
    result.encoding = parseEncodingOption(flags.encoding);
    if (!result.encoding) throw new UsageError(`--encoding '${flags.encoding}': expected utf8 or latin1`);
  }
  if (flags.delimiter !== undefined) {
    result.delimiter = parseDelimiterOption(flags.delimiter);
    if (!result.delimiter) throw new UsageError(`--delimiter '${flags.delimiter}': expected , ; tab or |`);
  }
  return result;
}

export const readOptions = () => [
  new Option('--store <code>', 'store code for every row (when the file has no store column)'),
  new Option('--doc-type <code>', 'document type for rows that do not say (01 factura, 04 nota de crédito, …)'),
  mapOption(),
  ...fileFormatOptions(),
  new Option('--date-format <pattern>', 'order of slashed dates: dd/MM/yyyy or MM/dd/yyyy (default: decided per file)'),
  new Option('--sheet <name>', 'the sheet of an Excel workbook (.xlsx) to read (default: the first)'),
  new Option('--number-pattern <regex>', 'regular expression with named groups series and seq for unusual invoice numbers'),
  new Option('--config <file>', 'import presets per store or file-name pattern (default: ./smo-gaps.config.json when present)'),
  new Option('--strict', 'reject the whole file if any row is bad (nothing of it is loaded)'),
];

export interface ReadFlags {
  store?: string;
  docType?: string;
  map?: string[];
  encoding?: string;
  delimiter?: string;
  dateFormat?: string;
  numberPattern?: string;
  sheet?: string;
  config?: string;
  strict?: boolean;
  dryRun?: boolean;
}

/**
 * Turns the command line into load options, rejecting bad values before any file is read.
 * The environment's choice of reading thread (SMO_GAPS_READ_THREAD) is read here, once.
 */
export function loadOptionsFrom(flags: ReadFlags, env: NodeJS.ProcessEnv = {}): LoadOptions {
  const result: LoadOptions = { strict: flags.strict, dryRun: flags.dryRun, readThread: readThreadFromEnv(env) };
  if (flags.store !== undefined) {
    if (flags.store.trim() === '') throw new UsageError('--store needs a store code');
    result.store = flags.store.trim();
  }
  if (flags.docType !== undefined) {
    result.docType = docTypeCode(flags.docType);
    if (!result.docType) throw new UsageError(`--doc-type '${flags.docType}': not a document type (01, 04, Factura, …)`);
  }
  if (flags.map?.length) {
    const { map, errors } = parseMapOptions(flags.map);
    if (errors.length) throw new UsageError(errors.join('; '));
    result.map = map;
  }
  Object.assign(result, fileFormatFrom(flags));
  if (flags.dateFormat !== undefined) {
    result.dateOrder = parseDateFormatOption(flags.dateFormat);
    if (!result.dateOrder) throw new UsageError(`--date-format '${flags.dateFormat}': expected dd/MM/yyyy or MM/dd/yyyy`);
  }
  if (flags.sheet !== undefined) {
    if (flags.sheet.trim() === '') throw new UsageError('--sheet needs a sheet name');
    result.sheet = flags.sheet;
  }
  if (flags.numberPattern !== undefined) {
    const pattern = parseNumberPattern(flags.numberPattern);
    if (typeof pattern === 'string') throw new UsageError(`--number-pattern: ${pattern}`);
    result.numberPattern = pattern;
  }
  return result;
}
