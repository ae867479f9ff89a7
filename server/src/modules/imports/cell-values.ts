/**
 * Reading one spreadsheet cell as the value a field holds. Every reading is exact or refused with a
 * message a person can act on; nothing is guessed. The rules (also in the README):
 *
 * - Dates: an Excel date cell; text `2026-11-28` (ISO) or `28/11/2026` (day/month/year, with `/`,
 *   `-` or `.`; the Indonesian order, never month first). A day that does not exist (`31/02/2026`,
 *   `11/28/2026`) is refused, not swapped; two-digit years are refused.
 * - Numbers: a number cell as it is. Text in Indonesian notation: `.` groups thousands, `,` marks
 *   decimals (`1.500.000,50`, `1500000,5`, `12,5`). A plain `1.5` or `1234.5` (a dot not followed by
 *   exactly three digits) can only be a decimal point and is read so. `1.500` and `1,500` read
 *   1500 in one notation and 1,5 in the other: they are refused as ambiguous, with both ways to
 *   write the number that was meant.
 * - Yes/no: `ya`/`tidak`, `y`/`t`, `true`/`false`, `1`/`0`, or a boolean cell.
 * - Choices: the stored value or its label, ignoring case and surrounding spaces.
 */

/** A cell as the readers hand it over: text, a number, a boolean, a date, or nothing. */
export type CellValue = string | number | boolean | Date | null;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refused = (message: string): Parsed<never> => ({ ok: false, message });

const pad = (n: number) => String(n).padStart(2, '0');

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `YYYY-MM-DD` of a date cell. Excel dates carry no zone: ExcelJS hands them over at UTC midnight. */
function dateOfCell(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

export function parseDate(cell: CellValue, label: string): Parsed<string> {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return refused(`${label}: tanggal tidak terbaca`);
    return ok(dateOfCell(cell));
  }
  if (typeof cell === 'number') {
    return refused(`${label}: ${cell} adalah angka, bukan tanggal; tulis tanggal sebagai 28/11/2026 atau format sel sebagai tanggal`);
  }
  const text = String(cell).trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const local = /^(\d{1,2})([/.-])(\d{1,2})\2(\d+)$/.exec(text);
  let year: number;
  let month: number;
  let day: number;
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (local) {
    if (local[4].length !== 4) return refused(`${label}: tahun "${text}" harus empat angka, mis. 28/11/2026`);
    [day, month, year] = [Number(local[1]), Number(local[3]), Number(local[4])];
  } else return refused(`${label}: "${text}" bukan tanggal; tulis sebagai 28/11/2026 (hari/bulan/tahun) atau 2026-11-28`);
  if (!isRealDate(year, month, day)) {
    return refused(`${label}: tanggal "${text}" tidak ada; tulis hari/bulan/tahun, mis. 28/11/2026`);
  }
  return ok(`${year}-${pad(month)}-${pad(day)}`);
}

const DIGITS = /^\d+$/;
/** `1.500`, `12,500`: one separator followed by exactly three digits, no leading zero. */
const AMBIGUOUS = /^[1-9]\d{0,2}[.,]\d{3}$/;

/** A number written in Indonesian notation (or a plain decimal point, where nothing else can be meant). */
export function parseNumber(cell: CellValue, label: string): Parsed<number> {
  if (typeof cell === 'number') return Number.isFinite(cell) ? ok(cell) : refused(`${label}: angka tidak terbaca`);
  if (typeof cell === 'boolean' || cell instanceof Date) return refused(`${label}: isi dengan angka`);
  const written = String(cell).trim();
  const text = written.replace(/[\s\u00a0]/g, '');
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[-+]/, '');
  if (AMBIGUOUS.test(body)) {
    const [whole, part] = body.split(/[.,]/);
    return refused(
      `${label}: "${written}" bisa dibaca ${whole}${part} atau ${whole},${part.replace(/0+$/, '') || '0'}; tulis ${whole}${part} (tanpa titik) atau dengan koma desimal, mis. ${whole},${part.replace(/0+$/, '') || '0'}`,
    );
  }
  let normal: string | null = null;
  if (DIGITS.test(body)) normal = body;
  else if (/^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/.test(body)) normal = body.replace(/\./g, '').replace(',', '.');
  else if (/^\d+,\d+$/.test(body)) normal = body.replace(',', '.');
  else if (/^\d+\.\d+$/.test(body)) normal = body;
  if (normal === null) {
    return refused(`${label}: "${written}" bukan angka; tulis dengan titik ribuan dan koma desimal, mis. 1.500.000,50`);
  }
  return ok(sign * Number(normal));
}

const YES = new Set(['ya', 'y', 'true', 'benar', '1', 'yes']);
const NO = new Set(['tidak', 't', 'false', 'salah', '0', 'no', 'tdk']);

export function parseBoolean(cell: CellValue, label: string): Parsed<boolean> {
  if (typeof cell === 'boolean') return ok(cell);
  const text = String(cell instanceof Date ? '' : cell).trim().toLowerCase();
  if (YES.has(text)) return ok(true);
  if (NO.has(text)) return ok(false);
  return refused(`${label}: isi dengan "ya" atau "tidak"`);
}

/** One choice: its stored value and the label a person sees. */
export interface Choice {
  value: string | number | boolean;
  label: string;
}

/** Text compared without case or extra spaces. */
export const normal = (text: string): string => text.trim().toLowerCase().replace(/\s+/g, ' ');

/** The value of a choice written as its value or its label. */
export function parseChoice(cell: CellValue, choices: Choice[], label: string): Parsed<Choice['value']> {
  const text = typeof cell === 'number' || typeof cell === 'boolean' ? String(cell) : cell instanceof Date ? '' : String(cell);
  const wanted = normal(text);
  const found = choices.find((c) => normal(String(c.value)) === wanted) ?? choices.find((c) => normal(c.label) === wanted);
  if (found) return ok(found.value);
  const shown = choices.slice(0, 8).map((c) => c.label).join(', ');
  return refused(`${label}: "${text.trim()}" bukan pilihan yang ada; pilih salah satu: ${shown}${choices.length > 8 ? ', …' : ''}`);
}

/**
 * Several choices in one cell: separated by `,` or `;` (as a person types them), or by spaces (as
 * Kobo and ODK export a select_multiple) when every word is a choice's value.
 */
export function parseChoices(cell: CellValue, choices: Choice[], label: string): Parsed<Choice['value'][]> {
  const text = typeof cell === 'string' ? cell : cell === null || cell instanceof Date ? '' : String(cell);
  let parts = text.split(/[,;]/).map((part) => part.trim()).filter(Boolean);
  if (parts.length === 1) {
    const words = parts[0].split(/\s+/);
    if (words.length > 1 && words.every((word) => choices.some((c) => String(c.value) === word))) parts = words;
  }
  const values: Choice['value'][] = [];
  for (const part of parts) {
    const one = parseChoice(part, choices, label);
    if (!one.ok) return one;
    if (!values.includes(one.value)) values.push(one.value);
  }
  return ok(values);
}

/** Text as a person typed it; a number cell's digits as they are (a NIK typed into a number cell). */
export function cellText(cell: CellValue): string {
  if (cell instanceof Date) return dateOfCell(cell);
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  return String(cell ?? '');
}

export function isEmptyCell(cell: CellValue): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}
