import type { ErrorObject } from 'ajv';
import localizeEnglish from 'ajv-i18n/localize/en';
import localizeIndonesian from 'ajv-i18n/localize/id';
import { appendPointer, type FieldError, type MessageLanguage } from './field-error';

// ajv-i18n's Indonesian file still answers these two in English.
const INDONESIAN_GAPS: Readonly<Record<string, (params: Record<string, unknown>) => string>> = {
  unevaluatedProperties: () => 'tidak boleh memiliki properti yang tidak dievaluasi',
  unevaluatedItems: (params) => `tidak boleh memiliki lebih dari ${String(params.len)} item`,
};

// Keywords whose failure is reported on their own line *and* through the errors of their
// subschemas, which only say why each alternative did not match.
const WRAPPERS_WITH_NOISY_BRANCHES = new Set(['anyOf', 'oneOf', 'contains']);

const stringParam = (error: ErrorObject, name: string): string | undefined => {
  const value: unknown = (error.params as Record<string, unknown>)[name];
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

/**
 * Turns Ajv's errors into the API's `errors[]`: data pointers, messages in Bahasa Indonesia
 * (or English), without the noise of `if` and of the alternatives of a failed `anyOf`/`oneOf`.
 */
export const toFieldErrors = (
  errors: readonly ErrorObject[] | null | undefined,
  lang: MessageLanguage,
): FieldError[] => {
  if (!errors || errors.length === 0) return [];
  // ajv-i18n writes into the objects it is given; the caller's errors stay untouched. Ajv itself
  // writes no messages (`messages: false`), so both languages come from ajv-i18n.
  const copies: ErrorObject[] = errors.map((error) => ({ ...error }));
  if (lang === 'id') {
    localizeIndonesian(copies);
    for (const copy of copies) {
      const gap = INDONESIAN_GAPS[copy.keyword];
      if (gap) copy.message = gap(copy.params as Record<string, unknown>);
    }
  } else {
    localizeEnglish(copies);
  }

  // A failed anyOf/oneOf/contains keeps its own error; its branches' errors (found by schema path,
  // within the same data) are dropped: no single branch is what the person must satisfy.
  // Branches that are `$ref`s report the referenced schema's path and so stay.
  const wrappers = new Set(
    copies
      .filter((error) => WRAPPERS_WITH_NOISY_BRANCHES.has(error.keyword))
      .map((error) => `${error.schemaPath}\u0000${error.instancePath}`),
  );
  const isBranchNoise = (error: ErrorObject): boolean =>
    wrappers.size > 0 &&
    properPrefixes(error.schemaPath).some((schemaPath) =>
      prefixes(error.instancePath).some((instancePath) => wrappers.has(`${schemaPath}\u0000${instancePath}`)),
    );

  const seen = new Set<string>();
  const result: FieldError[] = [];
  for (const error of copies) {
    // "must match the then schema" only repeats the errors of `then`/`else`, reported as well.
    if (error.keyword === 'if' || isBranchNoise(error)) continue;
    const field: FieldError = {
      path: fieldPath(error),
      keyword: error.keyword,
      message: (error.message ?? `must pass "${error.keyword}" keyword validation`).trim(),
    };
    const key = `${field.path}\u0000${field.keyword}\u0000${field.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(field);
  }
  return result;
};
