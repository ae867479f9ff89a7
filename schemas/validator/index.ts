// The one validator module: the server (NestJS) and the browser (RJSF, through Vite) import this
// same code, so a submission is judged identically on both sides. The browser imports the files it
// needs one by one (not this index), so that re2js is loaded only when a schema needs it.
import './re2-default';
export { AJV_OPTIONS, CUSTOM_FORMATS, DATE_FORMAT } from './ajv-options';
export { createAjv, extendAjv } from './create-ajv';
export { fieldTitle, MESSAGE_KEYWORDS, toFieldErrors } from './error-messages';
export {
  choicesOf,
  fieldSchema,
  type FieldMessages,
  type FieldTranslation,
  type ThemeTexts,
  type ThemeTranslation,
  type ThemeTranslations,
} from './field-texts';
export { appendPointer, type FieldError, type MessageLanguage } from './field-error';
export {
  compileLinearPattern,
  isBacktrackingFree,
  isRe2Loaded,
  linearRegExpEngine,
  loadRe2,
  patternNeedsRe2,
  provideRe2,
  schemaNeedsRe2,
  type Re2Compiler,
} from './linear-regexp';
export { compileRe2, toRe2Syntax } from './re2-engine';
export { isDecimalMultiple } from './decimal-multiple';
export { findDuplicateItems } from './duplicate-items';
export {
  checkSchemaSafety,
  MAX_ENUM_VALUES,
  MAX_EXPANDED_SUBSCHEMAS,
  MAX_SCHEMA_BYTES,
  MAX_SCHEMA_DEPTH,
  SCHEMA_DIALECT,
} from './schema-safety';
export {
  compileValidator,
  InvalidSchemaError,
  UnsafeSchemaError,
  type CompiledValidator,
  type ValidationResult,
} from './compile-validator';
