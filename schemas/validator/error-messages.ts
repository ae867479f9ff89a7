import type { ErrorObject } from 'ajv';
import { appendPointer, type FieldError, type MessageLanguage } from './field-error';
import { choicesOf, fieldLabel, pointerTokens, schemaKeyword, themeMessage, walkPointer, type FieldStep, type ThemeTexts } from './field-texts';
import { messageCatalog, type MessageCatalog } from './message-catalog';
import { INDONESIAN } from './messages-id';

/**
 * The keywords whose errors have a plain message here, and so the keywords a theme may give its own
 * words for (`messages: {"/field": {keyword: text}}`): every validating keyword the safe-schema
 * policy lets a schema use (`if`, `allOf`, `$ref` … never fail on their own).
 */
export const MESSAGE_KEYWORDS = [
  'required', 'dependentRequired', 'dependencies', 'type', 'const', 'enum', 'multipleOf', 'minimum',
  'exclusiveMinimum', 'maximum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'format',
  'minItems', 'maxItems', 'uniqueItems', 'contains', 'items', 'unevaluatedItems', 'minProperties',
  'maxProperties', 'additionalProperties', 'unevaluatedProperties', 'propertyNames', 'not', 'anyOf', 'oneOf',
] as const;

// When one field fails several keywords, the person is shown one message: the theme's own for one of
// them if it has one, else the first in this order. A pattern that only says "digits" (a NIK) words
// better than its length limits; any other pattern worse.
const PRIORITY = [
  'type', 'required', 'dependentRequired', 'dependencies', 'additionalProperties', 'unevaluatedProperties',
  'propertyNames', 'false schema', 'const', 'enum', 'oneOf', 'anyOf', 'not', 'format', 'digits', 'minLength',
  'maxLength', 'pattern', 'multipleOf', 'minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum',
  'minItems', 'maxItems', 'uniqueItems', 'contains', 'items', 'unevaluatedItems', 'minProperties', 'maxProperties',
];

// Keywords whose failure is reported on their own line *and* through the errors of their
// subschemas, which only say why each alternative (or each name) did not match.
const WRAPPERS_WITH_NOISY_BRANCHES = new Set(['anyOf', 'oneOf', 'contains', 'propertyNames']);

type Params = Record<string, unknown>;

const stringParam = (error: ErrorObject, name: string): string | undefined => {
  const value: unknown = (error.params as Params)[name];
  return typeof value === 'string' ? value : undefined;
};

/** '/a/b' → ['', '/a', '/a/b']: the pointer and every ancestor of it. */
const prefixes = (pointer: string): string[] => {
  const result = [''];
  for (let index = pointer.indexOf('/', 1); index !== -1; index = pointer.indexOf('/', index + 1)) {
    result.push(pointer.slice(0, index));
  }
  if (pointer !== '') result.push(pointer);
  return result;
};

/** '#/anyOf/0/type' → ['#', '#/anyOf', '#/anyOf/0']: every ancestor, not the path itself. */
const properPrefixes = (schemaPath: string): string[] => {
  const result: string[] = [];
  for (let index = schemaPath.indexOf('/'); index !== -1; index = schemaPath.indexOf('/', index + 1)) {
    result.push(schemaPath.slice(0, index));
  }
  return result;
};

/** The pointer into the data that names the field a person must fix. */
const fieldPath = (error: ErrorObject): string => {
  // A missing or unexpected property is a problem of that property, not of its parent object.
  const property =
    stringParam(error, 'missingProperty') ??
    stringParam(error, 'additionalProperty') ??
    stringParam(error, 'unevaluatedProperty') ??
    error.propertyName ??
    stringParam(error, 'propertyName');
  return property === undefined ? error.instancePath : appendPointer(error.instancePath, property);
};

/** `^[0-9]{16}$`, `^\d{8,12}$`, `^[0-9]+$` …: patterns that only ask for digits, as [min, max]. */
const digitsOf = (pattern: unknown): [number, number | undefined] | null => {
  const match = typeof pattern === 'string' ? /^\^(?:\[0-9\]|\\d)(?:\{(\d+)(,(\d*))?\}|([+*]))?\$$/.exec(pattern) : null;
  if (!match) return null;
  const [, min, comma, max, repeat] = match;
  if (repeat) return [repeat === '+' ? 1 : 0, undefined];
  if (min === undefined) return [1, 1];
  return [Number(min), comma === undefined ? Number(min) : max ? Number(max) : undefined];
};

