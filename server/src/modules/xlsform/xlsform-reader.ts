import type ExcelJS from 'exceljs';
import { XlsformInvalid } from './xlsform-errors';
import { sheetOf, type XlsformWorkbook } from './xlsform-workbook';

/** Far above any real form (ODK's largest run to a few thousand rows); it bounds what an upload costs. */
const MAX_ROWS = 5000;
const MAX_COLUMNS = 200;

/** What a cell shows: formulas by their result, rich text joined, dates as ISO days, numbers as written. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in value && typeof value.text === 'string') return value.text;
  return '';
}

/** The sheets of an uploaded XLSForm as text; a file ExcelJS cannot open answers 422 XLSFORM_UNREADABLE. */
export async function readXlsform(data: Buffer): Promise<XlsformWorkbook> {
  const excel = (await import('exceljs')).default;
  const book = new excel.Workbook();
  try {
    await book.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch {
    throw new XlsformInvalid('XLSFORM_UNREADABLE', [
      { sheet: '', row: null, column: null, message: { id: 'Berkas ini bukan buku kerja Excel (.xlsx) yang dapat dibaca.', en: 'This file is not a readable Excel workbook (.xlsx).' } },
    ]);
  }
  const workbook: XlsformWorkbook = new Map();
  for (const sheet of book.worksheets) {
    const tooLarge = (): XlsformInvalid =>
      new XlsformInvalid('XLSFORM_TOO_LARGE', [
        { sheet: sheet.name, row: null, column: null, message: { id: `Lembar ini melebihi ${MAX_ROWS} baris atau ${MAX_COLUMNS} kolom.`, en: `This sheet exceeds ${MAX_ROWS} rows or ${MAX_COLUMNS} columns.` } },
      ]);
    // The header decides the width: cells right of it have no column name and are never read.
    const width = sheet.getRow(1).cellCount;
    if (width > MAX_COLUMNS) throw tooLarge();
    const values = (row: ExcelJS.Row): string[] => Array.from({ length: width }, (_, index) => cellText(row.getCell(index + 1).value));
    const rows: { number: number; values: string[] }[] = [];
    // Only rows holding values: a sheet formatted far down is not a large one.
    sheet.eachRow((row, number) => {
      if (number > 1) rows.push({ number, values: values(row) });
    });
    if (rows.length > MAX_ROWS) throw tooLarge();
    const parsed = sheetOf(sheet.name, values(sheet.getRow(1)), rows.map((row) => row.values));
    parsed.rows.forEach((row, index) => (row.row = rows[index].number));
    workbook.set(sheet.name.trim().toLowerCase(), parsed);
  }
  return workbook;
}
