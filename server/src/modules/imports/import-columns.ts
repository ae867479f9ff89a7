import type { ThemeDefinition } from '../../../../schemas/theme-definition';
import type { Choice } from './cell-values';

export type ColumnKind = 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'choice' | 'choices';

/** One leaf field of a theme version as one spreadsheet column. */
export interface ImportColumn {
  /** Where the value goes, relative to the sheet's record (a repeat's item for a repeat sheet). */
  path: string[];
  /** The field's name a person knows (its title), with its group's for a field inside a group. */
  title: string;
  help?: string;
  kind: ColumnKind;
  choices?: Choice[];
  required: boolean;
}

/** A list of records inside a record (an XLSForm repeat): a sheet of its own, keyed by the main row. */
export interface RepeatGroup {
  path: string[];
  title: string;
  columns: ImportColumn[];
}

/** What a spreadsheet of one theme version holds. */
export interface ImportLayout {
  columns: ImportColumn[];
  repeats: RepeatGroup[];
  /** Objects with `lat` and `lon` (the gps widget): Kobo writes them as one "lat lon alt accuracy" cell. */
  locations: string[][];
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

function resolve(root: Node, node: unknown): Node | undefined {
  let current = isNode(node) ? node : undefined;
  for (let hop = 0; current && typeof current.$ref === 'string' && hop < 16; hop += 1) {
    const target = (current.$ref as string)
      .replace(/^#\/?/, '')
      .split('/')
      .filter(Boolean)
      .reduce<unknown>((at, token) => (isNode(at) ? at[token.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root);
    current = isNode(target) ? { ...target, ...current, $ref: undefined } : undefined;
  }
  return current;
}

/**
 * The fields of one object level: its own `properties` and those a condition shows (`then`/`else` of
 * the level or of its `allOf` entries, the designer's skip logic, such as UMKM's NIB). A row fills
 * them when their condition holds; the server's validation asks for them exactly then.
 */
function levelProperties(node: Node): Node {
  const found: Node = {};
  for (const branch of [node, ...(Array.isArray(node.allOf) ? node.allOf : [])]) {
    if (!isNode(branch)) continue;
    for (const side of [branch.then, branch.else]) {
      if (isNode(side) && isNode(side.properties)) Object.assign(found, side.properties);
    }
  }
  return { ...found, ...(isNode(node.properties) ? node.properties : {}) };
}

function typeOf(node: Node): string | undefined {
  const type = node.type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') as string | undefined;
  return typeof type === 'string' ? type : undefined;
}

function uiAt(ui: unknown, key: string): Node {
  return isNode(ui) && isNode(ui[key]) ? (ui[key] as Node) : {};
}

/** Choices with labels: `enum` with `ui:enumNames`, or `oneOf` of `{const, title}`. */
function choicesOf(node: Node, ui: Node): Choice[] | undefined {
  if (Array.isArray(node.enum)) {
    const names = Array.isArray(ui['ui:enumNames']) ? (ui['ui:enumNames'] as unknown[]) : [];
    return (node.enum as Choice['value'][]).filter((v) => v !== null).map((value, i) => ({ value, label: typeof names[i] === 'string' ? (names[i] as string) : String(value) }));
  }
  const options = Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : undefined;
  if (options && options.every((option) => isNode(option) && option.const !== undefined)) {
    return (options as Node[]).map((option) => ({ value: option.const as Choice['value'], label: typeof option.title === 'string' ? option.title : String(option.const) }));
  }
  return undefined;
}

function ordered(properties: Node, ui: Node): string[] {
  const keys = Object.keys(properties);
  const order = Array.isArray(ui['ui:order']) ? (ui['ui:order'] as string[]) : [];
  const named = order.filter((key) => keys.includes(key));
  const rest = keys.filter((key) => !named.includes(key));
  // RJSF's `*` stands for every field the order does not name; without one they come last.
  const star = order.indexOf('*');
  if (star < 0) return [...named, ...rest];
  const before = order.slice(0, star).filter((key) => keys.includes(key));
  return [...before, ...rest, ...named.filter((key) => !before.includes(key))];
}

const titleOf = (node: Node, ui: Node, key: string): string =>
  (typeof ui['ui:title'] === 'string' && ui['ui:title']) || (typeof node.title === 'string' && node.title) || key;

const helpOf = (node: Node, ui: Node): string | undefined =>
  (typeof ui['ui:help'] === 'string' && ui['ui:help']) || (typeof node.description === 'string' && node.description) || undefined;

/**
 * The columns of a theme version: one per leaf field, in the form's order. A group (an object) adds
 * its title before its fields'; a list of records becomes a repeat sheet. File fields (photos) and
 * calculated fields have no column: a spreadsheet cannot carry a photo, and the server computes the rest.
 */
export function importLayout(definition: ThemeDefinition): ImportLayout {
  const root = definition.schema as Node;
  const calculated = new Set(((definition as { calculations?: { field: string }[] }).calculations ?? []).map((c) => c.field));
  const layout: ImportLayout = { columns: [], repeats: [], locations: [] };

  const walk = (raw: Node, ui: Node, path: string[], titles: string[], into: ImportColumn[], topLevel: boolean) => {
    const node = resolve(root, raw)!;
    const properties = levelProperties(node);
    const required = Array.isArray(node.required) ? (node.required as string[]) : [];
    if (isNode(properties.lat) && isNode(properties.lon)) layout.locations.push(path);
    for (const key of ordered(properties, ui)) {
      const child = resolve(root, properties[key]);
      if (!child) continue;
      const childUi = uiAt(ui, key);
      const childPath = [...path, key];
      const pointer = `/${childPath.join('/')}`;
      if (calculated.has(pointer) || child.format === 'file-id' || childUi['ui:widget'] === 'hidden') continue;
      const title = titleOf(child, childUi, key);
      const type = typeOf(child);
      if (type === 'object') {
        walk(child, childUi, childPath, [...titles, title], into, topLevel);
        continue;
      }
      const items = resolve(root, child.items);
      if (type === 'array' && items && typeOf(items) === 'object') {
        if (!topLevel) continue;
        const columns: ImportColumn[] = [];
        walkItems(items, uiAt(childUi, 'items'), columns);
        layout.repeats.push({ path: childPath, title, columns });
        continue;
      }
      const itemChoices = type === 'array' && items ? choicesOf(items, childUi) : undefined;
      const choices = itemChoices ?? choicesOf(child, childUi);
      const kind: ColumnKind = itemChoices
        ? 'choices'
        : choices
          ? 'choice'
          : type === 'integer'
            ? 'integer'
            : type === 'number'
              ? 'number'
              : type === 'boolean'
                ? 'boolean'
                : child.format === 'date'
                  ? 'date'
                  : 'text';
      into.push({
        path: childPath,
        title: [...titles, title].join(' – '),
        help: helpOf(child, childUi),
        kind,
        ...(choices && { choices }),
        required: required.includes(key),
      });
    }
  };
  // A repeat's items: their own leaf fields (a nested repeat is not carried by a flat sheet).
  const walkItems = (items: Node, ui: Node, into: ImportColumn[]) => {
    const before = layout.locations.length;
    walk(items, ui, [], [], into, false);
    layout.locations.length = before;
  };
  walk(root, (definition.uiSchema ?? {}) as Node, [], [], layout.columns, true);
  return layout;
}

/** `/a/b` of a path (RFC 6901 escaping). */
export function pointerOf(path: string[]): string {
  return path.map((token) => `/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
