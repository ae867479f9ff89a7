import type { ErrorObject } from 'ajv';
import i18next from 'i18next';
import { textLanguage } from '../app/i18n';
import type { ErrorTransformer, RJSFValidationError, UiSchema, ValidationData } from '@rjsf/utils';
// File by file, not the module's index: the index hands RE2 over at once (see pattern-engine.ts).
import { toFieldErrors } from '../../../schemas/validator/error-messages';
import { pointerTokens, type ThemeTexts } from '../../../schemas/validator/field-texts';
import type { JsonObject } from '../api/types';
import type { FormContext, FormRecord } from './form-context';
import { problemsToErrorSchema } from './server-errors';

/**
 * What the form shows for Ajv's errors (which carry no text: `messages: false`): exactly the field
 * errors the server's 422 answer has for the same data — one per field, worded by the shared
 * validator from the theme's labels, messages and translations — in the language the person chose.
 */
export function localizeErrors(
  errors: readonly ErrorObject[] | undefined,
  validationError: Error | undefined,
  texts: ThemeTexts,
  transformErrors?: ErrorTransformer<FormRecord, JsonObject, FormContext>,
  uiSchema?: UiSchema<FormRecord, JsonObject, FormContext>,
): ValidationData<FormRecord> {
  const fieldErrors = toFieldErrors(errors, textLanguage(i18next.language), texts);
  let list: RJSFValidationError[] = fieldErrors.map(({ path, keyword, message }) => ({
    name: keyword,
    // RJSF names a field by its path with dots (`.anak.0.berat`); field names never hold a dot.
    property: pointerTokens(path).map((token) => `.${token}`).join(''),
    message,
    stack: message,
  }));
  if (validationError) list.push({ stack: validationError.message });
  if (transformErrors) list = transformErrors(list, uiSchema);
  return { errors: list, errorSchema: problemsToErrorSchema(fieldErrors) };
}

export type Localize = typeof localizeErrors;
