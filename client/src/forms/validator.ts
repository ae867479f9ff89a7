import Ajv2020 from 'ajv/dist/2020';
import type Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import i18next from 'i18next';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { AJV_OPTIONS, extendAjv, toFieldErrors } from '../../../schemas/validator';
import type { JsonObject } from '../api/types';
import type { FormContext, FormRecord } from './form-context';

/**
 * The RJSF validator built from the module the server validates with (schemas/validator): the same
 * Ajv 2020 class, options, formats and RE2 pattern engine, so a form that passes here passes there and
 * both show the same Indonesian messages.
 */
function localize(errors?: null | ErrorObject[]): void {
  const language = i18next.language?.startsWith('en') ? 'en' : 'id';
  // Each message is the one toFieldErrors gives the server's 422 answer for the same error.
  for (const error of errors ?? []) {
    const [field] = toFieldErrors([error], language);
    if (field) error.message = field.message;
  }
}

export const formValidator = customizeValidator<FormRecord, JsonObject, FormContext>(
  {
    AjvClass: Ajv2020 as unknown as typeof Ajv,
    // RJSF's own defaults (verbose, multipleOfPrecision) would make its errors differ from the server's.
    ajvOptionsOverrides: { ...AJV_OPTIONS, verbose: false, multipleOfPrecision: undefined },
    // extendAjv adds ajv-formats and Wakuncar's formats exactly as createAjv() does on the server.
    ajvFormatOptions: false,
    extenderFn: (ajv) => extendAjv(ajv as unknown as Ajv2020) as unknown as Ajv,
  },
  localize,
);

/**
 * Ajv turns each schema into a function with `new Function`; a Content-Security-Policy without
 * 'unsafe-eval' forbids that. Then the form does not check itself and the server's 422, shown under
 * each field, is the only check — degraded, but nothing is blocked or lost.
 */
export const canCompileValidators: boolean = (() => {
  try {
    return new Function('return true')() === true;
  } catch {
    return false;
  }
})();

/**
 * Compiles a schema ahead of the first submit (Ajv caches the compiled function per schema object),
 * so pressing "Kirim" on a long form does not wait for code generation. Call with the exact object
 * the form renders.
 */
export function warmUpValidator(schema: JsonObject): () => void {
  const run = (): void => {
    try {
      formValidator.rawValidation(schema, {});
    } catch {
      // A schema Ajv cannot compile reports itself when the form validates; nothing to do here.
    }
  };
  // Strictly after the form's first paint, in idle time: compiling a long schema is a long task.
  let idle: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(() => {
      if ('requestIdleCallback' in window) idle = window.requestIdleCallback(run, { timeout: 2000 });
      else run();
    }, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
    if (idle !== undefined) window.cancelIdleCallback(idle);
  };
}
