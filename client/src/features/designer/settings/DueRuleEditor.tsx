import { useId, useState, type ReactElement } from 'react';
import type { FieldProblem } from '../../../api/types';
import { DUE_PRESETS, describeDue, dueAfterOf, dueExample, duePartsOf, type DueParts, type DuePeriod } from './due-rule';
import { ProblemText } from './ProblemText';
import type { SettingsTranslate } from './use-settings-texts';

interface DueRuleEditorProps {
  period: DuePeriod;
  dueAfter: string | undefined;
  onChange: (dueAfter: string | undefined) => void;
  problems: readonly FieldProblem[];
  tx: SettingsTranslate;
  language: string;
}

// What "end of the period" means, as a starting point for a rule of one's own.
const PERIOD_LENGTH: Record<DuePeriod, string> = { day: 'P1D', week: 'P7D', month: 'P1M', quarter: 'P3M', year: 'P1Y' };

const sentence = (text: string): string => (text === '' ? text : text[0].toUpperCase() + text.slice(1));

/** The deadline in words, chosen from the period's usual ones or counted out in months, days, hours and minutes. */
export function DueRuleEditor({ period, dueAfter, onChange, problems, tx, language }: DueRuleEditorProps): ReactElement {
  const id = useId();
  const presets = DUE_PRESETS[period];
  const known = dueAfter === undefined || presets.includes(dueAfter);
  // Stays on "set my own" even when the numbers typed happen to match a preset.
  const [ownRule, setOwnRule] = useState(!known);
  const custom = ownRule || !known;
  const parts: DueParts = duePartsOf(dueAfter ?? PERIOD_LENGTH[period]) ?? { months: 0, days: 0, hours: 0, minutes: 0 };

  const choose = (value: string | undefined): void => {
    setOwnRule(false);
    onChange(value);
  };
  const chooseCustom = (): void => {
    setOwnRule(true);
    onChange(dueAfter ?? PERIOD_LENGTH[period]);
  };
  const setPart = (name: keyof DueParts, value: string): void => onChange(dueAfterOf({ ...parts, [name]: Number(value) }));

  const option = (value: string | undefined, label: string): ReactElement => (
    <label className="ds-radio" key={value ?? 'end'}>
      <input type="radio" name={`${id}-due`} checked={!custom && dueAfter === value} onChange={() => choose(value)} />
      <span>
        <span className="ds-radio-title">{label}</span>
        <span className="ds-radio-help">{dueExample(value, period, language)}</span>
      </span>
    </label>
  );

  return (
    <fieldset className="ds-fieldset" aria-describedby={problems.length > 0 ? `${id}-problems` : undefined}>
      <legend className="ds-legend">{tx('due.legend')}</legend>
      <p className="ds-status" role="status">
        {tx('due.summary', { rule: describeDue(dueAfter, period, language) })}
      </p>
      <div className="ds-options">
        {option(undefined, `${tx('due.endOfPeriod')} (${describeDue(undefined, period, language)})`)}
        {presets.map((preset) => option(preset, sentence(describeDue(preset, period, language))))}
        <label className="ds-radio">
          <input type="radio" name={`${id}-due`} checked={custom} onChange={chooseCustom} />
          <span className="ds-radio-title">{tx('due.custom')}</span>
        </label>
      </div>
      {custom ? (
        <div className="ds-due-custom">
          <p className="ds-help">{tx('due.customLead')}</p>
          <div className="ds-number-row">
            {(['months', 'days', 'hours', 'minutes'] as const).map((name) => (
              <label className="ds-field ds-field--narrow" key={name}>
                <span className="ds-label">{tx(`due.${name}`)}</span>
                <input
                  className="input"
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={name === 'minutes' ? 59 : name === 'hours' ? 23 : undefined}
                  value={parts[name]}
                  onChange={(event) => setPart(name, event.target.value)}
                />
              </label>
            ))}
          </div>
          <p className="ds-help">{dueExample(dueAfter, period, language)}</p>
        </div>
      ) : null}
      <ProblemText id={`${id}-problems`} problems={problems} />
    </fieldset>
  );
}
