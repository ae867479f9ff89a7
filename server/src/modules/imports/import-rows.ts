import type { ThemeDefinition } from '../../../../schemas/theme-definition';
import {
  CellValue,
  cellText,
  isEmptyCell,
  normal,
  Parsed,
  parseBoolean,
  parseChoice,
  parseChoices,
  parseDate,
  parseNumber,
} from './cell-values';
import { ImportColumn, ImportLayout, importLayout, pointerOf } from './import-columns';
import type { SheetRow, SheetTable } from './import-reader';
import { DATA_SHEET, META_SHEET, PARENT_ROW_HEADER } from './import-template';

/** One problem of an import, in the report: `row` as the spreadsheet shows it, `path` a JSON Pointer into the row's data. */
export interface RowError {
  row: number;
  path: string;
  message: string;
}

/** A row read into a submission's parts, before the submissions service checks it. */
export interface ReadRow {
  row: number;
  regionCode: string | null;
  /** A period key, a date to find the period of, or absent. */
  period: string | undefined;
  data: Record<string, unknown>;
  /** The id the file gives the record (Kobo `_uuid`, ODK `instanceID`, without `uuid:`). */
  sourceId?: string;
  errors: RowError[];
}

export interface ReadFile {
  /** `template`: made by Wakuncar (hidden sheet); `kobo`: a Kobo/ODK export; `table`: any other sheet or CSV. */
  source: 'template' | 'kobo' | 'table';
  rows: ReadRow[];
  /** Problems of the file itself (a column nobody knows, a sheet missing), reported as row 1. */
  fileErrors: RowError[];
  /** Kobo/ODK columns that are no field of the theme (notes, meta): read past, and listed. */
  ignoredColumns: string[];
}

type Target =
  | { kind: 'region' }
  | { kind: 'period' }
  | { kind: 'id' }
  | { kind: 'submitted'; rank: number }
  | { kind: 'index' }
  | { kind: 'parent' }
  | { kind: 'ignored' }
  | { kind: 'field'; column: ImportColumn }
  | { kind: 'location'; path: string[] }
  | { kind: 'coordinate'; path: string[]; part: 'lat' | 'lon' | 'accuracy' | 'altitude' };

const REGION_HEADERS = new Set(['kode wilayah', 'kode_wilayah', 'wilayah', 'region', 'regioncode', 'region_code']);
const PERIOD_HEADERS = new Set(['periode', 'period', 'period_key', 'periodkey']);
const ID_HEADERS = new Set(['_uuid', 'meta/instanceid', 'meta-instanceid', 'instanceid', 'key']);
/** When a Kobo/ODK record was made, best first: finished on the device, its day, received by the server. */
const SUBMITTED_HEADERS = ['end', 'today', '_submission_time', 'submissiondate'];
/** Columns Kobo and ODK Central add to every export; none is a field of the form. */
const KOBO_META = new Set([
  'start', 'end', 'today', 'deviceid', 'subscriberid', 'simserial', 'phonenumber', 'username', 'audit', 'email',
  '__version__', 'submissiondate', 'submitterid', 'submittername', 'attachmentspresent', 'attachmentsexpected',
  'status', 'reviewstate', 'edits', 'formversion', 'parent_key', 'key',
]);
const KOBO_SIGNS = ['_uuid', '_submission_time', '_index', 'meta/instanceid', 'meta-instanceid', 'submissiondate', '_parent_index'];
const COORDINATE_PARTS: Record<string, 'lat' | 'lon' | 'accuracy' | 'altitude'> = { latitude: 'lat', longitude: 'lon', accuracy: 'accuracy', precision: 'accuracy', altitude: 'altitude' };

/** Finds the column a header names: by field path (`group/field`, `group-field`, `group.field`), key, or title. */
class HeaderIndex {
  private readonly byKey = new Map<string, ImportColumn | null>();
  private readonly locations: Map<string, string[]>;

