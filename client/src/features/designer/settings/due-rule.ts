import { dueAt, formatDate, formatPeriod, parseIsoDuration, wibDate, wibDateTimeLocal } from '../../../lib/wib';
import type { ThemePeriod } from './settings-draft';
import { fill, settingsWords } from './texts';
import { formatTimeOfDay } from './cron-schedule';

export type DuePeriod = Exclude<ThemePeriod, 'none'>;

/** A due rule as the custom editor shows it: counted from the start of the period. */
export interface DueParts {
  months: number;
  days: number;
  hours: number;
  minutes: number;
}

/**
 * Offered per period besides "end of the period" (no `dueAfter`, which the server reads as the
 * period's length): what PKK reporting deadlines usually are.
 */
export const DUE_PRESETS: Record<DuePeriod, string[]> = {
  day: ['P1DT10H', 'P1DT12H', 'P2D'],
  week: ['P7DT10H', 'P9D'],
  month: ['P1M5D', 'P1M10D'],
  quarter: ['P3M10D', 'P4M'],
  year: ['P1Y1M', 'P1Y3M'],
};

// One period of each kind, to show a rule on real dates.
const EXAMPLE_PERIOD: Record<DuePeriod, string> = {
  day: '2026-11-28',
  week: '2026-W48',
  month: '2026-11',
  quarter: '2026-Q4',
  year: '2026',
};

/** `P1Y1M` → 13 months; seconds are dropped (nobody sets a deadline to the second). */
export function duePartsOf(dueAfter: string): DueParts | null {
  const duration = parseIsoDuration(dueAfter);
  if (!duration) return null;
  return {
    months: duration.years * 12 + duration.months,
    days: duration.weeks * 7 + duration.days,
    hours: duration.hours,
    minutes: duration.minutes,
  };
}

/** The ISO 8601 duration of the parts, whole years written as years: 13 months → `P1Y1M`. */
export function dueAfterOf(parts: DueParts): string {
  const whole = (value: number): number => Math.max(0, Math.floor(Number.isFinite(value) ? value : 0));
  const [months, days, hours, minutes] = [whole(parts.months), whole(parts.days), whole(parts.hours), whole(parts.minutes)];
  const date = `${months >= 12 ? `${Math.floor(months / 12)}Y` : ''}${months % 12 ? `${months % 12}M` : ''}${days ? `${days}D` : ''}`;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}`;
  if (date === '' && time === '') return 'P0D';
  return `P${date}${time ? `T${time}` : ''}`;
}

function durationWords(parts: DueParts, language: string): string {
  const units = settingsWords(language).due.unit;
  const counts: [number, string, string][] = [
    [Math.floor(parts.months / 12), units.yearOne, units.yearOther],
    [parts.months % 12, units.monthOne, units.monthOther],
    [parts.days, units.dayOne, units.dayOther],
    [parts.hours, units.hourOne, units.hourOther],
    [parts.minutes, units.minuteOne, units.minuteOther],
  ];
  const words = counts.filter(([count]) => count > 0).map(([count, one, other]) => `${count} ${count === 1 ? one : other}`);
  return words.length > 0 ? words.join(' ') : `0 ${units.dayOther}`;
}

/**
 * A due rule in the words PKK uses: `H+1 jam 10.00 WIB` for a daily theme, `1 bulan 10 hari sesudah
 * awal periode` otherwise, `akhir bulan itu` without a rule.
 */
export function describeDue(dueAfter: string | undefined, period: DuePeriod, language: string): string {
  const words = settingsWords(language).due;
  const parts = dueAfter === undefined ? null : duePartsOf(dueAfter);
  if (!parts) return dueAfter === undefined ? words.end[period] : dueAfter;
  if (period === 'day' && parts.months === 0) {
    const total = parts.days * 1440 + parts.hours * 60 + parts.minutes;
    const days = Math.floor(total / 1440);
    const minutes = total % 1440;
    const time = formatTimeOfDay({ hour: Math.floor(minutes / 60), minute: minutes % 60 }, language);
    if (minutes === 0 && days === 1) return words.end.day;
    if (minutes === 0 && days > 1) return fill(words.dayPlusEnd, { days: days - 1 });
    return days === 0 ? fill(words.sameDayAt, { time }) : fill(words.dayPlusAt, { days, time });
  }
  return fill(words.afterStart, { duration: durationWords(parts, language) });
}

/** The rule on a real period: `November 2026 — sampai akhir Kamis, 10 Desember 2026`. */
export function dueExample(dueAfter: string | undefined, period: DuePeriod, language: string): string {
  const words = settingsWords(language).due;
  const key = EXAMPLE_PERIOD[period];
  const due = dueAt(period, key, dueAfter ?? null);
  if (!due) return '';
  const [, time] = wibDateTimeLocal(due).split('T');
  const deadline =
    time === '00:00'
      ? fill(words.untilEnd, { date: formatDate(wibDate(new Date(due.getTime() - 1)), language) })
      : fill(words.until, {
          date: formatDate(wibDate(due), language),
          time: formatTimeOfDay({ hour: Number(time.slice(0, 2)), minute: Number(time.slice(3)) }, language),
        });
  return fill(words.example, { period: formatPeriod(period, key, language), deadline });
}
