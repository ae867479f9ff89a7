import { presetFromCron, type ScheduleKind } from './cron-schedule';
import { reminderKey } from './keys';
import { withoutUndefined, type Reminder, type ThemePeriod } from './settings-draft';

const KIND_WORD: Record<ScheduleKind | 'custom', string> = {
  daily: 'harian',
  weekdays: 'hari kerja',
  weekly: 'mingguan',
  monthly: 'bulanan',
  yearly: 'tahunan',
  custom: 'khusus',
};

/** The key a reminder gets from who it is for and when: `kader-harian-0800`. */
function autoReminderKey(reminder: Pick<Reminder, 'audience' | 'cron'>, otherKeys: readonly string[]): string {
  const schedule = presetFromCron(reminder.cron);
  const time = schedule ? `${String(schedule.hour).padStart(2, '0')}${String(schedule.minute).padStart(2, '0')}` : '';
  return reminderKey(`${reminder.audience} ${KIND_WORD[schedule?.kind ?? 'custom']} ${time}`, otherKeys);
}

/** The reminder changed; its key follows while it is still the one made for it (a key written by hand stays). */
export function changedReminder(reminder: Reminder, patch: Partial<Reminder>, otherKeys: readonly string[]): Reminder {
  const next = withoutUndefined({ ...reminder, ...patch });
  const automatic = reminder.key === autoReminderKey(reminder, otherKeys);
  return automatic ? { ...next, key: autoReminderKey(next, otherKeys) } : next;
}

/** Every morning at 08.00 to the cadres who have not sent yet (always, for a theme without periods). */
export function newReminder(period: ThemePeriod, otherKeys: readonly string[]): Reminder {
  const base = { cron: '0 8 * * *', audience: 'kader' as const, when: period === 'none' ? ('always' as const) : ('missing' as const) };
  return { key: autoReminderKey(base, otherKeys), ...base };
}
