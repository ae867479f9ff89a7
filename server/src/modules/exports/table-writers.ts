import type ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';

/** One cell of a table a file is made of: text, a number, or nothing. */
export type TableValue = string | number | null;

export interface TableColumn {
  name: string;
  /** Codes stay text in a spreadsheet, never a number that loses its leading zeros. */
  text?: boolean;
  /** Few distinct values (region names, periods, enum values): written once, in the workbook's shared strings. */
  shared?: boolean;
}

/** Characters a spreadsheet reads as the start of a formula (or that hide one). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`, a
 * leading tab or carriage return) gets a leading apostrophe: shown as it was typed, never evaluated.
 * Numbers are numbers, never touched.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function csvField(value: TableValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutralizeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record (RFC 4180, CRLF), text cells neutralized. */
export function csvLine(values: readonly TableValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** UTF-8 byte order mark: spreadsheets then read the file as UTF-8 (names with é, ², ÷). */
export const UTF8_BOM = '\uFEFF';

/** Waits for `out` to take more when it said it was full; keeps memory flat whatever the size. */
export async function writeChunk(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Excel's last row is 1,048,576: one header row and this many data rows per sheet. */
export const XLSX_ROWS_PER_SHEET = 1_048_575;
/** Excel keeps at most this many characters in a cell. */
const XLSX_MAX_TEXT = 32_767;
/** Rows rendered into one write, and between two looks at the compressor's backlog. */
const XLSX_BATCH = 500;
/** Uncompressed sheet bytes allowed to wait for the compressor before rows wait. */
const XLSX_BACKLOG_BYTES = 4 * 1024 * 1024;
/** Distinct shared strings a workbook keeps; past it, text is written inline, so memory stays bounded. */
const XLSX_SHARED_LIMIT = 50_000;
/** Control characters XML 1.0 cannot carry at all (the one place this file means to match them). */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function xmlText(text: string): string {
  if (!XML_SPECIAL.test(text)) return text;
  return text.replace(XML_INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A1-style column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** ExcelJS's shared string table of a workbook. */
interface SharedStrings {
  readonly count: number;
  add(value: string): number;
}

/** The sheet stream of ExcelJS's streaming worksheet, and what it pipes into (see XlsxTableWriter). */
interface SheetStream {
  write(chunk: string): unknown;
  pipes?: { _writableState?: { length: number } }[];
}

/**
 * A workbook written with ExcelJS's streaming writer: data sheets (a new one every
 * XLSX_ROWS_PER_SHEET rows), then small sheets (metadata). ExcelJS writes the package, the sheets'
 * frame and header rows; the data rows are rendered here, straight into the worksheet writer's own
 * sheet stream, as text (inline, or shared for columns of few values; codes stay text) and numbers: ExcelJS's per-cell model costs about
 * three times as much, and an export of a million rows is mostly data rows. Rows are handed on in
 * batches; since ExcelJS hands them to its zip without backpressure, a batch waits while more than
 * XLSX_BACKLOG_BYTES wait for the compressor, so memory stays flat at any size. Both rely on
 * ExcelJS 4.4's worksheet writer (`stream`, and what it pipes into); the round-trip tests read the
 * files back with ExcelJS.
 */
export class XlsxTableWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private sheet: ExcelJS.Worksheet | null = null;
  private sheetRows = 0;
  private sheets = 0;
  private batch: string[] = [];
  private readonly letters: string[];
  private readonly shared: boolean[];
  private readonly sharedStrings: SharedStrings;

  private constructor(
    excel: typeof ExcelJS,
    out: Writable,
    private readonly sheetName: string,
    private readonly columns: TableColumn[],
    private readonly rowsPerSheet: number,
  ) {
    // Fastest deflate, fed in large pieces: with zlib's default 16 kB output chunks the compressor's
    // round trips to the thread pool, not the compression, held a large export back.
    this.workbook = new excel.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: false,
      useSharedStrings: false,
      zip: { zlib: { level: 1, memLevel: 9, chunkSize: 256 * 1024 } },
    });
    this.letters = columns.map((_, index) => columnLetters(index));
    this.shared = columns.map((column) => column.shared === true);
    // ExcelJS writes this table (xl/sharedStrings.xml) when it commits, whenever it holds a string.
    this.sharedStrings = (this.workbook as unknown as { sharedStrings: SharedStrings }).sharedStrings;
  }

  /** ExcelJS is loaded on the first workbook: a worker that never writes one does not carry it. */
  static async open(out: Writable, sheetName: string, columns: TableColumn[], rowsPerSheet = XLSX_ROWS_PER_SHEET): Promise<XlsxTableWriter> {
    const excel = (await import('exceljs')).default;
    return new XlsxTableWriter(excel, out, sheetName, columns, rowsPerSheet);
  }

  async add(values: readonly TableValue[]): Promise<void> {
    if (!this.sheet || this.sheetRows >= this.rowsPerSheet) await this.openSheet();
    const row = this.sheetRows + 2;
    let xml = `<row r="${row}">`;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null) continue;
      if (typeof value === 'number') {
        if (Number.isFinite(value)) xml += `<c r="${this.letters[i]}${row}"><v>${value}</v></c>`;
      } else if (this.shared[i] && this.sharedStrings.count < XLSX_SHARED_LIMIT) {
        xml += `<c r="${this.letters[i]}${row}" t="s"><v>${this.sharedStrings.add(neutralizeFormula(value).slice(0, XLSX_MAX_TEXT))}</v></c>`;
      } else {
        const text = xmlText(neutralizeFormula(value).slice(0, XLSX_MAX_TEXT));
        // Leading or trailing spaces survive only when the cell says to keep them.
        const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
        xml += `<c r="${this.letters[i]}${row}" t="inlineStr"><is><t${space}>${text}</t></is></c>`;
      }
    }
    this.batch.push(`${xml}</row>`);
    this.sheetRows++;
    if (this.batch.length >= XLSX_BATCH) await this.flush();
  }

  /** A sheet written whole after the data (small: metadata), through ExcelJS's own rows. */
  async addSheet(name: string, columns: TableColumn[], rows: readonly (readonly TableValue[])[]): Promise<void> {
    if (this.sheets === 0) await this.openSheet();
    await this.closeSheet();
    const sheet = this.workbook.addWorksheet(name);
    sheet.columns = columns.map((column) => ({ header: column.name, key: column.name, width: 30 }));
    for (const values of rows) sheet.addRow(values.map((value) => (typeof value === 'string' ? neutralizeFormula(value) : value))).commit();
    sheet.commit();
  }

  async finish(): Promise<void> {
    // Even an empty result has its data sheet with the header.
    if (this.sheets === 0) await this.openSheet();
    await this.closeSheet();
    await this.workbook.commit();
  }

  private async openSheet(): Promise<void> {
    await this.closeSheet();
    this.sheets++;
    const sheet = this.workbook.addWorksheet(this.sheets === 1 ? this.sheetName : `${this.sheetName}_${this.sheets}`, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = this.columns.map((column) => ({ header: column.name, key: column.name, width: Math.max(10, Math.min(40, column.name.length + 4)) }));
    // The header row through ExcelJS: it opens the sheet data, after which the data rows follow.
    sheet.getRow(1).commit();
    this.sheet = sheet;
    this.sheetRows = 0;
  }

  private async closeSheet(): Promise<void> {
    if (!this.sheet) return;
    await this.flush();
    this.sheet.commit();
    this.sheet = null;
  }

  private async flush(): Promise<void> {
    if (!this.batch.length || !this.sheet) return;
    const stream = (this.sheet as unknown as { stream: SheetStream }).stream;
    stream.write(this.batch.join(''));
    this.batch = [];
    await new Promise<void>((resolve) => setImmediate(resolve));
    const backlog = () => stream.pipes?.[0]?._writableState?.length ?? 0;
    while (backlog() > XLSX_BACKLOG_BYTES) await new Promise<void>((resolve) => setTimeout(resolve, 1));
  }
}

/** A field's value as a cell: numbers as numbers, text as text, true/false and lists/objects as text. */
export function fieldValue(data: unknown, tokens: readonly string[]): TableValue {
  let value: unknown = data;
  for (const token of tokens) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, token)) return null;
    value = (value as Record<string, unknown>)[token];
  }
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
