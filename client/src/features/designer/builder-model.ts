import type { Json, JsonObject } from '../../api/types';

/**
 * The visual builder's model of a form: a list of fields, each a kind the admin picks, and the two
 * translations between it and what the server stores, `toDefinition` (JSON Schema 2020-12 and
 * uiSchema) and `fromDefinition`. Anything of the JSON the builder has no control for travels along
 * in `keep` and is written back verbatim, so a round trip through the builder never loses it.
 */

export type FieldKind =
  | 'text'
  | 'longText'
  | 'number'
  | 'wholeNumber'
  | 'date'
  | 'choice'
  | 'multiChoice'
  | 'yesNo'
  | 'group'
  | 'repeat'
  | 'gps'
  | 'photo'
  /** A field the builder cannot represent: edited in the JSON tab only. */
  | 'custom';

export type ConditionValue = string | number | boolean;

/** "Show this field only when `field` (a sibling's key) is one of `values`." */
export interface ShowWhen {
  field: string;
  values: ConditionValue[];
}

export interface ChoiceOption {
  value: string;
  label: string;
}

export interface Limits {
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

export interface BuilderField {
  /** The builder's own handle for the field; never written to the schema. */
  id: string;
  key: string;
  /** A key that is already stored (it came from a definition) no longer follows its label. */
  keyLocked: boolean;
  kind: FieldKind;
  label: string;
  help: string;
  required: boolean;
  limits: Limits;
  pattern: string;
  options: ChoiceOption[];
  /** A group's or a repeat group's own fields. */
  fields: BuilderField[];
  showWhen: ShowWhen | null;
  /** Keywords the builder does not edit, as they came. */
  keep: { schema: JsonObject; ui: JsonObject };
}

export interface BuilderModel {
  fields: BuilderField[];
  keep: { schema: JsonObject; ui: JsonObject };
}

export interface FormDefinition {
  schema: JsonObject;
  uiSchema: JsonObject;
}

/** Which limits each kind offers; the properties panel shows these and nothing else. */
export const KIND_LIMITS: Record<FieldKind, (keyof Limits)[]> = {
  text: ['minLength', 'maxLength'],
  longText: ['minLength', 'maxLength'],
  number: ['minimum', 'maximum'],
  wholeNumber: ['minimum', 'maximum'],
  date: [],
  choice: [],
  multiChoice: ['minItems', 'maxItems'],
  yesNo: [],
  group: [],
  repeat: ['minItems', 'maxItems'],
  gps: [],
  photo: [],
  custom: [],
};

export const FIELD_KINDS: FieldKind[] = ['text', 'longText', 'number', 'wholeNumber', 'date', 'choice', 'multiChoice', 'yesNo', 'group', 'repeat', 'gps', 'photo'];

/** Kinds whose value a condition can compare with a list of values. */
const CONDITION_KINDS: FieldKind[] = ['choice', 'yesNo', 'text', 'wholeNumber', 'number'];

const GPS_PROPERTIES: JsonObject = {
  lat: { type: 'number', title: 'Lintang', minimum: -90, maximum: 90 },
  lon: { type: 'number', title: 'Bujur', minimum: -180, maximum: 180 },
  accuracy: { type: 'number', title: 'Akurasi (m)', minimum: 0, maximum: 10000 },
};

const KEY_MAX = 40;

let ids = 0;
/** A fresh builder handle. */
function newFieldId(): string {
  ids += 1;
  return `f${ids}`;
}

// ————— keys from Indonesian labels —————

/** `"Jumlah Anak (Balita)"` → `jumlah_anak_balita`: lowercase ASCII, digits, underscores, starting with a letter. */
export function slugifyKey(label: string): string {
  const ascii = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const key = /^[a-z]/.test(ascii) ? ascii : `isian_${ascii}`.replace(/_+$/, '');
  return key.slice(0, KEY_MAX).replace(/_+$/, '') || 'isian';
}

/** `key`, or `key_2`, `key_3`… — the first not in `taken`. */
export function uniqueKey(key: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(key)) return key;
  for (let n = 2; ; n += 1) {
    const candidate = `${key.slice(0, KEY_MAX - String(n).length - 1)}_${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** A theme slug from its title: `"Data Balita Gizi"` → `data-balita-gizi`. */
export function slugifyTheme(title: string): string {
  const slug = slugifyKey(title).replace(/^isian_/, 'tematik_').replace(/_/g, '-').slice(0, 60).replace(/-+$/, '');
  return slug.length >= 2 ? slug : `tematik-${slug}`.replace(/-+$/, '');
}

// ————— making fields —————

export function newField(kind: FieldKind, label: string, siblings: readonly BuilderField[]): BuilderField {
  const field: BuilderField = {
    id: newFieldId(),
    key: uniqueKey(slugifyKey(label), siblings.map((sibling) => sibling.key)),
    keyLocked: false,
    kind,
    label,
    help: '',
    required: false,
    limits: {},
    pattern: '',
    options: [],
    fields: [],
    showWhen: null,
    keep: { schema: {}, ui: {} },
  };
  if (kind === 'choice' || kind === 'multiChoice') {
    field.options = [
      { value: 'pilihan_1', label: 'Pilihan 1' },
      { value: 'pilihan_2', label: 'Pilihan 2' },
    ];
  }
  return field;
}

// ————— model → JSON —————

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const definedLimits = (limits: Limits, allowed: (keyof Limits)[]): JsonObject => {
  const out: JsonObject = {};
  for (const name of allowed) {
    const value = limits[name];
    if (typeof value === 'number' && Number.isFinite(value)) out[name] = value;
  }
  return out;
};

/** Schema paths (`/schema/properties/a`) of the fields written, for placing the server's errors. */
export type FieldPaths = Map<string, string>;

function conditionSignature(showWhen: ShowWhen): string {
  return JSON.stringify([showWhen.field, showWhen.values]);
}

function conditionSchema(showWhen: ShowWhen): JsonObject {
  const test: JsonObject = showWhen.values.length === 1 ? { const: showWhen.values[0] } : { enum: showWhen.values };
  return { properties: { [showWhen.field]: test }, required: [showWhen.field] };
}

/**
 * One object level: its fields' `properties` and `required`, and for the fields shown only on a
 * condition, `allOf: [{if, then}]` entries, one per distinct condition. RJSF adds a `then`'s
 * properties to the form while its `if` holds and drops them otherwise, so the field appears and
 * disappears as the cadre answers; the validator requires it only then.
 */
function writeLevel(fields: readonly BuilderField[], keepSchema: JsonObject, keepUi: JsonObject, path: string, paths: FieldPaths): { schema: JsonObject; ui: JsonObject } {
  const properties: JsonObject = {};
  const required: string[] = [];
  const ui: JsonObject = { ...keepUi };
  const branches = new Map<string, { showWhen: ShowWhen; properties: JsonObject; required: string[]; index: number }>();
  const keptAllOf = Array.isArray(keepSchema.allOf) ? keepSchema.allOf : [];
  for (const field of fields) {
    const written = writeField(field, paths);
    if (Object.keys(written.ui).length > 0) ui[field.key] = written.ui;
    if (!field.showWhen) {
      properties[field.key] = written.schema;
      if (field.required) required.push(field.key);
      paths.set(`${path}/properties/${field.key}`, field.id);
      rebase(paths, field.id, `${path}/properties/${field.key}`);
      continue;
    }
    const signature = conditionSignature(field.showWhen);
    let branch = branches.get(signature);
    if (!branch) {
      branch = { showWhen: field.showWhen, properties: {}, required: [], index: keptAllOf.length + branches.size };
      branches.set(signature, branch);
    }
    branch.properties[field.key] = written.schema;
    if (field.required) branch.required.push(field.key);
    const at = `${path}/allOf/${branch.index}/then/properties/${field.key}`;
    paths.set(at, field.id);
    rebase(paths, field.id, at);
  }
  // Fields of kept conditions (not the builder's own) still need a place in the order, or the form
  // refuses to draw once their condition holds; they follow the builder's fields.
  const keys = fields.map((field) => field.key);
  const keptKeys = keptAllOf.flatMap(branchKeys).filter((key) => !keys.includes(key));
  ui['ui:order'] = [...keys, ...new Set(keptKeys)];
  const { allOf: _kept, additionalProperties, ...rest } = keepSchema;
  const schema: JsonObject = { ...rest, type: 'object', properties };
  if (required.length > 0) schema.required = required;
  const allOf: Json[] = [
    ...keptAllOf,
    ...[...branches.values()].map((branch) => ({
      if: conditionSchema(branch.showWhen),
      then: { properties: branch.properties, ...(branch.required.length > 0 && { required: branch.required }) },
    })),
  ];
  if (allOf.length > 0) schema.allOf = allOf;
  // A field declared in a `then` is invisible to `additionalProperties`, which would refuse it:
  // a level with conditional fields leaves extra keys to the server's own checks.
  if (additionalProperties !== undefined && branches.size === 0) schema.additionalProperties = additionalProperties;
  return { schema, ui };
}

/** The properties an `allOf` entry's `then` and `else` declare. */
function branchKeys(entry: Json): string[] {
  if (!isObject(entry)) return [];
  return [entry.then, entry.else].flatMap((side) => (isObject(side) && isObject(side.properties) ? Object.keys(side.properties) : []));
}

/** Nested paths were recorded relative to their field (prefix `~field~`); now its place is known. */
function rebase(paths: FieldPaths, fieldId: string, at: string): void {
  const prefix = `~${fieldId}~`;
  for (const [path, id] of [...paths]) {
    if (!path.startsWith(prefix)) continue;
    paths.delete(path);
    paths.set(`${at}${path.slice(prefix.length)}`, id);
  }
}

function writeField(field: BuilderField, paths: FieldPaths): { schema: JsonObject; ui: JsonObject } {
  const ui: JsonObject = { ...field.keep.ui };
  const base: JsonObject = { ...field.keep.schema };
  const texts: JsonObject = { title: field.label, ...(field.help.trim() && { description: field.help.trim() }) };
  const limits = definedLimits(field.limits, KIND_LIMITS[field.kind]);
  const pattern: JsonObject = field.pattern.trim() && (field.kind === 'text' || field.kind === 'longText') ? { pattern: field.pattern.trim() } : {};
  const labels = field.options.map((option) => option.label);
  const values = field.options.map((option) => option.value);
  switch (field.kind) {
    case 'text':
      return { schema: { ...base, type: 'string', ...texts, ...limits, ...pattern }, ui };
    case 'longText':
      return { schema: { ...base, type: 'string', ...texts, ...limits, ...pattern }, ui: { ...ui, 'ui:widget': 'textarea' } };
    case 'number':
      return { schema: { ...base, type: 'number', ...texts, ...limits }, ui };
    case 'wholeNumber':
      return { schema: { ...base, type: 'integer', ...texts, ...limits }, ui };
    case 'date':
      return { schema: { ...base, type: 'string', ...texts, format: 'date' }, ui: { ...ui, 'ui:widget': 'date' } };
    case 'choice':
      return { schema: { ...base, type: 'string', ...texts, enum: values }, ui: { ...ui, 'ui:enumNames': labels } };
    case 'multiChoice':
      return {
        schema: { ...base, type: 'array', ...texts, uniqueItems: true, ...limits, items: { type: 'string', enum: values } },
        ui: { ...ui, 'ui:widget': 'checkboxes', 'ui:enumNames': labels },
      };
    case 'yesNo':
      return { schema: { ...base, type: 'boolean', ...texts }, ui: { ...ui, 'ui:widget': 'radio' } };
    case 'gps':
      return { schema: { ...base, type: 'object', ...texts, additionalProperties: false, required: ['lat', 'lon'], properties: GPS_PROPERTIES }, ui: { ...ui, 'ui:widget': 'gps' } };
    case 'photo':
      return { schema: { ...base, type: 'string', ...texts, format: 'file-id' }, ui: { ...ui, 'ui:widget': 'photo' } };
    case 'group': {
      const level = writeLevel(field.fields, base, ui, `~${field.id}~`, paths);
      return { schema: { ...level.schema, ...texts }, ui: level.ui };
    }
    case 'repeat': {
      const { items: keptItems, ...arrayKeep } = base;
      const { items: keptItemsUi, ...arrayUi } = ui;
      const level = writeLevel(field.fields, isObject(keptItems) ? keptItems : {}, isObject(keptItemsUi) ? keptItemsUi : {}, `~${field.id}~/items`, paths);
      return { schema: { ...arrayKeep, type: 'array', ...texts, ...limits, items: level.schema }, ui: { ...arrayUi, items: level.ui } };
    }
    case 'custom':
      return { schema: base, ui };
  }
}

/** The builder's fields as a submission schema and its uiSchema. */
export function toDefinition(model: BuilderModel): FormDefinition {
  const { schema, ui } = writeLevel(model.fields, model.keep.schema, model.keep.ui, '/schema', new Map());
  return { schema, uiSchema: ui };
}

/** Which field each schema path of `toDefinition(model)` belongs to (`/schema/properties/a` → its id). */
function fieldPaths(model: BuilderModel): FieldPaths {
  const paths: FieldPaths = new Map();
  writeLevel(model.fields, model.keep.schema, model.keep.ui, '/schema', paths);
  return paths;
}

/** The field a definition path (an error's `path`, such as `/schema/properties/a/pattern`) is about, if any. */
export function fieldForPath(model: BuilderModel, path: string): string | null {
  let best: { length: number; id: string } | null = null;
  for (const [at, id] of fieldPaths(model)) {
    if ((path === at || path.startsWith(`${at}/`)) && (!best || at.length > best.length)) best = { length: at.length, id };
  }
  return best?.id ?? null;
}

// ————— JSON → model —————

const typeOf = (schema: JsonObject): string | null => (typeof schema.type === 'string' ? schema.type : null);
const stringList = (value: Json | undefined): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isConditionValue = (value: Json): value is ConditionValue => ['string', 'number', 'boolean'].includes(typeof value);

function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isGps(schema: JsonObject, ui: JsonObject): boolean {
  if (typeOf(schema) !== 'object' || !isObject(schema.properties)) return false;
  const standard = sameJson(schema.properties, GPS_PROPERTIES) && sameJson(schema.required, ['lat', 'lon']);
  return standard && (ui['ui:widget'] === 'gps' || ui['ui:widget'] === undefined);
}

function kindOf(schema: JsonObject, ui: JsonObject): FieldKind {
  const type = typeOf(schema);
  const widget = ui['ui:widget'];
  if (isGps(schema, ui)) return 'gps';
  if (type === 'object' && isObject(schema.properties)) return 'group';
  if (type === 'array' && isObject(schema.items)) {
    const items = schema.items;
    if (typeOf(items) === 'object' && isObject(items.properties)) return 'repeat';
    if (typeOf(items) === 'string' && stringList(items.enum) && Object.keys(items).length === 2) return 'multiChoice';
    return 'custom';
  }
  if (type === 'string') {
    if (schema.format === 'file-id') return 'photo';
    if (schema.format === 'date') return 'date';
    if (schema.format !== undefined) return 'custom';
    if (schema.enum !== undefined) return stringList(schema.enum) ? 'choice' : 'custom';
    return widget === 'textarea' ? 'longText' : 'text';
  }
  if (type === 'number') return 'number';
  if (type === 'integer') return 'wholeNumber';
  if (type === 'boolean') return 'yesNo';
  return 'custom';
}

/** The keywords each kind writes itself; the rest of a field's schema is kept. */
const OWN_SCHEMA: Record<FieldKind, string[]> = {
  text: ['type', 'title', 'description', 'minLength', 'maxLength', 'pattern'],
  longText: ['type', 'title', 'description', 'minLength', 'maxLength', 'pattern'],
  number: ['type', 'title', 'description', 'minimum', 'maximum'],
  wholeNumber: ['type', 'title', 'description', 'minimum', 'maximum'],
  date: ['type', 'title', 'description', 'format'],
  choice: ['type', 'title', 'description', 'enum'],
  multiChoice: ['type', 'title', 'description', 'uniqueItems', 'minItems', 'maxItems', 'items'],
  yesNo: ['type', 'title', 'description'],
  gps: ['type', 'title', 'description', 'additionalProperties', 'required', 'properties'],
  photo: ['type', 'title', 'description', 'format'],
  group: ['type', 'title', 'description', 'properties', 'required', 'allOf'],
  repeat: ['type', 'title', 'description', 'minItems', 'maxItems'],
  custom: [],
};

/** The widget each kind sets itself, dropped on reading so it is not kept twice. */
const OWN_WIDGET: Partial<Record<FieldKind, string>> = {
  longText: 'textarea',
  date: 'date',
  multiChoice: 'checkboxes',
  yesNo: 'radio',
  gps: 'gps',
  photo: 'photo',
};

function without(object: JsonObject, keys: string[]): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

function readLimits(schema: JsonObject, kind: FieldKind): Limits {
  const limits: Limits = {};
  for (const name of KIND_LIMITS[kind]) {
    const value = schema[name];
    if (typeof value === 'number') limits[name] = value;
  }
  return limits;
}

function readOptions(values: string[], labels: Json | undefined): ChoiceOption[] {
  const names = stringList(labels) && labels.length === values.length ? labels : values;
  return values.map((value, index) => ({ value, label: names[index] }));
}

function readField(key: string, schema: JsonObject, ui: JsonObject, required: boolean, showWhen: ShowWhen | null): BuilderField {
  const kind = kindOf(schema, ui);
  const field: BuilderField = {
    id: newFieldId(),
    key,
    keyLocked: true,
    kind,
    label: typeof schema.title === 'string' ? schema.title : key,
    help: kind !== 'custom' && typeof schema.description === 'string' ? schema.description : '',
    required,
    limits: readLimits(schema, kind),
    pattern: (kind === 'text' || kind === 'longText') && typeof schema.pattern === 'string' ? schema.pattern : '',
    options: [],
    fields: [],
    showWhen,
    keep: { schema: without(schema, OWN_SCHEMA[kind]), ui: ui['ui:widget'] === OWN_WIDGET[kind] ? without(ui, ['ui:widget']) : { ...ui } },
  };
  if (kind === 'choice') {
    field.options = readOptions(schema.enum as string[], ui['ui:enumNames']);
    field.keep.ui = without(field.keep.ui, ['ui:enumNames']);
  }
  if (kind === 'multiChoice') {
    field.options = readOptions((schema.items as JsonObject).enum as string[], ui['ui:enumNames']);
    field.keep.ui = without(field.keep.ui, ['ui:enumNames']);
  }
  if (kind === 'group') {
    const level = readLevel(schema, ui);
    field.fields = level.fields;
    field.keep = { schema: without(level.keep.schema, ['title', 'description']), ui: level.keep.ui };
  }
  if (kind === 'repeat') {
    const items = schema.items as JsonObject;
    const itemsUi = isObject(ui.items) ? ui.items : {};
    const level = readLevel(items, itemsUi);
    field.fields = level.fields;
    const keptItems = (kept: JsonObject): JsonObject => (Object.keys(kept).length > 0 ? { items: kept } : {});
    field.keep = {
      schema: { ...without(schema, [...OWN_SCHEMA.repeat, 'items']), ...keptItems(level.keep.schema) },
      ui: { ...without(field.keep.ui, ['items']), ...keptItems(level.keep.ui) },
    };
  }
  if (kind === 'custom') field.keep = { schema: { ...schema }, ui: { ...ui } };
  return field;
}

/** An `allOf` entry the builder writes: `{if: {properties: {k: {const|enum}}, required: [k]}, then: {properties, required?}}`. */
function readBranch(entry: Json): { showWhen: ShowWhen; properties: JsonObject; required: string[] } | null {
  if (!isObject(entry) || !sameJson(Object.keys(entry).sort(), ['if', 'then'])) return null;
  const test = entry.if;
  const then = entry.then;
  if (!isObject(test) || !isObject(then) || !isObject(test.properties)) return null;
  if (!sameJson(Object.keys(test).sort(), ['properties', 'required'])) return null;
  const names = Object.keys(test.properties);
  if (names.length !== 1 || !sameJson(test.required, names)) return null;
  const compared = test.properties[names[0]];
  if (!isObject(compared) || Object.keys(compared).length !== 1) return null;
  const values = 'const' in compared ? [compared.const] : Array.isArray(compared.enum) ? compared.enum : null;
  if (!values || values.length === 0 || !values.every(isConditionValue)) return null;
  if (!isObject(then.properties) || Object.keys(then).some((name) => name !== 'properties' && name !== 'required')) return null;
  const required = then.required ?? [];
  if (!stringList(required)) return null;
  return { showWhen: { field: names[0], values: values as ConditionValue[] }, properties: then.properties, required };
}

function readLevel(schema: JsonObject, ui: JsonObject): BuilderModel {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = stringList(schema.required) ? schema.required : [];
  const fields: BuilderField[] = [];
  for (const [key, child] of Object.entries(properties)) {
    if (isObject(child)) fields.push(readField(key, child, isObject(ui[key]) ? ui[key] : {}, required.includes(key), null));
  }
  const keptAllOf: Json[] = [];
  for (const entry of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const branch = readBranch(entry);
    const clashes = branch && Object.keys(branch.properties).some((key) => key in properties || fields.some((field) => field.key === key));
    if (!branch || clashes) {
      keptAllOf.push(entry);
      continue;
    }
    for (const [key, child] of Object.entries(branch.properties)) {
      if (isObject(child)) fields.push(readField(key, child, isObject(ui[key]) ? ui[key] : {}, branch.required.includes(key), branch.showWhen));
    }
  }
  const order = stringList(ui['ui:order']) ? ui['ui:order'] : [];
  const rank = (key: string): number => (order.includes(key) ? order.indexOf(key) : order.includes('*') ? order.indexOf('*') : order.length);
  fields.sort((a, b) => rank(a.key) - rank(b.key));
  const keepSchema = without(schema, ['type', 'properties', 'required', 'allOf']);
  if (keptAllOf.length > 0) keepSchema.allOf = keptAllOf;
  const fieldKeys = new Set(fields.map((field) => field.key));
  const keepUi = Object.fromEntries(Object.entries(ui).filter(([key]) => key !== 'ui:order' && !fieldKeys.has(key)));
  return { fields, keep: { schema: keepSchema, ui: keepUi } };
}

/** The builder's model of a submission schema and its uiSchema (the JSON editor → builder direction). */
export function fromDefinition(schema: JsonObject, uiSchema: JsonObject | null | undefined): BuilderModel {
  return readLevel(schema, uiSchema ?? {});
}

// ————— edits —————

/** The list a field lives in, and its index there; null when no field has that id. */
function locate(fields: BuilderField[], id: string): { list: BuilderField[]; index: number } | null {
  const index = fields.findIndex((field) => field.id === id);
  if (index >= 0) return { list: fields, index };
  for (const field of fields) {
    const found = locate(field.fields, id);
    if (found) return found;
  }
  return null;
}

export function findField(fields: BuilderField[], id: string): BuilderField | null {
  const found = locate(fields, id);
  return found ? found.list[found.index] : null;
}

/** A deep copy to edit: the model handed to React is never changed in place. */
function cloneModel(model: BuilderModel): BuilderModel {
  return structuredClone(model);
}

/**
 * Changes a field's label; a key not yet stored follows it, and the siblings' conditions that named
 * the old key name the new one.
 */
export function relabel(model: BuilderModel, id: string, label: string): BuilderModel {
  const next = cloneModel(model);
  const found = locate(next.fields, id);
  if (!found) return model;
  const field = found.list[found.index];
  field.label = label;
  if (!field.keyLocked) {
    const oldKey = field.key;
    field.key = uniqueKey(slugifyKey(label), found.list.filter((other) => other.id !== id).map((other) => other.key));
    for (const sibling of found.list) if (sibling.showWhen?.field === oldKey) sibling.showWhen.field = field.key;
  }
  return next;
}

/** Changes an option's label and its value with it; conditions on the old value follow. */
export function relabelOption(model: BuilderModel, id: string, index: number, label: string): BuilderModel {
  const next = cloneModel(model);
  const found = locate(next.fields, id);
  if (!found) return model;
  const field = found.list[found.index];
  const option = field.options[index];
  if (!option) return model;
  const oldValue = option.value;
  option.label = label;
  option.value = uniqueKey(slugifyKey(label), field.options.filter((_, other) => other !== index).map((other) => other.value));
  for (const sibling of found.list) {
    if (sibling.showWhen?.field === field.key) sibling.showWhen.values = sibling.showWhen.values.map((value) => (value === oldValue ? option.value : value));
  }
  return next;
}

/** Applies `change` to a copy of the field with that id. */
export function updateField(model: BuilderModel, id: string, change: (field: BuilderField) => void): BuilderModel {
  const next = cloneModel(model);
  const field = findField(next.fields, id);
  if (!field) return model;
  change(field);
  return next;
}

/** Adds `field` at the end of the root list, or of the group `parentId`. */
export function addField(model: BuilderModel, field: BuilderField, parentId: string | null): BuilderModel {
  const next = cloneModel(model);
  const parent = parentId ? findField(next.fields, parentId) : null;
  (parent ? parent.fields : next.fields).push(field);
  return next;
}

export function removeField(model: BuilderModel, id: string): BuilderModel {
  const next = cloneModel(model);
  const found = locate(next.fields, id);
  if (!found) return model;
  const [removed] = found.list.splice(found.index, 1);
  // A condition on a field that is gone would hide its field for ever.
  for (const sibling of found.list) if (sibling.showWhen?.field === removed.key) sibling.showWhen = null;
  return next;
}

/** Moves a field `by` places (−1 up, +1 down) within its list. */
export function moveField(model: BuilderModel, id: string, by: number): BuilderModel {
  const next = cloneModel(model);
  const found = locate(next.fields, id);
  if (!found) return model;
  const target = found.index + by;
  if (target < 0 || target >= found.list.length) return model;
  const [field] = found.list.splice(found.index, 1);
  found.list.splice(target, 0, field);
  return next;
}

/** Moves a field to just before `beforeId` in that field's list (drag and drop), or to the end of the group `parentId`. */
export function moveFieldTo(model: BuilderModel, id: string, beforeId: string | null, parentId: string | null): BuilderModel {
  if (id === beforeId || id === parentId) return model;
  const next = cloneModel(model);
  const found = locate(next.fields, id);
  if (!found) return model;
  // Never into itself.
  if (parentId && findField(found.list[found.index].fields, parentId)) return model;
  const [field] = found.list.splice(found.index, 1);
  if (beforeId) {
    const target = locate(next.fields, beforeId);
    if (!target) return model;
    target.list.splice(target.index, 0, field);
  } else {
    const parent = parentId ? findField(next.fields, parentId) : null;
    (parent ? parent.fields : next.fields).push(field);
  }
  if (field.showWhen && !locate(next.fields, field.id)!.list.some((sibling) => sibling.key === field.showWhen!.field)) field.showWhen = null;
  return next;
}

/** The fields a condition of field `id` may name: its siblings before it, of a kind with comparable values. */
export function conditionSources(model: BuilderModel, id: string): BuilderField[] {
  const found = locate(model.fields, id);
  if (!found) return [];
  return found.list.slice(0, found.index).filter((field) => CONDITION_KINDS.includes(field.kind) && !field.showWhen);
}
