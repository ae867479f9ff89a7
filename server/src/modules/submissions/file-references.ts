import type { FieldSchema } from '../themes/theme-definition';

export interface FileReference {
  pointer: string;
  fileId: string;
}

/** Every value in `data` that the schema declares as `format: file-id`, with where it sits. */
export function fileReferences(schema: FieldSchema, data: unknown, pointer = ''): FileReference[] {
  if (schema.format === 'file-id' && typeof data === 'string') return [{ pointer, fileId: data }];
  if (Array.isArray(data) && schema.items && typeof schema.items === 'object') {
    const items = schema.items;
    return data.flatMap((item, index) => fileReferences(items, item, `${pointer}/${index}`));
  }
  if (data !== null && typeof data === 'object' && schema.properties) {
    const record = data as Record<string, unknown>;
    return Object.entries(schema.properties).flatMap(([key, child]) =>
      Object.hasOwn(record, key) ? fileReferences(child, record[key], `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`) : [],
    );
  }
  return [];
}
