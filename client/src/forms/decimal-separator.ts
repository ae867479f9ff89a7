/**
 * Stands in for @rjsf/utils' getDecimalSeparator (swapped in by client/module-swaps.ts). RJSF asks for
 * the separator on every render of every number field and builds an Intl.NumberFormat each time,
 * which on a cheap phone cost more than drawing the fields; the answer only changes with the locales.
 */
// The locales of nearly every cadre's and admin's browser, answered without asking Intl: building
// the first Intl.NumberFormat of a page loads locale data, a pause a slow phone shows.
const separators = new Map<string, string>([
  ['id', ','],
  ['id-ID', ','],
  ['en', '.'],
  ['en-US', '.'],
  ['en-GB', '.'],
]);

export function getDecimalSeparator(languages?: string | readonly string[]): string {
  const locales = languages ?? (typeof navigator !== 'undefined' ? navigator.languages : undefined);
  if (!locales) return '.';
  // Intl.NumberFormat uses the first of the list it supports; these are all supported.
  const first = typeof locales === 'string' ? locales : locales[0];
  const key = first !== undefined && separators.has(first) ? first : typeof locales === 'string' ? locales : locales.join(',');
  let separator = separators.get(key);
  if (separator === undefined) {
    try {
      separator = new Intl.NumberFormat(locales as string | string[]).formatToParts(1.1).find((part) => part.type === 'decimal')?.value || '.';
    } catch {
      separator = '.';
    }
    separators.set(key, separator);
  }
  return separator;
}

// The module it replaces has a default export, which is how @rjsf/utils imports it.
export default getDecimalSeparator;
