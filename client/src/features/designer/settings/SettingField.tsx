import { useId, type ReactElement } from 'react';
import type { FieldProblem } from '../../../api/types';
import { ProblemText } from './ProblemText';

/** What a control inside a SettingField spreads onto itself: its id and what describes it. */
export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

interface SettingFieldProps {
  label: string;
  help?: string;
  problems: readonly FieldProblem[];
  className?: string;
  children: (control: ControlProps) => ReactElement;
}

/** One labelled control with its help and, next to it, the server's problems about it. */
export function SettingField({ label, help, problems, className, children }: SettingFieldProps): ReactElement {
  const id = useId();
  const describedBy = [help ? `${id}-help` : '', problems.length > 0 ? `${id}-problems` : ''].filter((part) => part !== '').join(' ');
  return (
    <div className={className ? `ds-field ${className}` : 'ds-field'}>
      <label className="ds-label" htmlFor={id}>
        {label}
      </label>
      {help ? (
        <p className="ds-help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      {children({ id, 'aria-describedby': describedBy || undefined, 'aria-invalid': problems.length > 0 ? true : undefined })}
      <ProblemText id={`${id}-problems`} problems={problems} />
    </div>
  );
}