  constructor(
    columns: ImportColumn[],
    locations: string[][],
    private readonly prefix: string[] = [],
  ) {
    const add = (key: string, column: ImportColumn) => {
      const k = normal(key);
      const found = this.byKey.get(k);
      // A key two columns answer to names neither.
      this.byKey.set(k, found === undefined || found === column ? column : null);
    };
    for (const column of columns) {
      const path = column.path.slice(prefix.length);
      add(path.join('/'), column);
      add(column.title, column);
      add(path[path.length - 1], column);
    }
    // Exact paths and titles win over a last key that two groups share.
    for (const column of columns) {
      const path = column.path.slice(prefix.length);
      this.byKey.set(normal(path.join('/')), column);
      this.byKey.set(normal(column.title), column);
    }
    this.locations = new Map(locations.map((path) => [normal(path.join('/')), path]));
  }

  /** Splits a header into field keys: Kobo writes `group/field`, ODK Central `group-field`. */
  private candidates(header: string): string[] {
    const keys = [normal(header)];
    for (const separator of ['/', '-', '.']) {
      if (!header.includes(separator)) continue;
      const tokens = normal(header).split(separator);
      // A group the theme does not nest: try without the outer groups, one at a time.
      for (let start = 0; start < tokens.length; start += 1) keys.push(tokens.slice(start).join('/'));
    }
    return keys;
  }

  column(header: string): ImportColumn | undefined {
    for (const key of this.candidates(header)) {
      const found = this.byKey.get(key);
      if (found) return found;
    }
    return undefined;
  }

  location(header: string): string[] | undefined {
    for (const key of this.candidates(header)) {
      const found = this.locations.get(key);
      if (found) return found;
    }
    return undefined;
  }
}

function resolveHeader(header: string, index: HeaderIndex, kobo: boolean, repeat: boolean): Target | undefined {
  const key = normal(header);
  if (repeat && (key === normal(PARENT_ROW_HEADER) || key === '_parent_index')) return { kind: 'parent' };
  if (!repeat && REGION_HEADERS.has(key)) return { kind: 'region' };
  if (!repeat && PERIOD_HEADERS.has(key)) return { kind: 'period' };
  const column = index.column(header);
  if (column) return { kind: 'field', column };
  const location = index.location(header);
  if (location) return { kind: 'location', path: location };
  // ODK Central splits a geopoint: `lokasi-Latitude`, `lokasi-Longitude`, …
  const split = /^(.*)[-/](latitude|longitude|accuracy|precision|altitude)$/i.exec(header.trim());
  if (split) {
    const path = index.location(split[1]);
    if (path) return { kind: 'coordinate', path, part: COORDINATE_PARTS[split[2].toLowerCase()] };
  }
  if (!repeat && ID_HEADERS.has(key)) return { kind: 'id' };
  if (!repeat && SUBMITTED_HEADERS.includes(key)) return { kind: 'submitted', rank: SUBMITTED_HEADERS.indexOf(key) };
  if (key === '_index') return { kind: 'index' };
  if (kobo) {
    if (key.startsWith('_') || key.startsWith('meta/') || key.startsWith('meta-') || key.startsWith('formhub/') || KOBO_META.has(key)) return { kind: 'ignored' };
    // A select_multiple's one-column-per-choice copy (`hobi/membaca`): the full column carries it.
    const option = /^(.*)[/-]([^/-]+)$/.exec(header.trim());
    const parent = option ? index.column(option[1]) : undefined;
    if (parent?.kind === 'choices' && parent.choices?.some((c) => normal(String(c.value)) === normal(option![2]))) return { kind: 'ignored' };
  }
  return undefined;
}

/** A number as XML (Kobo/ODK "XML values") writes it: `.` decimals, no grouping, so `2.125` is 2.125. */
function parseXmlNumber(cell: CellValue, title: string): Parsed<number> {
  if (typeof cell !== 'string') return parseNumber(cell, title);
  const text = cell.trim();
  return /^[-+]?\d+(\.\d+)?$/.test(text) ? { ok: true, value: Number(text) } : { ok: false, message: `${title}: "${text}" bukan angka` };
}

