import { formatNames } from 'ajv-formats/dist/formats';
import { CUSTOM_FORMATS } from './ajv-options';
import { appendPointer, type FieldError, type MessageLanguage } from './field-error';
import { compileLinearPattern } from './linear-regexp';
// Refusing what RE2 cannot run needs RE2 itself.
import './re2-default';

// Admin-written schemas are untrusted input: they are compiled to code on the server and run on
// every submission. This module decides, before Ajv sees a schema, whether it may be used.
//
// The policy, in short:
// - keywords: JSON Schema 2020-12 core (local part), applicator, unevaluated, validation,
//   format-annotation, content and meta-data, plus `definitions` and `dependencies` (draft-07
//   spellings RJSF still uses). RJSF's old `enumNames` is refused: RJSF 6 reads `ui:enumNames`
//   from the uiSchema. Anything else (`x-…`, typos) is refused.
// - references: `$ref` only to `#` or `#/…` (a JSON Pointer into the same schema: RJSF resolves
//   nothing else, not even `#anchor`), never recursive, and the schema expanded through them stays
//   under MAX_EXPANDED_SUBSCHEMAS. `$dynamicRef`/`$dynamicAnchor` are refused (RJSF cannot render
//   them, Ajv implements them in part).
// - `$id` is refused at any level, relative or absolute: a theme schema is one self-contained
//   resource, so nothing can change the base URI or register a URI in Ajv. `$schema` may only name
//   2020-12. `$data` is refused anywhere.
// - bounds: MAX_SCHEMA_BYTES, MAX_SCHEMA_DEPTH, MAX_ENUM_VALUES; every `pattern` and
//   `patternProperties` key must be valid ECMAScript and runnable in linear time.
// - field names that Object.prototype already has (`__proto__`, `constructor`, `toString` …).
// - what Ajv strict mode would refuse with an exception (unknown formats, `then` without `if`, …)
//   is reported here with a path instead.

export const MAX_SCHEMA_BYTES = 256 * 1024;
/** Counted in JSON levels (an object or array inside another is one level deeper), data included. */
export const MAX_SCHEMA_DEPTH = 32;
export const MAX_ENUM_VALUES = 5_000;
/**
 * How many subschemas the schema has once every `$ref` is expanded in place. Bounds the work one
 * value can cause: `$defs` that each reference the next one twice would otherwise double it per level.
 */
export const MAX_EXPANDED_SUBSCHEMAS = 100_000;
export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

// Where subschemas sit, so that property names and data (const, enum, default, examples) are never
// mistaken for keywords.
const SCHEMA_KEYWORDS = new Set([
  'items', 'contains', 'additionalProperties', 'propertyNames', 'if', 'then', 'else', 'not',
  'unevaluatedItems', 'unevaluatedProperties', 'contentSchema',
]);
const SCHEMA_ARRAY_KEYWORDS = new Set(['prefixItems', 'allOf', 'anyOf', 'oneOf']);
// `definitions` is the draft-07 spelling of `$defs`; RJSF examples still use it.
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions']);
// JSON Schema 2020-12 core (local part), validation, format-annotation, content and meta-data
// keywords. `dependencies` (draft-07) stays because RJSF builds dynamic forms with it.
const OTHER_KEYWORDS = new Set([
  '$schema', '$ref', '$anchor', '$comment',
  'type', 'const', 'enum', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'maxContains',
  'minContains', 'maxProperties', 'minProperties', 'required', 'dependentRequired', 'dependencies',
  'format', 'contentEncoding', 'contentMediaType',
  'title', 'description', 'default', 'deprecated', 'readOnly', 'writeOnly', 'examples',
]);
// `__proto__`, `constructor`, `toString` …: as field names they pollute or are shadowed by every
// object's prototype (RJSF's formData, Ajv's property reads with `ownProperties: false`).
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
const KNOWN_FORMATS = new Set<string>([...formatNames, ...Object.keys(CUSTOM_FORMATS)]);

