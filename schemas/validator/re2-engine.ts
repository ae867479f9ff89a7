import { RE2JS } from 're2js';
import { toRe2Syntax } from './re2-syntax';

// re2js is the largest part of the validator (~45 KB gzip in a browser), so it lives alone here: the
// server loads it with the module (index.ts, compile-validator.ts, schema-safety.ts), a browser only
// when a schema has a pattern that needs it (`loadRe2` in linear-regexp.ts).
export { MAX_CODE_POINT, toRe2Syntax, WHITESPACE_RANGES } from './re2-syntax';

/** Compiles an ECMAScript pattern with RE2 (linear time); throws when RE2 cannot express it. */
export const compileRe2 = (pattern: string): RE2JS => RE2JS.compile(toRe2Syntax(pattern));
