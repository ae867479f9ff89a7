/** True when `code` is `scope` itself or lies anywhere below it in the region tree. */
export function isWithinRegion(code: string, scope: string): boolean {
  return code === scope || code.startsWith(`${scope}.`);
}

/**
 * SQL for "column is in the subtree of $n": a range on the "C"-collated code, so it is one
 * index scan ('/' is the character right after '.').
 */
export function subtreeCondition(column: string, param: string): string {
  return `(${column} = ${param} OR (${column} > (${param} || '.') COLLATE "C" AND ${column} < (${param} || '/') COLLATE "C"))`;
}