type MessageKey =
  | 'tooLarge' | 'tooDeep' | 'notSerializable' | 'data' | 'unknownKeyword' | 'id' | 'dynamic'
  | 'vocabulary' | 'enumNames' | 'dialect' | 'remoteRef' | 'anchorRef' | 'refTarget' | 'refCycle' | 'tooManySubschemas'
  | 'tooManyEnumValues' | 'invalidPattern' | 'backtrackingPattern' | 'unknownFormat' | 'protoName'
  | 'ignoredWithout' | 'ifAlone' | 'minContainsZero' | 'containsImpossible' | 'emptyEnum';

const MESSAGES: Record<MessageLanguage, Record<MessageKey, (arg: string, other: string) => string>> = {
  en: {
    tooLarge: (size) => `the schema is ${size} bytes; at most ${MAX_SCHEMA_BYTES} are allowed`,
    tooDeep: () => `the schema is nested deeper than ${MAX_SCHEMA_DEPTH} levels`,
    notSerializable: () => 'the schema is not a JSON document',
    data: () => '"$data" references are not allowed',
    unknownKeyword: (keyword) => `keyword "${keyword}" is not allowed`,
    id: () => '"$id" is not allowed: a theme schema is self-contained; use "$defs" and "#/$defs/…" references',
    dynamic: (keyword) => `"${keyword}" is not allowed: use "$ref" with "#/$defs/…"`,
    vocabulary: () => '"$vocabulary" belongs in meta-schemas, not in a theme schema',
    enumNames: () => '"enumNames" is not read by the form renderer: put the labels in uiSchema "ui:enumNames", or use "oneOf" with "const" and "title"',
    dialect: () => `"$schema" may only be "${SCHEMA_DIALECT}", at the root`,
    remoteRef: (ref) => `reference "${ref}" is not allowed: only local references starting with "#" are`,
    anchorRef: (ref) => `reference "${ref}" is not allowed: the form renderer only resolves "#/…" JSON Pointers`,
    refTarget: (ref) => `reference "${ref}" does not point to a subschema of this schema`,
    refCycle: (ref) => `reference "${ref}" is recursive; recursive schemas are not allowed`,
    tooManySubschemas: () => `references expand the schema to more than ${MAX_EXPANDED_SUBSCHEMAS} subschemas`,
    tooManyEnumValues: (count) => `"enum" has ${count} values; at most ${MAX_ENUM_VALUES} are allowed`,
    invalidPattern: (pattern) => `"${pattern}" is not a valid regular expression`,
    backtrackingPattern: (pattern) =>
      `pattern "${pattern}" is not allowed because it may backtrack: backreferences, lookahead and lookbehind cannot be matched in linear time`,
    unknownFormat: (format) => `unknown format "${format}"`,
    protoName: (name) => `the property name "${name}" is not allowed: every JavaScript object already has it`,
    ignoredWithout: (keyword, other) => `"${keyword}" without "${other}" has no effect`,
    ifAlone: () => '"if" without "then" or "else" has no effect',
    minContainsZero: () => '"minContains": 0 without "maxContains" makes "contains" have no effect',
    containsImpossible: () => '"minContains" is greater than "maxContains": no array can be valid',
    emptyEnum: () => '"enum" has no values: no value can be valid',
  },
  id: {
    tooLarge: (size) => `ukuran skema ${size} byte; paling banyak ${MAX_SCHEMA_BYTES} byte`,
    tooDeep: () => `skema bersarang lebih dalam dari ${MAX_SCHEMA_DEPTH} tingkat`,
    notSerializable: () => 'skema bukan dokumen JSON',
    data: () => 'referensi "$data" tidak diizinkan',
    unknownKeyword: (keyword) => `kata kunci "${keyword}" tidak diizinkan`,
    id: () => '"$id" tidak diizinkan: skema tematik harus berdiri sendiri; gunakan "$defs" dan referensi "#/$defs/…"',
    dynamic: (keyword) => `"${keyword}" tidak diizinkan: gunakan "$ref" dengan "#/$defs/…"`,
    vocabulary: () => '"$vocabulary" hanya untuk meta-skema, bukan skema tematik',
    enumNames: () => '"enumNames" tidak dibaca oleh formulir: tulis label di uiSchema "ui:enumNames", atau gunakan "oneOf" dengan "const" dan "title"',
    dialect: () => `"$schema" hanya boleh "${SCHEMA_DIALECT}", di akar skema`,
    remoteRef: (ref) => `referensi "${ref}" tidak diizinkan: hanya referensi lokal yang diawali "#"`,
    anchorRef: (ref) => `referensi "${ref}" tidak diizinkan: formulir hanya dapat mengikuti JSON Pointer "#/…"`,
    refTarget: (ref) => `referensi "${ref}" tidak menunjuk ke subskema di dalam skema ini`,
    refCycle: (ref) => `referensi "${ref}" rekursif; skema rekursif tidak diizinkan`,
    tooManySubschemas: () => `referensi membuat skema lebih dari ${MAX_EXPANDED_SUBSCHEMAS} subskema`,
    tooManyEnumValues: (count) => `"enum" berisi ${count} nilai; paling banyak ${MAX_ENUM_VALUES}`,
    invalidPattern: (pattern) => `"${pattern}" bukan ekspresi reguler yang valid`,
    backtrackingPattern: (pattern) =>
      `pola "${pattern}" tidak diizinkan karena dapat melakukan backtracking: backreference, lookahead dan lookbehind tidak dapat dicocokkan dalam waktu linear`,
    unknownFormat: (format) => `format "${format}" tidak dikenal`,
    protoName: (name) => `nama properti "${name}" tidak diizinkan: setiap objek JavaScript sudah memilikinya`,
    ignoredWithout: (keyword, other) => `"${keyword}" tanpa "${other}" tidak berpengaruh`,
    ifAlone: () => '"if" tanpa "then" atau "else" tidak berpengaruh',
    minContainsZero: () => '"minContains": 0 tanpa "maxContains" membuat "contains" tidak berpengaruh',
    containsImpossible: () => '"minContains" lebih besar dari "maxContains": tidak ada larik yang valid',
    emptyEnum: () => '"enum" tidak berisi nilai: tidak ada nilai yang valid',
  },
};

