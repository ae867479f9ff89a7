import type { FieldProblem } from '../../../api/types';

/** The server's problems about `path` or anything inside it (`/aggregations/2` holds `/aggregations/2/field`). */
export function problemsUnder(errors: readonly FieldProblem[] | undefined, path: string): FieldProblem[] {
  return (errors ?? []).filter((error) => error.path === path || error.path.startsWith(`${path}/`));
}

/** The problems under `path` that none of the `claimed` paths (relative to it) takes: shown for the whole item. */
export function problemsLeft(errors: readonly FieldProblem[], path: string, claimed: readonly string[]): FieldProblem[] {
  return problemsUnder(errors, path).filter(
    (error) => !claimed.some((part) => error.path === `${path}${part}` || error.path.startsWith(`${path}${part}/`)),
  );
}
