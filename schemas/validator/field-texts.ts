import type { MessageLanguage } from './field-error';

/** A theme's own words for a field's errors: `{"/nik_pemilik": {"pattern": "NIK harus 16 angka"}}`. */
export type FieldMessages = Record<string, Record<string, string>>;

/** One field's texts in another language; what is absent falls back to the definition's own (Indonesian). */
export interface FieldTranslation {
  title?: string;
  description?: string;
  help?: string;
  placeholder?: string;
  /** Labels of the field's `enum` values (of its items' for a list of choices), in order. */
  enumNames?: string[];
}

export interface ThemeTranslation {
  title?: string;
  description?: string;
  fields?: Record<string, FieldTranslation>;
  messages?: FieldMessages;
}

/** Indonesian is the definition itself; other languages are given here. */
export interface ThemeTranslations {
  en?: ThemeTranslation;
}

/**
 * What the messages of a theme's errors are written from: the schema's titles, the uiSchema's
 * `ui:title`s, the theme's own `messages` and its translations. Server and browser hand the same
 * parts of the same definition over, so both write the same words.
 */
export interface ThemeTexts {
  schema?: unknown;
  uiSchema?: unknown;
  messages?: FieldMessages;
  translations?: ThemeTranslations;
}

type SchemaNode = { [keyword: string]: unknown };

const isNode = (value: unknown): value is SchemaNode => typeof value === 'object' && value !== null && !Array.isArray(value);
const own = (node: SchemaNode, key: string): unknown => (Object.hasOwn(node, key) ? node[key] : undefined);

/** `/a/b~1c` → `['a', 'b/c']` (RFC 6901). */
export const pointerTokens = (pointer: string): string[] =>
  pointer === '' ? [] : pointer.split('/').slice(1).map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));

const escapeToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

// `$ref`s are local (the safe-schema policy) and never cyclic; the bound only guards odd input.
const MAX_HOPS = 32;

/** The node a local `$ref` of `node` points to. */
const referenced = (root: unknown, node: SchemaNode): SchemaNode | undefined => {
  const ref = own(node, '$ref');
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  let target: unknown = root;
  try {
    for (const token of pointerTokens(decodeURIComponent(ref.slice(1)))) target = isNode(target) || Array.isArray(target) ? (target as SchemaNode)[token] : undefined;
  } catch {
    return undefined;
  }
  return isNode(target) ? target : undefined;
};

/** A keyword's value at `node`, or else where its `$ref` leads (a title may stand beside the `$ref`). */
const lookup = (root: unknown, node: unknown, keyword: string): unknown => {
  let current = isNode(node) ? node : undefined;
  for (let hop = 0; current && hop < MAX_HOPS; hop += 1) {
    const value = own(current, keyword);
    if (value !== undefined) return value;
    current = referenced(root, current);
  }
  return undefined;
};

const BRANCH_LISTS = ['allOf', 'anyOf', 'oneOf'];
const BRANCH_SLOTS = ['then', 'else'];

