import { useState, type ReactElement } from 'react';
import type { FieldProblem } from '../../../api/types';
import { cronFromSchedule, monthName, presetFromCron, weekdayName, type CronSchedule, type ScheduleKind, type TimeOfDay } from './cron-schedule';
import { SettingField } from './SettingField';
import type { SettingsTranslate } from './use-settings-texts';

interface ScheduleEditorProps {
  cron: string;
  onChange: (cron: string) => void;
  problems: readonly FieldProblem[];
  tx: SettingsTranslate;
  language: string;
}

type Kind = ScheduleKind | 'custom';

const KINDS: Kind[] = ['daily', 'weekdays', 'weekly', 'monthly', 'yearly', 'custom'];
// Monday first, as Indonesian calendars print the week.
const WEEK = [1, 2, 3, 4, 5, 6, 0];
const DATES = Array.from({ length: 31 }, (_, index) => index + 1);
const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);
const MORNING: TimeOfDay = { hour: 8, minute: 0 };

function scheduleOfKind(kind: ScheduleKind, time: TimeOfDay, previous: CronSchedule | null): CronSchedule {
  switch (kind) {
    case 'daily':
    case 'weekdays':
      return { kind, ...time };
    case 'weekly':
      return { kind, days: previous?.kind === 'weekly' ? previous.days : [1], ...time };
    case 'monthly':
      return { kind, dates: previous?.kind === 'monthly' || previous?.kind === 'yearly' ? previous.dates : [1], ...time };
    case 'yearly':
      return { kind, month: 1, dates: previous?.kind === 'monthly' ? previous.dates : [1], ...time };
  }
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** When a reminder goes out: a schedule picked in words, or a cron written by hand; the card's heading says it back. */
export function ScheduleEditor({ cron, onChange, problems, tx, language }: ScheduleEditorProps): ReactElement {
  const schedule = presetFromCron(cron);
  // Stays on "custom" once chosen, even while the cron typed happens to be one of the schedules.
  const [ownCron, setOwnCron] = useState(schedule === null);
  const kind: Kind = ownCron || !schedule ? 'custom' : schedule.kind;
  const time: TimeOfDay = schedule ? { hour: schedule.hour, minute: schedule.minute } : MORNING;
  const set = (next: CronSchedule): void => onChange(cronFromSchedule(next));

  const chooseKind = (next: Kind): void => {
    setOwnCron(next === 'custom');
    if (next !== 'custom') set(scheduleOfKind(next, time, schedule));
  };
  const setTime = (value: string): void => {
    const match = /^(\d{2}):(\d{2})/.exec(value);
    if (match && schedule) set({ ...schedule, hour: Number(match[1]), minute: Number(match[2]) });
  };
  const toggle = (list: number[], value: number, on: boolean, order: number[]): number[] => {
    const next = order.filter((entry) => (entry === value ? on : list.includes(entry)));
    // A schedule needs at least one day.
    return next.length > 0 ? next : list;
  };

  return (
    <div className="ds-schedule">
      <div className="ds-pair">
        <SettingField label={tx('reminders.schedule')} problems={kind === 'custom' ? [] : problems}>
          {(control) => (
            <select className="input" {...control} value={kind} onChange={(event) => chooseKind(event.target.value as Kind)}>
              {KINDS.map((entry) => (
                <option key={entry} value={entry}>
                  {tx(`scheduleKind.${entry}`)}
                </option>
              ))}
            </select>
          )}
        </SettingField>
        {kind === 'custom' ? null : (
          <SettingField label={tx('reminders.time')} problems={[]} className="ds-field--narrow">
            {(control) => (
              <input className="input" {...control} type="time" step={60} value={`${pad(time.hour)}:${pad(time.minute)}`} onChange={(event) => setTime(event.target.value)} />
            )}
          </SettingField>
        )}
      </div>

      {schedule?.kind === 'weekly' && kind !== 'custom' ? (
        <fieldset className="ds-fieldset">
          <legend className="ds-label">{tx('reminders.weekdays')}</legend>
          <div className="ds-day-grid">
            {WEEK.map((day) => (
              <label className="ds-check ds-check--boxed" key={day}>
                <input
                  type="checkbox"
                  checked={schedule.days.includes(day)}
                  onChange={(event) => set({ ...schedule, days: toggle(schedule.days, day, event.target.checked, WEEK) })}
                />
                <span>{weekdayName(day, language)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      {schedule?.kind === 'yearly' && kind !== 'custom' ? (
        <SettingField label={tx('reminders.month')} problems={[]}>
          {(control) => (
            <select className="input" {...control} value={String(schedule.month)} onChange={(event) => set({ ...schedule, month: Number(event.target.value) })}>
              {MONTHS.map((month) => (
                <option key={month} value={String(month)}>
                  {monthName(month, language)}
                </option>
              ))}
            </select>
          )}
        </SettingField>
      ) : null}

      {(schedule?.kind === 'monthly' || schedule?.kind === 'yearly') && kind !== 'custom' ? (
        <fieldset className="ds-fieldset">
          <legend className="ds-label">{tx('reminders.dates')}</legend>
          <div className="ds-date-grid">
            {DATES.map((date) => (
              <label className="ds-date" key={date} title={tx('reminders.date', { date })}>
                <input
                  type="checkbox"
                  aria-label={tx('reminders.date', { date })}
                  checked={schedule.dates.includes(date)}
                  onChange={(event) => set({ ...schedule, dates: toggle(schedule.dates, date, event.target.checked, DATES) })}
                />
                <span aria-hidden="true">{date}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      {kind === 'custom' ? (
        <SettingField label={tx('reminders.cron')} help={tx('reminders.cronHelp')} problems={problems}>
          {(control) => <input className="input ds-mono" {...control} value={cron} spellCheck={false} onChange={(event) => onChange(event.target.value)} />}
        </SettingField>
      ) : null}
    </div>
  );
}
