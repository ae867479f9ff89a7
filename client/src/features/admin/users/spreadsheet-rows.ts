import { parseCsv } from '../spreadsheet';
import type { BulkRow } from './users-api';

/** What a spreadsheet of users gave: the rows, and for each its line in the file (the header is line 1). */
export interface SheetRows {
  rows: BulkRow[];
  lines: number[];
  /** Fields no column was found for. */
  missing: (keyof BulkRow)[];
}

export const BULK_MAX_ROWS = 1000;

/** Column titles people write, in Indonesian or English, reduced to letters (see `columnKey`). */
const COLUMN_NAMES: Record<keyof BulkRow, readonly string[]> = {
  displayName: ['nama', 'namalengkap', 'name', 'displayname', 'fullname'],
  username: ['namapengguna', 'username', 'pengguna', 'user', 'login'],
  role: ['peran', 'role'],
  regionCode: ['kodewilayah', 'wilayah', 'kode', 'regioncode', 'region'],
};

const FIELDS = Object.keys(COLUMN_NAMES) as (keyof BulkRow)[];
const columnKey = (title: string): string => title.toLowerCase().replace(/[^a-z]/g, '');

/** Cells by line: the first line holds the column titles. Blank lines are skipped, their numbers kept. */
export function rowsFromCells(cells: string[][]): SheetRows {
  const [header = [], ...body] = cells;
  const positions = new Map<keyof BulkRow, number>();
  header.forEach((title, index) => {
    const field = FIELDS.find((candidate) => COLUMN_NAMES[candidate].includes(columnKey(title)));
    if (field && !positions.has(field)) positions.set(field, index);
  });
  const missing = FIELDS.filter((field) => !positions.has(field));
  const rows: BulkRow[] = [];
  const lines: number[] = [];
  body.forEach((line, index) => {
    if (line.every((cell) => cell.trim() === '')) return;
    const cell = (field: keyof BulkRow) => (line[positions.get(field) ?? -1] ?? '').trim();
    rows.push({ displayName: cell('displayName'), username: cell('username'), role: cell('role'), regionCode: cell('regionCode') });
    lines.push(index + 2);
  });
  return { rows, lines, missing };
}

/** The first sheet of an XLSX workbook as text cells; ExcelJS is fetched only when one is chosen. */
export async function xlsxCells(data: ArrayBuffer): Promise<string[][]> {
  const { Workbook } = await import('exceljs');
  const workbook = new Workbook();
  await workbook.xlsx.load(data);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const lines: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      values[column - 1] = cell.text ?? '';
    });
    lines[number - 1] = Array.from(values, (value) => value ?? '');
  });
  return Array.from(lines, (line) => line ?? []);
}

/** A file's bytes or text through FileReader, which every browser the cadres and admins use has. */
function readFile<K extends 'text' | 'bytes'>(file: File, as: K): Promise<K extends 'text' ? string : ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as K extends 'text' ? string : ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    if (as === 'text') reader.readAsText(file, 'utf-8');
    else reader.readAsArrayBuffer(file);
  });
}

/** Reads a chosen .csv or .xlsx file; rejects when it is neither or cannot be read. */
export async function readUserSheet(file: File): Promise<SheetRows> {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return rowsFromCells(await xlsxCells(await readFile(file, 'bytes')));
  if (name.endsWith('.csv') || file.type === 'text/csv') return rowsFromCells(parseCsv(await readFile(file, 'text')));
  throw new Error('unsupported spreadsheet');
}
