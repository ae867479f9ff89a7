/** True when `code` is `scope` itself or lies anywhere below it in the region tree. */
export function isWithinRegion(code: string, scope: string): boolean {
  return code === scope || code.startsWith(`${scope}.`);
}
