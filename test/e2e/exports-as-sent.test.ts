import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FIXTURES, scratchPerTest, smo } from '../helpers/cli.js';

/**
 * Issue 17, through the built binary: Excel workbooks, type names with their code, rows with
 * extra empty cells, and the views for SQLite browsers. The fixtures' own expected outputs are
 * checked by formats.test.ts; these are the behaviours around them.
 */
const FORMATS = join(FIXTURES, 'formats');
const fixture = (name: string, file = 'input.xlsx') => join(FORMATS, name, file);
const ALL = ['--from', '2000-01', '--to', '2099-12'];
const current = scratchPerTest('smo-gaps-i17-');

function ingest(args: string[], cwd?: string) {
  const { db, dir } = current();
  return smo(['ingest', '--db', db, '--rejects', join(dir, 'rejects.csv'), ...args], { cwd });
}
const exported = () => smo(['export', '--db', current().db, ...ALL]).stdout;

describe('Excel workbooks', () => {
  it('gives the same gaps as the same rows in a CSV', () => {
    expect(ingest(['--quiet', fixture('xlsx-ventas')]).code).toBe(0);
    const fromWorkbook = exported();
    const { dir } = current();
    const db2 = join(dir, 'csv.db');
    expect(smo(['ingest', '--quiet', '--db', db2, '--rejects', join(dir, 'r2.csv'), fixture('xlsx-ventas', 'same-rows.csv')]).code).toBe(0);
    const fromCsv = smo(['export', '--db', db2, ...ALL]).stdout;
    expect(fromWorkbook).toContain('L-101,01,');
    expect(fromWorkbook).toBe(fromCsv);
    // The same present invoices too, void included.
    const counts = (db: string) => JSON.parse(smo(['report', '--db', db, ...ALL, '--format', 'json']).stdout).totals;
    expect(counts(current().db)).toEqual(counts(db2));
  });

  it('names a rejected row by sheet and row, on standard error and in --strict', () => {
    const result = ingest([fixture('xlsx-ventas')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`${fixture('xlsx-ventas')}: Ventas!10: missing sequential`);
    const strict = ingest(['--strict', fixture('xlsx-ventas')]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('input.xlsx: Ventas!10: missing sequential (--strict: nothing of this file was loaded)');
  });

  it('reads the sheet --sheet names, and says which sheets there are when none is', () => {
    expect(ingest(['--quiet', '--sheet', 'marzo', fixture('xlsx-sheet')]).code).toBe(0);
    expect(exported()).toContain('L-205,01,001-002,43,43,45,3,');
    const wrong = ingest(['--sheet', 'Abril', fixture('xlsx-sheet')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("input.xlsx: no sheet named 'Abril' (sheets: Notas, Marzo)");
    // Without --sheet, the first sheet is read: it has no invoice columns.
    const first = ingest([fixture('xlsx-sheet')]);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('no sequential column');
    expect(first.stderr).toContain('header: Exportado del sistema de caja');
  });

  it("takes the sheet from an import preset, as cron's run daily does", () => {
    const { dir } = current();
    copyFileSync(fixture('xlsx-sheet'), join(dir, 'cierre_marzo.xlsx'));
    writeFileSync(join(dir, 'smo-gaps.config.json'), JSON.stringify({ presets: [{ files: 'cierre_*.xlsx', sheet: 'Marzo' }] }));
    const result = ingest(['--json', 'cierre_marzo.xlsx'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).files[0]).toMatchObject({ presets: ['cierre_*.xlsx'], loaded: 4, rejected: 1 });
  });

  it('knows a workbook by its content, whatever its name', () => {
    const { dir } = current();
    const named = join(dir, 'ventas-marzo.csv');
    copyFileSync(fixture('xlsx-ventas'), named);
    const result = ingest(['--json', named]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).files[0]).toMatchObject({ encoding: 'xlsx', loaded: 8, rejected: 1 });
  });

  it('refuses an old .xls, a corrupt workbook and a workbook on standard input, saying what to do', () => {
    const { dir } = current();
    const xls = join(dir, 'ventas.xls');
    writeFileSync(xls, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]));
    const old = ingest([xls]);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain(
      'ventas.xls: an Excel 97–2003 workbook (.xls), which smo-gaps does not read: open it in Excel or LibreOffice and save it as .xlsx or CSV',
    );

    const truncated = join(dir, 'truncated.xlsx');
    writeFileSync(truncated, readFileSync(fixture('xlsx-ventas')).subarray(0, 3000));
    const corrupt = ingest([truncated]);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toMatch(/truncated\.xlsx: not a readable Excel workbook \(.+\)/);
    expect(corrupt.stderr).not.toMatch(/\n\s+at /);

    const renamed = join(dir, 'export.xlsx');
    writeFileSync(renamed, 'tienda,numero,fecha\nL-1,1,2024-03-01\n');
    const notZip = ingest([renamed]);
    expect(notZip.code).toBe(2);
    expect(notZip.stderr).toContain('export.xlsx: not an Excel workbook: an .xlsx file is a zip, and this one is not');

    const piped = smo(['ingest', '--db', current().db, '-'], { input: readFileSync(fixture('xlsx-ventas')).toString('latin1') });
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain('(stdin): an Excel workbook (zip) on standard input: give it as a file');
    // Nothing of any of them was loaded.
    expect(exported().split('\n').length).toBe(2);
  });

  it('says that --sheet does not apply to a text file, and loads it', () => {
    const result = ingest(['--sheet', 'Ventas', fixture('xlsx-ventas', 'same-rows.csv')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('same-rows.csv: a text file, not a workbook: --sheet Ventas does not apply');
    expect(exported()).toContain('L-101,01,');
  });
});

describe('document types', () => {
  it('takes the code of FACTURA ELECTRÓNICA (01) and BOLETA DE VENTA ELECTRONICA (03)', () => {
    expect(ingest(['--quiet', '--store', 'PE-12', fixture('peru-tipos-soles', 'input.csv')]).code).toBe(0);
    const lines = exported();
    expect(lines).toContain('PE-12,01,F001,120,');
    expect(lines).toContain('PE-12,03,B001,3003,');
  });

  it('lets --doc-type stand in for a --map doc_type column the file does not have, and says so', () => {
    const { dir } = current();
    const file = join(dir, 'notas.csv');
    writeFileSync(file, 'tienda,numero,fecha\nL-4,1,2024-03-01\nL-4,3,2024-03-02\n');
    const result = ingest(['--doc-type', '04', '--map', 'doc_type=Tipo Doc', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`${file}: --map doc_type=Tipo Doc names no column of this file, so every row takes --doc-type 04`);
    expect(exported()).toContain('L-4,04,');
    // Without --doc-type the file cannot say its rows' type: still an error.
    const without = ingest(['--map', 'doc_type=Tipo Doc', file]);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('--map names no column of this file: docType=Tipo Doc');
  });
});

describe('rows longer than the header', () => {
  it('loads rows whose extra cells are empty, and still rejects one whose extras are not', () => {
    const result = ingest(['--json', '--store', 'CL-7', fixture('sii-extra-empty-cells', 'input.csv')]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).files[0]).toMatchObject({ rows_read: 5, loaded: 4, rejected: 1 });
    expect(result.stderr).toContain('line 5: wrong column count (expected 11, got 14)');
    // 2102 and 2104 came with three empty cells each: present, so only 2103 (and the rejected 2105) are missing.
    expect(exported()).not.toMatch(/CL-7,33,'-,210[24],/);
  });
});

describe('views for SQLite browsers', () => {
  const GAP_COLUMNS = ['store', 'doc_type', 'series', 'gap_from', 'gap_to', 'gap_count', 'prev_date', 'next_date', 'jump', 'review_status'];
  const INVOICE_COLUMNS = ['store', 'doc_type', 'series', 'sequential', 'date', 'amount', 'void', 'access_key', 'file', 'line', 'run_id'];
  const FINDING_COLUMNS = ['kind', 'store', 'doc_type', 'series', 'from', 'to', 'date', 'detail', 'evidence'];

  it('have the contract columns, and the report row counts', () => {
    const cwd = join(FIXTURES, 'e2e', 'conflict');
    expect(ingest(['--quiet', fixture('xlsx-ventas'), join(cwd, 'first.csv'), join(cwd, 'second.csv')]).code).toBe(0);
    const report = JSON.parse(smo(['report', '--db', current().db, ...ALL, '--format', 'json']).stdout);
    const db = new Database(current().db, { readonly: true });
    try {
      const columns = (view: string) => (db.prepare(`SELECT * FROM ${view} LIMIT 0`).columns() as { name: string }[]).map((c) => c.name);
      expect(columns('missing_numbers_by_gap')).toEqual(GAP_COLUMNS);
      expect(columns('invoices_view')).toEqual(INVOICE_COLUMNS);
      expect(columns('findings_view')).toEqual(FINDING_COLUMNS);

      const gaps = db.prepare('SELECT count(*) AS gaps, sum(gap_count) AS missing FROM missing_numbers_by_gap WHERE NOT jump').get();
      expect(gaps).toEqual({ gaps: report.totals.gaps, missing: report.totals.missing });
      const invoices = db.prepare('SELECT count(*) AS n, sum(void) AS voids FROM invoices_view').get() as { n: number; voids: number };
      expect(invoices.voids).toBe(report.totals.voids);
      expect(invoices.n).toBe(report.totals.invoices);
      const conflicts = db.prepare(`SELECT count(*) AS n FROM findings_view WHERE kind = 'conflict'`).get() as { n: number };
      expect(conflicts.n).toBe(report.totals.conflicts);

      expect(db.prepare(`SELECT * FROM missing_numbers_by_gap WHERE store = 'L-101' AND gap_from = 7`).get()).toEqual({
        store: 'L-101',
        doc_type: '01',
        series: '-',
        gap_from: 7,
        gap_to: 8,
        gap_count: 2,
        prev_date: '2024-03-06',
        next_date: '2024-03-09',
        jump: 0,
        review_status: null,
      });
      expect(
        db
          .prepare(
            `SELECT store, series, sequential, date, amount, void, file, line FROM invoices_view WHERE store = 'L-101' AND sequential = 5`,
          )
          .get(),
      ).toEqual({
        store: 'L-101',
        series: '-',
        sequential: 5,
        date: '2024-03-05',
        amount: 5,
        void: 1,
        file: fixture('xlsx-ventas'),
        line: 7,
      });
      expect(db.prepare(`SELECT kind, store, "from", "to", date, evidence FROM findings_view`).all()).toEqual([
        {
          kind: 'conflict',
          store: 'C1',
          from: 2,
          to: 2,
          date: '2024-06-10',
          evidence: `${join(cwd, 'first.csv')}:3;${join(cwd, 'second.csv')}:2`,
        },
      ]);
    } finally {
      db.close();
    }
  });

  it("give a gap's review status: one review over all of it, mixed, or none", () => {
    expect(ingest(['--quiet', fixture('xlsx-ventas')]).code).toBe(0);
    const review = (from: string, to: string, status: string) =>
      smo([
        'review',
        'set',
        '--db',
        current().db,
        '--store',
        'L-101',
        '--doc-type',
        '01',
        '--series',
        '-',
        '--from',
        from,
        '--to',
        to,
        '--status',
        status,
        '--comment',
        'papel',
      ]);
    const statuses = () => {
      const db = new Database(current().db, { readonly: true });
      try {
        return db.prepare(`SELECT gap_from, review_status FROM missing_numbers_by_gap WHERE store = 'L-101' ORDER BY gap_from`).all();
      } finally {
        db.close();
      }
    };
    expect(review('7', '7', 'explained').code).toBe(0);
    expect(statuses()).toEqual([
      { gap_from: 4, review_status: null },
      { gap_from: 7, review_status: 'mixed' },
    ]);
    expect(review('8', '8', 'explained').code).toBe(0);
    expect(review('4', '4', 'billed').code).toBe(0);
    expect(statuses()).toEqual([
      { gap_from: 4, review_status: 'billed' },
      { gap_from: 7, review_status: 'explained' },
    ]);
    // The export's range rows say the same.
    const ranges = smo(['export', '--db', current().db, ...ALL, '--ranges']).stdout;
    expect(ranges).toContain(',range,gap,explained,papel');
  });

  it('flag a gap of more than 10,000 numbers as a jump, and list it among the findings', () => {
    const { dir } = current();
    const file = join(dir, 'typo.csv');
    writeFileSync(file, 'tienda,numero,fecha\nL-1,1,2024-03-01\nL-1,2,2024-03-02\nL-1,20003,2024-03-03\n');
    expect(ingest(['--quiet', file]).code).toBe(0);
    const db = new Database(current().db, { readonly: true });
    try {
      expect(db.prepare('SELECT gap_count, jump FROM missing_numbers_by_gap').all()).toEqual([{ gap_count: 20000, jump: 1 }]);
      expect(db.prepare('SELECT kind, "from", "to", detail, evidence FROM findings_view').all()).toEqual([
        { kind: 'jump', from: 3, to: 20002, detail: 'count=20000', evidence: `${file}:3;${file}:4` },
      ]);
    } finally {
      db.close();
    }
  });
});
