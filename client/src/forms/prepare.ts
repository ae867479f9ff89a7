import type { Calculation } from '../../../schemas/expressions/calculations';
import type { FieldMessages, FieldTranslation, ThemeTexts, ThemeTranslations } from '../../../schemas/validator/field-texts';
import type { Json, JsonObject } from '../api/types';

/**
 * Turns a published definition's `schema` + `uiSchema` into what our RJSF look (rjsf-look/) renders:
 * - widgets picked where RJSF's default is poor (photo for `file-id`, GPS for a lat/lon object,
 *   a searchable list for large enums);
 * - markdown switched off: titles, descriptions and labels written by an admin are shown as text;
 * - top-level fields grouped into sections so a long form renders only the section that is open;
 * - in English, the theme's English texts put in the uiSchema (`ui:title`, `ui:enumNames` …), field
 *   by field, so what has no translation stays Indonesian and the schema (and its validator) stays the same.
 */

export interface FormSection {
  key: string;
  /** Shown as written by the admin, or null for an automatic "Bagian n" heading. */
  title: string | null;
  fields: string[];
  /** The fields a person answers ("3/5 terisi" counts these): not a note, not a calculated field. */
  questions: string[];
}

/** A section before its questions are counted. */
type SectionFields = Omit<FormSection, 'questions'>;

export interface PreparedForm {
  schema: JsonObject;
  uiSchema: JsonObject;
  /** Empty for a short form, which is rendered flat. */
  sections: FormSection[];
  /** What the form's error messages are written from, as the server writes them. */
  texts: ThemeTexts;
  /** The theme's calculated fields; each is drawn read-only by the `calculated` widget. */
  calculations: readonly Calculation[];
}

/** Enums longer than this get a search box instead of a plain list. */
export const SEARCHABLE_ENUM_THRESHOLD = 12;
/** A flat form with more top-level fields than this is split into sections of SECTION_SIZE. */
const FLAT_FORM_LIMIT = 15;
const SECTION_SIZE = 12;

const MARKDOWN_OPTIONS = ['ui:enableMarkdownInDescription', 'ui:enableMarkdownInHelp', 'enableMarkdownInDescription', 'enableMarkdownInHelp'];

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const typeIncludes = (schema: JsonObject, type: string): boolean =>
  schema.type === type || (Array.isArray(schema.type) && schema.type.includes(type));

function isLocation(schema: JsonObject): boolean {
  if (!typeIncludes(schema, 'object') || !isObject(schema.properties)) return false;
  return 'lat' in schema.properties && 'lon' in schema.properties;
}

function enumLength(schema: JsonObject): number {
  if (Array.isArray(schema.enum)) return schema.enum.length;
  const choices = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : null;
  if (choices && choices.every((choice) => isObject(choice) && 'const' in choice)) return choices.length;
  return 0;
}

function stripMarkdown(ui: JsonObject): void {
  for (const option of MARKDOWN_OPTIONS) delete ui[option];
  if (isObject(ui['ui:options'])) for (const option of MARKDOWN_OPTIONS) delete ui['ui:options'][option];
}

function widgetOf(ui: JsonObject): string | undefined {
  const direct = ui['ui:widget'];
  if (typeof direct === 'string') return direct;
  const options = ui['ui:options'];
  return isObject(options) && typeof options.widget === 'string' ? options.widget : undefined;
}