type JsonObject = { [key: string]: unknown };
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface SchemaNode {
  children: string[];
  refs: Array<{ ref: string; path: string }>;
}

/** Checks one admin-written schema; an empty list means it may be compiled. */
export const checkSchemaSafety = (schema: unknown, lang: MessageLanguage = 'id'): FieldError[] => {
  const messages = MESSAGES[lang];
  const errors: FieldError[] = [];
  const report: Report = (path, keyword, key, arg = '', other = '') => {
    errors.push({ path, keyword, message: messages[key](arg, other) });
  };

  let serialized: string | undefined;
  try {
    serialized = JSON.stringify(schema);
  } catch {
    // Cycles, BigInt, or nesting so deep that the engine's stack ran out.
  }
  if (serialized === undefined) {
    report('', 'type', 'notSerializable');
    return errors;
  }
  const size = new TextEncoder().encode(serialized).length;
  if (size > MAX_SCHEMA_BYTES) {
    report('', 'maxSchemaSize', 'tooLarge', String(size));
    return errors;
  }
  if (!checkDepthAndData(schema, report)) return errors;

  const nodes = new Map<string, SchemaNode>();
  walkSchema(schema, '', { nodes, report });
  if (errors.length === 0) checkReferences(nodes, report);
  return errors;
};

type Report = (path: string, keyword: string, key: MessageKey, arg?: string, other?: string) => void;

// One pass over the whole document, data included: depth first (so the walks below can recurse
// safely), and `$data`, which is refused wherever it appears.
const checkDepthAndData = (document: unknown, report: Report): boolean => {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: document, path: '', depth: 1 }];
  let passed = true;
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_SCHEMA_DEPTH) {
      report(path, 'maxSchemaDepth', 'tooDeep');
      return false;
    }
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((item, index): [string, unknown] => [String(index), item])
      : Object.entries(value);
    for (const [key, child] of entries) {
      if (key === '$data' && !Array.isArray(value)) {
        report(appendPointer(path, key), '$data', 'data');
        passed = false;
      }
      stack.push({ value: child, path: appendPointer(path, key), depth: depth + 1 });
    }
  }
  return passed;
};