function convert(column: ImportColumn, cell: CellValue, xmlValues: boolean): Parsed<unknown> {
  switch (column.kind) {
    case 'integer':
    case 'number':
      return xmlValues ? parseXmlNumber(cell, column.title) : parseNumber(cell, column.title);
    case 'boolean':
      return parseBoolean(cell, column.title);
    case 'date':
      return parseDate(cell, column.title);
    case 'choice':
      return parseChoice(cell, column.choices ?? [], column.title);
    case 'choices':
      return parseChoices(cell, column.choices ?? [], column.title);
    default:
      return { ok: true, value: cellText(cell) };
  }
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let at = target;
  for (const token of path.slice(0, -1)) {
    if (typeof at[token] !== 'object' || at[token] === null) at[token] = {};
    at = at[token] as Record<string, unknown>;
  }
  at[path[path.length - 1]] = value;
}

/** Kobo's geopoint cell: "lat lon altitude accuracy". */
function parseLocation(cell: CellValue, title: string): Parsed<{ lat: number; lon: number; accuracy?: number }> {
  const parts = cellText(cell).trim().split(/\s+/).map(Number);
  if (parts.length < 2 || parts.some((n) => !Number.isFinite(n))) return { ok: false, message: `${title}: tulis lintang dan bujur, mis. "-5.11 105.30"` };
  return { ok: true, value: { lat: parts[0], lon: parts[1], ...(parts[3] !== undefined && { accuracy: parts[3] }) } };
}

function titleOfPath(layout: ImportLayout, path: string[]): string {
  const inside = layout.columns.find((c) => c.path.length > path.length && path.every((t, i) => c.path[i] === t));
  return inside ? inside.title.split(' – ').slice(0, path.length).join(' – ') : path[path.length - 1];
}

/** What the hidden sheet of a Wakuncar template says: theme, version, and the field of each column. */
export function templateMeta(tables: SheetTable[]): { slug: string; version: number; columns: Map<string, Map<number, string>> } | null {
  const meta = tables.find((t) => t.name === META_SHEET);
  if (!meta) return null;
  const all = [{ number: 1, cells: meta.header as CellValue[] }, ...meta.rows];
  const value = (key: string) => all.find((r) => r.cells[0] === key)?.cells[1];
  const slug = value('tematik');
  const version = Number(value('versi'));
  if (typeof slug !== 'string' || !Number.isInteger(version)) return null;
  const columns = new Map<string, Map<number, string>>();
  for (const row of all) {
    const [sheet, column, field] = row.cells;
    if (typeof sheet !== 'string' || typeof column !== 'number' || typeof field !== 'string') continue;
    if (!columns.has(sheet)) columns.set(sheet, new Map());
    columns.get(sheet)!.set(column, field);
  }
  return { slug, version, columns };
}

/** The headers a column of a calculated field may carry: its path, key or title, normalised. */
function calculatedHeaders(definition: ThemeDefinition): Set<string> {
  const headers = new Set<string>();
  for (const { field } of definition.calculations ?? []) {
    const tokens = field.split('/').slice(1);
    headers.add(normal(tokens.join('/')));
    headers.add(normal(tokens[tokens.length - 1] ?? ''));
    let node: unknown = definition.schema;
    for (const token of tokens) node = (node as { properties?: Record<string, unknown> } | undefined)?.properties?.[token];
    const title = (node as { title?: unknown } | undefined)?.title;
    if (typeof title === 'string') headers.add(normal(title));
  }
  return headers;
}

interface SheetPlan {
  targets: (Target | undefined)[];
}

