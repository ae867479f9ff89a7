import { useId, useMemo, type ReactElement } from 'react';
import { DueRuleEditor } from './DueRuleEditor';
import { FieldChecklist } from './FieldChecklist';
import { fieldOptions } from './field-options';
import { ProblemText } from './ProblemText';
import { SettingField } from './SettingField';
import { problemsUnder } from './problems';
import {
  withoutUndefined,
  type SettingsDraft,
  type SettingsEditorProps,
  type ThemePeriod,
  type ThemeRegionLevel,
  type ThemeSensitivity,
  type ThemeUnit,
} from './settings-draft';
import { useSettingsTexts } from './use-settings-texts';

const UNITS: ThemeUnit[] = ['report', 'record'];
const PERIODS: ThemePeriod[] = ['day', 'week', 'month', 'quarter', 'year', 'none'];
const REGION_LEVELS: ThemeRegionLevel[] = ['kelurahan', 'rw', 'rt', 'dasawisma'];
const SENSITIVITIES: ThemeSensitivity[] = ['public', 'personal', 'sensitive'];
const MAX_SUMMARY_FIELDS = 3;

/** Unit, period, region level, deadline, confidentiality, personal fields and the fields that name a record. */
export function BasicsEditor<D extends SettingsDraft>({ definition, onChange, errors = [] }: SettingsEditorProps<D>): ReactElement {
  const { tx, language } = useSettingsTexts();
  const id = useId();
  const fields = useMemo(
    () => fieldOptions(definition.schema, { uiSchema: definition.uiSchema, translations: definition.translations, language }),
    [definition.schema, definition.uiSchema, definition.translations, language],
  );
  const update = (patch: Partial<SettingsDraft>): void => onChange(withoutUndefined({ ...definition, ...patch }));
  const at = (path: string) => problemsUnder(errors, path);

  const changePeriod = (period: ThemePeriod): void => {
    // A deadline belongs to its period; a theme without one is never late, so its reminders are sent always.
    const reminders = period === 'none' ? definition.reminders?.map((reminder) => ({ ...reminder, when: 'always' as const })) : definition.reminders;
    update({ period, dueAfter: undefined, reminders });
  };
  const changeSensitivity = (sensitivity: ThemeSensitivity): void =>
    update({ sensitivity, suppressBelow: sensitivity === 'public' ? undefined : definition.suppressBelow });
  const changeSuppress = (value: string): void =>
    update({ suppressBelow: value.trim() === '' ? undefined : Math.round(Number(value)) });

  const personal = definition.personalFields ?? [];
  const regionLevels = REGION_LEVELS.includes(definition.regionLevel) ? REGION_LEVELS : [definition.regionLevel, ...REGION_LEVELS];

  return (
    <div className="ds-editor">
      <fieldset className="ds-fieldset" aria-describedby={at('/unit').length > 0 ? `${id}-unit` : undefined}>
        <legend className="ds-legend">{tx('unit.legend')}</legend>
        <div className="ds-options">
          {UNITS.map((unit) => (
            <label className="ds-radio" key={unit}>
              <input type="radio" name={`${id}-unit-choice`} checked={definition.unit === unit} onChange={() => update({ unit })} />
              <span>
                <span className="ds-radio-title">{tx(`unit.${unit}`)}</span>
                <span className="ds-radio-help">{tx(`unit.${unit}Help`)}</span>
              </span>
            </label>
          ))}
        </div>
        <ProblemText id={`${id}-unit`} problems={at('/unit')} />
      </fieldset>

      <div className="ds-pair">
        <SettingField label={tx('period.label')} problems={at('/period')}>
          {(control) => (
            <select className="input" {...control} value={definition.period} onChange={(event) => changePeriod(event.target.value as ThemePeriod)}>
              {PERIODS.map((period) => (
                <option key={period} value={period}>
                  {tx(`period.${period}`)}
                </option>
              ))}
            </select>
          )}
        </SettingField>
        <SettingField label={tx('regionLevel.label')} problems={at('/regionLevel')}>
          {(control) => (
            <select
              className="input"
              {...control}
              value={definition.regionLevel}
              onChange={(event) => update({ regionLevel: event.target.value as ThemeRegionLevel })}
            >
              {regionLevels.map((level) => (
                <option key={level} value={level}>
                  {tx(`regionLevel.${level}`)}
                </option>
              ))}
            </select>
          )}
        </SettingField>
      </div>

      {definition.period === 'none' ? (
        <div className="ds-field">
          <p className="ds-help">{tx('due.noPeriod')}</p>
          <ProblemText id={`${id}-due`} problems={at('/dueAfter')} />
        </div>
      ) : (
        <DueRuleEditor
          key={definition.period}
          period={definition.period}
          dueAfter={definition.dueAfter}
          onChange={(dueAfter) => update({ dueAfter })}
          problems={at('/dueAfter')}
          tx={tx}
          language={language}
        />
      )}

      <fieldset className="ds-fieldset" aria-describedby={at('/sensitivity').length > 0 ? `${id}-sensitivity` : undefined}>
        <legend className="ds-legend">{tx('sensitivity.legend')}</legend>
        <div className="ds-options">
          {SENSITIVITIES.map((sensitivity) => (
            <label className="ds-radio" key={sensitivity}>
              <input
                type="radio"
                name={`${id}-sensitivity-choice`}
                checked={definition.sensitivity === sensitivity}
                onChange={() => changeSensitivity(sensitivity)}
              />
              <span>
                <span className="ds-radio-title">{tx(`sensitivity.${sensitivity}`)}</span>
                <span className="ds-radio-help">{tx(`sensitivity.${sensitivity}Help`)}</span>
              </span>
            </label>
          ))}
        </div>
        {definition.sensitivity === 'public' && personal.length > 0 ? (
          <p className="notice notice--warning">{tx('sensitivity.personalNotPublic')}</p>
        ) : null}
        <ProblemText id={`${id}-sensitivity`} problems={at('/sensitivity')} />
      </fieldset>

      {definition.sensitivity !== 'public' ? (
        <SettingField label={tx('suppress.label')} help={tx('suppress.help')} problems={at('/suppressBelow')}>
          {(control) => (
            <input
              className="input ds-input-number"
              {...control}
              type="number"
              inputMode="numeric"
              min={3}
              max={100}
              placeholder="5"
              value={definition.suppressBelow ?? ''}
              onChange={(event) => changeSuppress(event.target.value)}
            />
          )}
        </SettingField>
      ) : null}

      <FieldChecklist
        legend={tx('personal.legend')}
        help={tx('personal.help')}
        fields={fields}
        chosen={personal}
        onChange={(next) => update({ personalFields: next.length > 0 ? next : undefined })}
        tx={tx}
        problems={at('/personalFields')}
      />

      <FieldChecklist
        legend={tx('summary.legend')}
        help={tx('summary.help')}
        fields={fields.filter((field) => field.short)}
        chosen={definition.summary ?? []}
        onChange={(next) => update({ summary: next.length > 0 ? next : undefined })}
        tx={tx}
        problems={at('/summary')}
        max={MAX_SUMMARY_FIELDS}
        fullText={tx('summary.full')}
      />
    </div>
  );
}
