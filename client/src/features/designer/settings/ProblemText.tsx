import type { ReactElement } from 'react';
import type { FieldProblem } from '../../../api/types';

/** The server's words about one setting, next to it; the control points here with aria-describedby. */
export function ProblemText({ id, problems }: { id: string; problems: readonly FieldProblem[] }): ReactElement | null {
  if (problems.length === 0) return null;
  return (
    <ul className="ds-problems" id={id}>
      {problems.map((problem, index) => (
        <li key={`${problem.path}-${index}`}>{problem.message}</li>
      ))}
    </ul>
  );
}
