import type { ValidateFunction } from 'ajv';
import { defineStandalone } from '../../../schemas/validator/standalone-runtime';

type DefineValidator = (require: (name: string) => unknown) => ValidateFunction;

/**
 * Runs the module the API generated for a theme version (GET …/versions/:n/validator.js, Ajv's
 * standalone code): the version's checks as plain code, without Ajv's compiler (~45 KB gzip) or the
 * CSP's 'unsafe-eval'. It was fetched with the cadre's token, so it is imported from a blob: URL.
 * Its errors are worded by localize-errors.ts, as the server's.
 */
export async function importValidatorModule(source: string): Promise<ValidateFunction> {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  try {
    const module = (await import(/* @vite-ignore */ url)) as { default?: unknown };
    if (typeof module.default !== 'function') throw new Error('the validator module has no default export');
    // Its top level compiles the patterns, so RE2 must be there first when one needs it (pattern-engine.ts).
    return await defineStandalone(module.default as DefineValidator);
  } finally {
    URL.revokeObjectURL(url);
  }
}
