import type { Format, FormatDefinition, Options } from 'ajv';
import { linearRegExpEngine } from './linear-regexp';

/**
 * The one Ajv configuration: the server and the browser (RJSF) build their validators from this
 * object, so a submission gets the same errors on both sides.
 */
export const AJV_OPTIONS = {
  // A form shows every problem at once, not the first one.
  allErrors: true,
  // Unknown keywords and unknown formats are refused (a typo must not silently validate nothing).
  // `allowMatchingProperties`: a property that also matches a patternProperties key is legal 2020-12.
  // Type/tuple/required strictness stay off: they refuse valid 2020-12 schemas an admin may write.
  strictSchema: true,
  strictNumbers: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allowMatchingProperties: true,
  allowUnionTypes: true,
  validateFormats: true,
  // Never read the pattern, limits or enum of a schema from the submitted data.
  $data: false,
  // `loadSchema` is deliberately absent: a schema is never fetched from the network.
  // No message text in the compiled code (a third less compile time): messages are written when
  // errors are reported, in plain Indonesian or English, by toFieldErrors — on the server and, for
  // the same errors, in the browser (client/src/forms/localize-errors.ts).
  messages: false,
  // Reports carry no copy of the schema or the data, only where and why.
  verbose: false,
  // Plain property reads are enough: schema-safety refuses field names that Object.prototype has
  // (`constructor`, `toString`, `__proto__` …), so the prototype can never answer for a field.
  // (`true` would add a hasOwnProperty call per field and cost ~30% of validation time.)
  ownProperties: false,
  // Validation never changes the submission.
  useDefaults: false,
  coerceTypes: false,
  removeAdditional: false,
  // Patterns are matched by code point, as ECMAScript's `u` flag does (RE2 always does).
  unicodeRegExp: true,
  // Large enums and required lists loop over an array instead of unrolling into huge code.
  loopEnum: 64,
  loopRequired: 64,
  code: {
    // Ajv's optimizer passes over the generated code cost ~40% of compile time and nothing
    // measurable at validation time (V8 optimizes the function anyway).
    optimize: false,
    // Every `pattern` / `patternProperties` regex runs in linear time (RE2, or the native engine
    // for patterns proven backtracking-free): no ReDoS.
    regExp: linearRegExpEngine,
  },
} as const satisfies Options;

// Lowercase canonical 8-4-4-4-12: the server issues ids in this spelling, so a reference check
// is a plain string comparison.
const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Copied from @rjsf/validator-ajv8 so the `color` and `data-url` widgets accept what they produce.
// Fixed, reviewed expressions: they run on the native engine, unlike admin-written patterns.
const COLOR =
  /^(#?([0-9A-Fa-f]{3}){1,2}\b|aqua|black|blue|fuchsia|gray|green|lime|maroon|navy|olive|orange|purple|red|silver|teal|white|yellow|(rgb\(\s*\b([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\b\s*,\s*\b([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\b\s*,\s*\b([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\b\s*\))|(rgb\(\s*(\d?\d%|100%)+\s*,\s*(\d?\d%|100%)+\s*,\s*(\d?\d%|100%)+\s*\)))$/;
const DATA_URL = /^data:([a-z]+\/[a-z0-9-+.]+)?;(?:name=(.*);)?base64,(.*)$/;

/** Formats Wakuncar adds to ajv-formats. */
export const CUSTOM_FORMATS: Readonly<Record<'file-id' | 'color' | 'data-url', Format>> = {
  'file-id': FILE_ID,
  color: COLOR,
  'data-url': DATA_URL,
};

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digitAt = (text: string, index: number): number => {
  const code = text.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : NaN;
};

/** RFC 3339 full-date (`2026-11-28`), the same rule as ajv-formats' `date`, without a regex. */
const isFullDate = (text: string): boolean => {
  if (text.length !== 10 || text[4] !== '-' || text[7] !== '-') return false;
  const year = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3);
  const month = digitAt(text, 5) * 10 + digitAt(text, 6);
  const day = digitAt(text, 8) * 10 + digitAt(text, 9);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  // NaN (a non-digit) fails every comparison, the year's included.
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month]);
};

/** ajv-formats' `compareDate`, written here so a form's runtime need not carry its whole format table. */
const compareFullDates = (left: string, right: string): number | undefined => {
  if (!(left && right)) return undefined;
  return left > right ? 1 : left < right ? -1 : 0;
};

/**
 * Replaces ajv-formats' `date`: forms carry many dates (13 in a child's immunisation record), and
 * the regex-and-match-array version was the largest single cost of validating one.
 */
export const DATE_FORMAT: FormatDefinition<string> = {
  type: 'string',
  validate: isFullDate,
  compare: compareFullDates,
};
