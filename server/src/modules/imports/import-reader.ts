import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import type { CellValue } from './cell-values';

/** One row of a sheet: its number as a spreadsheet shows it (the header is row 1) and its cells. */
export interface SheetRow {
  number: number;
  cells: CellValue[];
}

export interface SheetTable {
  name: string;
  hidden: boolean;
  header: string[];
  rows: SheetRow[];
}

export type ImportFormat = 'xlsx' | 'csv';

export class UnreadableFile extends Error {}

/** An XLSX is a zip: it starts with `PK`. Anything else is read as CSV text. */
function formatOf(file: Buffer): ImportFormat {
  return file.length >= 2 && file[0] === 0x50 && file[1] === 0x4b ? 'xlsx' : 'csv';
}

/**
 * CSV as Excel writes it in Indonesia (`;`, because `,` is the decimal comma) or elsewhere (`,`):
 * the separator is the one of the two the header line holds more of. RFC 4180 quoting; blank lines
 * are kept (as empty rows) so that row numbers are those a spreadsheet shows.
 */
export function readCsv(text: string): SheetTable {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const separator = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = body.length;
  while (i <= n) {
    if (i === n) {
      if (row.length) records.push(row);
      break;
    }
    if (body[i] === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const quote = body.indexOf('"', i);
        if (quote < 0) throw new UnreadableFile('Tanda kutip di berkas CSV tidak ditutup');
        value += body.slice(i, quote);
        if (body[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      row.push(value);
    } else {
      let end = i;
      while (end < n && body[end] !== separator && body[end] !== '\n' && body[end] !== '\r') end += 1;
      row.push(body.slice(i, end));
      i = end;
    }
    if (i >= n) {
      records.push(row);
      break;
    }
    if (body[i] === separator) {
      i += 1;
      if (i === n) row.push('');
      continue;
    }
    // End of line.
    if (body[i] === '\r' && body[i + 1] === '\n') i += 1;
    i += 1;
    records.push(row);
    row = [];
  }
  const [header = [], ...rest] = records;
  return {
    name: 'CSV',
    hidden: false,
    header: header.map((h) => h.trim()),
    rows: rest.map((cells, index) => ({ number: index + 2, cells: cells.map((cell) => (cell === '' ? null : cell)) })),
  };
}

/** An ExcelJS cell value as plain data: formulas by their result, rich text and links by their text. */
function plain(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return plain(value.result as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return null;
  }
  return null;
}

/**
 * Every sheet of an XLSX, cells as data; rows a spreadsheet shows as empty are left out. Read as a
 * stream (styles kept only to tell dates from numbers), so a 100 000-row registry is never a whole
 * ExcelJS workbook in memory: only its cells' values are kept.
 */
async function readXlsx(file: Buffer): Promise<SheetTable[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const tables: SheetTable[] = [];
  try {
    for await (const sheet of reader) {
      const { name, state } = sheet as unknown as { name: string; state?: string };
      const table: SheetTable = { name, hidden: state !== undefined && state !== 'visible', header: [], rows: [] };
      for await (const row of sheet) {
        const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(plain);
        if (cells.every((cell) => cell === null)) continue;
        if (row.number === 1) table.header = cells.map((cell) => (cell === null ? '' : String(cell).trim()));
        else table.rows.push({ number: row.number, cells });
      }
      tables.push(table);
    }
  } catch {
    throw new UnreadableFile('Berkas Excel tidak dapat dibaca; simpan ulang sebagai .xlsx');
  }
  // Sheets arrive in the order the zip holds them; a person means the order of the tabs (the first is the data).
  const tabs = ((reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets ?? []).map((sheet) => sheet.name);
  const order = (name: string) => (tabs.includes(name) ? tabs.indexOf(name) : tabs.length);
  return tables.sort((a, b) => order(a.name) - order(b.name));
}

export async function readSheets(file: Buffer): Promise<SheetTable[]> {
  if (formatOf(file) === 'xlsx') return readXlsx(file);
  const text = file.toString('utf8');
  if (text.includes('\u0000')) throw new UnreadableFile('Berkas ini bukan CSV atau Excel (.xlsx)');
  return [readCsv(text)];
}