/** Walks schema and uiSchema together, returning the uiSchema to render with. */
function prepareNode(schema: JsonObject, given: Json | undefined): JsonObject {
  const ui: JsonObject = isObject(given) ? { ...given } : {};
  stripMarkdown(ui);
  const widget = widgetOf(ui);

  if (typeIncludes(schema, 'object') && (widget === 'gps' || (widget === undefined && isLocation(schema)))) {
    // RJSF has widgets for scalar values only; a location object is rendered by our `gps` field.
    delete ui['ui:widget'];
    ui['ui:field'] = 'gps';
    return ui;
  }
  if (typeIncludes(schema, 'string') && widget === undefined) {
    if (schema.format === 'file-id') ui['ui:widget'] = 'photo';
    else if (enumLength(schema) > SEARCHABLE_ENUM_THRESHOLD) ui['ui:widget'] = 'searchable-select';
  }
  if (widget === undefined && !typeIncludes(schema, 'string') && enumLength(schema) > SEARCHABLE_ENUM_THRESHOLD) {
    ui['ui:widget'] = 'searchable-select';
  }
  if (isObject(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) {
      if (isObject(child)) ui[name] = prepareNode(child, ui[name]);
    }
  }
  if (isObject(schema.items)) {
    ui.items = prepareNode(schema.items, ui.items);
    // A list of choices (checkboxes) is labelled from its items' uiSchema; themes write the labels on the list.
    if (Array.isArray(ui['ui:enumNames']) && Array.isArray(schema.items.enum) && isObject(ui.items) && ui.items['ui:enumNames'] === undefined) {
      ui.items = { ...ui.items, 'ui:enumNames': ui['ui:enumNames'] };
    }
  }
  return ui;
}

/** Top-level property names in display order (`ui:order`, with `*` for the rest). */
export function orderedFields(schema: JsonObject, uiSchema: JsonObject): string[] {
  const names = isObject(schema.properties) ? Object.keys(schema.properties) : [];
  const order = uiSchema['ui:order'];
  if (!Array.isArray(order)) return names;
  const listed = order.filter((name): name is string => typeof name === 'string');
  const rest = names.filter((name) => !listed.includes(name));
  const result: string[] = [];
  for (const name of listed) {
    if (name === '*') result.push(...rest);
    else if (names.includes(name)) result.push(name);
  }
  if (!listed.includes('*')) result.push(...rest);
  return result;
}

function explicitSections(uiSchema: JsonObject, fields: string[]): SectionFields[] | null {
  const declared = uiSchema['ui:sections'];
  if (!Array.isArray(declared)) return null;
  const sections: SectionFields[] = [];
  const placed = new Set<string>();
  declared.forEach((entry, index) => {
    if (!isObject(entry) || !Array.isArray(entry.fields)) return;
    const members = entry.fields.filter((name): name is string => typeof name === 'string' && fields.includes(name) && !placed.has(name));
    members.forEach((name) => placed.add(name));
    if (members.length > 0) {
      sections.push({ key: `s${index}`, title: typeof entry.title === 'string' ? entry.title : null, fields: members });
    }
  });
  const leftovers = fields.filter((name) => !placed.has(name));
  if (leftovers.length > 0) sections.push({ key: 'rest', title: null, fields: leftovers });
  return sections;
}

/**
 * Sections of the root object: each nested object (other than a location) is its own section, runs
 * of simple fields are cut into sections of SECTION_SIZE. A short flat form gets no sections.
 */
export function computeSections(schema: JsonObject, uiSchema: JsonObject): FormSection[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const isQuestion = (name: string): boolean => {
    const ui = uiSchema[name];
    return !(isObject(properties[name]) && typeIncludes(properties[name], 'null')) && !(isObject(ui) && ui['ui:widget'] === 'calculated');
  };
  return sectionFields(schema, uiSchema).map((section) => ({ ...section, questions: section.fields.filter(isQuestion) }));
}

