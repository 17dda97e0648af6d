import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseMapOptions, type Field } from './columns.js';
import { parseDateFormatOption, type DateOrder } from './dates.js';
import { parseEncodingOption, type Encoding } from './decode.js';
import { docTypeCode } from './doc-types.js';
import { UsageError } from '../errors.js';

/**
 * Import presets: how each store's export is read, kept in a config file so a cron job can
 * ingest every store's file as it comes (`smo-gaps.config.json` in the working directory,
 * or `--config FILE`):
 *
 *   { "presets": [
 *       { "files": "napoli_*.csv", "store": "L-204", "encoding": "latin1",
 *         "date_format": "MM/dd/yyyy", "map": { "sequential": "Nro Doc" } },
 *       { "files": "cierre_*.xlsx", "sheet": "Ventas" },
 *       { "store": "L-310", "doc_type": "04", "delimiter": ";" } ] }
 *
 * A preset with `files` applies to the files whose name matches that pattern (`*` and `?`,
 * case-insensitive; matched against the base name, or the whole path when the pattern has
 * a `/`); it can say which store the file belongs to. A preset without `files` applies to
 * the files of its `store` (given by `--store`, or by the matching file preset).
 * Settings: file preset over store preset; the command line over both.
 */
export const DEFAULT_CONFIG = 'smo-gaps.config.json';

/** What a preset sets: the options of `ingest` that describe a file. */
export interface PresetOptions {
  store?: string;
  docType?: string;
  map?: Partial<Record<Field, string>>;
  encoding?: Encoding;
  delimiter?: string;
  dateOrder?: DateOrder;
  numberPattern?: RegExp;
  /** An Excel workbook's sheet to read (the first when absent). */
  sheet?: string;
}

export interface Preset extends PresetOptions {
  /** How the preset is named in messages and in the ingest summary: the pattern, or the store. */
  name: string;
  files?: RegExp;
  /** The pattern has a `/`: it is matched against the whole path, not the base name. */
  filesByPath?: boolean;
}

export interface Presets {
  path: string;
  presets: Preset[];
}