/** The subschema of property `name`: declared in `properties`, or in a branch (`allOf`, `then`, `$ref` …) that declares it. */
const propertyOf = (root: unknown, node: unknown, name: string, depth = 0): unknown => {
  if (!isNode(node) || depth > MAX_HOPS) return undefined;
  const properties = own(node, 'properties');
  if (isNode(properties) && Object.hasOwn(properties, name)) return properties[name];
  const branches: unknown[] = [
    referenced(root, node),
    ...BRANCH_LISTS.flatMap((keyword) => (Array.isArray(node[keyword]) ? (node[keyword] as unknown[]) : [])),
    ...BRANCH_SLOTS.map((keyword) => node[keyword]),
    ...(isNode(node.dependentSchemas) ? Object.values(node.dependentSchemas) : []),
  ];
  for (const branch of branches) {
    const found = propertyOf(root, branch, name, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
};

/** One step of a pointer walked through a schema. */
export interface FieldStep {
  token: string;
  /** The item's number (1-based) when this step is an element of a list. */
  item?: number;
  /** The subschema at this step, as written (a `$ref` not followed), when the schema declares it. */
  node?: SchemaNode;
  /** The pointer that names this field in `messages` and `translations`: list positions left out. */
  field: string;
}

/**
 * Walks a pointer through a schema. A data pointer's list positions (`/anak/2/nama`) step into the
 * list's items; a field pointer may leave them out (`/anak/nama`), which is how `messages` and
 * `translations` name the fields of list items.
 */
export const walkPointer = (schema: unknown, pointer: string): FieldStep[] => {
  const steps: FieldStep[] = [];
  let node: unknown = schema;
  let field = '';
  for (const token of pointerTokens(pointer)) {
    const items = lookup(schema, node, 'items');
    if (isNode(items) && /^(0|[1-9][0-9]*)$/.test(token)) {
      const prefixItems = lookup(schema, node, 'prefixItems');
      const prefix = Array.isArray(prefixItems) ? (prefixItems as unknown[])[Number(token)] : undefined;
      node = isNode(prefix) ? prefix : items;
      steps.push({ token, item: Number(token) + 1, node: node as SchemaNode, field });
      continue;
    }
    // A field of the items of a list may be named without a position.
    node = propertyOf(schema, node, token) ?? propertyOf(schema, items, token);
    field = `${field}/${escapeToken(token)}`;
    steps.push({ token, node: isNode(node) ? node : undefined, field });
  }
  return steps;
};

/** The subschema a field pointer (list positions left out) names, or undefined when the schema has no such field. */
export const fieldSchema = (schema: unknown, pointer: string): SchemaNode | undefined => {
  const steps = walkPointer(schema, pointer);
  if (steps.length === 0 || steps.some((step) => step.node === undefined || step.item !== undefined)) return undefined;
  return steps[steps.length - 1].node;
};

/** The values a field may be chosen from: its `enum`, or its items' for a list of choices. */
export const choicesOf = (schema: unknown, node: unknown): unknown[] | undefined => {
  const values = lookup(schema, node, 'enum');
  if (Array.isArray(values)) return values;
  const itemValues = lookup(schema, lookup(schema, node, 'items'), 'enum');
  return Array.isArray(itemValues) ? itemValues : undefined;
};

/** A keyword of a field's subschema, following `$ref`. */
export const schemaKeyword = (schema: unknown, node: unknown, keyword: string): unknown => lookup(schema, node, keyword);

/** `jumlah_anggota` → `Jumlah anggota`: the last resort for a field without a title. */
const humanize = (token: string): string => {
  const words = token.replace(/[_-]+/g, ' ').trim();
  return words === '' ? token : words[0].toUpperCase() + words.slice(1);
};

const uiTitle = (uiSchema: unknown, steps: FieldStep[]): string | undefined => {
  let ui = uiSchema;
  for (const step of steps) ui = isNode(ui) ? (step.item !== undefined ? ui.items : own(ui, step.token)) : undefined;
  const title = isNode(ui) ? ui['ui:title'] : undefined;
  return typeof title === 'string' && title.trim() !== '' ? title : undefined;
};

const schemaTitle = (schema: unknown, node: SchemaNode | undefined): string | undefined => {
  const title = lookup(schema, node, 'title');
  return typeof title === 'string' && title.trim() !== '' ? title : undefined;
};

/** The name a person knows the field at `steps` by, in `lang`: translated title, `ui:title`, title, else its name made readable. */
const ownLabel = (texts: ThemeTexts, steps: FieldStep[], lang: MessageLanguage): string => {
  const last = steps[steps.length - 1];
  const translated = lang === 'en' ? texts.translations?.en?.fields?.[last.field]?.title : undefined;
  return translated ?? uiTitle(texts.uiSchema, steps) ?? schemaTitle(texts.schema, last.node) ?? humanize(last.token);
};

/** How a message names the field `steps` lead to; `item` words a list position ("Anak ke-2"). */
export const fieldLabel = (
  texts: ThemeTexts,
  steps: FieldStep[],
  lang: MessageLanguage,
  item: (list: string, number: number) => string,
  form: string,
): string => {
  if (steps.length === 0) return form;
  const label = (end: number): string => {
    const step = steps[end];
    return step.item !== undefined ? item(end > 0 ? label(end - 1) : form, step.item) : ownLabel(texts, steps.slice(0, end + 1), lang);
  };
  const last = steps.length - 1;
  if (steps[last].item !== undefined) return label(last);
  // A field inside a list item says which item: "Berat (Anak ke-2)".
  const within = steps.map((step, index) => (step.item !== undefined ? index : -1)).filter((index) => index >= 0).pop();
  return within === undefined ? label(last) : `${label(last)} (${label(within)})`;
};

/** The theme's own message for this field and keyword, in `lang` (English has only its translation's). */
export const themeMessage = (texts: ThemeTexts, field: string, keyword: string, lang: MessageLanguage): string | undefined => {
  const messages = lang === 'en' ? texts.translations?.en?.messages : texts.messages;
  const text = messages?.[field]?.[keyword];
  return typeof text === 'string' && text !== '' ? text : undefined;
};
