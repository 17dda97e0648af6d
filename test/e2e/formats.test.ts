import { existsSync, readFileSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, scratch, smo } from '../helpers/cli.js';
import { UPDATE_EXPECTED } from '../helpers/expected.js';

/**
 * Every export format and quirk of fixtures/formats/ (scripts/make-format-fixtures.mjs), loaded
 * by the built binary as it comes, with no options beyond those in its case.json (--store when
 * the file has no store column): the ingest summary, the rejects and the export must equal the
 * files committed beside it. UPDATE_EXPECTED=1 rewrites them (review the diff before committing).
 */
const FORMATS = join(FIXTURES, 'formats');
const UPDATE = UPDATE_EXPECTED;

interface Case {
  input?: string;
  args?: string[];
}

function caseOf(dir: string): { input: string; args: string[] } {
  const path = join(dir, 'case.json');
  const spec: Case = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  const input = spec.input ?? readdirSync(dir).find((name) => name.startsWith('input.'));
  if (!input) throw new Error(`${dir}: no input file`);
  return { input, args: spec.args ?? [] };
}

/** The ingest summary without what changes from run to run: timings, hashes, paths. */
function normalise(json: string): unknown {
  const summary = JSON.parse(json);
  for (const file of summary.files) {
    delete file.sha256;
    delete file.seconds;
    delete file.rows_per_second;
  }
  summary.rejects_file = summary.rejects_file === null ? null : 'rejects.csv';
  return summary;
}

