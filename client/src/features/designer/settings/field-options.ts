import { escapePointerToken } from '../../../../../schemas/theme-definition';
import type { Scalar } from './settings-draft';

/** What kind of answer a field holds, as far as measures and lists care. */
export type FieldKind = 'integer' | 'number' | 'text' | 'date' | 'boolean' | 'choice' | 'choices' | 'group' | 'list' | 'other';

export interface FieldChoice {
  value: Scalar;
  /** The label the form shows for it; absent when the form shows the value itself (or Ya/Tidak). */
  label?: string;
}

/** One field of a submission schema, as the settings pickers offer it. */
export interface FieldOption {
  /** JSON Pointer into the data, e.g. `/kategori_tbu` or `/lokasi/rt`. */
  pointer: string;
  /** The field's label, with its group's before it (`Alamat › RT`). */
  label: string;
  kind: FieldKind;
  /** The values it may take (a choice, yes/no, or a fixed list of numbers). */
  choices?: FieldChoice[];
  /** A number the measures can add up, average or compare. */
  numeric: boolean;
  /** The server accepts it as a group-by: choices, yes/no, or whole numbers with at most 100 values. */
  groupable: boolean;
  /** How "at least" / "at most" compare it: numbers, or ISO dates and times; absent when they cannot. */
  bounds?: 'number' | 'date';
  /** A short value (text or number) that can name a record in lists. */
  short: boolean;
}

export interface FieldOptionsContext {
  uiSchema?: object;
  /** `{en: {fields: {<pointer>: {title, enumNames}}}}`, as in a theme definition. */
  translations?: object;
  /** The admin's language: English uses the theme's English field texts when it has them. */
  language?: string;
}

type Node = { [keyword: string]: unknown };

const MAX_INTEGER_GROUPS = 100;
const DATE_FORMATS = ['date', 'date-time', 'time'];

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown): value is Scalar => value === null || ['string', 'number', 'boolean'].includes(typeof value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** `jumlah_anggota` → `Jumlah anggota`, for a field without a title. */
export function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words === '' ? name : words[0].toUpperCase() + words.slice(1);
}

/**
 * The fields of a submission schema that measures, filters and lists can name: walked through
 * `properties` only (groups included, list rows not), as the server resolves these pointers, in
 * the form's order (`ui:order`).
 */
export function fieldOptions(schema: object, context: FieldOptionsContext = {}): FieldOption[] {
  const english = context.language?.startsWith('en') ?? false;
  const translated = english ? englishFieldTexts(context.translations) : {};
  const options: FieldOption[] = [];

  const walk = (node: Node, ui: Node, pointer: string, prefix: string | undefined): void => {
    const properties = isNode(node.properties) ? node.properties : {};
    for (const name of ordered(Object.keys(properties), ui['ui:order'])) {
      const child = properties[name];
      if (!isNode(child)) continue;
      const childUi = isNode(ui[name]) ? ui[name] : {};
      const childPointer = `${pointer}/${escapePointerToken(name)}`;
      const texts = isNode(translated[childPointer]) ? translated[childPointer] : {};
      const own = text(texts.title) ?? text(childUi['ui:title']) ?? text(child.title) ?? humanize(name);
      const label = prefix === undefined ? own : `${prefix} › ${own}`;
      const option = describeField(child, childUi, childPointer, label, Array.isArray(texts.enumNames) ? texts.enumNames : undefined);
      options.push(option);
      if (option.kind === 'group') walk(child, childUi, childPointer, label);
    }
  };

  walk(isNode(schema) ? (schema as Node) : {}, isNode(context.uiSchema) ? (context.uiSchema as Node) : {}, '', undefined);
  return options;
}

function englishFieldTexts(translations: object | undefined): Node {
  const en = isNode(translations) ? (translations as Node).en : undefined;
  return isNode(en) && isNode(en.fields) ? en.fields : {};
}

