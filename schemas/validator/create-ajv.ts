import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { AJV_OPTIONS, CUSTOM_FORMATS, DATE_FORMAT } from './ajv-options';
import { decimalMultipleOfKeyword } from './decimal-multiple-of';
import { linearUniqueItemsKeyword } from './unique-items';

/**
 * Adds Wakuncar's formats, exact decimal `multipleOf`, linear-time `uniqueItems` and the
 * `$anchor` declaration to an Ajv 2020 instance. Exported on its own so the browser can pass it
 * to RJSF (`customizeValidator({AjvClass: Ajv2020, ajvOptionsOverrides: AJV_OPTIONS,
 * extenderFn: extendAjv})`) and end up with the same validator as `createAjv()`.
 */
export const extendAjv = (ajv: Ajv2020): Ajv2020 => {
  // Full (not "fast") checks; no formatMinimum/formatMaximum keywords, which are not 2020-12.
  addFormats(ajv, { mode: 'full', keywords: false });
  for (const [name, format] of Object.entries(CUSTOM_FORMATS)) ajv.addFormat(name, format);
  ajv.addFormat('date', DATE_FORMAT);
  // Ajv resolves `$anchor` but forgets to declare it, so strict mode calls it unknown
  // (ajv-validator/ajv#1854). Declaring it adds no behaviour, only the name.
  if (!ajv.getKeyword('$anchor')) ajv.addKeyword('$anchor');
  ajv.removeKeyword('multipleOf');
  ajv.addKeyword(decimalMultipleOfKeyword);
  ajv.removeKeyword('uniqueItems');
  ajv.addKeyword(linearUniqueItemsKeyword);
  return ajv;
};

/** A fresh Ajv 2020 instance with Wakuncar's options and formats. */
export const createAjv = (): Ajv2020 => extendAjv(new Ajv2020(AJV_OPTIONS));
