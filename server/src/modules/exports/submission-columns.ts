import { escapePointerToken, FieldSchema, fieldTypes, ThemeDefinition, UiSchema } from '../../../../schemas/theme-definition';
import type { TableColumn } from './table-writers';
import { REGION_COLUMNS, OWN_REGION_COLUMNS } from './satu-data';

/** One column of a submissions export per leaf field: `lokasi.lat` for `/lokasi/lat`. */
export interface FieldColumn {
  name: string;
  pointer: string;
  tokens: string[];
  /** Some version lets it hold text that starts like a formula (the CSV checks only these). */
  mayStartFormula: boolean;
  /** Every version limits it to a few values (an enum, true/false): a workbook shares them. */
  enumerated: boolean;
}

/** Whether a field, as one version declares it, takes only a few values. */
function enumerated(field: FieldSchema): boolean {
  const types = fieldTypes(field);
  return field.enum !== undefined || field.const !== undefined || (types.size > 0 && [...types].every((type) => type === 'boolean' || type === 'null'));
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a field, as some version declares it, may hold text starting like a formula. */
function mayStartFormula(field: FieldSchema): boolean {
  const values = field.const !== undefined ? [field.const] : field.enum;
  if (values !== undefined) return values.some((value) => typeof value === 'string' && FORMULA_START.test(value));
  const types = fieldTypes(field);
  return types.size === 0 || types.has('string') || types.has('object') || types.has('array');
}

/** The columns before the fields; `ownRegion` adds the region's own code and name (below kelurahan). */
export function fixedColumns(ownRegion: boolean): TableColumn[] {
  return [
    { name: 'id', text: true },
    { name: 'version' },
    ...REGION_COLUMNS,
    ...(ownRegion ? OWN_REGION_COLUMNS : []),
    { name: 'periode', text: true, shared: true },
    { name: 'status', shared: true },
    { name: 'catatan_review' },
    { name: 'direview_pada', text: true },
    { name: 'dikirim_pada', text: true },
  ];
}

/** Property names in the form's order (`ui:order`, `*` for the rest): stored definitions do not keep key order. */
function ordered(names: string[], ui: UiSchema | undefined): string[] {
  const order = Array.isArray(ui?.['ui:order']) ? (ui['ui:order'] as unknown[]).filter((name): name is string => typeof name === 'string') : [];
  const rest = order.indexOf('*');
  const rank = (name: string) => {
    const at = order.indexOf(name);
    return at !== -1 ? at : rest !== -1 ? rest : order.length;
  };
  return [...names].sort((a, b) => rank(a) - rank(b));
}

const isSchemaObject = (value: unknown): value is FieldSchema => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The fields of one object level: its own `properties` and those a condition shows (`then`/`else` of
 * the level or of its `allOf` entries, the designer's skip logic, such as UMKM's NIB), which are
 * stored in the data whenever their condition held and so are columns too.
 */
function levelProperties(schema: FieldSchema): Record<string, FieldSchema> {
  const found: Record<string, FieldSchema> = {};
  const branches = [schema, ...(Array.isArray(schema.allOf) ? schema.allOf : [])].filter(isSchemaObject);
  for (const branch of branches) {
    for (const side of [branch.then, branch.else]) {
      if (isSchemaObject(side) && isSchemaObject(side.properties)) Object.assign(found, side.properties);
    }
  }
  return { ...found, ...schema.properties };
}

/** The field at `tokens`, through conditional fields as well. */
function fieldAt(schema: FieldSchema, tokens: string[]): FieldSchema | undefined {
  let node: FieldSchema | undefined = schema;
  for (const token of tokens) {
    const properties = levelProperties(node);
    node = Object.hasOwn(properties, token) && isSchemaObject(properties[token]) ? properties[token] : undefined;
    if (!node) return undefined;
  }
  return node;
}

function leaves(schema: FieldSchema, ui: UiSchema | undefined, tokens: string[], out: string[][]): void {
  const properties = levelProperties(schema);
  for (const name of ordered(Object.keys(properties), ui)) {
    const child = properties[name];
    if (!child || typeof child !== 'object') continue;
    const path = [...tokens, name];
    const childUi = ui?.[name];
    if (child.properties && typeof child.properties === 'object' && Object.keys(child.properties).length) {
      leaves(child, childUi && typeof childUi === 'object' && !Array.isArray(childUi) ? (childUi as UiSchema) : undefined, path, out);
    } else out.push(path);
  }
}

/**
 * One column per leaf field across every version of a theme, newest version first (in its form's order),
 * then the fields only older versions had: a renamed field is two columns, each filled by the versions
 * that had it. Fields named in `omit` (personal fields, for whoever may not see them) are left out; a
 * field whose name is taken by a fixed column is prefixed `isian.`.
 */
export function fieldColumns(newestFirst: readonly ThemeDefinition[], reserved: ReadonlySet<string>, omit: ReadonlySet<string>): FieldColumn[] {
  const columns = new Map<string, FieldColumn>();
  for (const definition of newestFirst) {
    const paths: string[][] = [];
    leaves(definition.schema, definition.uiSchema, [], paths);
    for (const tokens of paths) {
      const pointer = `/${tokens.map(escapePointerToken).join('/')}`;
      if (omit.has(pointer) || [...omit].some((hidden) => pointer.startsWith(`${hidden}/`))) continue;
      const field = fieldAt(definition.schema, tokens) ?? {};
      const seen = columns.get(pointer);
      if (seen) {
        seen.mayStartFormula ||= mayStartFormula(field);
        seen.enumerated &&= enumerated(field);
        continue;
      }
      const name = tokens.join('.');
      columns.set(pointer, { name: reserved.has(name) ? `isian.${name}` : name, pointer, tokens, mayStartFormula: mayStartFormula(field), enumerated: enumerated(field) });
    }
  }
  return [...columns.values()];
}
