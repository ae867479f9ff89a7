import { provideRe2 } from './linear-regexp';
import { compileRe2 } from './re2-engine';

// The server's entry points (index.ts, compile-validator.ts, schema-safety.ts) import this, so on the
// server every pattern can be compiled from the start; a browser bundle imports neither.
provideRe2(compileRe2);