interface WalkContext {
  nodes: Map<string, SchemaNode>;
  report: Report;
}

const walkSchema = (schema: unknown, path: string, context: WalkContext): void => {
  const node: SchemaNode = { children: [], refs: [] };
  context.nodes.set(path, node);
  // Non-objects in schema positions are left to Ajv's meta-schema check.
  if (!isObject(schema)) return;
  const { report } = context;
  const visit = (child: unknown, childPath: string): void => {
    node.children.push(childPath);
    walkSchema(child, childPath, context);
  };

  for (const [keyword, value] of Object.entries(schema)) {
    const at = appendPointer(path, keyword);
    if (keyword === '$data') continue; // already reported
    if (SCHEMA_KEYWORDS.has(keyword)) {
      visit(value, at);
    } else if (SCHEMA_ARRAY_KEYWORDS.has(keyword)) {
      if (Array.isArray(value)) value.forEach((child, index) => visit(child, appendPointer(at, index)));
    } else if (SCHEMA_MAP_KEYWORDS.has(keyword)) {
      if (!isObject(value)) continue;
      for (const [name, child] of Object.entries(value)) {
        if (keyword === 'patternProperties') checkPattern(name, appendPointer(at, name), report);
        else if (PROTOTYPE_NAMES.has(name) && keyword !== '$defs' && keyword !== 'definitions') {
          report(appendPointer(at, name), keyword, 'protoName', name);
        }
        visit(child, appendPointer(at, name));
      }
    } else if (keyword === 'dependencies') {
      if (!isObject(value)) continue;
      for (const [name, child] of Object.entries(value)) {
        if (PROTOTYPE_NAMES.has(name)) report(appendPointer(at, name), keyword, 'protoName', name);
        if (!Array.isArray(child)) visit(child, appendPointer(at, name));
      }
    } else if (OTHER_KEYWORDS.has(keyword)) {
      checkKeyword(keyword, value, path, context);
    } else {
      const refusal: MessageKey =
        keyword === '$id' ? 'id'
        : keyword === '$dynamicRef' || keyword === '$dynamicAnchor' ? 'dynamic'
        : keyword === '$vocabulary' ? 'vocabulary'
        : keyword === 'enumNames' ? 'enumNames'
        : 'unknownKeyword';
      report(at, keyword, refusal, keyword);
    }
  }
  checkIgnoredKeywords(schema, path, report);
};

const checkKeyword = (keyword: string, value: unknown, path: string, context: WalkContext): void => {
  const { report } = context;
  const at = appendPointer(path, keyword);
  switch (keyword) {
    case '$schema':
      // Only the one dialect Ajv has locally; anything else would be looked up by URI.
      if (path !== '' || (value !== SCHEMA_DIALECT && value !== `${SCHEMA_DIALECT}#`)) report(at, keyword, 'dialect');
      break;
    case '$ref':
      if (typeof value !== 'string') break;
      if (value === '#' || value.startsWith('#/')) context.nodes.get(path)?.refs.push({ ref: value, path: at });
      else report(at, keyword, value.startsWith('#') ? 'anchorRef' : 'remoteRef', value);
      break;
    case 'pattern':
      if (typeof value === 'string') checkPattern(value, at, report);
      break;
    case 'enum':
      if (Array.isArray(value) && value.length > MAX_ENUM_VALUES) report(at, keyword, 'tooManyEnumValues', String(value.length));
      // Ajv refuses an empty enum at compile time; say so with a path.
      if (Array.isArray(value) && value.length === 0) report(at, keyword, 'emptyEnum');
      break;
    case 'format':
      if (typeof value === 'string' && !KNOWN_FORMATS.has(value)) report(at, keyword, 'unknownFormat', value);
      break;
    case 'required':
    case 'dependentRequired': {
      const lists = keyword === 'required' ? [value] : isObject(value) ? [Object.keys(value), ...Object.values(value)] : [];
      for (const list of lists) {
        if (!Array.isArray(list)) continue;
        const name: unknown = list.find((item) => typeof item === 'string' && PROTOTYPE_NAMES.has(item));
        if (typeof name === 'string') report(at, keyword, 'protoName', name);
      }
      break;
    }
    default:
      break;
  }
};

