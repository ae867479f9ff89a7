import { escapePointerToken, FieldSchema, pointerTokens } from '../../../../schemas/theme-definition';

export interface FileReference {
  pointer: string;
  fileId: string;
}

type Node = FieldSchema | boolean | undefined;

/** The subschema a local `$ref` (`#/$defs/foto`) names; safe schemas have no other kind. */
function resolveLocal(root: FieldSchema, ref: string): Node {
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (!fragment.startsWith('/')) return undefined;
  let node: unknown = root;
  for (const token of pointerTokens(fragment)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node as Node;
}

const fileFieldPresence = new WeakMap<FieldSchema, boolean>();

/** Whether any subschema says `format: file-id`, kept per schema object (published definitions are cached). */
function hasFileFields(schema: FieldSchema): boolean {
  let present = fileFieldPresence.get(schema);
  if (present === undefined) {
    present = declaresFileId(schema);
    fileFieldPresence.set(schema, present);
  }
  return present;
}

function declaresFileId(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(declaresFileId);
  if (node === null || typeof node !== 'object') return false;
  const record = node as Record<string, unknown>;
  return record.format === 'file-id' || Object.values(record).some(declaresFileId);
}

/**
 * Every value in `data` that the schema declares as `format: file-id`, with where it sits. Follows
 * `properties`, `items`, `prefixItems`, `additionalProperties`, local `$ref`s, the branches of
 * `allOf`/`anyOf`/`oneOf` and the `then`/`else` of a condition, so a photo field written as
 * `{"$ref": "#/$defs/foto"}` counts too, and so does one the form shows only on a condition (the
 * designer's skip logic: STBM's latrine photo). A value left from a condition that no longer holds is
 * still a file the submission names, so both sides are walked whatever the `if` says.
 * The data has passed validation; safe schemas have no recursive `$ref`, so the walk ends.
 */
export function fileReferences(root: FieldSchema, data: unknown): FileReference[] {
  // Most themes have no photo field: their data need not be walked at all.
  if (!hasFileFields(root)) return [];
  const found = new Map<string, FileReference>();
  const walk = (node: Node, value: unknown, pointer: string): void => {
    if (!node || node === true) return;
    if (node.format === 'file-id' && typeof value === 'string') found.set(`${pointer}\u0000${value}`, { pointer, fileId: value });
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) walk(resolveLocal(root, node.$ref), value, pointer);
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = node[keyword];
      if (Array.isArray(branches)) for (const branch of branches) walk(branch as Node, value, pointer);
    }
    for (const keyword of ['then', 'else'] as const) walk(node[keyword] as Node, value, pointer);
    if (Array.isArray(value)) {
      const prefix = Array.isArray(node.prefixItems) ? (node.prefixItems as Node[]) : [];
      value.forEach((item, index) => walk(index < prefix.length ? prefix[index] : (node.items as Node), item, `${pointer}/${index}`));
    } else if (value !== null && typeof value === 'object') {
      const properties = node.properties ?? {};
      const additional = node.additionalProperties as Node;
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        walk(Object.hasOwn(properties, key) ? properties[key] : additional, child, `${pointer}/${escapePointerToken(key)}`);
      }
    }
  };
  walk(root, data, '');
  return [...found.values()];
}
