import type { JsonObject } from '../api/types';

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `data` without the optional groups the cadre never touched: a property that is an object in the
 * schema, not required, and holds `{}`. RJSF hands such a group in as `{}` once a condition (if/then)
 * is in the schema, and the group's own required parts (a location's latitude and longitude) would
 * then be reported missing although the cadre skipped the whole group, which is allowed.
 */
export function withoutUntouchedGroups<T>(schema: JsonObject, data: T): T {
  if (!isPlainObject(data) || !isPlainObject(schema.properties)) return data;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  let result: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(data)) {
    const property = schema.properties[key];
    if (!isPlainObject(property) || !isPlainObject(value)) continue;
    const inner = withoutUntouchedGroups(property as JsonObject, value);
    const untouched = !required.has(key) && Object.keys(inner).length === 0;
    if (!untouched && inner === value) continue;
    result ??= { ...data };
    if (untouched) delete result[key];
    else result[key] = inner;
  }
  return (result ?? data) as T;
}
