/**
 * Sets `key` in a map used as a cache of at most `limit` entries. Insertion order is age, so a full
 * map gives up its oldest entry: a flood of distinct keys cannot grow a process without bound.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  if (map.size >= limit && !map.has(key)) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
