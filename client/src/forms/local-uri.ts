/**
 * What @rjsf/utils asks of fast-uri (~6 KB gzip in the form's chunk), for Wakuncar's schemas: they
 * never carry `$id` (schema-safety refuses it), so every base is the root's `#` and references are
 * local (`#/$defs/…`, `#anchor`). Swapped in for @rjsf/utils alone (client/module-swaps.ts); Ajv keeps
 * fast-uri.
 */
export function resolve(base: string, reference: string): string {
  if (reference.startsWith('#')) return `${base.split('#')[0]}${reference}`;
  try {
    return new URL(reference, base).href;
  } catch {
    return reference;
  }
}

/** Equal references, an empty fragment aside (`a#` is `a`). */
export function equal(left: string, right: string): boolean {
  return left.replace(/#$/, '') === right.replace(/#$/, '');
}

export default { resolve, equal };
