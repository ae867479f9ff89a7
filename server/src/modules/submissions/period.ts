import type { ThemePeriod } from '../../../../schemas/theme-definition';

/** Asia/Jakarta has been UTC+7 without daylight saving since 1964, so a fixed offset is exact. */
const WIB_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The key of a `none` theme's only period. */
export const ALL_PERIODS = 'all';

const PATTERNS: Record<ThemePeriod, RegExp> = {
  day: /^(\d{4})-(\d{2})-(\d{2})$/,
  week: /^(\d{4})-W(\d{2})$/,
  month: /^(\d{4})-(\d{2})$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  year: /^(\d{4})$/,
  none: /^all$/,
};

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Calendar fields of the WIB wall clock at `instant`, read from a shifted UTC date. */
function wib(instant: Date): Date {
  return new Date(instant.getTime() + WIB_OFFSET_MS);
}

/** ISO 8601 week-year and week of a (shifted) date: weeks start on Monday; W01 holds the year's first Thursday. */
function isoWeek(date: Date): { year: number; week: number } {
  const weekday = date.getUTCDay() || 7; // Monday 1 … Sunday 7
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 4 - weekday);
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.ceil(((thursday - Date.UTC(year, 0, 1)) / DAY_MS + 1) / 7);
  return { year, week };
}

/** The period (in WIB) that contains `instant`. */
export function periodKeyAt(period: ThemePeriod, instant: Date): string {
  const d = wib(instant);
  const year = d.getUTCFullYear();
  switch (period) {
    case 'day':
      return `${year}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    case 'week': {
      const w = isoWeek(d);
      return `${w.year}-W${pad(w.week)}`;
    }
    case 'month':
      return `${year}-${pad(d.getUTCMonth() + 1)}`;
    case 'quarter':
      return `${year}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
    case 'year':
      return String(year);
    case 'none':
      return ALL_PERIODS;
  }
}

/** The instant a period starts (00:00 WIB of its first day), or null for a malformed key. */
export function periodStart(period: ThemePeriod, key: string): Date | null {
  const match = PATTERNS[period].exec(key);
  if (!match) return null;
  const [, a, b, c] = match;
  const year = Number(a);
  let utc: number;
  switch (period) {
    case 'day':
      utc = Date.UTC(year, Number(b) - 1, Number(c));
      if (new Date(utc).getUTCDate() !== Number(c) || Number(b) < 1 || Number(b) > 12) return null;
      break;
    case 'week': {
      const week = Number(b);
      const jan4 = new Date(Date.UTC(year, 0, 4));
      const monday = Date.UTC(year, 0, 4 - ((jan4.getUTCDay() + 6) % 7));
      utc = monday + (week - 1) * 7 * DAY_MS;
      if (week < 1 || isoWeek(new Date(utc)).year !== year) return null;
      break;
    }
    case 'month':
      if (Number(b) < 1 || Number(b) > 12) return null;
      utc = Date.UTC(year, Number(b) - 1, 1);
      break;
    case 'quarter':
      utc = Date.UTC(year, (Number(b) - 1) * 3, 1);
      break;
    case 'year':
      utc = Date.UTC(year, 0, 1);
      break;
    case 'none':
      return new Date(0);
  }
  return new Date(utc - WIB_OFFSET_MS);
}

export function isValidPeriodKey(period: ThemePeriod, key: string): boolean {
  return periodStart(period, key) !== null;
}

/**
 * Adds an ISO 8601 duration (`P1DT10H`, `P1M`) to an instant on the WIB calendar, so `P1D` from a
 * period start is the next WIB midnight.
 */
export function addDuration(start: Date, duration: string): Date | null {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) return null;
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((v) => Number(v ?? 0));
  const d = wib(start);
  const shifted = Date.UTC(
    d.getUTCFullYear() + years,
    d.getUTCMonth() + months,
    d.getUTCDate() + weeks * 7 + days,
    d.getUTCHours() + hours,
    d.getUTCMinutes() + minutes,
    d.getUTCSeconds() + seconds,
  );
  return new Date(shifted - WIB_OFFSET_MS);
}

/**
 * When a submission counts as filled, from the device's `filledAt`: trusted only from the start of the
 * period it reports on and never later than the server received it (`receivedAt`); null when absent
 * or before the period began (it then counts from when it arrived). A report is often filled after
 * its period ends (yesterday's daily report at 08:00, before its 10:00 deadline), so that is believed.
 */
export function trustedFilledAt(period: ThemePeriod, periodKey: string, filledAt: string | undefined, receivedAt: Date): Date | null {
  if (filledAt === undefined) return null;
  const filled = new Date(filledAt);
  if (Number.isNaN(filled.getTime())) return null;
  const start = period === 'none' ? null : periodStart(period, periodKey);
  if (start && filled.getTime() < start.getTime()) return null;
  return filled.getTime() > receivedAt.getTime() ? receivedAt : filled;
}
