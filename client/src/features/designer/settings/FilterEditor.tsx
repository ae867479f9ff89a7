import { useId, type ReactElement } from 'react';
import type { FieldProblem } from '../../../api/types';
import { escapePointerToken } from '../../../../../schemas/theme-definition';
import { choiceLabel } from './choice-label';
import { fieldLabelOf } from './field-label';
import { isFilterable, type FieldOption } from './field-options';
import { conditionOpsFor, defaultRow, filterRows, whereOf, withConditionOp, type ConditionOp, type FilterRow } from './measure-rules';
import { ProblemText } from './ProblemText';
import { problemsLeft, problemsUnder } from './problems';
import type { Scalar, Where } from './settings-draft';
import type { SettingsTranslate } from './use-settings-texts';

interface FilterEditorProps {
  legend: string;
  where: Where | undefined;
  onChange: (where: Where | undefined) => void;
  fields: readonly FieldOption[];
  tx: SettingsTranslate;
  /** Problems under this filter's path (`/aggregations/2/where`), and that path. */
  problems: readonly FieldProblem[];
  path: string;
}

/** "Only submissions where …": lines of field, comparison and value, every line must hold. */
export function FilterEditor({ legend, where, onChange, fields, tx, problems, path }: FilterEditorProps): ReactElement {
  const id = useId();
  const filterable = fields.filter(isFilterable);
  const rows = filterRows(where);
  const setRows = (next: FilterRow[]): void => onChange(whereOf(next));
  const replace = (index: number, row: FilterRow): void => setRows(rows.map((entry, at) => (at === index ? row : entry)));
  const add = (): void => {
    // Filters are mostly on choices, then on numbers or dates; a free text rarely.
    const rank = (field: FieldOption): number => (field.choices ? 0 : field.bounds ? 1 : 2);
    const candidates = [...filterable].sort((left, right) => rank(left) - rank(right));
    const unused = candidates.find((field) => !rows.some((row) => row.pointer === field.pointer)) ?? candidates[0];
    if (unused) setRows([...rows, defaultRow(unused)]);
  };
  const rowParts = rows.map((row) => `/${escapePointerToken(row.pointer)}`);
  const rowPaths = rowParts.map((part) => `${path}${part}`);
  const general = problemsLeft(problems, path, rowParts);

  return (
    <fieldset className="ds-fieldset ds-filter" aria-describedby={general.length > 0 ? `${id}-problems` : undefined}>
      <legend className="ds-legend ds-legend--small">{legend}</legend>
      {rows.length === 0 ? <p className="ds-help">{tx('filter.none')}</p> : null}
      {rows.map((row, index) => {
        const field = fields.find((option) => option.pointer === row.pointer);
        const label = fieldLabelOf(row.pointer, fields, tx);
        return (
          <FilterLine
            key={index}
            row={row}
            field={field}
            label={label}
            filterable={filterable}
            fields={fields}
            tx={tx}
            problems={problemsUnder(problems, rowPaths[index])}
            onChange={(next) => replace(index, next)}
            onRemove={() => setRows(rows.filter((_, at) => at !== index))}
          />
        );
      })}
      {filterable.length === 0 ? (
        <p className="ds-help">{tx('filter.noFields')}</p>
      ) : (
        <button type="button" className="button button--quiet button--small" onClick={add}>
          + {tx('filter.add')}
        </button>
      )}
      <ProblemText id={`${id}-problems`} problems={general} />
    </fieldset>
  );
}

interface FilterLineProps {
  row: FilterRow;
  field: FieldOption | undefined;
  label: string;
  filterable: readonly FieldOption[];
  fields: readonly FieldOption[];
  tx: SettingsTranslate;
  problems: readonly FieldProblem[];
  onChange: (row: FilterRow) => void;
  onRemove: () => void;
}

