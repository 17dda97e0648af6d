/**
 * The part of exceljs's streaming reader (exceljs 4.4, lib/stream/xlsx) that xlsx.ts uses.
 * Its own typings describe the whole library and miss what a worksheet reader is named.
 */
declare module 'exceljs/lib/stream/xlsx/workbook-reader.js' {
  import type { Readable } from 'node:stream';

  export interface StreamedRow {
    /** The row's number in the sheet (1 for the first). */
    readonly number: number;
    /** Cell values by column number (1 for column A); absent cells are holes. */
    readonly values: unknown[];
  }

  export interface WorksheetReader extends AsyncIterable<StreamedRow> {
    /** The sheet's name, once the workbook's part listing it has been read. */
    name: string;
    id: number | string;
  }

  export interface WorkbookReaderOptions {
    worksheets?: 'emit' | 'ignore';
    sharedStrings?: 'cache' | 'emit' | 'ignore';
    hyperlinks?: 'cache' | 'emit' | 'ignore';
    styles?: 'cache' | 'ignore';
    entries?: 'emit' | 'ignore';
  }

  export default class WorkbookReader implements AsyncIterable<WorksheetReader> {
    constructor(input: string | Readable, options?: WorkbookReaderOptions);
    /** The workbook part (xl/workbook.xml), once read: its sheets in the workbook's order. */
    model?: { sheets?: Array<{ name: string; id: number; state?: string }> };
    /** workbookPr of xl/workbook.xml, once read. */
    properties?: { model?: { date1904?: boolean } };
    [Symbol.asyncIterator](): AsyncIterator<WorksheetReader>;
  }
}
