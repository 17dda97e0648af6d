#!/usr/bin/env node
/**
 * Writes the Excel workbooks of fixtures/formats/ (xlsx-*), as back offices save them: a header
 * below empty rows, date cells, date serials without a date format, text dates, formulas, rich
 * text, a second sheet; and beside the first one the same rows as a CSV (same-rows.csv), which
 * must give the same gaps. Run with `node scripts/make-xlsx-fixtures.mjs`; the expected outputs
 * are written by the formats e2e test with UPDATE_FIXTURES=1 and reviewed by hand.
 * Also `--rows N --output FILE.xlsx` writes an N-row workbook for timing, and the same rows as
 * FILE.csv beside it (docs/formats.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';

const ROOT = fileURLToPath(new URL('../fixtures/formats/', import.meta.url));
const FIXED = new Date(Date.UTC(2024, 0, 1));

/** A date cell as Excel keeps it: midnight of that day (exceljs writes it as a serial with a date format). */
const day = (y, m, d, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));
/** The serial Excel stores for a day (1900 system), written as a plain number. */
const serial = (y, m, d) => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;

function workbook() {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'smo-gaps fixtures';
  wb.created = FIXED;
  wb.modified = FIXED;
  return wb;
}

async function save(wb, name, file = 'input.xlsx') {
  const dir = join(ROOT, name);
  mkdirSync(dir, { recursive: true });
  await wb.xlsx.writeFile(join(dir, file));
}

const options = parseArgs({ options: { rows: { type: 'string' }, output: { type: 'string' } } }).values;

if (options.rows) {
  // A large sheet for timing: one store, one series, a missing number every 1000 rows.
  const rows = Number(options.rows);
  const output = options.output ?? `bench-${rows}.xlsx`;
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: output, useSharedStrings: true });
  const sheet = writer.addWorksheet('Ventas');
  const header = ['Local', 'Establecimiento', 'Punto Emision', 'Secuencial', 'Fecha Emision', 'Tipo', 'Total', 'Estado'];
  sheet.addRow(header).commit();
  const csv = [header.join(',')];
  let seq = 0;
  for (let i = 0; i < rows; i++) {
    seq += i % 1000 === 999 ? 2 : 1;
    const date = new Date(Date.UTC(2024, 0, 1) + Math.floor((i * 365) / rows) * 86_400_000);
    const row = [`L-100`, '001', '001', seq, date, 'Factura', Math.round(i * 37.3) / 100, i % 97 === 0 ? 'ANULADO' : 'AUTORIZADO'];
    sheet.addRow(row).commit();
    csv.push(row.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)).join(','));
  }
  sheet.commit();
  await writer.commit();
  writeFileSync(output.replace(/\.xlsx$/i, '') + '.csv', `${csv.join('\n')}\n`);
  console.log(`${rows} rows written to ${output} and the same as CSV beside it`);
  process.exit(0);
}