const checkPattern = (pattern: string, path: string, report: Report): void => {
  try {
    // Compiling (not running) a native RegExp is safe; it checks the ECMAScript syntax the
    // JSON Schema spec prescribes, with the `u` flag Ajv uses.
    new RegExp(pattern, 'u');
  } catch {
    report(path, 'pattern', 'invalidPattern', pattern);
    return;
  }
  try {
    compileLinearPattern(pattern);
  } catch {
    report(path, 'pattern', 'backtrackingPattern', pattern);
  }
};

// Ajv's strict mode refuses keywords that would silently do nothing; saying so here gives the
// admin a path instead of a compile exception.
const checkIgnoredKeywords = (schema: JsonObject, path: string, report: Report): void => {
  const has = (keyword: string): boolean => schema[keyword] !== undefined;
  if (has('if') && !has('then') && !has('else')) report(appendPointer(path, 'if'), 'if', 'ifAlone');
  for (const keyword of ['then', 'else']) {
    if (has(keyword) && !has('if')) report(appendPointer(path, keyword), keyword, 'ignoredWithout', keyword, 'if');
  }
  for (const keyword of ['minContains', 'maxContains']) {
    if (has(keyword) && !has('contains')) report(appendPointer(path, keyword), keyword, 'ignoredWithout', keyword, 'contains');
  }
  if (has('contains') && schema.minContains === 0 && !has('maxContains')) {
    report(appendPointer(path, 'minContains'), 'minContains', 'minContainsZero');
  }
  const { minContains, maxContains } = schema;
  if (has('contains') && typeof minContains === 'number' && typeof maxContains === 'number' && minContains > maxContains) {
    report(appendPointer(path, 'minContains'), 'minContains', 'containsImpossible');
  }
};

/** `#/$defs/a%20b` → `/$defs/a b`, the path under which the walk recorded that subschema. */
const resolveLocalRef = (ref: string): string | undefined => {
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
};

// `$ref` turns the schema tree into a graph. A cycle means recursion (unbounded, or bounded only by
// the data), and a graph whose expansion is huge means exponential work per value: both refused.
const checkReferences = (nodes: Map<string, SchemaNode>, report: Report): void => {
  const successors = new Map<string, Array<{ target: string; ref?: { ref: string; path: string } }>>();
  for (const [path, node] of nodes) {
    const edges: Array<{ target: string; ref?: { ref: string; path: string } }> = node.children.map((target) => ({ target }));
    for (const ref of node.refs) {
      const target = resolveLocalRef(ref.ref);
      // Only subschemas the walk has seen: a reference into `const`/`enum` data would make Ajv
      // compile data as a schema, out of sight of every check here.
      if (target === undefined || !nodes.has(target)) {
        report(ref.path, '$ref', 'refTarget', ref.ref);
        return;
      }
      edges.push({ target, ref });
    }
    successors.set(path, edges);
  }

  // Iterative depth-first search: `$ref` chains may be longer than the call stack is deep.
  const expanded = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: Array<{ path: string; next: number }> = [{ path: '', next: 0 }];
  onStack.add('');
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const edges = successors.get(frame.path) ?? [];
    if (frame.next < edges.length) {
      const edge = edges[frame.next];
      frame.next += 1;
      if (onStack.has(edge.target)) {
        if (edge.ref) report(edge.ref.path, '$ref', 'refCycle', edge.ref.ref);
        return;
      }
      if (!expanded.has(edge.target)) {
        onStack.add(edge.target);
        stack.push({ path: edge.target, next: 0 });
      }
      continue;
    }
    const total = edges.reduce((sum, edge) => sum + (expanded.get(edge.target) ?? 0), 1);
    expanded.set(frame.path, Math.min(total, MAX_EXPANDED_SUBSCHEMAS + 1));
    onStack.delete(frame.path);
    stack.pop();
  }
  if ((expanded.get('') ?? 0) > MAX_EXPANDED_SUBSCHEMAS) report('', '$ref', 'tooManySubschemas');
};
