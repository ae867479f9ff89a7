import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import { AJV_OPTIONS } from './ajv-options';
import { createAjv, extendAjv } from './create-ajv';
import { toFieldErrors } from './error-messages';
import type { FieldError, MessageLanguage } from './field-error';
import type { ThemeTexts } from './field-texts';
import { checkSchemaSafety } from './schema-safety';
import { addMessageCatalog } from './message-catalog';
import { ENGLISH } from './messages-en';
// Server-side: every admin-written pattern may need RE2.
import './re2-default';

// A caller may ask for English (Accept-Language).
addMessageCatalog('en', ENGLISH);

/** The schema breaks the safe-schema policy: answer 422 `SCHEMA_UNSAFE` with `errors`. */
export class UnsafeSchemaError extends Error {
  readonly code = 'SCHEMA_UNSAFE';
  constructor(readonly errors: FieldError[]) {
    super(`unsafe schema: ${errors.map((error) => `${error.path || '/'} ${error.message}`).join('; ')}`);
    this.name = 'UnsafeSchemaError';
  }
}

/**
 * The schema is safe but is not a valid JSON Schema (it breaks the 2020-12 meta-schema, or Ajv
 * cannot compile it): answer 422 `THEME_INVALID`; `path`s point into the schema.
 */
export class InvalidSchemaError extends Error {
  readonly code = 'THEME_INVALID';
  constructor(readonly errors: FieldError[]) {
    super(`invalid schema: ${errors.map((error) => `${error.path || '/'} ${error.message}`).join('; ')}`);
    this.name = 'InvalidSchemaError';
  }
}

export interface ValidationResult {
  valid: boolean;
  errors: FieldError[];
}

export interface CompiledValidator {
  validate(data: unknown, lang: MessageLanguage): ValidationResult;
}

// Checking a schema against the 2020-12 meta-schema first compiles the meta-schema (tens of
// milliseconds). One long-lived instance does only that, and never compiles an admin schema, so
// it does not grow; the instance that compiles the theme schema then skips the repeat check.
let metaSchemaChecker: Ajv2020 | undefined;
const checkAgainstMetaSchema = (schema: object | boolean): Ajv2020['errors'] => {
  metaSchemaChecker ??= createAjv();
  return metaSchemaChecker.validateSchema(schema) ? null : metaSchemaChecker.errors;
};

/**
 * Checks and compiles one schema. Each call compiles in its own Ajv instance, so themes never
 * share compiled state and a dropped validator is garbage-collected with everything it compiled.
 * `lang` words the schema's own errors; `texts` (the theme's uiSchema, messages and translations)
 * word the errors of the data it validates.
 */
export const compileValidator = (
  schema: unknown,
  options: { lang?: MessageLanguage; texts?: Omit<ThemeTexts, 'schema'> } = {},
): CompiledValidator => {
  const lang = options.lang ?? 'id';
  const unsafe = checkSchemaSafety(schema, lang);
  if (unsafe.length > 0) throw new UnsafeSchemaError(unsafe);

  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null || Array.isArray(schema))) {
    throw new InvalidSchemaError([{ path: '', keyword: 'type', message: lang === 'id' ? 'skema harus berupa objek' : 'the schema must be an object' }]);
  }
  const metaSchemaErrors = checkAgainstMetaSchema(schema);
  if (metaSchemaErrors) throw new InvalidSchemaError(toFieldErrors(metaSchemaErrors, lang));
  const ajv = extendAjv(new Ajv2020({ ...AJV_OPTIONS, validateSchema: false }));
  let validateFunction: ValidateFunction;
  try {
    validateFunction = ajv.compile(schema);
  } catch (error) {
    // Not expected after the checks above; kept so that no schema can turn into a 500.
    const message = error instanceof Error ? error.message : String(error);
    throw new InvalidSchemaError([{ path: '', keyword: /reference/.test(message) ? '$ref' : 'schema', message }]);
  }
  const texts: ThemeTexts = { ...options.texts, schema };
  return {
    validate(data: unknown, validateLang: MessageLanguage): ValidationResult {
      const valid = validateFunction(data);
      return { valid, errors: valid ? [] : toFieldErrors(validateFunction.errors, validateLang, texts) };
    },
  };
};
