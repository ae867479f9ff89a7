import { canonicalJson, contentHash } from '../../common/canonical-json';
import { BreakingLanguage, BreakingReason, breakingReasons } from './breaking-changes';
import { escapePointerToken, FieldSchema, ThemeDefinition } from '../../../../schemas/theme-definition';

/** A field of the submission schema, by its path in the definition. */
export interface FieldEntry {
  path: string;
  title?: string;
}

export interface DraftDiff {
  added: FieldEntry[];
  removed: FieldEntry[];
  changed: { path: string; before: unknown; after: unknown }[];
  breaking: BreakingReason[];
}

/**
 * The `ETag` of a draft: a hash of its content, so a save made by anyone since the reader fetched it
 * no longer matches. No draft has a tag too.
 */
export function draftEtag(draft: ThemeDefinition | null): string {
  return `"${contentHash(draft).slice(0, 32)}"`;
}

/** Whether an `If-Match` header names `etag` (`*` names any; weak tags compare by their value). */
export function etagMatches(ifMatch: string, etag: string): boolean {
  return ifMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

const isSchemaObject = (value: unknown): value is FieldSchema => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every field of a schema by its definition path: array items' fields, and those a condition shows (`allOf[].then`/`else`). */
function fields(schema: FieldSchema, path: string, into = new Map<string, FieldSchema>()): Map<string, FieldSchema> {
  into.set(path, schema);
  const walk = (properties: unknown, at: string): void => {
    if (!isSchemaObject(properties)) return;
    for (const [key, child] of Object.entries(properties)) if (isSchemaObject(child)) fields(child, `${at}/properties/${escapePointerToken(key)}`, into);
  };
  walk(schema.properties, path);
  const allOf = Array.isArray(schema.allOf) ? schema.allOf : [];
  allOf.forEach((entry: unknown, index) => {
    if (!isSchemaObject(entry)) return;
    for (const side of ['then', 'else'] as const) {
      const branch = entry[side];
      if (isSchemaObject(branch)) walk(branch.properties, `${path}/allOf/${index}/${side}`);
    }
  });
  if (isSchemaObject(schema.items)) fields(schema.items, `${path}/items`, into);
  return into;
}

/** A branch of a condition without the fields it shows, which are compared on their own. */
function withoutFields(branch: unknown): unknown {
  if (!isSchemaObject(branch)) return branch;
  const { properties: _properties, ...rest } = branch;
  return rest;
}

/** A field without its children (those a condition shows included), which are compared on their own; its conditions stay. */
function ownKeywords(field: FieldSchema): string {
  const { properties: _properties, items, ...own } = field;
  if (Array.isArray(own.allOf)) {
    own.allOf = own.allOf.map((entry: unknown) => (isSchemaObject(entry) ? { ...entry, then: withoutFields(entry.then), else: withoutFields(entry.else) } : entry));
  }
  return canonicalJson(isSchemaObject(items) ? { ...own, items: ownKeywords(items) } : own);
}

/**
 * What publishing `draft` would change against `previous` (null: nothing published yet): fields
 * added and removed, fields and top-level settings changed, and why publishing would be refused.
 */
export function draftDiff(previous: ThemeDefinition | null, draft: ThemeDefinition, lang: BreakingLanguage): DraftDiff {
  const after = fields(draft.schema, '/schema');
  const before = previous ? fields(previous.schema, '/schema') : new Map<string, FieldSchema>();
  const entry = (path: string, field: FieldSchema): FieldEntry => ({ path, ...(typeof field.title === 'string' && { title: field.title }) });
  // The root and a list's row are not fields an admin added: the list itself is.
  const isField = (path: string) => path !== '/schema' && !path.endsWith('/items');
  const added = [...after].filter(([path]) => isField(path) && !before.has(path)).map(([path, field]) => entry(path, field));
  const removed = [...before].filter(([path]) => isField(path) && !after.has(path)).map(([path, field]) => entry(path, field));
  const changed: DraftDiff['changed'] = [];
  if (previous) {
    for (const [path, field] of after) {
      const earlier = before.get(path);
      if (earlier && ownKeywords(earlier) !== ownKeywords(field)) changed.push({ path, before: earlier, after: field });
    }
    const keys = new Set([...Object.keys(previous), ...Object.keys(draft)].filter((key) => key !== 'schema'));
    for (const key of [...keys].sort()) {
      const was = (previous as unknown as Record<string, unknown>)[key];
      const is = (draft as unknown as Record<string, unknown>)[key];
      if (canonicalJson(was ?? null) !== canonicalJson(is ?? null)) changed.push({ path: `/${escapePointerToken(key)}`, before: was ?? null, after: is ?? null });
    }
  }
  return { added, removed, changed, breaking: previous ? breakingReasons(previous, draft, lang) : [] };
}
