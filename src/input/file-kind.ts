import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { describeReadError } from './record-stream.js';
import { InputError } from '../errors.js';

/** What an export is: text (CSV, TSV, the SRI's .txt), or an Excel workbook (.xlsx). */
export type FileKind = 'text' | 'xlsx';

const ZIP = [0x50, 0x4b]; // "PK": every zip part header and the end record start so
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // Excel 97–2003 (.xls), Word .doc…

/**
 * Decides by the first bytes, whatever the name says: a zip is a workbook (a `.csv` that a
 * back office saved as Excel is read as one), an old binary `.xls` is refused with what to do,
 * and a file named `.xlsx` that is not a zip is refused as corrupt. Standard input is text.
 */
export async function fileKind(path: string): Promise<FileKind> {
  if (path === '-') return 'text';
  const head = Buffer.alloc(8);
  let length = 0;
  try {
    const file = await open(path, 'r');
    try {
      ({ bytesRead: length } = await file.read(head, 0, head.length, 0));
    } finally {
      await file.close();
    }
  } catch (error) {
    throw describeReadError(path, error as Error);
  }
  const starts = (magic: number[]) => length >= magic.length && magic.every((byte, i) => head[i] === byte);
  if (starts(ZIP)) return 'xlsx';
  if (starts(OLE2)) {
    throw new InputError(
      `${path}: an Excel 97–2003 workbook (.xls), which smo-gaps does not read: open it in Excel or LibreOffice and save it as .xlsx or CSV`,
    );
  }
  if (/^\.xls[xm]$/i.test(extname(path))) {
    throw new InputError(
      `${path}: not an Excel workbook: an .xlsx file is a zip, and this one is not (corrupt, or another format renamed .xlsx)`,
    );
  }
  return 'text';
}
