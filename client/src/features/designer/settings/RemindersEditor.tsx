import { useId, type ReactElement } from 'react';
import type { FieldProblem } from '../../../api/types';
import { describeCron } from './cron-schedule';
import { ProblemText } from './ProblemText';
import { problemsLeft, problemsUnder } from './problems';
import { changedReminder, newReminder } from './reminder-rules';
import { ScheduleEditor } from './ScheduleEditor';
import { SettingField } from './SettingField';
import { withoutUndefined, type Reminder, type SettingsDraft, type SettingsEditorProps, type ThemePeriod } from './settings-draft';
import { useSettingsTexts, type SettingsTranslate } from './use-settings-texts';

const AUDIENCES: Reminder['audience'][] = ['kader', 'admin'];
const WHEN: Reminder['when'][] = ['missing', 'always'];

/** The theme's reminders: when (in words), to whom, only to those who have not sent yet, and what they say. */
export function RemindersEditor<D extends SettingsDraft>({ definition, onChange, errors = [] }: SettingsEditorProps<D>): ReactElement {
  const { tx, language } = useSettingsTexts();
  const id = useId();
  const list = definition.reminders ?? [];
  const setList = (reminders: Reminder[]): void => onChange(withoutUndefined({ ...definition, reminders: reminders.length > 0 ? reminders : undefined }));
  const keysBesides = (index: number): string[] => list.filter((_, at) => at !== index).map((entry) => entry.key);

  return (
    <div className="ds-editor">
      {list.length === 0 ? <p className="ds-help">{tx('reminders.empty')}</p> : null}
      <ol className="ds-cards">
        {list.map((reminder, index) => (
          <li key={index}>
            <ReminderCard
              reminder={reminder}
              number={index + 1}
              period={definition.period}
              problems={problemsUnder(errors, `/reminders/${index}`)}
              path={`/reminders/${index}`}
              tx={tx}
              language={language}
              onChange={(patch) => setList(list.map((entry, at) => (at === index ? changedReminder(entry, patch, keysBesides(index)) : entry)))}
              onRemove={() => setList(list.filter((_, at) => at !== index))}
            />
          </li>
        ))}
      </ol>
      <ProblemText id={`${id}-problems`} problems={errors.filter((error) => error.path === '/reminders')} />
      <button type="button" className="button button--secondary" onClick={() => setList([...list, newReminder(definition.period, list.map((entry) => entry.key))])}>
        + {tx('reminders.add')}
      </button>
    </div>
  );
}

interface ReminderCardProps {
  reminder: Reminder;
  number: number;
  period: ThemePeriod;
  problems: readonly FieldProblem[];
  path: string;
  tx: SettingsTranslate;
  language: string;
  onChange: (patch: Partial<Reminder>) => void;
  onRemove: () => void;
}

function ReminderCard({ reminder, number, period, problems, path, tx, language, onChange, onRemove }: ReminderCardProps): ReactElement {
  const headingId = useId();
  const at = (part: string): FieldProblem[] => problemsUnder(problems, `${path}${part}`);
  const schedule = describeCron(reminder.cron, language);
  const general = problemsLeft(problems, path, ['/cron', '/key', '/audience', '/when', '/message']);
  const radios = <T extends string>(name: string, values: T[], current: T, label: (value: T) => string, choose: (value: T) => void): ReactElement[] =>
    values.map((value) => (
      <label className="ds-radio ds-radio--compact" key={value}>
        <input type="radio" name={`${headingId}-${name}`} checked={current === value} onChange={() => choose(value)} />
        <span className="ds-radio-title">{label(value)}</span>
      </label>
    ));

  return (
    <section className="ds-card" aria-labelledby={headingId} aria-describedby={general.length > 0 ? `${headingId}-problems` : undefined}>
      <header className="ds-card-head">
        <h3 className="ds-card-title" id={headingId}>
          {tx('reminders.itemLabel', { number, schedule })}
        </h3>
        <div className="ds-card-actions">
          <button type="button" className="button button--danger-quiet button--small" onClick={onRemove} aria-label={tx('reminders.remove', { schedule })}>
            ✕
          </button>
        </div>
      </header>
      <ScheduleEditor cron={reminder.cron} onChange={(cron) => onChange({ cron })} problems={[...at('/cron'), ...at('/key')]} tx={tx} language={language} />
      <fieldset className="ds-fieldset" aria-describedby={at('/audience').length > 0 ? `${headingId}-audience` : undefined}>
        <legend className="ds-label">{tx('reminders.audience')}</legend>
        <div className="ds-options ds-options--row">
          {radios('audience', AUDIENCES, reminder.audience, (value) => tx(`reminders.${value}`), (audience) => onChange({ audience }))}
        </div>
        <ProblemText id={`${headingId}-audience`} problems={at('/audience')} />
      </fieldset>
      <fieldset className="ds-fieldset" aria-describedby={at('/when').length > 0 ? `${headingId}-when` : undefined}>
        <legend className="ds-label">{tx('reminders.when')}</legend>
        {period === 'none' && reminder.when === 'always' ? (
          <p className="ds-help">{tx('reminders.missingNeedsPeriod')}</p>
        ) : (
          <div className="ds-options">{radios('when', WHEN, reminder.when, (value) => tx(`reminders.${value}`), (when) => onChange({ when }))}</div>
        )}
        <ProblemText id={`${headingId}-when`} problems={at('/when')} />
      </fieldset>
      <SettingField label={tx('reminders.message')} problems={at('/message')}>
        {(control) => (
          <textarea
            className="input textarea"
            {...control}
            maxLength={500}
            placeholder={tx('reminders.messagePlaceholder')}
            value={reminder.message ?? ''}
            onChange={(event) => onChange({ message: event.target.value || undefined })}
          />
        )}
      </SettingField>
      <ProblemText id={`${headingId}-problems`} problems={general} />
    </section>
  );
}
