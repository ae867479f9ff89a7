import Ajv2020, { _ } from 'ajv/dist/2020';
import standaloneCode from 'ajv/dist/standalone';
import { AJV_OPTIONS } from './ajv-options';
import { extendAjv } from './create-ajv';
import { compileLinearPattern } from './linear-regexp';
import { STANDALONE_RUNTIME_MODULE } from './runtime-name';
// Every admin-written pattern may need RE2 while compiling here, as in compile-validator.ts.
import './re2-default';

/**
 * Ajv's standalone code of a theme version's schema, for the browser: the same options, formats,
 * keywords and linear-time patterns as compileValidator, turned into source once on the server, so
 * the phone neither downloads Ajv's compiler nor needs the CSP's 'unsafe-eval' to check a form.
 *
 * Only the whole schema is compiled: the subschemas RJSF asks about while drawing oneOf/anyOf,
 * if/then and dependencies are found by @rjsf/utils' schemaParser, which the server cannot load
 * (an ES-module-only dependency), so such a theme keeps the browser's own Ajv.
 *
 * Ajv's output, even as ESM, fetches its helpers with `require("…")`: the module is therefore a
 * function of `require`, and the browser hands it the few helpers it may ask for
 * (client/src/forms/compiled-validator.ts). Call only with a schema compileValidator accepted.
 */
export function standaloneValidatorCode(schema: object): string {
  const ajv = new Ajv2020({
    ...AJV_OPTIONS,
    validateSchema: false,
    code: {
      ...AJV_OPTIONS.code,
      source: true,
      // Compiled once per version: the optimizer's smaller code is worth its time here.
      optimize: 1,
      // Set before extendAjv, whose ajv-formats would otherwise point every format at its own list.
      formats: _`require(${STANDALONE_RUNTIME_MODULE}).formats`,
      regExp: Object.assign((pattern: string) => compileLinearPattern(pattern), {
        code: `require(${JSON.stringify(STANDALONE_RUNTIME_MODULE)}).regExp`,
      }),
    },
  });
  extendAjv(ajv);
  // One function, exported as the module itself (`module.exports`) and as `default`.
  return standaloneCode(ajv, ajv.compile(schema));
}

// V8 compiles every function of a file that starts with this comment eagerly, off the main thread,
// while it loads (Chrome 136+; others ignore it). The module runs whole on the first submit.
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

// Annotations never change an answer, but Ajv embeds the whole schema when a check points into it
// (an enum's allowed values): without them a phone downloads no titles or help texts twice.
const ANNOTATIONS = ['title', 'description', 'examples', '$comment'];
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_SLOTS = ['not', 'if', 'then', 'else', 'items', 'contains', 'additionalProperties', 'additionalItems', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties'];

type SchemaNode = { [key: string]: unknown };
const isNode = (value: unknown): value is SchemaNode => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy of the schema without annotation keywords, walked by keyword so a field named `title` stays. */
export function withoutAnnotations(schema: unknown): unknown {
  if (!isNode(schema)) return schema;
  const copy: SchemaNode = { ...schema };
  for (const keyword of ANNOTATIONS) delete copy[keyword];
  for (const keyword of SCHEMA_MAPS) {
    const map = copy[keyword];
    if (isNode(map)) copy[keyword] = Object.fromEntries(Object.entries(map).map(([name, sub]) => [name, withoutAnnotations(sub)]));
  }
  for (const keyword of [...SCHEMA_LISTS, ...SCHEMA_SLOTS]) {
    const value = copy[keyword];
    if (Array.isArray(value)) copy[keyword] = value.map(withoutAnnotations);
    else if (isNode(value)) copy[keyword] = withoutAnnotations(value);
  }
  return copy;
}

/**
 * The module the API serves: an ES module whose default export builds the validate function from
 * `require`. Local names are shortened (esbuild, names and spaces only: Ajv's code is already
 * compact), which halves what a phone downloads. esbuild works in its own process, so minifying a long
 * form's module does not hold the API's event loop. Made when a version is published and stored with
 * it (ThemesService.publish).
 */
export async function standaloneValidatorModule(schema: object): Promise<string> {
  const code = standaloneValidatorCode(withoutAnnotations(schema) as object);
  const factory = `function defineValidator(require){const module={exports:{}};const exports=module.exports;\n${code}\nreturn module.exports.default;}`;
  // Loaded when first needed: only the API serves these modules, and esbuild refuses to load in a
  // browser-like environment (the client tests import this file for standaloneValidatorCode).
  const { transform } = await import('esbuild');
  const minified = await transform(factory, { minifyIdentifiers: true, minifyWhitespace: true, legalComments: 'none' });
  return [COMPILE_HINT, '// Generated by the Wakuncar API (Ajv standalone) for one published theme version.', `export default ${minified.code.trim()}`, ''].join('\n');
}