/** 0.1 → 1, 0.01 → 2: a `multipleOf` that only limits decimal places; else null. */
const decimalPlaces = (divisor: number): number | null => {
  for (let places = 1; places <= 10; places += 1) if (divisor === Number((10 ** -places).toFixed(places))) return places;
  return null;
};

/** The subschema at an Ajv schema path (`#/properties/a/oneOf`). */
const schemaAt = (schema: unknown, schemaPath: string): unknown => {
  let node = schema;
  for (const token of pointerTokens(schemaPath.replace(/^#/, ''))) {
    node = typeof node === 'object' && node !== null ? (node as Params)[token] : undefined;
  }
  return node;
};

const isObject = (value: unknown): value is Params => typeof value === 'object' && value !== null && !Array.isArray(value);

interface Context {
  catalog: MessageCatalog;
  texts: ThemeTexts;
  lang: MessageLanguage;
}

const labelAt = (context: Context, steps: FieldStep[]): string => fieldLabel(context.texts, steps, context.lang, context.catalog.item, context.catalog.form);
const labelOf = (context: Context, pointer: string): string => labelAt(context, walkPointer(context.texts.schema, pointer));

/** The name a person knows the field at a data pointer by (`/anak/1/berat` → "Berat (Anak ke-2)"), as messages name it. */
export const fieldTitle = (texts: ThemeTexts, pointer: string, lang: MessageLanguage): string =>
  labelOf({ catalog: messageCatalog(lang) ?? INDONESIAN, texts, lang }, pointer);

/** A failed anyOf/oneOf: a list of choices, a choice of required fields, or anything else. */
const alternativesMessage = (context: Context, error: ErrorObject, label: string): string => {
  const branches = schemaAt(context.texts.schema, error.schemaPath);
  const { catalog } = context;
  if (!Array.isArray(branches) || branches.length === 0) return catalog.noMatch(label);
  if (allConst(branches)) return catalog.choose(label);
  const required = branches.map((branch) => (isObject(branch) && Array.isArray(branch.required) && Object.keys(branch).length === 1 ? branch.required : null));
  if (required.every((names) => names !== null && names.length === 1 && typeof names[0] === 'string')) {
    return catalog.oneOfRequired(required.map((names) => labelOf(context, appendPointer(error.instancePath, String(names?.[0])))));
  }
  return catalog.noMatch(label);
};

const allConst = (branches: unknown): boolean =>
  Array.isArray(branches) && branches.length > 0 && branches.every((branch) => isObject(branch) && 'const' in branch);

/** A missing answer: a yes/no question and a choice ask to choose, any other field to be filled. */
const requiredMessage = (context: Context, node: unknown, label: string): string => {
  const { catalog, texts } = context;
  if (schemaKeyword(texts.schema, node, 'type') === 'boolean') return catalog.type(label, 'boolean');
  const choices = ['enum', 'oneOf', 'anyOf'].map((keyword) => schemaKeyword(texts.schema, node, keyword));
  return Array.isArray(choices[0]) || allConst(choices[1]) || allConst(choices[2]) ? catalog.choose(label) : catalog.required(label);
};

/** The plain message of one error, for the field `steps` lead to. */
const messageOf = (context: Context, error: ErrorObject, steps: FieldStep[]): string => {
  const { catalog } = context;
  const label = labelAt(context, steps);
  const params = error.params as Params;
  const limit = Number(params.limit);
  switch (error.keyword) {
    case 'required':
      return requiredMessage(context, steps[steps.length - 1]?.node, label);
    case 'dependentRequired':
    case 'dependencies':
      return catalog.requiredWith(label, labelOf(context, appendPointer(error.instancePath, String(params.property))));
    case 'type':
      // A union such as "integer,null": the first type is the one the field asks for.
      return catalog.type(label, String(params.type).split(',')[0]);
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return catalog[error.keyword](label, catalog.number(limit));
    case 'multipleOf': {
      const divisor = Number(params.multipleOf);
      const places = decimalPlaces(divisor);
      return divisor === 1 ? catalog.type(label, 'integer') : places !== null ? catalog.decimals(label, places) : catalog.multipleOf(label, catalog.number(divisor));
    }
    case 'minLength':
      return limit === 1 ? catalog.required(label) : catalog.minLength(label, limit);
    case 'maxLength':
      return catalog.maxLength(label, limit);
    case 'pattern': {
      const digits = digitsOf(params.pattern);
      return digits ? catalog.digits(label, digits[0], digits[1]) : catalog.pattern(label);
    }
    case 'format':
      return catalog.format(label, String(params.format));
    case 'enum':
      return catalog.choose(label);
    case 'const':
      return catalog.constant(label, params.allowedValue);
    case 'minItems':
    case 'maxItems': {
      const choices = choicesOf(context.texts.schema, steps[steps.length - 1]?.node) !== undefined;
      return catalog[error.keyword](label, limit, choices);
    }
    case 'items':
    case 'unevaluatedItems':
      return catalog.maxItems(label, Number(params.limit ?? params.len), false);
    case 'uniqueItems': {
      const [first, second] = [Number(params.i), Number(params.j)].sort((left, right) => left - right);
      return catalog.uniqueItems(label, first + 1, second + 1);
    }
    case 'contains':
      return catalog.contains(label);
    case 'minProperties':
    case 'maxProperties':
      return catalog[error.keyword](label, limit);
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return catalog.unknownField(label);
    case 'propertyNames':
      return catalog.propertyName(String(params.propertyName));
    case 'not':
      return catalog.not(label);
    case 'anyOf':
    case 'oneOf':
      return alternativesMessage(context, error, label);
    case 'false schema':
      return catalog.empty(label);
    default:
      return catalog.invalid(label);
  }
};

const rank = (error: ErrorObject): number => {
  const keyword = error.keyword === 'pattern' && digitsOf((error.params as Params).pattern) ? 'digits' : error.keyword;
  const index = PRIORITY.indexOf(keyword);
  return index === -1 ? PRIORITY.length : index;
};

/**
 * Turns Ajv's errors into the API's `errors[]`: one per field a person must fix, its path a data
 * pointer, its message in plain Bahasa Indonesia (or English) that names the field by its label and
 * says what to do — the theme's own words when it has them (`texts`). Without the noise of `if` and
 * of the alternatives of a failed `anyOf`/`oneOf`. The browser shows exactly these messages.
 */
export const toFieldErrors = (
  errors: readonly ErrorObject[] | null | undefined,
  lang: MessageLanguage,
  texts: ThemeTexts = {},
): FieldError[] => {
  if (!errors || errors.length === 0) return [];

  // A failed anyOf/oneOf/contains keeps its own error; its branches' errors (found by schema path,
  // within the same data) are dropped: no single branch is what the person must satisfy.
  // Branches that are `$ref`s report the referenced schema's path and so stay.
  const wrappers = new Set(
    errors
      .filter((error) => WRAPPERS_WITH_NOISY_BRANCHES.has(error.keyword))
      .map((error) => `${error.schemaPath}\u0000${error.instancePath}`),
  );
  const isBranchNoise = (error: ErrorObject): boolean =>
    wrappers.size > 0 &&
    properPrefixes(error.schemaPath).some((schemaPath) =>
      prefixes(error.instancePath).some((instancePath) => wrappers.has(`${schemaPath}\u0000${instancePath}`)),
    );

  // Bahasa Indonesia is always at hand; another language once its words have been added (addMessageCatalog).
  const context: Context = { catalog: messageCatalog(lang) ?? INDONESIAN, texts, lang };
  // One message per field, in the order Ajv first reported each field.
  const chosen = new Map<string, { error: ErrorObject; steps: FieldStep[]; own?: string; rank: number }>();
  for (const error of errors) {
    // "must match the then schema" only repeats the errors of `then`/`else`, reported as well.
    if (error.keyword === 'if' || isBranchNoise(error)) continue;
    const path = fieldPath(error);
    const steps = walkPointer(texts.schema, path);
    const field = steps.length === 0 ? '' : steps[steps.length - 1].field;
    const own = themeMessage(texts, field, error.keyword, lang);
    const candidate = { error, steps, own, rank: (own === undefined ? PRIORITY.length + 1 : 0) + rank(error) };
    const current = chosen.get(path);
    if (!current || candidate.rank < current.rank) chosen.set(path, candidate);
  }
  return [...chosen].map(([path, { error, steps, own }]) => ({
    path,
    keyword: error.keyword,
    message: own ?? messageOf(context, error, steps),
  }));
};