// --- A store's sales sheet, first of two; and the same rows as CSV ---------------------------
{
  const wb = workbook();
  const sheet = wb.addWorksheet('Ventas');
  // Rows 1 and 2 are left empty: the header is the first non-empty row.
  const rows = [
    ['Local', 'Número', 'Fecha', 'Tipo', 'Total', 'Estado'],
    ['L-101', 1, day(2024, 3, 1), 'Factura', 10.5, 'AUTORIZADO'],
    ['L-101', 2, day(2024, 3, 2), 'FACTURA ELECTRÓNICA (01)', { formula: 'E4*2', result: 21 }, 'AUTORIZADO'],
    // A date serial in a cell without a date format.
    ['L-101', 3, serial(2024, 3, 3), 'Factura', 118.88, 'AUTORIZADO'],
    // 4 is missing. A text date, and a text number.
    ['L-101', '5', '05/03/2024', 'Factura', '5.00', 'ANULADO'],
    [{ richText: [{ text: 'L-' }, { font: { bold: true }, text: '101' }] }, 6, day(2024, 3, 6, 14, 30), 'Factura', 0.1 + 0.2, 'AUTORIZADO'],
    null, // an empty row in the middle: skipped
    // No number: rejected as Ventas!10.
    ['L-101', null, day(2024, 3, 7), 'Factura', 3, 'AUTORIZADO'],
    // 7 and 8 are missing.
    ['L-101', 9, day(2024, 3, 9), 'Factura', 12, 'AUTORIZADO'],
    ['L-102', 1, day(2024, 3, 9), 'Nota de crédito', 4.5, 'AUTORIZADO'],
    ['L-102', 3, day(2024, 3, 10), 'Nota de crédito', 4.5, 'AUTORIZADO'],
  ];
  rows.forEach((row, i) => {
    if (row) sheet.getRow(i + 3).values = row;
  });
  const summary = wb.addWorksheet('Resumen');
  summary.addRow(['Total ventas', { formula: 'SUM(Ventas!E4:E13)', result: 179.38 }]);
  await save(wb, 'xlsx-ventas');

  const csv = [
    'Local,Número,Fecha,Tipo,Total,Estado',
    'L-101,1,2024-03-01,Factura,10.5,AUTORIZADO',
    'L-101,2,2024-03-02,FACTURA ELECTRÓNICA (01),21,AUTORIZADO',
    'L-101,3,2024-03-03,Factura,118.88,AUTORIZADO',
    'L-101,5,05/03/2024,Factura,5.00,ANULADO',
    'L-101,6,2024-03-06 14:30:00,Factura,0.30000000000000004,AUTORIZADO',
    'L-101,,2024-03-07,Factura,3,AUTORIZADO',
    'L-101,9,2024-03-09,Factura,12,AUTORIZADO',
    'L-102,1,2024-03-09,Nota de crédito,4.5,AUTORIZADO',
    'L-102,3,2024-03-10,Nota de crédito,4.5,AUTORIZADO',
  ];
  writeFileSync(join(ROOT, 'xlsx-ventas', 'same-rows.csv'), `${csv.join('\n')}\n`);
}

// --- The sheet to read is not the first: --sheet ---------------------------------------------
{
  const wb = workbook();
  const notes = wb.addWorksheet('Notas');
  notes.addRow(['Exportado del sistema de caja']);
  notes.addRow(['Sucursal', 'Centro']);
  const sheet = wb.addWorksheet('Marzo');
  sheet.addRow(['Tienda', 'Establecimiento', 'Punto Emision', 'Secuencial', 'Fecha Emision', 'Importe Total']);
  sheet.addRow(['L-205', '001', '002', 41, day(2024, 3, 12), 20]);
  sheet.addRow(['L-205', '001', '002', 42, day(2024, 3, 12), 20]);
  // 43 to 45 are missing.
  sheet.addRow(['L-205', '001', '002', 46, day(2024, 3, 14), 18.4]);
  // The establishment typed as a number (Excel drops the zeros) is still 001.
  sheet.addRow(['L-205', 1, 2, 47, day(2024, 3, 15), 18.4]);
  // A date typed as text that does not exist: rejected as Marzo!6.
  sheet.addRow(['L-205', '001', '002', 48, '30/02/2024', 18.4]);
  await save(wb, 'xlsx-sheet');
  writeFileSync(join(ROOT, 'xlsx-sheet', 'case.json'), `${JSON.stringify({ args: ['--sheet', 'Marzo'] }, null, 2)}\n`);
}

// --- A workbook of the 1904 date system (old Mac Excel): serials count from 1904-01-01 --------
{
  const wb = workbook();
  wb.properties.date1904 = true;
  const sheet = wb.addWorksheet('Hoja1');
  sheet.addRow(['Local', 'Folio', 'Fecha', 'Monto']);
  sheet.addRow(['L-9', 500, day(2024, 4, 1), 1]);
  // 2024-04-02 in the 1904 system, as a plain number.
  sheet.addRow(['L-9', 502, (Date.UTC(2024, 3, 2) - Date.UTC(1904, 0, 1)) / 86_400_000, 1]);
  await save(wb, 'xlsx-1904');
}

console.log(`workbooks written under ${ROOT}`);
