import { useId, type ReactElement } from 'react';
import type { FieldProblem } from '../../../api/types';
import type { FieldOption } from './field-options';
import { fieldLabelOf } from './field-label';
import { ProblemText } from './ProblemText';
import type { SettingsTranslate } from './use-settings-texts';

interface FieldChecklistProps {
  legend: string;
  help: string;
  fields: readonly FieldOption[];
  chosen: readonly string[];
  onChange: (next: string[]) => void;
  tx: SettingsTranslate;
  problems: readonly FieldProblem[];
  /** At most this many may be ticked; the others are disabled until one is unticked. */
  max?: number;
  fullText?: string;
}

/** Ticks on the form's fields, in the form's order; a ticked field the form no longer has stays listed so it can be unticked. */
export function FieldChecklist({ legend, help, fields, chosen, onChange, tx, problems, max, fullText }: FieldChecklistProps): ReactElement {
  const id = useId();
  const gone = chosen.filter((pointer) => !fields.some((field) => field.pointer === pointer));
  const entries = [...fields.map((field) => field.pointer), ...gone];
  const full = max !== undefined && chosen.length >= max;
  const toggle = (pointer: string, on: boolean): void => {
    // Kept in the form's order, so the definition does not change with the order of clicks.
    onChange(entries.filter((entry) => (entry === pointer ? on : chosen.includes(entry))));
  };
  return (
    <fieldset className="ds-fieldset" aria-describedby={`${id}-help${problems.length > 0 ? ` ${id}-problems` : ''}`}>
      <legend className="ds-legend">{legend}</legend>
      <p className="ds-help" id={`${id}-help`}>
        {help}
      </p>
      {entries.length === 0 ? (
        <p className="ds-help">{tx('fields.none')}</p>
      ) : (
        <ul className="ds-checklist">
          {entries.map((pointer) => {
            const checked = chosen.includes(pointer);
            return (
              <li key={pointer}>
                <label className="ds-check">
                  <input
                    type="checkbox"
                    checked={checked}
                    disabled={!checked && full}
                    onChange={(event) => toggle(pointer, event.target.checked)}
                  />
                  <span>{fieldLabelOf(pointer, fields, tx)}</span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {full && fullText ? <p className="ds-help">{fullText}</p> : null}
      <ProblemText id={`${id}-problems`} problems={problems} />
    </fieldset>
  );
}
