import { isRe2Loaded, loadRe2, schemaNeedsRe2 } from '../../../schemas/validator/linear-regexp';
import type { JsonObject } from '../api/types';

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
