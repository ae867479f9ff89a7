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
    if (sheet.rowCount > MAX_ROWS + 1 || sheet.columnCount > MAX_COLUMNS) {
      throw new XlsformInvalid('XLSFORM_TOO_LARGE', [
        { sheet: sheet.name, row: null, column: null, message: { id: `Lembar ini melebihi ${MAX_ROWS} baris atau ${MAX_COLUMNS} kolom.`, en: `This sheet exceeds ${MAX_ROWS} rows or ${MAX_COLUMNS} columns.` } },
      ]);
    }
    const width = sheet.columnCount;
    const rowValues = (number: number): string[] => {
      const row = sheet.getRow(number);
      return Array.from({ length: width }, (_, index) => cellText(row.getCell(index + 1).value));
    };
    const rows: string[][] = [];
    for (let number = 2; number <= sheet.rowCount; number += 1) rows.push(rowValues(number));
    workbook.set(sheet.name.trim().toLowerCase(), sheetOf(sheet.name, rowValues(1), rows));
  }
  return workbook;
}
