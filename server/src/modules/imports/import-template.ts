import ExcelJS from 'exceljs';
import type { ThemeDefinition } from '../../../../schemas/theme-definition';
import { ImportColumn, importLayout, pointerOf } from './import-columns';
import { columnLetters } from '../exports/table-writers';

/** The sheet rows are typed into, and the hidden ones the reader trusts. */
export const DATA_SHEET = 'Data';
const LIST_SHEET = '_pilihan';
export const META_SHEET = '_wakuncar';
const REGION_HEADER = 'Kode wilayah';
const PERIOD_HEADER = 'Periode';
/** A repeat sheet's first column: the number of the `Data` row its records belong to. */
export const PARENT_ROW_HEADER = 'Baris data';

/** Rows the dropdowns and formats cover; a longer registry still reads, only without the dropdown. */
const TEMPLATE_ROWS = 5000;
const EXCEL_SHEET_NAME = /[[\]:*?/\\]/g;

export interface TemplateRegion {
  code: string;
  name: string;
}

/** ExcelJS keeps range validations (`A2:A5001`) on the sheet; its typings leave the property out. */
function validations(sheet: ExcelJS.Worksheet): { add(address: string, validation: ExcelJS.DataValidation): void } {
  return (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
}

/** A sheet name Excel accepts (≤ 31 characters, none of `[]:*?/\`), unique in the workbook. */
function sheetNameFor(title: string, taken: Set<string>): string {
  const base = title.replace(EXCEL_SHEET_NAME, ' ').trim().slice(0, 31) || 'Rincian';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${base.slice(0, 28)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** How a period is written in this theme's `Periode` column. */
function periodHint(period: ThemeDefinition['period']): string {
  const examples: Record<ThemeDefinition['period'], string> = {
    day: 'tanggal, mis. 28/11/2026',
    week: 'minggu ISO, mis. 2026-W48, atau satu tanggal di minggu itu',
    month: 'bulan, mis. 2026-11, atau satu tanggal di bulan itu',
    quarter: 'triwulan, mis. 2026-Q4, atau satu tanggal di triwulan itu',
    year: 'tahun, mis. 2026',
    none: '',
  };
  return `Periode laporan: ${examples[period]}.`;
}

function header(sheet: ExcelJS.Worksheet, index: number, title: string, note?: string) {
  const cell = sheet.getRow(1).getCell(index);
  cell.value = title;
  cell.font = { bold: true };
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0E0' } };
  if (note) cell.note = note;
  sheet.getColumn(index).width = Math.min(Math.max(title.length + 4, 14), 40);
}

function range(column: number, rows = TEMPLATE_ROWS): string {
  return `${columnLetters(column - 1)}2:${columnLetters(column - 1)}${rows + 1}`;
}

/**
 * The import template of a theme version: a `Data` sheet with one column per leaf field (titles as
 * headers, help as a cell comment, dropdowns for choices and regions), a sheet per repeat group keyed
 * by the `Data` row, a hidden list sheet the dropdowns read, and a hidden sheet naming the theme,
 * version and the field behind each column, so an uploaded template is read by what it was made from.
 */
export async function buildImportTemplate(slug: string, version: number, definition: ThemeDefinition, regions: TemplateRegion[]): Promise<Buffer> {
  const layout = importLayout(definition);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Wakuncar';
  const taken = new Set([DATA_SHEET.toLowerCase(), LIST_SHEET, META_SHEET]);
  const data = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const lists = workbook.addWorksheet(LIST_SHEET, { state: 'hidden' });
  const meta = workbook.addWorksheet(META_SHEET, { state: 'veryHidden' });
  meta.addRow(['tematik', slug]);
  meta.addRow(['versi', version]);
  meta.addRow(['judul', definition.title]);
  meta.addRow(['lembar', 'kolom', 'field']);

  let listColumn = 0;
  /** Writes a dropdown's entries into the list sheet and answers the range a validation names. */
  const listRange = (entries: string[]): string => {
    listColumn += 1;
    entries.forEach((entry, i) => (lists.getRow(i + 1).getCell(listColumn).value = entry));
    const letter = columnLetters(listColumn - 1);
    return `'${LIST_SHEET}'!$${letter}$1:$${letter}$${Math.max(entries.length, 1)}`;
  };

  const fieldColumns = (sheet: ExcelJS.Worksheet, columns: ImportColumn[], first: number) => {
    columns.forEach((column, i) => {
      const index = first + i;
      const help = [column.help, column.required ? 'Wajib diisi.' : undefined, hintFor(column)].filter(Boolean).join('\n');
      header(sheet, index, column.title, help || undefined);
      meta.addRow([sheet.name, index, pointerOf(column.path)]);
      const cells = range(index);
      if (column.choices && column.choices.length) {
        validations(sheet).add(cells, {
          type: 'list',
          allowBlank: !column.required,
          formulae: [listRange(column.choices.map((c) => c.label))],
          // A select_multiple cell holds several labels, which a list validation would refuse.
          showErrorMessage: column.kind === 'choice',
          errorTitle: column.title,
          error: 'Pilih salah satu dari daftar',
        });
      }
      if (column.kind === 'date') {
        sheet.getColumn(index).numFmt = 'dd/mm/yyyy';
        validations(sheet).add(cells, {
          type: 'date',
          operator: 'greaterThan',
          allowBlank: true,
          formulae: [new Date(Date.UTC(1900, 0, 1))],
          showErrorMessage: true,
          errorTitle: column.title,
          error: 'Isi dengan tanggal, mis. 28/11/2026',
        });
      }
      // Text stays text: a NIK or a phone number typed into a number cell loses its digits.
      if (column.kind === 'text') sheet.getColumn(index).numFmt = '@';
    });
  };

  let next = 1;
  header(data, next, REGION_HEADER, 'Kode Kemendagri wilayah tempat data ini; pilih dari daftar.');
  meta.addRow([DATA_SHEET, next, 'regionCode']);
  data.getColumn(next).numFmt = '@';
  validations(data).add(range(next), {
    type: 'list',
    allowBlank: false,
    formulae: [listRange(regions.map((r) => `${r.code} ${r.name}`))],
    showErrorMessage: false,
  });
  next += 1;
  if (definition.period !== 'none') {
    header(data, next, PERIOD_HEADER, periodHint(definition.period));
    meta.addRow([DATA_SHEET, next, 'period']);
    data.getColumn(next).numFmt = '@';
    next += 1;
  }
  fieldColumns(data, layout.columns, next);

  for (const repeat of layout.repeats) {
    const sheet = workbook.addWorksheet(sheetNameFor(repeat.title, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
    header(sheet, 1, PARENT_ROW_HEADER, `Nomor baris di lembar ${DATA_SHEET} tempat rincian ini; satu baris per ${repeat.title}.`);
    meta.addRow([sheet.name, 1, `${pointerOf(repeat.path)}#row`]);
    fieldColumns(
      sheet,
      repeat.columns.map((column) => ({ ...column, path: [...repeat.path, ...column.path] })),
      2,
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function hintFor(column: ImportColumn): string | undefined {
  switch (column.kind) {
    case 'date':
      return 'Tanggal: 28/11/2026 (hari/bulan/tahun).';
    case 'number':
      return 'Angka: koma untuk desimal, mis. 1.500.000,50.';
    case 'integer':
      return 'Bilangan bulat, tanpa titik ribuan lebih aman: 1500000.';
    case 'boolean':
      return 'Isi "ya" atau "tidak".';
    case 'choices':
      return 'Boleh lebih dari satu, pisahkan dengan koma.';
    default:
      return undefined;
  }
}
