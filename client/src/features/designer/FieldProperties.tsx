import { useId, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/types';
import {
  type BuilderField,
  type BuilderModel,
  type ConditionValue,
  conditionSources,
  KIND_LIMITS,
  type Limits,
  relabel,
  relabelOption,
  uniqueKey,
  updateField,
  slugifyKey,
} from './builder-model';

interface FieldPropertiesProps {
  model: BuilderModel;
  field: BuilderField | null;
  /** The server's errors about this field (a refused pattern, a limit…). */
  errors: FieldProblem[];
  onChange: (model: BuilderModel) => void;
}

const parseNumber = (text: string): number | undefined => {
  const value = Number(text.replace(',', '.'));
  return text.trim() === '' || !Number.isFinite(value) ? undefined : value;
};

function NumberInput({ label, value, onChange }: { label: string; value: number | undefined; onChange: (value: number | undefined) => void }): ReactElement {
  const id = useId();
  return (
    <div className="designer-prop">
      <label htmlFor={id}>{label}</label>
      <input id={id} className="input" inputMode="decimal" defaultValue={value ?? ''} onChange={(event) => onChange(parseNumber(event.target.value))} />
    </div>
  );
}

function ConditionEditor({ model, field, onChange }: Omit<FieldPropertiesProps, 'errors' | 'field'> & { field: BuilderField }): ReactElement {
  const { t } = useTranslation();
  const sourceId = useId();
  const valuesId = useId();
  const sources = conditionSources(model, field.id);
  const source = sources.find((candidate) => candidate.key === field.showWhen?.field) ?? null;
  const setShowWhen = (showWhen: BuilderField['showWhen']): void => onChange(updateField(model, field.id, (edited) => (edited.showWhen = showWhen)));
  const chooseSource = (key: string): void => {
    const chosen = sources.find((candidate) => candidate.key === key);
    if (!chosen) return setShowWhen(null);
    const first: ConditionValue[] = chosen.kind === 'choice' ? chosen.options.slice(0, 1).map((option) => option.value) : chosen.kind === 'yesNo' ? [true] : [];
    setShowWhen({ field: chosen.key, values: first });
  };
  const toggle = (value: ConditionValue, on: boolean): void => {
    const values = field.showWhen?.values ?? [];
    setShowWhen({ field: source!.key, values: on ? [...values.filter((other) => other !== value), value] : values.filter((other) => other !== value) });
  };
  const choices: { value: ConditionValue; label: string }[] | null =
    source?.kind === 'choice'
      ? source.options
      : source?.kind === 'yesNo'
        ? [
            { value: true, label: t('designer.props.yes') },
            { value: false, label: t('designer.props.no') },
          ]
        : null;
  return (
    <fieldset className="designer-condition">
      <legend>{t('designer.props.showWhen')}</legend>
      <div className="designer-prop">
        <label htmlFor={sourceId}>{t('designer.props.whenField')}</label>
        <select id={sourceId} className="input" value={source?.key ?? ''} onChange={(event) => chooseSource(event.target.value)}>
          <option value="">{t('designer.props.always')}</option>
          {sources.map((candidate) => (
            <option key={candidate.id} value={candidate.key}>
              {candidate.label}
            </option>
          ))}
        </select>
      </div>
      {source && choices && (
        <fieldset className="designer-condition-values">
          <legend>{t('designer.props.whenValues')}</legend>
          {choices.map((choice) => (
            <label key={String(choice.value)} className="designer-check">
              <input type="checkbox" checked={field.showWhen?.values.includes(choice.value) ?? false} onChange={(event) => toggle(choice.value, event.target.checked)} />
              {choice.label}
            </label>
          ))}
        </fieldset>
      )}
      {source && !choices && (
        <div className="designer-prop">
          <label htmlFor={valuesId}>{t('designer.props.whenValues')}</label>
          <input
            id={valuesId}
            className="input"
            defaultValue={field.showWhen?.values.join(', ') ?? ''}
            aria-describedby={`${valuesId}-help`}
            onChange={(event) => {
              const parts = event.target.value.split(',').map((part) => part.trim()).filter(Boolean);
              const numeric = source.kind === 'number' || source.kind === 'wholeNumber';
              const values = numeric ? parts.map(parseNumber).filter((value): value is number => value !== undefined) : parts;
              setShowWhen({ field: source.key, values });
            }}
          />
          <p id={`${valuesId}-help`} className="small muted">
            {t('designer.props.whenValuesHelp')}
          </p>
        </div>
      )}
    </fieldset>
  );
}

function OptionsEditor({ model, field, onChange }: Omit<FieldPropertiesProps, 'errors' | 'field'> & { field: BuilderField }): ReactElement {
  const { t } = useTranslation();
  return (
    <fieldset className="designer-options">
      <legend>{t('designer.props.options')}</legend>
      <ol>
        {field.options.map((option, index) => (
          <li key={`${field.id}-${index}`} className="designer-option">
            <input
              className="input"
              aria-label={t('designer.props.option', { number: index + 1 })}
              value={option.label}
              onChange={(event) => onChange(relabelOption(model, field.id, index, event.target.value))}
            />
            <button
              type="button"
              className="button button--danger-quiet button--small"
              aria-label={t('designer.props.removeOption', { number: index + 1 })}
              disabled={field.options.length <= 1}
              onClick={() => onChange(updateField(model, field.id, (edited) => edited.options.splice(index, 1)))}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() =>
          onChange(
            updateField(model, field.id, (edited) => {
              const label = t('designer.props.option', { number: edited.options.length + 1 });
              edited.options.push({ value: uniqueKey(slugifyKey(label), edited.options.map((other) => other.value)), label });
            }),
          )
        }
      >
        {t('designer.props.addOption')}
      </button>
    </fieldset>
  );
}

/** The selected field's label, help, required, limits, pattern, choices and condition. */
export function FieldProperties({ model, field, errors, onChange }: FieldPropertiesProps): ReactElement {
  const { t } = useTranslation();
  const labelId = useId();
  const helpId = useId();
  const patternId = useId();
  if (!field) {
    return (
      <section className="designer-props card" aria-labelledby="designer-props-title">
        <h2 id="designer-props-title" className="section-title">
          {t('designer.props.title')}
        </h2>
        <p className="muted">{t('designer.props.none')}</p>
      </section>
    );
  }
  const edit = (change: (edited: BuilderField) => void): void => onChange(updateField(model, field.id, change));
  const setLimit = (name: keyof Limits, value: number | undefined): void => edit((edited) => (edited.limits = { ...edited.limits, [name]: value }));
  const kept = field.kind !== 'custom' && (Object.keys(field.keep.schema).length > 0 || Object.keys(field.keep.ui).length > 0);
  const patternErrors = errors.filter((error) => error.path.endsWith('/pattern'));
  const otherErrors = errors.filter((error) => !error.path.endsWith('/pattern'));
  return (
    <section className="designer-props card" aria-labelledby="designer-props-title" key={field.id}>
      <h2 id="designer-props-title" className="section-title">
        {t('designer.props.title')} · {t(`designer.fields.kinds.${field.kind}`)}
      </h2>
      {otherErrors.length > 0 && (
        <ul className="notice notice--danger designer-errors" role="alert">
          {otherErrors.map((error) => (
            <li key={`${error.path}-${error.keyword}`}>{t('designer.props.serverSays', { message: error.message })}</li>
          ))}
        </ul>
      )}
      {field.kind === 'custom' && <p className="notice notice--info">{t('designer.props.customNote')}</p>}
      <div className="designer-prop">
        <label htmlFor={labelId}>{t('designer.props.label')}</label>
        <input id={labelId} className="input" value={field.label} onChange={(event) => onChange(relabel(model, field.id, event.target.value))} />
        <p className="small muted">{t(field.keyLocked ? 'designer.props.keyFixed' : 'designer.props.key', { key: field.key })}</p>
      </div>
      {field.kind !== 'custom' && (
        <div className="designer-prop">
          <label htmlFor={helpId}>{t('designer.props.help')}</label>
          <textarea id={helpId} className="input textarea" rows={2} value={field.help} onChange={(event) => edit((edited) => (edited.help = event.target.value))} />
        </div>
      )}
      <label className="designer-check">
        <input type="checkbox" checked={field.required} onChange={(event) => edit((edited) => (edited.required = event.target.checked))} />
        {t('designer.props.required')}
      </label>
      {KIND_LIMITS[field.kind].length > 0 && (
        <div className="designer-limits">
          {KIND_LIMITS[field.kind].map((name) => (
            <NumberInput key={name} label={t(`designer.props.${name}`)} value={field.limits[name]} onChange={(value) => setLimit(name, value)} />
          ))}
        </div>
      )}
      {(field.kind === 'text' || field.kind === 'longText') && (
        <div className="designer-prop">
          <label htmlFor={patternId}>{t('designer.props.pattern')}</label>
          <input
            id={patternId}
            className="input designer-mono"
            value={field.pattern}
            aria-invalid={patternErrors.length > 0}
            aria-describedby={`${patternId}-help`}
            onChange={(event) => edit((edited) => (edited.pattern = event.target.value))}
          />
          <p id={`${patternId}-help`} className="small muted">
            {t('designer.props.patternHelp')}
          </p>
          {patternErrors.map((error) => (
            <p key={error.keyword} className="small text-danger" role="alert">
              {t('designer.props.serverSays', { message: error.message })}
            </p>
          ))}
        </div>
      )}
      {(field.kind === 'choice' || field.kind === 'multiChoice') && <OptionsEditor model={model} field={field} onChange={onChange} />}
      <ConditionEditor model={model} field={field} onChange={onChange} />
      {kept && <p className="small muted">{t('designer.props.keptNote')}</p>}
    </section>
  );
}