/** Property names in `ui:order` (with `*` for the rest), else as declared. */
function ordered(names: string[], order: unknown): string[] {
  if (!Array.isArray(order)) return names;
  const listed = order.filter((name): name is string => typeof name === 'string' && names.includes(name));
  const rest = names.filter((name) => !listed.includes(name));
  const wildcard = order.indexOf('*');
  if (wildcard < 0) return [...listed, ...rest];
  const before = order.slice(0, wildcard).filter((name): name is string => listed.includes(name as string));
  return [...before, ...rest, ...listed.filter((name) => !before.includes(name))];
}

function typesOf(node: Node): string[] {
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.type)) return node.type.filter((type): type is string => typeof type === 'string' && type !== 'null');
  return [];
}

/** Enum values, or the `const`s of a `oneOf`/`anyOf` list with their titles. */
function choicesOf(node: Node, ui: Node, translatedNames: unknown[] | undefined): FieldChoice[] | undefined {
  const names = translatedNames ?? (Array.isArray(ui['ui:enumNames']) ? ui['ui:enumNames'] : undefined);
  if (Array.isArray(node.enum)) {
    return node.enum.filter(isScalar).map((value, index) => ({ value, label: text(names?.[index]) }));
  }
  const alternatives = Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : undefined;
  if (alternatives && alternatives.length > 0 && alternatives.every((entry) => isNode(entry) && isScalar(entry.const))) {
    return (alternatives as Node[]).map((entry, index) => ({ value: entry.const as Scalar, label: text(names?.[index]) ?? text(entry.title) }));
  }
  if (node.const !== undefined && isScalar(node.const)) return [{ value: node.const }];
  return undefined;
}

function describeField(node: Node, ui: Node, pointer: string, label: string, translatedNames: unknown[] | undefined): FieldOption {
  const base = { pointer, label, numeric: false, groupable: false, short: false };
  const types = typesOf(node);
  const choices = choicesOf(node, ui, translatedNames);
  if (choices) {
    const values = choices.map((choice) => choice.value);
    const numeric = values.every((value) => typeof value === 'number');
    const groupable = values.every((value) => typeof value === 'string' || typeof value === 'boolean' || Number.isInteger(value));
    return { ...base, kind: 'choice', choices, numeric, groupable, bounds: numeric ? 'number' : undefined, short: true };
  }
  if (types.length === 1 && types[0] === 'boolean') {
    const names = Array.isArray(ui['ui:enumNames']) ? ui['ui:enumNames'] : translatedNames;
    return { ...base, kind: 'boolean', choices: [{ value: true, label: text(names?.[0]) }, { value: false, label: text(names?.[1]) }], groupable: true };
  }
  if (types.length > 0 && types.every((type) => type === 'integer' || type === 'number')) {
    const integer = types.every((type) => type === 'integer');
    const { minimum, maximum } = node;
    const bounded = typeof minimum === 'number' && typeof maximum === 'number' && maximum - minimum + 1 <= MAX_INTEGER_GROUPS;
    return { ...base, kind: integer ? 'integer' : 'number', numeric: true, groupable: integer && bounded, bounds: 'number', short: true };
  }
  if (types.length === 1 && types[0] === 'string') {
    if (DATE_FORMATS.includes(String(node.format))) return { ...base, kind: 'date', bounds: 'date', short: true };
    const long = ui['ui:widget'] === 'textarea' || node.format !== undefined || node.contentEncoding !== undefined;
    return { ...base, kind: 'text', short: !long };
  }
  if (types.includes('object') || isNode(node.properties)) return { ...base, kind: 'group' };
  if (types.includes('array')) {
    const items = isNode(node.items) ? node.items : {};
    return { ...base, kind: Array.isArray(items.enum) ? 'choices' : 'list' };
  }
  return { ...base, kind: 'other' };
}

/** The value of a field kind that a person can type or pick: what filters may compare. */
export function isFilterable(option: FieldOption): boolean {
  return option.choices !== undefined || option.bounds !== undefined || option.kind === 'text';
}
