/**
 * An XLSForm spreadsheet as the translator reads it: each sheet's header (row 1) and its rows as
 * text, keyed by the lower-cased header. Kept apart from ExcelJS so the translator stays a pure
 * function that tests can feed directly.
 */

export interface XlsformRow {
  /** The spreadsheet's own row number (1-based, the header is row 1), for the report. */
  row: number;
  /** Lower-cased, trimmed header → the cell's text, trimmed; empty cells are left out. */
  cells: Record<string, string>;
}

export interface XlsformSheet {
  /** The sheet's name as written. */
  name: string;
  /** Lower-cased header → the header as written, so the report names the column the admin sees. */
  columns: Record<string, string>;
  rows: XlsformRow[];
}

/** Sheets by lower-cased name. */
export type XlsformWorkbook = Map<string, XlsformSheet>;

/** A sheet from a header and rows of text, as a test or the reader builds it. */
export function sheetOf(name: string, header: string[], rows: string[][], firstRow = 2): XlsformSheet {
  const columns: Record<string, string> = {};
  const keys = header.map((title) => title.trim().toLowerCase());
  header.forEach((title, index) => {
    if (keys[index]) columns[keys[index]] = title.trim();
  });
  return {
    name,
    columns,
    rows: rows.map((values, index) => {
      const cells: Record<string, string> = {};
      values.forEach((value, column) => {
        const text = (value ?? '').trim();
        if (keys[column] && text !== '') cells[keys[column]] = text;
      });
      return { row: firstRow + index, cells };
    }),
  };
}