/** Option values as users write them: `tab`, `;`, `semicolon`. */
export function parseDelimiterOption(text: string): string | undefined {
  const d = ({ tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' } as Record<string, string>)[text.toLowerCase()] ?? text;
  return [',', ';', '\t', '|'].includes(d) ? d : undefined;
}

/** Compiles --number-pattern: a regular expression with a named group `seq` (and optionally `series`). */
export function parseNumberPattern(text: string): RegExp | string {
  let pattern: RegExp;
  try {
    pattern = new RegExp(text);
  } catch (error) {
    return (error as Error).message;
  }
  if (!text.includes('(?<seq>')) return 'needs a named group (?<seq>…)';
  return pattern;
}

/** `napoli_*.csv` → a case-insensitive regular expression for the whole name. */
export function globPattern(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        source += '.*';
        i++;
      } else source += '[^/]*';
    } else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

/** Config keys as users may write them: `date_format`, `date-format`, `dateFormat`. */
const KEYS: Record<string, keyof Omit<Preset, 'name'>> = {
  files: 'files',
  file: 'files',
  store: 'store',
  doctype: 'docType',
  map: 'map',
  encoding: 'encoding',
  delimiter: 'delimiter',
  dateformat: 'dateOrder',
  numberpattern: 'numberPattern',
  sheet: 'sheet',
};

/**
 * Reads the presets: from `explicitPath` (an error when missing), else from
 * smo-gaps.config.json in `cwd` when there is one. Every mistake is reported at once,
 * before any file is read, naming the config file and the key.
 */
export function loadPresets(explicitPath: string | undefined, cwd = process.cwd()): Presets | undefined {
  const path = explicitPath ?? join(cwd, DEFAULT_CONFIG);
  const shown = explicitPath ?? DEFAULT_CONFIG;
  if (explicitPath === undefined && !existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${shown}: cannot read the config file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (error) {
    throw new UsageError(`${shown}: not valid JSON: ${(error as Error).message}`);
  }
  return { path: shown, presets: parsePresets(data, shown) };
}

export function parsePresets(data: unknown, shown: string): Preset[] {
  const errors: string[] = [];
  const list = isObject(data) ? data.presets : undefined;
  if (!isObject(data) || !Array.isArray(list)) {
    throw new UsageError(
      `${shown}: expected an object with a "presets" list, e.g. {"presets": [{"files": "napoli_*.csv", "store": "L-204"}]}`,
    );
  }
  for (const key of Object.keys(data)) {
    if (key !== 'presets' && !key.startsWith('$') && !key.startsWith('_')) errors.push(`${key}: unknown key (expected "presets")`);
  }
  const presets = list.map((entry, i) => parsePreset(entry, `presets[${i}]`, errors));
  if (errors.length) throw new UsageError(`${shown}: ${errors.join('; ')}`);
  return presets;
}

function parsePreset(entry: unknown, where: string, errors: string[]): Preset {
  const preset: Preset = { name: where };
  if (!isObject(entry)) {
    errors.push(`${where}: expected an object`);
    return preset;
  }
  const fail = (key: string, message: string) => errors.push(`${where}.${key}: ${message}`);
  for (const [key, value] of Object.entries(entry)) {
    if (key.startsWith('$') || key.startsWith('_') || key === 'comment' || key === 'name') continue;
    const field = KEYS[key.toLowerCase().replace(/[-_\s]/g, '')];
    if (!field) {
      fail(key, 'unknown key (expected files, store, doc_type, map, encoding, delimiter, date_format, number_pattern, sheet)');
      continue;
    }
    if (field === 'map') {
      if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
        fail(key, 'expected an object of field: "Header" pairs, e.g. {"sequential": "Nro Doc"}');
        continue;
      }
      const parsed = parseMapOptions(Object.entries(value).map(([f, h]) => `${f}=${h}`));
      for (const error of parsed.errors) fail(key, error.replace(/^--map /, ''));
      preset.map = parsed.map;
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      fail(key, 'expected a non-empty string');
      continue;
    }
    switch (field) {
      case 'files':
        preset.files = globPattern(value.trim());
        preset.filesByPath = value.includes('/');
        break;
      case 'store':
        preset.store = value.trim();
        break;
      case 'docType':
        preset.docType = docTypeCode(value);
        if (!preset.docType) fail(key, `'${value}' is not a document type (01, 04, Factura, …)`);
        break;
      case 'encoding':
        preset.encoding = parseEncodingOption(value);
        if (!preset.encoding) fail(key, `'${value}': expected utf8 or latin1`);
        break;
      case 'delimiter':
        preset.delimiter = parseDelimiterOption(value);
        if (!preset.delimiter) fail(key, `'${value}': expected , ; tab or |`);
        break;
      case 'dateOrder':
        preset.dateOrder = parseDateFormatOption(value);
        if (!preset.dateOrder) fail(key, `'${value}': expected dd/MM/yyyy or MM/dd/yyyy`);
        break;
      case 'sheet':
        preset.sheet = value.trim();
        break;
      case 'numberPattern': {
        const pattern = parseNumberPattern(value);
        if (typeof pattern === 'string') fail(key, pattern);
        else preset.numberPattern = pattern;
        break;
      }
    }
  }
  if (typeof entry.files === 'string') preset.name = String(entry.files);
  else if (preset.store) preset.name = `store ${preset.store}`;
  if (!preset.files && !preset.store) errors.push(`${where}: needs "files" (a file-name pattern) or "store" to say which files it is for`);
  if (typeof entry.name === 'string' && entry.name.trim()) preset.name = entry.name.trim();
  return preset;
}

/**
 * The settings for one file: the first file preset whose pattern matches it, then the
 * first store preset for the store it names (or `--store`). The command line wins over both.
 */
export function presetFor(
  presets: Presets | undefined,
  file: string,
  cliStore: string | undefined,
): { options: PresetOptions; names: string[] } {
  if (!presets) return { options: {}, names: [] };
  const name = basename(file);
  const byFile = file === '-' ? undefined : presets.presets.find((p) => p.files?.test(p.filesByPath ? file : name));
  const store = cliStore ?? byFile?.store;
  const byStore = store === undefined ? undefined : presets.presets.find((p) => !p.files && p.store === store);
  const options: PresetOptions = {};
  for (const preset of [byStore, byFile]) {
    if (!preset) continue;
    const { name: _name, files: _files, filesByPath: _byPath, map, ...settings } = preset;
    Object.assign(options, settings);
    if (map) options.map = { ...options.map, ...map };
  }
  return { options, names: [byFile, byStore].filter((p): p is Preset => !!p).map((p) => p.name) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