/**
 * Reads the rows of an uploaded file into submissions' parts for a theme version: headers matched to
 * fields (by the template's hidden sheet, else by path, key or title; Kobo/ODK group paths mapped to
 * the schema's nesting), cells read by each field's type, repeat sheets gathered into their rows'
 * lists. Nothing here decides validity beyond reading: the submissions service judges the result.
 * `meta` is the template's hidden sheet when the caller has read it already.
 */
export function readRows(definition: ThemeDefinition, tables: SheetTable[], meta = templateMeta(tables)): ReadFile {
  const layout = importLayout(definition);
  const visible = tables.filter((t) => !t.hidden && t.name !== META_SHEET);
  const main = tables.find((t) => t.name === DATA_SHEET && meta) ?? visible[0];
  const fileErrors: RowError[] = [];
  const ignoredColumns: string[] = [];
  if (!main) return { source: 'table', rows: [], fileErrors: [{ row: 1, path: '', message: 'Berkas tidak berisi lembar data' }], ignoredColumns };
  const kobo = !meta && main.header.some((h) => KOBO_SIGNS.includes(normal(h)));
  const source = meta ? 'template' : kobo ? 'kobo' : 'table';

  const allColumns = [...layout.columns, ...layout.repeats.flatMap((r) => r.columns.map((c) => ({ ...c, path: [...r.path, ...c.path] })))];
  const byPointer = new Map(allColumns.map((c) => [pointerOf(c.path), c]));
  const calculated = calculatedHeaders(definition);
  const planSheet = (table: SheetTable, index: HeaderIndex, repeat: boolean): SheetPlan => {
    const fromMeta = meta?.columns.get(table.name);
    const targets = table.header.map((header, i): Target | undefined => {
      if (header === '') return { kind: 'ignored' };
      const field = fromMeta?.get(i + 1);
      if (field === 'regionCode') return { kind: 'region' };
      if (field === 'period') return { kind: 'period' };
      if (field?.endsWith('#row')) return { kind: 'parent' };
      if (field && byPointer.has(field)) return { kind: 'field', column: byPointer.get(field)! };
      const target = resolveHeader(header, index, kobo, repeat);
      if (target === undefined) {
        // A column of a calculated field (an export read back, say): the server computes it anew.
        if (kobo || calculated.has(normal(header))) {
          ignoredColumns.push(header);
          return { kind: 'ignored' };
        }
        fileErrors.push({ row: 1, path: '', message: `Kolom "${header}"${table === main ? '' : ` di lembar ${table.name}`} bukan isian tematik ini; hapus kolomnya atau perbaiki judulnya` });
      }
      return target;
    });
    // Two headers for one field would make a row say two things.
    const seen = new Map<string, string>();
    table.header.forEach((header, i) => {
      const target = targets[i];
      const key = target?.kind === 'field' ? pointerOf(target.column.path) : target && ['region', 'period', 'parent'].includes(target.kind) ? target.kind : null;
      if (key === null) return;
      if (seen.has(key)) fileErrors.push({ row: 1, path: '', message: `Kolom "${header}" dan "${seen.get(key)}" mengisi isian yang sama; hapus salah satunya` });
      else seen.set(key, header);
    });
    return { targets };
  };

  const mainPlan = planSheet(main, new HeaderIndex(layout.columns, layout.locations), false);
  const rows: ReadRow[] = [];
  const byIndex = new Map<string, ReadRow>();

  const fill = (read: ReadRow, row: SheetRow, plan: SheetPlan, basePath: string) => {
    let submittedRank = SUBMITTED_HEADERS.length;
    plan.targets.forEach((target, i) => {
      const cell = row.cells[i] ?? null;
      if (!target || isEmptyCell(cell)) return;
      switch (target.kind) {
        case 'region':
          read.regionCode = cellText(cell).trim().split(/\s+/)[0];
          return;
        case 'period':
          read.period = cell instanceof Date ? `date:${cellText(cell)}` : cellText(cell).trim();
          return;
        case 'id':
          read.sourceId ??= cellText(cell).trim().replace(/^uuid:/i, '');
          return;
        case 'submitted':
          // A `Periode` column says it outright; else the best of the times the export carries.
          if (read.period !== undefined && !(read.period.startsWith('instant:') && target.rank < submittedRank)) return;
          read.period = `instant:${cell instanceof Date ? cell.toISOString() : cellText(cell).trim()}`;
          submittedRank = target.rank;
          return;
        case 'field': {
          const value = convert(target.column, cell, kobo);
          if (value.ok) setAt(read.data, target.column.path, value.value);
          else read.errors.push({ row: read.row, path: `${basePath}${pointerOf(target.column.path)}`, message: value.message });
          return;
        }
        case 'location': {
          const value = parseLocation(cell, titleOfPath(layout, target.path));
          if (value.ok) setAt(read.data, target.path, value.value);
          else read.errors.push({ row: read.row, path: pointerOf(target.path), message: value.message });
          return;
        }
        case 'coordinate': {
          if (target.part === 'altitude') return;
          const value = parseXmlNumber(cell, titleOfPath(layout, target.path));
          if (value.ok) setAt(read.data, [...target.path, target.part], value.value);
          else read.errors.push({ row: read.row, path: pointerOf([...target.path, target.part]), message: value.message });
          return;
        }
        default:
          return;
      }
    });
  };

  const indexAt = mainPlan.targets.findIndex((t) => t?.kind === 'index');
  for (const row of main.rows) {
    if (row.cells.every(isEmptyCell)) continue;
    const read: ReadRow = { row: row.number, regionCode: null, period: undefined, data: {}, errors: [] };
    fill(read, row, mainPlan, '');
    rows.push(read);
    byIndex.set(indexAt >= 0 ? cellText(row.cells[indexAt] ?? null) : String(row.number), read);
  }

  // Repeat sheets: the template's by its hidden sheet, Kobo's by the repeat's name.
  for (const repeat of layout.repeats) {
    const key = repeat.path[repeat.path.length - 1];
    const table = visible.find((t) => t !== main && (meta?.columns.get(t.name)?.get(1) === `${pointerOf(repeat.path)}#row` || normal(t.name) === normal(key) || normal(t.name) === normal(repeat.title).slice(0, 31)));
    if (!table) continue;
    const columns = repeat.columns.map((c) => ({ ...c, path: [...repeat.path, ...c.path] }));
    const plan = planSheet(table, new HeaderIndex(columns, [], repeat.path), true);
    const parentAt = plan.targets.findIndex((t) => t?.kind === 'parent');
    if (parentAt < 0) {
      fileErrors.push({ row: 1, path: '', message: `Lembar ${table.name} tidak punya kolom "${PARENT_ROW_HEADER}"` });
      continue;
    }
    // A repeat's fields are written inside each item: their paths start below the repeat.
    const itemPlan: SheetPlan = {
      targets: plan.targets.map((t) => (t?.kind === 'field' ? { kind: 'field', column: { ...t.column, path: t.column.path.slice(repeat.path.length) } } : t)),
    };
    for (const row of table.rows) {
      if (row.cells.every(isEmptyCell)) continue;
      const parent = byIndex.get(cellText(row.cells[parentAt] ?? null).trim());
      if (!parent) {
        fileErrors.push({ row: row.number, path: '', message: `Lembar ${table.name} baris ${row.number}: baris data "${cellText(row.cells[parentAt] ?? null)}" tidak ada` });
        continue;
      }
      const list = ((parent.data[key] as unknown[] | undefined) ?? []) as Record<string, unknown>[];
      const item: Record<string, unknown> = {};
      const itemRead: ReadRow = { ...parent, data: item, errors: [] };
      fill(itemRead, row, itemPlan, `${pointerOf(repeat.path)}/${list.length}`);
      list.push(item);
      setAt(parent.data, repeat.path, list);
      parent.errors.push(...itemRead.errors);
    }
  }
  return { source, rows, fileErrors, ignoredColumns };
}
