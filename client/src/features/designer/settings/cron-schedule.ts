import { fill, settingsWords } from './texts';

/** A reminder's time of day, WIB. */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** The schedules an admin picks from; every other cron stays as written ("jadwal khusus"). */
export type CronSchedule =
  | ({ kind: 'daily' } & TimeOfDay)
  | ({ kind: 'weekdays' } & TimeOfDay)
  /** days: 0 = Sunday … 6 = Saturday. */
  | ({ kind: 'weekly'; days: number[] } & TimeOfDay)
  | ({ kind: 'monthly'; dates: number[] } & TimeOfDay)
  /** month: 1 = January. */
  | ({ kind: 'yearly'; month: number; dates: number[] } & TimeOfDay);

export type ScheduleKind = CronSchedule['kind'];

const NUMBER = /^[0-9]{1,2}$/;

/** `5,9` → [5, 9] when every entry is a number from `min` to `max`; null otherwise. */
function numberList(field: string, min: number, max: number): number[] | null {
  const entries = field.split(',');
  if (!entries.every((entry) => NUMBER.test(entry))) return null;
  const numbers = entries.map(Number);
  if (!numbers.every((value) => value >= min && value <= max)) return null;
  return [...new Set(numbers)].sort((left, right) => left - right);
}

/** The schedule a five-field cron describes, when it is one of the schedules the editor offers. */
export function presetFromCron(cron: string): CronSchedule | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minuteField, hourField, dateField, monthField, weekdayField] = fields;
  const minute = NUMBER.test(minuteField) ? Number(minuteField) : NaN;
  const hour = NUMBER.test(hourField) ? Number(hourField) : NaN;
  if (!(minute <= 59 && hour <= 23)) return null;
  const time = { hour, minute };
  if (dateField === '*' && monthField === '*') {
    if (weekdayField === '*') return { kind: 'daily', ...time };
    if (weekdayField === '1-5') return { kind: 'weekdays', ...time };
    // 7 is Sunday too in cron.
    const days = numberList(weekdayField, 0, 7)?.map((day) => day % 7);
    return days ? { kind: 'weekly', days: [...new Set(days)].sort((left, right) => left - right), ...time } : null;
  }
  if (weekdayField !== '*') return null;
  const dates = numberList(dateField, 1, 31);
  if (!dates) return null;
  if (monthField === '*') return { kind: 'monthly', dates, ...time };
  const months = numberList(monthField, 1, 12);
  return months?.length === 1 ? { kind: 'yearly', month: months[0], dates, ...time } : null;
}

/** The five-field cron (WIB) of a schedule. */
export function cronFromSchedule(schedule: CronSchedule): string {
  const time = `${schedule.minute} ${schedule.hour}`;
  const list = (numbers: number[]): string => [...new Set(numbers)].sort((left, right) => left - right).join(',');
  switch (schedule.kind) {
    case 'daily':
      return `${time} * * *`;
    case 'weekdays':
      return `${time} * * 1-5`;
    case 'weekly':
      return `${time} * * ${list(schedule.days)}`;
    case 'monthly':
      return `${time} ${list(schedule.dates)} * *`;
    case 'yearly':
      return `${time} ${list(schedule.dates)} ${schedule.month} *`;
  }
}

const localeOf = (language: string): string => (language.startsWith('en') ? 'en-GB' : 'id-ID');

/** `Senin`, `Monday`: 1 November 2026 is a Sunday. */
export function weekdayName(day: number, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 10, 1 + day));
}

/** `Desember`, `December`. */
export function monthName(month: number, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, month - 1, 1));
}

/** `08.00 WIB` / `08:00 WIB`. */
export function formatTimeOfDay(time: TimeOfDay, language: string): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return fill(settingsWords(language).cron.time, { hours: pad(time.hour), minutes: pad(time.minute) });
}

/** `5 dan 9`, `5th and 9th`. */
function joinWords(words: string[], language: string): string {
  const and = settingsWords(language).cron.and;
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} ${and} ${words[words.length - 1]}`;
}

function dateWord(date: number, language: string): string {
  if (!language.startsWith('en')) return String(date);
  const suffix = { one: 'st', two: 'nd', few: 'rd', other: 'th' } as Record<string, string>;
  return `${date}${suffix[new Intl.PluralRules('en', { type: 'ordinal' }).select(date)] ?? 'th'}`;
}

/** A schedule in plain words: `Tanggal 5 setiap bulan jam 08.00 WIB`. */
function describeSchedule(schedule: CronSchedule, language: string): string {
  const words = settingsWords(language).cron;
  const time = formatTimeOfDay(schedule, language);
  switch (schedule.kind) {
    case 'daily':
      return fill(words.daily, { time });
    case 'weekdays':
      return fill(words.weekdays, { time });
    case 'weekly':
      return fill(words.weekly, { time, days: joinWords(schedule.days.map((day) => weekdayName(day, language)), language) });
    case 'monthly':
      return fill(words.monthly, { time, dates: joinWords(schedule.dates.map((date) => dateWord(date, language)), language) });
    case 'yearly':
      return fill(words.yearly, {
        time,
        month: monthName(schedule.month, language),
        dates: joinWords(schedule.dates.map((date) => dateWord(date, language)), language),
      });
  }
}

/** A cron in plain words; one the editor does not offer is shown as written, as a custom schedule. */
export function describeCron(cron: string, language: string): string {
  const schedule = presetFromCron(cron);
  return schedule ? describeSchedule(schedule, language) : fill(settingsWords(language).cron.custom, { cron: cron.trim() });
}
