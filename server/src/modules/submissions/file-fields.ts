import type { FieldSchema } from '../themes/theme-definition';

const fileFieldPresence = new WeakMap<FieldSchema, boolean>();

/**
 * Whether any subschema says `format: file-id`; without one a submission references no file and
 * its data need not be walked. Kept per schema object: published definitions are cached objects.
 */
export function hasFileFields(schema: FieldSchema): boolean {
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
