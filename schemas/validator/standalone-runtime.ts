import type { Format } from 'ajv';
import ucs2length from 'ajv/dist/runtime/ucs2length';
import equal from 'ajv/dist/runtime/equal';
import { fullFormats } from 'ajv-formats/dist/formats';
import { CUSTOM_FORMATS, DATE_FORMAT } from './ajv-options';
import { decimalMultipleCheck } from './decimal-multiple';
import { compileLinearPattern } from './linear-regexp';
import { STANDALONE_RUNTIME_MODULE } from './runtime-name';
import { findDuplicateItems } from './duplicate-items';

export { STANDALONE_RUNTIME_MODULE };

/** Wakuncar's helpers, as standalone code refers to them (standalone.ts and the two keywords). */
const runtime = {
  // The formats extendAjv adds, under the names schemas use.
  formats: { ...fullFormats, ...CUSTOM_FORMATS, date: DATE_FORMAT } as Record<string, Format>,
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