function expectFile(path: string, actual: string): void {
  if (UPDATE) writeFileSync(path, actual);
  else expect(actual, path).toBe(readFileSync(path, 'utf8'));
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function tmp() {
  const s = scratch('smo-gaps-formats-');
  cleanups.push(s.cleanup);
  return s;
}

describe('fixtures/formats: each export loads as it comes', () => {
  const names = readdirSync(FORMATS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

  it('has the fixtures the issue asks for', () => {
    for (const name of [
      'sri-emitidos',
      'sri-recibidos',
      'sri-recibidos-antiguo',
      'semicolon-latin1',
      'utf8-bom-keys',
      'header-only',
      'ragged-rows',
      'bad-check-digit',
      'impossible-date',
      'quoted-newlines',
      'prefixed-numbers',
      // Issue 17: exports as stores really send them.
      'xlsx-ventas',
      'xlsx-sheet',
      'xlsx-1904',
      'peru-tipos-soles',
      'sii-extra-empty-cells',
      'split-at-cell-boundary',
    ]) {
      expect(names).toContain(name);
    }
  });

  // Each twice: read in line (as small files are), and on the reading thread (as large ones are).
  for (const [variant, thread] of [
    ['', '0'],
    [' (reading thread)', '1'],
  ]) {
    for (const name of names) {
      it(name + variant, () => {
        const dir = join(FORMATS, name);
        const { input, args } = caseOf(dir);
        const { dir: work, db } = tmp();
        const rejects = join(work, 'rejects.csv');
        const env = { SMO_GAPS_READ_THREAD: thread };
        // The fixture's directory is the working directory: its smo-gaps.config.json applies.
        const ingest = smo(['ingest', '--json', '--db', db, '--rejects', rejects, ...args, input], { cwd: dir, env });
        expect(ingest.stderr.includes('unexpected error'), ingest.stderr).toBe(false);
        expect(ingest.code, ingest.stderr).toBe(0);
        expectFile(join(dir, 'expected-ingest.json'), `${JSON.stringify(normalise(ingest.stdout), null, 2)}\n`);

        const rejectsPath = join(dir, 'expected-rejects.csv');
        if (existsSync(rejects)) expectFile(rejectsPath, readFileSync(rejects, 'utf8'));
        else if (UPDATE) expect(existsSync(rejectsPath), `${rejectsPath} is stale`).toBe(false);
        else expect(existsSync(rejectsPath), `${name}: expected rejects, none written`).toBe(false);

        const exported = smo(['export', '--db', db, '--from', '2000-01', '--to', '2099-12']);
        expect(exported.code, exported.stderr).toBe(0);
        expectFile(join(dir, 'expected-export.csv'), exported.stdout);
      });
    }
  }
});

describe('formats: behaviour around the fixtures', () => {
  const fixture = (name: string, file = 'input.csv') => join(FORMATS, name, file);

  it('accepts a header-only SRI download quietly', () => {
    const { db } = tmp();
    const result = smo(['ingest', '--db', db, '--quiet', fixture('header-only', 'input.txt')]);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('keeps Latin-1 names right in the report table, JSON and CSV', () => {
    const { db } = tmp();
    expect(smo(['ingest', '--db', db, '--quiet', fixture('semicolon-latin1')]).code).toBe(0);
    const period = ['--from', '2024-04', '--to', '2024-04'];
    const table = smo(['report', '--db', db, ...period]);
    const json = JSON.parse(smo(['report', '--db', db, ...period, '--format', 'json']).stdout);
    const csv = smo(['report', '--db', db, ...period, '--format', 'csv']).stdout;
    expect(table.stdout).toContain('Cafetería Ñandú');
    expect(json.stores.map((s: { store: string }) => s.store)).toEqual(['Cafetería Ñandú', 'Heladería D’Onofrio', 'Panadería La Española']);
    expect(csv).toContain('Panadería La Española');
    expect(table.stdout + csv).not.toContain('\ufffd');
  });

  it('lets --encoding override the detection', () => {
    const { dir, db } = tmp();
    // The same export in UTF-8, read as Latin-1 because the option says so.
    const utf8 = join(dir, 'utf8.csv');
    writeFileSync(utf8, readFileSync(fixture('semicolon-latin1')).toString('latin1').replace('Número', 'Numero'));
    const result = smo(['ingest', '--db', db, '--json', '--encoding', 'latin1', utf8]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).files[0].encoding).toBe('windows-1252');
    const stores = JSON.parse(smo(['report', '--db', db, '--month', '2024-04', '--format', 'json']).stdout).stores;
    // Í is C3 AD in UTF-8; in Windows-1252, C3 is Ã and AD a soft hyphen; Ñ (C3 91) gives Ã and ‘.
    const misread = 'CafeterÃ\u00ada Ã\u2018andÃº';
    expect(stores.map((s: { store: string }) => s.store)).toContain(misread);
    // Latin-1 bytes forced to UTF-8 do not even give the header's names.
    const forced = smo(['ingest', '--db', db, '--encoding', 'utf8', fixture('semicolon-latin1')]);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toContain('N\ufffdmero Factura');
  });

  it('lets --date-format override the per-file decision', () => {
    const { db } = tmp();
    const file = fixture('config-preset', 'notas_credito_napoli_2024-08.csv');
    const maps = ['--map', 'sequential=Nro Doc', '--map', 'date=F. Emisión', '--store', 'L-204'];
    // From another directory the preset does not apply: 08/01/2024 is read day first…
    smo(['ingest', '--db', db, '--quiet', ...maps, file]);
    expect(smo(['export', '--db', db, '--month', '2024-05']).stdout).toContain('L-204,01,');
    // …unless --date-format says otherwise.
    const { db: db2 } = tmp();
    smo(['ingest', '--db', db2, '--quiet', ...maps, '--date-format', 'MM/dd/yyyy', file]);
    expect(smo(['export', '--db', db2, '--month', '2024-08']).stdout).toContain('L-204,01,');
  });

  it('shows the rejects by reason in the table summary', () => {
    const { dir, db } = tmp();
    const result = smo(['ingest', '--db', db, '--rejects', join(dir, 'r.csv'), fixture('bad-check-digit')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Rejected in ' +
        fixture('bad-check-digit') +
        ': access key fails its check digit: 1; sequential disagrees with access key: 1; ' +
        'date disagrees with access key: 1; malformed access key: 1',
    );
    expect(result.stderr).toContain('line 3: access key');
  });

  it('--strict rolls the file back and names the first bad line', () => {
    const { dir, db } = tmp();
    const result = smo(['ingest', '--db', db, '--strict', '--rejects', join(dir, 'r.csv'), fixture('bad-check-digit')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/input\.csv: line 3: access key .* fails its check digit/);
    const report = JSON.parse(smo(['report', '--db', db, '--from', '2024-01', '--to', '2024-12', '--format', 'json']).stdout);
    expect(report.totals.invoices).toBe(0);
  });

  it('says that gaps in a "recibidos" download are expected', () => {
    const { db } = tmp();
    const result = smo(['ingest', '--db', db, '--json', fixture('sri-recibidos', 'input.txt')]);
    expect(result.stderr).toContain('"recibidos" download');
    expect(JSON.parse(result.stdout).files[0].layout).toBe('sri-recibidos');
  });

  it('refuses a file with no store identifiable', () => {
    const { db } = tmp();
    const result = smo(['ingest', '--db', db, fixture('impossible-date')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no store identifiable');
  });

  it('applies a store preset given by --store, and the command line over the preset', () => {
    const { dir, db } = tmp();
    copyFileSync(fixture('semicolon-latin1'), join(dir, 'export.csv'));
    writeFileSync(
      join(dir, 'smo-gaps.config.json'),
      JSON.stringify({ presets: [{ store: 'L-310', doc_type: '04', map: { store: 'Cliente' } }] }),
    );
    // The preset maps the store column to Cliente; --store wins over any column.
    const result = smo(['ingest', '--db', db, '--json', '--store', 'L-310', 'export.csv'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).files[0].presets).toEqual(['store L-310']);
    const stores = JSON.parse(smo(['report', '--db', db, '--month', '2024-04', '--format', 'json']).stdout).stores;
    expect(stores.map((s: { store: string }) => s.store)).toEqual(['L-310']);
    expect(smo(['export', '--db', db, '--month', '2024-04']).stdout).toContain('L-310,04,001-001,3,');
  });

  it('rejects a bad config file naming the file and the key', () => {
    const { dir, db } = tmp();
    writeFileSync(join(dir, 'smo-gaps.config.json'), JSON.stringify({ presets: [{ files: '*.csv', encoding: 'utf16', datefmt: 'x' }] }));
    const result = smo(['ingest', '--db', db, 'whatever.csv'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("smo-gaps.config.json: presets[0].encoding: 'utf16': expected utf8 or latin1");
    expect(result.stderr).toContain('presets[0].datefmt: unknown key');
    const missing = smo(['ingest', '--db', db, '--config', 'nope.json', 'whatever.csv'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json: cannot read the config file: ENOENT');
  });
});