function sectionFields(schema: JsonObject, uiSchema: JsonObject): SectionFields[] {
  const fields = orderedFields(schema, uiSchema);
  const explicit = explicitSections(uiSchema, fields);
  if (explicit) return explicit.length > 1 ? explicit : [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  const isGroup = (name: string): boolean => {
    const child = properties[name];
    if (!isObject(child) || !typeIncludes(child, 'object') || isLocation(child)) return false;
    const ui = uiSchema[name];
    return !(isObject(ui) && typeof ui['ui:field'] === 'string');
  };
  const hasGroups = fields.some(isGroup);
  if (!hasGroups && fields.length <= FLAT_FORM_LIMIT) return [];

  const sections: SectionFields[] = [];
  let run: string[] = [];
  const closeRun = (): void => {
    for (let start = 0; start < run.length; start += SECTION_SIZE) {
      sections.push({ key: `auto${sections.length}`, title: null, fields: run.slice(start, start + SECTION_SIZE) });
    }
    run = [];
  };
  for (const name of fields) {
    if (isGroup(name)) {
      closeRun();
      const child = properties[name] as JsonObject;
      const ui = uiSchema[name];
      const title = isObject(ui) && typeof ui['ui:title'] === 'string' ? ui['ui:title'] : child.title;
      sections.push({ key: `group-${name}`, title: typeof title === 'string' ? title : name, fields: [name] });
    } else {
      run.push(name);
    }
  }
  closeRun();
  return sections.length > 1 ? sections : [];
}

const UI_TEXTS: ReadonlyArray<[keyof FieldTranslation, string]> = [
  ['title', 'ui:title'],
  ['description', 'ui:description'],
  ['help', 'ui:help'],
  ['placeholder', 'ui:placeholder'],
  ['enumNames', 'ui:enumNames'],
];

const decode = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** Writes one field's translated texts into the uiSchema at its pointer (a list's fields through `items`). */
function translateField(uiSchema: JsonObject, schema: JsonObject, pointer: string, texts: FieldTranslation): void {
  let ui = uiSchema;
  let node: Json | undefined = schema;
  const enter = (key: string): void => {
    // Copied on the way down: the uiSchema given may be the cached definition's own.
    const next: JsonObject = isObject(ui[key]) ? { ...ui[key] } : {};
    ui[key] = next;
    ui = next;
  };
  for (const token of pointer.split('/').slice(1).map(decode)) {
    if (isObject(node) && !(isObject(node.properties) && token in node.properties) && isObject(node.items)) {
      enter('items');
      node = node.items;
    }
    node = isObject(node) && isObject(node.properties) ? node.properties[token] : undefined;
    enter(token);
  }
  for (const [key, option] of UI_TEXTS) {
    const text = texts[key];
    if (text !== undefined) ui[option] = text;
  }
  // The labels of a list of choices are read from its items' uiSchema.
  if (texts.enumNames !== undefined && isObject(node) && isObject(node.items)) {
    enter('items');
    ui['ui:enumNames'] = texts.enumNames;
  }
}

export interface FormTexts {
  messages?: FieldMessages;
  calculations?: readonly Calculation[] | null;
  translations?: ThemeTranslations;
  /** The person's language; English draws the theme's English texts where it has them. */
  language?: 'id' | 'en';
}

/** Draws a calculated field with the `calculated` widget: read-only, its value computed as the cadre types. */
function markCalculated(uiSchema: JsonObject, pointer: string): void {
  const tokens = pointer.startsWith('/') ? pointer.split('/').slice(1).map(decode) : [];
  // A draft's target may not name a field yet (the designer's preview): nothing to mark.
  if (tokens.length === 0) return;
  let ui = uiSchema;
  for (const token of tokens) {
    // Copied on the way down: the uiSchema given may be the cached definition's own.
    const next: JsonObject = isObject(ui[token]) ? { ...ui[token] } : {};
    ui[token] = next;
    ui = next;
  }
  const options = isObject(ui['ui:options']) ? ui['ui:options'] : {};
  ui['ui:widget'] = 'calculated';
  ui['ui:options'] = { ...options, calculation: pointer };
}

export function prepareForm(
  schema: JsonObject,
  uiSchema: JsonObject | null | undefined,
  { messages, translations, calculations, language = 'id' }: FormTexts = {},
): PreparedForm {
  const prepared = prepareNode(schema, uiSchema ?? {});
  const fields = language === 'en' ? translations?.en?.fields : undefined;
  for (const [pointer, texts] of Object.entries(fields ?? {})) translateField(prepared, schema, pointer, texts);
  for (const calculation of calculations ?? []) markCalculated(prepared, calculation.field);
  return {
    schema,
    uiSchema: prepared,
    sections: computeSections(schema, prepared),
    texts: { schema, uiSchema: uiSchema ?? undefined, messages, translations },
    calculations: calculations ?? [],
  };
}
