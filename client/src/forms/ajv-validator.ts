import Ajv2020 from 'ajv/dist/2020';
import type Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import i18next from 'i18next';
import type { ValidatorType } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
// File by file, not the module's index: the index hands RE2 over at once, and re2js must stay out
// of this chunk (see loadRe2).
import { AJV_OPTIONS } from '../../../schemas/validator/ajv-options';
import { extendAjv } from '../../../schemas/validator/create-ajv';
import { toFieldErrors } from '../../../schemas/validator/error-messages';
import { isRe2Loaded, loadRe2, schemaNeedsRe2 } from '../../../schemas/validator/linear-regexp';
import type { JsonObject } from '../api/types';
import type { FormContext, FormRecord } from './form-context';

/**
 * The heavy half of the form's validator, loaded by validator.ts after the form is on screen: the
 * RJSF validator built from the module the server validates with (schemas/validator) — the same Ajv
 * 2020 class, options, formats and linear-time pattern engine — so a form that passes here passes
 * there and both show the same Indonesian messages.
 */
function localize(errors?: null | ErrorObject[]): void {
  const language = i18next.language?.startsWith('en') ? 'en' : 'id';
  // Each message is the one toFieldErrors gives the server's 422 answer for the same error.
  for (const error of errors ?? []) {
    const [field] = toFieldErrors([error], language);
    if (field) error.message = field.message;
  }
}

export function createAjvValidator(): ValidatorType<FormRecord, JsonObject, FormContext> {
  return customizeValidator<FormRecord, JsonObject, FormContext>(
    {
      AjvClass: Ajv2020 as unknown as typeof Ajv,
      ajvOptionsOverrides: {
        ...AJV_OPTIONS,
        // RJSF's own defaults (verbose, multipleOfPrecision) would make its errors differ from the server's.
        verbose: false,
        multipleOfPrecision: undefined,
        // A published version passed the 2020-12 meta-schema check on the server, which then compiles
        // it without checking again, as here; checking would compile the meta-schema (≈250 ms on a slow phone).
        validateSchema: false,
      },
      // extendAjv adds ajv-formats and Wakuncar's formats exactly as createAjv() does on the server.
      ajvFormatOptions: false,
      extenderFn: (ajv) => extendAjv(ajv as unknown as Ajv2020) as unknown as Ajv,
    },
    localize,
  );
}

// Walking a long schema for its patterns is done once per schema object, however often it is asked.
const needsRe2 = new WeakMap<object, boolean>();

function needsRe2For(schema: JsonObject): boolean {
  let needed = needsRe2.get(schema);
  if (needed === undefined) {
    needed = schemaNeedsRe2(schema);
    needsRe2.set(schema, needed);
  }
  return needed;
}

/** Loads RE2 when one of the schema's patterns needs it; most forms (NIK, RT, counts) never do. */
export async function loadPatternEngineFor(schema: JsonObject): Promise<void> {
  if (needsRe2For(schema)) await loadRe2();
}

/**
 * False while a pattern of `schema` needs RE2 and RE2 has not loaded yet: compiling would fail, so
 * the form must wait for prepareValidator instead of reporting that failure as an error.
 */
export function canCompile(schema: JsonObject): boolean {
  return isRe2Loaded() || !needsRe2For(schema);
}