function FilterLine({ row, field, label, filterable, fields, tx, problems, onChange, onRemove }: FilterLineProps): ReactElement {
  const id = useId();
  const described = problems.length > 0 ? `${id}-problems` : undefined;
  return (
    <div className="ds-filter-line" role="group" aria-label={label} aria-describedby={described}>
      <label className="ds-field">
        <span className="ds-label">{tx('filter.field')}</span>
        <select
          className="input"
          value={row.pointer}
          aria-invalid={problems.length > 0 ? true : undefined}
          aria-describedby={described}
          onChange={(event) => {
            const next = fields.find((option) => option.pointer === event.target.value);
            if (next) onChange(defaultRow(next));
          }}
        >
          {field ? null : <option value={row.pointer}>{label}</option>}
          {filterable.map((option) => (
            <option key={option.pointer} value={option.pointer}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <label className="ds-field">
        <span className="ds-label">{tx('filter.op')}</span>
        <select className="input" value={row.op} onChange={(event) => onChange(withConditionOp(row, event.target.value as ConditionOp, field))}>
          {[...new Set([...conditionOpsFor(field), row.op])].map((op) => (
            <option key={op} value={op}>
              {tx(`filter.${op}`)}
            </option>
          ))}
        </select>
      </label>
      <ConditionValue row={row} field={field} tx={tx} onChange={(value) => onChange({ ...row, value })} />
      <button type="button" className="button button--danger-quiet button--small ds-filter-remove" onClick={onRemove} aria-label={tx('filter.remove', { field: label })}>
        ✕ {tx('filter.removeShort')}
      </button>
      <ProblemText id={`${id}-problems`} problems={problems} />
    </div>
  );
}

interface ConditionValueProps {
  row: FilterRow;
  field: FieldOption | undefined;
  tx: SettingsTranslate;
  onChange: (value: Scalar | Scalar[]) => void;
}

/** The value a line compares with: a choice, several choices, a number, a date or a text. */
function ConditionValue({ row, field, tx, onChange }: ConditionValueProps): ReactElement {
  const choices = field?.choices ?? [];
  if (row.op === 'in' && choices.length > 0) {
    const chosen = Array.isArray(row.value) ? row.value : [row.value];
    const toggle = (value: Scalar, on: boolean): void => {
      const next = choices.map((choice) => choice.value).filter((entry) => (entry === value ? on : chosen.includes(entry)));
      // "One of" needs at least one value.
      if (next.length > 0) onChange(next);
    };
    return (
      <fieldset className="ds-fieldset ds-choices">
        <legend className="ds-label">{tx('filter.value')}</legend>
        {choices.map((choice) => (
          <label className="ds-check" key={String(choice.value)}>
            <input type="checkbox" checked={chosen.includes(choice.value)} onChange={(event) => toggle(choice.value, event.target.checked)} />
            <span>{choiceLabel(choice, tx)}</span>
          </label>
        ))}
      </fieldset>
    );
  }
  const single = Array.isArray(row.value) ? (row.value[0] ?? null) : row.value;
  if (row.op === 'eq' && choices.length > 0) {
    const index = choices.findIndex((choice) => choice.value === single);
    return (
      <label className="ds-field">
        <span className="ds-label">{tx('filter.value')}</span>
        <select className="input" value={index < 0 ? '' : String(index)} onChange={(event) => onChange(choices[Number(event.target.value)].value)}>
          {index < 0 ? <option value="">{String(single)}</option> : null}
          {choices.map((choice, at) => (
            <option key={String(choice.value)} value={String(at)}>
              {choiceLabel(choice, tx)}
            </option>
          ))}
        </select>
      </label>
    );
  }
  const numeric = field?.bounds === 'number';
  const date = field?.kind === 'date';
  return (
    <label className="ds-field">
      <span className="ds-label">{tx('filter.value')}</span>
      <input
        className="input"
        type={numeric ? 'number' : date ? 'date' : 'text'}
        inputMode={numeric ? 'decimal' : undefined}
        value={single === null ? '' : String(single)}
        onChange={(event) => onChange(numeric ? Number(event.target.value || 0) : event.target.value)}
      />
    </label>
  );
}
