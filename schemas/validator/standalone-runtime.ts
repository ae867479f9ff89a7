import type { Format } from 'ajv';
import ucs2length from 'ajv/dist/runtime/ucs2length';
import equal from 'ajv/dist/runtime/equal';
import { CUSTOM_FORMATS, DATE_FORMAT } from './ajv-options';
import { decimalMultipleCheck } from './decimal-multiple';
import { compileLinearPattern } from './linear-regexp';
import { STANDALONE_RUNTIME_MODULE } from './runtime-name';
import { findDuplicateItems } from './duplicate-items';

export { STANDALONE_RUNTIME_MODULE };

/** A precompiled validator asked for a format the runtime does not hold yet (see defineStandalone). */
export class FormatsNotLoaded extends Error {}

// The formats extendAjv adds, under the names schemas use. Ajv writes a regex format into the module
// itself; only function formats are asked for here, once, when the module is defined. Wakuncar's own
// and `date` (nearly every form) travel with the runtime; ajv-formats' whole table (2 kB gzip on a
// phone's every fill route) is fetched only for a version that asks for another (a time, a URI …).
const formats: Record<string, Format> = { ...CUSTOM_FORMATS, date: DATE_FORMAT };
let allFormatsLoaded = false;

/** Adds ajv-formats' table as extendAjv does: Wakuncar's own formats and its `date` stay. */
export async function loadAllFormats(): Promise<void> {
  if (allFormatsLoaded) return;
  const { fullFormats } = await import('ajv-formats/dist/formats');
  for (const [name, format] of Object.entries(fullFormats)) if (!Object.hasOwn(formats, name)) formats[name] = format;
  allFormatsLoaded = true;
}

/** Wakuncar's helpers, as standalone code refers to them (standalone.ts and the two keywords). */
const runtime = {
  // A missing format is refused loudly at definition, never found missing while a form is checked.
  formats: new Proxy(formats, {
    get: (target, name) => {
      if (typeof name === 'string' && !allFormatsLoaded && !Object.hasOwn(target, name)) throw new FormatsNotLoaded(name);
      return Reflect.get(target, name);
    },
  }),
  regExp: (pattern: string) => compileLinearPattern(pattern),
  decimalMultipleCheck,
  findDuplicateItems,
};

// Every module Ajv's standalone output may ask for with Wakuncar's options: its own helpers, ours.
const MODULES: Readonly<Record<string, unknown>> = {
  'ajv/dist/runtime/ucs2length': { default: ucs2length },
  'ajv/dist/runtime/equal': { default: equal },
  [STANDALONE_RUNTIME_MODULE]: runtime,
};

/**
 * The `require` a precompiled validator module is given. An unknown name throws: the module was
 * made by another Ajv set-up, and loading it must fail rather than validate wrongly.
 */
export function standaloneRequire(name: string): unknown {
  const found = MODULES[name];
  if (found === undefined) throw new Error(`precompiled validator asks for an unknown module: ${name}`);
  return found;
}

/**
 * Defines a precompiled validator with this runtime; when it asks for a format the runtime does not
 * hold yet, the whole table is fetched and it is defined again (defining has no side effects).
 */
export async function defineStandalone<T>(define: (require: typeof standaloneRequire) => T): Promise<T> {
  try {
    return define(standaloneRequire);
  } catch (error) {
    if (!(error instanceof FormatsNotLoaded)) throw error;
    await loadAllFormats();
    return define(standaloneRequire);
  }
}
