// Ajv checks `uniqueItems` over objects and arrays by comparing every pair of items, so a long list
// of small distinct items costs seconds of server time. Here each item is written once in a
// canonical form (object keys sorted) and looked up in a Map: linear in the size of the data.

const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    const members = Object.keys(object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`);
    return `{${members.join(',')}}`;
  }
  // JSON equality: 1 and 1.0 are the same number (and -0 is 0), as in JSON Schema.
  return JSON.stringify(value) ?? 'undefined';
};

/** Indices `[i, j]` (i < j) of the first two equal items, or null when all items differ. */
export const findDuplicateItems = (items: readonly unknown[]): [number, number] | null => {
  const seen = new Map<string, number>();
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index];
    const key = typeof item === 'string' ? `s${item}` : `v${canonical(item)}`;
    const first = seen.get(key);
    if (first !== undefined) return [first, index];
    seen.set(key, index);
  }
  return null;
};
