import Ajv2020 from 'ajv/dist/2020';
import type Ajv from 'ajv';
import type { ValidatorType } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
// File by file, not the module's index: the index hands RE2 over at once, and re2js must stay out
// of this chunk (see loadRe2).
import { AJV_OPTIONS } from '../../../schemas/validator/ajv-options';
import { extendAjv } from '../../../schemas/validator/create-ajv';
import type { JsonObject } from '../api/types';
import type { FormContext, FormRecord } from './form-context';

/**
 * The heavy validator, loaded by validator.ts after the form is on screen when no precompiled one
 * can be used (a theme RJSF needs the validator to draw, or a form outside the fill page): the RJSF
 * validator built from the module the server validates with (schemas/validator) — the same Ajv
 * 2020 class, options, formats and linear-time pattern engine — so a form that passes here passes
 * there. Its errors are worded by localize-errors.ts, as the server's.
 */
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
        // it without checking again, as here; checking would compile the meta-schema, a long task on a
        // slow phone.
        validateSchema: false,
      },
      // extendAjv adds ajv-formats and Wakuncar's formats exactly as createAjv() does on the server.
      ajvFormatOptions: false,
      extenderFn: (ajv) => extendAjv(ajv as unknown as Ajv2020) as unknown as Ajv,
    },
  );
}
