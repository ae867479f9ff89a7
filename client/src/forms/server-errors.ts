import type { ErrorSchema } from '@rjsf/utils';
import type { FieldProblem } from '../api/types';

const decode = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * Field errors (`path` a JSON Pointer, e.g. `/anak/0/berat`) as an RJSF error schema: the server's
 * 422, and the form's own checks worded alike (localize-errors.ts), each under the field it is about.
 */
export function problemsToErrorSchema(problems: readonly FieldProblem[]): ErrorSchema {
  const root: ErrorSchema = {};
  for (const problem of problems) {
    const segments = problem.path.split('/').slice(1).map(decode).filter((segment) => segment !== '');
    let node = root as Record<string, ErrorSchema>;
    for (const segment of segments) {
      node[segment] ??= {};
      node = node[segment] as Record<string, ErrorSchema>;
    }
    const leaf = node as ErrorSchema;
    leaf.__errors = [...(leaf.__errors ?? []), problem.message];
  }
  return root;
}
