/**
 * Reads the first sheet of a spreadsheet an admin picks (CSV, or XLSX from Excel / LibreOffice /
 * Google Sheets) into rows of text cells, in the browser: no library, since an .xlsx is a zip of XML
 * and the browser can inflate (DecompressionStream) and parse XML (DOMParser) by itself.
 */

export type SheetRows = string[][];

export class SpreadsheetUnreadable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpreadsheetUnreadable';
  }
}

/** CSV as Excel writes it: `,` or (Indonesian Excel) `;`, quoted cells with `""` for a quote. */
export function parseCsv(text: string): SheetRows {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: SheetRows = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === delimiter) {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/** The zip's table of contents, read from its end (the central directory). */
function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new SpreadsheetUnreadable('not a zip');
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(offset, true) !== 0x02014b50) throw new SpreadsheetUnreadable('broken zip directory');
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    entries.push({
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Response(data.slice()).body!.pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function zipText(bytes: Uint8Array<ArrayBuffer>, entry: ZipEntry): Promise<string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start =
    entry.localHeaderOffset + 30 + view.getUint16(entry.localHeaderOffset + 26, true) + view.getUint16(entry.localHeaderOffset + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method !== 0 && entry.method !== 8) throw new SpreadsheetUnreadable(`zip method ${entry.method}`);
  return new TextDecoder().decode(entry.method === 8 ? await inflateRaw(data) : data);
}

const xml = (text: string): Document => new DOMParser().parseFromString(text, 'application/xml');

/** `B12` → 1: the column of a cell reference. */
function columnIndex(reference: string): number {
  const letters = /^[A-Z]+/.exec(reference)?.[0] ?? 'A';
  return [...letters].reduce((sum, letter) => sum * 26 + letter.charCodeAt(0) - 64, 0) - 1;
}

/** The first worksheet of an .xlsx, as text cells (numbers as Excel stores them, e.g. "1"). */
export async function parseXlsx(buffer: ArrayBuffer): Promise<SheetRows> {
  const bytes = new Uint8Array(buffer);
  const entries = zipEntries(bytes);
  const sheets = entries.filter((entry) => /^xl\/worksheets\/sheet\d+\.xml$/.test(entry.name));
  sheets.sort((left, right) => Number(/\d+/.exec(left.name.slice(14))?.[0]) - Number(/\d+/.exec(right.name.slice(14))?.[0]));
  if (sheets.length === 0) throw new SpreadsheetUnreadable('no worksheet');
  const sharedEntry = entries.find((entry) => entry.name === 'xl/sharedStrings.xml');
  const shared = sharedEntry
    ? [...xml(await zipText(bytes, sharedEntry)).getElementsByTagName('si')].map((item) =>
        [...item.getElementsByTagName('t')].map((text) => text.textContent ?? '').join(''),
      )
    : [];
  const sheet = xml(await zipText(bytes, sheets[0]));
  return [...sheet.getElementsByTagName('row')].map((row) => {
    const cells: string[] = [];
    for (const cell of row.getElementsByTagName('c')) {
      const type = cell.getAttribute('t');
      const value = cell.getElementsByTagName('v')[0]?.textContent ?? '';
      const text =
        type === 's'
          ? (shared[Number(value)] ?? '')
          : type === 'inlineStr'
            ? [...cell.getElementsByTagName('t')].map((t) => t.textContent ?? '').join('')
            : value;
      const index = columnIndex(cell.getAttribute('r') ?? '');
      while (cells.length < index) cells.push('');
      cells[index] = text;
    }
    return cells;
  });
}

/** A chosen file's rows; throws SpreadsheetUnreadable for anything else than CSV or XLSX. */
export async function readSpreadsheet(file: Blob & { name: string }): Promise<SheetRows> {
  const name = file.name.toLowerCase();
  const buffer = await file.arrayBuffer();
  if (name.endsWith('.xlsx')) return parseXlsx(buffer);
  if (name.endsWith('.csv') || name.endsWith('.txt')) return parseCsv(new TextDecoder().decode(buffer));
  throw new SpreadsheetUnreadable('not csv or xlsx');
}
