import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { globPattern, loadPresets, parsePresets, presetFor } from '../../src/input/presets.js';
import { UsageError } from '../../src/errors.js';

const CONFIG = {
  presets: [
    {
      files: 'napoli_*.csv',
      store: 'L-204',
      encoding: 'latin1',
      date_format: 'MM/dd/yyyy',
      map: { sequential: 'Nro Doc', date: 'F. Emisión' },
    },
    { files: 'exports/sri/*.txt', doc_type: 'Factura' },
    { store: 'L-204', doc_type: '04', delimiter: 'semicolon', map: { date: 'Fecha', amount: 'Importe' } },
    { store: 'L-310', 'date-format': 'dd/MM/yyyy', numberPattern: '^(?<seq>\\d+)/(?<series>\\d{4})$' },
  ],
};

describe('import presets', () => {
  const presets = { path: 'smo-gaps.config.json', presets: parsePresets(CONFIG, 'smo-gaps.config.json') };

  it('matches file-name patterns like a shell, without case', () => {
    expect(globPattern('napoli_*.csv').test('NAPOLI_2024-08.CSV')).toBe(true);
    expect(globPattern('napoli_*.csv').test('napoli_x.csv.bak')).toBe(false);
    expect(globPattern('tienda-??.txt').test('tienda-12.txt')).toBe(true);
    expect(globPattern('a/*.csv').test('a/b/c.csv')).toBe(false);
    expect(globPattern('a/**.csv').test('a/b/c.csv')).toBe(true);
    expect(globPattern('(x)+[y].csv').test('(x)+[y].csv')).toBe(true);
  });

  it('gives a file its file preset, then the preset of the store it names, the file preset winning', () => {
    const { options, names } = presetFor(presets, '/srv/in/napoli_2024-08.csv', undefined);
    expect(names).toEqual(['napoli_*.csv', 'store L-204']);
    expect(options).toEqual({
      store: 'L-204',
      encoding: 'windows-1252',
      dateOrder: 'mdy',
      docType: '04',
      delimiter: ';',
      map: { date: 'F. Emisión', amount: 'Importe', sequential: 'Nro Doc' },
    });
  });

  it('gives a store preset to the files of --store', () => {
    const { options, names } = presetFor(presets, 'ventas.csv', 'L-310');
    expect(names).toEqual(['store L-310']);
    expect(options.dateOrder).toBe('dmy');
    expect(options.numberPattern?.source).toBe('^(?<seq>\\d+)\\/(?<series>\\d{4})$');
    expect(presetFor(presets, 'ventas.csv', 'L-999')).toEqual({ options: {}, names: [] });
  });

  it('names the sheet of a workbook', () => {
    const withSheet = { path: 'c.json', presets: parsePresets({ presets: [{ files: 'cierre_*.xlsx', sheet: ' Ventas ' }] }, 'c.json') };
    expect(presetFor(withSheet, 'cierre_marzo.xlsx', undefined).options).toEqual({ sheet: 'Ventas' });
    expect(() => parsePresets({ presets: [{ files: '*.xlsx', sheet: '' }] }, 'c.json')).toThrow(
      'presets[0].sheet: expected a non-empty string',
    );
  });

  it('matches a pattern with a / against the path', () => {
    expect(presetFor(presets, 'exports/sri/emitidos.txt', undefined).options).toEqual({ docType: '01' });
    expect(presetFor(presets, 'emitidos.txt', undefined).names).toEqual([]);
  });

  it('never applies a file pattern to standard input', () => {
    const stdin = { path: 'c.json', presets: parsePresets({ presets: [{ files: '*', store: 'X' }] }, 'c.json') };
    expect(presetFor(stdin, '-', undefined).names).toEqual([]);
  });

  it('reports every mistake at once, naming the file and the key', () => {
    const bad = {
      presets: [
        { files: '*.csv', encoding: 'utf16', datefmt: 'x', doc_type: 'Boleta' },
        { map: { nonsense: 'A' }, store: 'L-1', delimiter: '|' },
        { map: ['a'], store: 'L-2' },
        { encoding: 'utf8' },
        'text',
        { store: 'L-3', number_pattern: '(\\d+' },
        { store: 'L-4', number_pattern: '(?<n>\\d+)' },
        { store: 12 },
      ],
      extra: true,
    };
    let message = '';
    try {
      parsePresets(bad, 'my.json');
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      message = (error as Error).message;
    }
    expect(message.startsWith('my.json: ')).toBe(true);
    for (const part of [
      'extra: unknown key',
      "presets[0].encoding: 'utf16': expected utf8 or latin1",
      'presets[0].datefmt: unknown key',
      "presets[0].doc_type: 'Boleta' is not a document type",
      "presets[1].map: 'nonsense=A': unknown field 'nonsense'",
      'presets[2].map: expected an object',
      'presets[3]: needs "files"',
      'presets[4]: expected an object',
      'presets[5].number_pattern: Invalid regular expression',
      'presets[6].number_pattern: needs a named group (?<seq>…)',
      'presets[7].store: expected a non-empty string',
    ]) {
      expect(message).toContain(part);
    }
  });

  it('refuses a config that is not a presets list', () => {
    expect(() => parsePresets([], 'c.json')).toThrow(/c\.json: expected an object with a "presets" list/);
    expect(() => parsePresets({ presets: {} }, 'c.json')).toThrow(UsageError);
  });

  describe('reading the config file', () => {
    let dir = '';
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reads smo-gaps.config.json from the working directory, and nothing when there is none', () => {
      dir = mkdtempSync(join(tmpdir(), 'smo-presets-'));
      expect(loadPresets(undefined, dir)).toBeUndefined();
      writeFileSync(join(dir, 'smo-gaps.config.json'), `\ufeff${JSON.stringify(CONFIG)}`);
      expect(loadPresets(undefined, dir)?.presets).toHaveLength(4);
    });

    it('names the file when --config is missing or not JSON', () => {
      dir = mkdtempSync(join(tmpdir(), 'smo-presets-'));
      expect(() => loadPresets(join(dir, 'nope.json'))).toThrow(/nope\.json: cannot read the config file: ENOENT/);
      writeFileSync(join(dir, 'bad.json'), '{"presets": [');
      expect(() => loadPresets(join(dir, 'bad.json'))).toThrow(/bad\.json: not valid JSON/);
    });
  });
});
